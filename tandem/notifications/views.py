from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.notifications.forms import PreferenceForm
from tandem.notifications.services import reminders_enabled, set_reminders_enabled


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"reminders_enabled": reminders_enabled(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        set_reminders_enabled(user=request.user, enabled=form.cleaned_data["reminders_enabled"])
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
