"""A participant's own pages: open cycles, self-assessment, registration, and their journey."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.applications.forms import ApplicationForm, RegistrationForm, SelfAssessmentForm
from tandem.applications.models import Application, Role
from tandem.applications.selectors import (
    OpenCycle,
    applied_roles,
    get_own_application,
    get_own_self_assessment,
    get_participant_cycle,
    get_self_assessment_questionnaire,
    journey_for,
    open_cycles_for,
    own_self_assessment,
    registration_questionnaires,
)
from tandem.applications.services import (
    save_self_assessment,
    submit_applications,
    update_application,
    withdraw_application,
)
from tandem.programs.models import Cycle


def _recruitment_closed(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    return render(request, "applications/recruitment_closed.html", {"cycle": cycle})


@login_required
def journey(request: HttpRequest) -> HttpResponse:
    # The matching app builds on this one: the page composes both.
    from tandem.matching.selectors import matching_progress_for

    journeys = journey_for(request.user, matching=matching_progress_for(request.user))
    return render(request, "applications/journey.html", {"journeys": journeys})


@login_required
def open_cycles(request: HttpRequest) -> HttpResponse:
    page = Paginator(open_cycles_for(request.user), settings.TANDEM_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = [OpenCycle.of(cycle) for cycle in page]
    return render(request, "applications/open_cycles.html", {"page": page, "entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def self_assess(request: HttpRequest, cycle_id: int, role: str) -> HttpResponse:
    cycle = get_participant_cycle(request.user, cycle_id)
    questionnaire = get_self_assessment_questionnaire(cycle.program, role)
    if not cycle.is_recruiting_on(timezone.localdate()):
        return _recruitment_closed(request, cycle)
    previous = own_self_assessment(request.user, cycle, role)
    form = SelfAssessmentForm(
        request.POST or None, questionnaire=questionnaire, answers=previous.answers if previous else None
    )
    if request.method == "POST" and form.is_valid():
        save_self_assessment(
            user=request.user, cycle=cycle, questionnaire=questionnaire, answers=form.answers()
        )
        return redirect("applications:self_assessment_result", cycle_id=cycle.pk, role=role)
    context = {"form": form, "cycle": cycle, "questionnaire": questionnaire, "role": Role(role)}
    return render(request, "applications/self_assessment_form.html", context)


@login_required
def self_assessment_result(request: HttpRequest, cycle_id: int, role: str) -> HttpResponse:
    cycle = get_participant_cycle(request.user, cycle_id)
    self_assessment = get_own_self_assessment(request.user, cycle, role)
    recruiting = cycle.is_recruiting_on(timezone.localdate())
    context = {
        "cycle": cycle,
        "self_assessment": self_assessment,
        "recruiting": recruiting,
        "can_apply": recruiting and role not in applied_roles(request.user, cycle),
    }
    return render(request, "applications/self_assessment_result.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_participant_cycle(request.user, cycle_id)
    if not cycle.is_recruiting_on(timezone.localdate()):
        return _recruitment_closed(request, cycle)
    applied = applied_roles(request.user, cycle)
    available_roles = [role for role in Role.values if role not in applied]
    if not available_roles:
        messages.info(request, _("You have already applied to this cycle as a mentor and as a mentee."))
        return redirect("applications:journey")
    form = RegistrationForm(
        request.POST or None,
        instance=Application(cycle=cycle, user=request.user),
        cycle=cycle,
        user=request.user,
        questionnaires=registration_questionnaires(cycle.program),
        available_roles=available_roles,
    )
    if request.method == "POST" and form.is_valid():
        roles = form.cleaned_data["roles"]
        try:
            submit_applications(
                user=request.user,
                cycle=cycle,
                roles=roles,
                fields=form.application_fields(),
                topics=form.cleaned_data["topics"],
                extra_answers={role: form.extra_answers(role) for role in roles},
                profile_visible=form.cleaned_data["profile_visible"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Your application is submitted. We sent you an acknowledgement by email.")
            )
            return redirect("applications:journey")
    return render(request, "applications/application_form.html", {"form": form, "cycle": cycle})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_own_application(request.user, pk)
    if not application.is_editable:
        return render(request, "applications/application_locked.html", {"application": application})
    form = ApplicationForm(
        request.POST or None,
        instance=application,
        cycle=application.cycle,
        user=request.user,
        questionnaires=registration_questionnaires(application.cycle.program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_application(
                application=application,
                fields=form.application_fields(),
                topics=form.cleaned_data["topics"],
                extra_answers=form.extra_answers(application.role),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your application is updated."))
            return redirect("applications:journey")
    context = {"form": form, "cycle": application.cycle, "application": application}
    return render(request, "applications/application_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_own_application(request.user, pk)
    if not application.is_withdrawable:
        return render(request, "applications/application_locked.html", {"application": application})
    if request.method == "POST":
        try:
            withdraw_application(application=application, by=request.user)
        except ValidationError as error:
            # A coordinator's decision or the cycle's start got there first.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("applications:journey")
    return render(request, "applications/withdraw_confirm.html", {"application": application})
