import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts.forms import EraseAccountForm, ProfileForm
from tandem.accounts.services import ErasureRefused, erase_account, export_personal_data, update_profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = update_profile(user=request.user, data=form.cleaned_data)
        translation.activate(user.preferred_language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.preferred_language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    data = export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"tandem-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            erase_account(user=request.user)
        except ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            logout(request)
            messages.success(request, _("Your account and your data have been erased."))
            return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})
