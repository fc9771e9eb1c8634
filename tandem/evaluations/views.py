"""Check-ins and the mid-point review, answered by each participant in the pair workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.evaluations.forms import CheckInForm
from tandem.evaluations.models import CheckIn
from tandem.evaluations.selectors import my_checkins, pending_checkins
from tandem.evaluations.services import answer_checkin
from tandem.relationships.selectors import get_relationship_for_participant


def _base(request: HttpRequest, pk: int) -> dict[str, object]:
    relationship = get_relationship_for_participant(request.user, pk)
    return {
        "relationship": relationship,
        "program": relationship.cycle.program,
        "my_role": relationship.role_of(request.user),
        "partner": relationship.partner_of(request.user),
        "section": "checkins",
    }


@login_required
def checkins(request: HttpRequest, pk: int) -> HttpResponse:
    context = _base(request, pk)
    relationship = context["relationship"]
    context["pending"] = pending_checkins(relationship, request.user)
    context["answers"] = my_checkins(relationship, request.user)
    return render(request, "evaluations/checkins.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int, kind: str, period: int) -> HttpResponse:
    context = _base(request, pk)
    relationship = context["relationship"]
    due = next(
        (d for d in pending_checkins(relationship, request.user) if d.kind == kind and d.period == period),
        None,
    )
    if due is None:
        if CheckIn.objects.filter(
            relationship=relationship, author=request.user, kind=kind, period=period
        ).exists():
            messages.info(request, _("You already answered this check-in. Thank you."))
            return redirect("evaluations:checkins", pk=pk)
        raise Http404
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_checkin(
                relationship=relationship, by=request.user, kind=kind, period=period, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("evaluations:checkins", pk=pk)
    context.update(form=form, due=due, is_midpoint=kind == CheckIn.Kind.MIDPOINT)
    return render(request, "evaluations/answer.html", context)
