"""The pair's own pages. Every view starts with `get_relationship_for_participant`: 404 for anyone else."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.evaluations.selectors import pending_checkins
from tandem.relationships import services
from tandem.relationships.calendar import ICS_CONTENT_TYPE, meeting_ics
from tandem.relationships.forms import (
    AgreementForm,
    CertifiedForm,
    ConcernForm,
    EarlyEndForm,
    ExtensionForm,
    GoalForm,
    LogMeetingForm,
    PlanMeetingForm,
    PlannedEndForm,
    ReflectionForm,
    SignatureForm,
)
from tandem.relationships.models import ClosingReflection, Meeting, Relationship
from tandem.relationships.selectors import (
    agreement_state,
    confidentiality_signatures,
    credit_statement,
    get_goal,
    get_meeting,
    get_relationship_for_participant,
    goal_history,
    goals_of,
    meetings_of,
    monthly_minutes,
    relationships_of,
    workspace_settings_for,
)


def _context(request: HttpRequest, relationship: Relationship, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "relationship": relationship,
        "program": relationship.cycle.program,
        "my_role": relationship.role_of(request.user),
        "partner": relationship.partner_of(request.user),
        "section": section,
        **extra,
    }


def _apply(form: Form, action: Callable[[], object]) -> bool:
    """Run a service; its validation errors land on the form (field errors when the field exists)."""
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return False
    return True


@login_required
def my_relationships(request: HttpRequest) -> HttpResponse:
    return render(request, "relationships/mine.html", {"relationships": list(relationships_of(request.user))})


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    state = agreement_state(relationship, request.user)
    signatures = {s.user_id for s in confidentiality_signatures(relationship)}
    meetings = list(meetings_of(relationship))
    context = _context(
        request,
        relationship,
        "home",
        agreement=state,
        confidentiality_signed_by_me=request.user.pk in signatures,
        confidentiality_signed_by_partner=relationship.partner_of(request.user).pk in signatures,
        goal_count=goals_of(relationship).count(),
        next_meetings=[m for m in meetings if m.status == Meeting.Status.PLANNED],
        to_confirm=[
            m for m in meetings if m.status == Meeting.Status.LOGGED and m.logged_by_id != request.user.pk
        ],
        months=monthly_minutes(relationship)[-3:],
        pending_checkins=pending_checkins(relationship, request.user),
    )
    return render(request, "relationships/home.html", context)


# --- Agreement and confidentiality ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    state = agreement_state(relationship, request.user)
    form = SignatureForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.sign_agreement(
                relationship=relationship, by=request.user, typed_name=form.cleaned_data["typed_name"]
            ),
        )
    ):
        messages.success(request, _("You signed the agreement."))
        return redirect("relationships:agreement", pk=pk)
    settings_ = workspace_settings_for(relationship.cycle.program)
    signatures = []
    if state.agreement is not None:
        signatures = [s for s in state.agreement.signatures.all() if s.version == state.agreement.version]
    context = _context(
        request, relationship, "agreement", state=state, form=form, settings=settings_, signatures=signatures
    )
    return render(request, "relationships/agreement.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    state = agreement_state(relationship, request.user)
    initial = {"starts_on": relationship.started_on, "planned_end": relationship.planned_end}
    form = AgreementForm(
        request.POST if request.method == "POST" else None, instance=state.agreement, initial=initial
    )
    if not relationship.is_open:
        messages.info(request, _("This relationship has ended: its workspace can be read but not changed."))
        return redirect("relationships:agreement", pk=pk)
    if request.method == "POST" and form.is_valid():
        fields = form.agreement_fields()
        if _apply(
            form, lambda: services.save_agreement(relationship=relationship, by=request.user, fields=fields)
        ):
            messages.success(request, _("The agreement is saved. Both of you now sign it."))
            return redirect("relationships:agreement", pk=pk)
    settings_ = workspace_settings_for(relationship.cycle.program)
    context = _context(request, relationship, "agreement", form=form, state=state, settings=settings_)
    return render(request, "relationships/agreement_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def confidentiality(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    form = SignatureForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.sign_confidentiality(
                relationship=relationship,
                by=request.user,
                typed_name=form.cleaned_data["typed_name"],
                language=(get_language() or "en")[:2],
            ),
        )
    ):
        messages.success(request, _("You signed the confidentiality commitment."))
        return redirect("relationships:confidentiality", pk=pk)
    signatures = confidentiality_signatures(relationship)
    context = _context(
        request,
        relationship,
        "confidentiality",
        form=form,
        settings=workspace_settings_for(relationship.cycle.program),
        signatures=signatures,
        signed_by_me=any(s.user_id == request.user.pk for s in signatures),
    )
    return render(request, "relationships/confidentiality.html", context)


# --- Goals --------------------------------------------------------------------------------------------------


@login_required
def goals(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    context = _context(request, relationship, "goals", goals=list(goals_of(relationship)))
    return render(request, "relationships/goals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    form = GoalForm(request.POST if request.method == "POST" else None, program=relationship.cycle.program)
    if request.method == "POST" and form.is_valid():
        fields = form.goal_fields()
        if _apply(
            form, lambda: services.create_goal(relationship=relationship, by=request.user, fields=fields)
        ):
            messages.success(request, _("The goal is added to your worksheet."))
            return redirect("relationships:goals", pk=pk)
    context = _context(request, relationship, "goals", form=form, goal=None)
    return render(request, "relationships/goal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    goal = get_goal(relationship, goal_id)
    form = GoalForm(
        request.POST if request.method == "POST" else None, instance=goal, program=relationship.cycle.program
    )
    if request.method == "POST" and form.is_valid():
        fields = form.goal_fields()
        saved = get_goal(relationship, goal_id)
        if _apply(form, lambda: services.update_goal(goal=saved, by=request.user, fields=fields)):
            messages.success(request, _("The goal is updated."))
            return redirect("relationships:goals", pk=pk)
    context = _context(
        request,
        relationship,
        "goals",
        form=form,
        goal=goal,
        history=goal_history(get_goal(relationship, goal_id)),
    )
    return render(request, "relationships/goal_form.html", context)


# --- Meetings -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    form = PlanMeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.plan_meeting(
                relationship=relationship,
                by=request.user,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                meeting_format=data["meeting_format"],
                location=data["location"],
            ),
        ):
            messages.success(request, _("The meeting is planned. You both received an invitation by email."))
            return redirect("relationships:meetings", pk=pk)
    all_meetings = list(meetings_of(relationship))
    confirmed_minutes = sum(m.held_minutes or 0 for m in all_meetings if m.status == Meeting.Status.CONFIRMED)
    context = _context(
        request,
        relationship,
        "meetings",
        form=form,
        planned=[m for m in all_meetings if m.status == Meeting.Status.PLANNED],
        held=[m for m in all_meetings if m.status in (Meeting.Status.LOGGED, Meeting.Status.CONFIRMED)],
        months=monthly_minutes(relationship),
        confirmed_hours=round(confirmed_minutes / 60, 2),
    )
    return render(request, "relationships/meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_log(request: HttpRequest, pk: int, meeting_id: int | None = None) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    meeting = get_meeting(relationship, meeting_id) if meeting_id else None
    initial: dict[str, Any] = {}
    if meeting is not None:
        start = timezone.localtime(meeting.planned_start) if meeting.planned_start else None
        initial = {
            "held_on": start.date() if start else None,
            "minutes": meeting.planned_minutes,
            "meeting_format": meeting.meeting_format,
        }
    form = LogMeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.log_meeting(
                relationship=relationship,
                by=request.user,
                meeting=meeting,
                held_on=data["held_on"],
                minutes=data["minutes"],
                meeting_format=data["meeting_format"],
                private_notes=data["private_notes"],
            ),
        ):
            messages.success(
                request, _("The meeting is logged. It counts once the other participant confirms it.")
            )
            return redirect("relationships:meetings", pk=pk)
    context = _context(request, relationship, "meetings", form=form, meeting=meeting)
    return render(request, "relationships/meeting_log.html", context)


def _meeting_action(request: HttpRequest, pk: int, meeting_id: int, action: str) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    meeting = get_meeting(relationship, meeting_id)
    try:
        if action == "confirm":
            services.confirm_meeting(meeting=meeting, by=request.user)
            messages.success(request, _("The meeting is confirmed: its hours count."))
        else:
            services.cancel_meeting(meeting=meeting, by=request.user)
            messages.success(request, _("The meeting is cancelled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("relationships:meetings", pk=pk)


@login_required
@require_POST
def meeting_confirm(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_action(request, pk, meeting_id, "confirm")


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_action(request, pk, meeting_id, "cancel")


@login_required
def meeting_ics_download(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    meeting = get_meeting(relationship, meeting_id)
    if meeting.planned_start is None or meeting.status == Meeting.Status.CANCELLED:
        raise Http404
    url = request.build_absolute_uri(services.workspace_url(relationship, "relationships:meetings"))
    response = HttpResponse(meeting_ics(meeting, workspace_url=url), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


# --- Concern and credits -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def concern(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.raise_concern(
                relationship=relationship, by=request.user, message=form.cleaned_data["message"]
            ),
        )
    ):
        messages.success(request, _("Your message was sent to the program's coordinators, and only to them."))
        return redirect("relationships:home", pk=pk)
    return render(
        request, "relationships/concern.html", _context(request, relationship, "concern", form=form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def credits(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_relationship_for_participant(request.user, pk)
    role = relationship.role_of(request.user)
    form = CertifiedForm(
        request.POST if request.method == "POST" else None,
        initial={"certified": getattr(relationship, f"{role}_certified")},
    )
    if request.method == "POST" and form.is_valid():
        services.set_certified(
            relationship=relationship, by=request.user, certified=form.cleaned_data["certified"]
        )
        messages.success(request, _("Your statement is updated."))
        return redirect("relationships:credits", pk=pk)
    statement = credit_statement(relationship, request.user)
    context = _context(request, relationship, "credits", statement=statement, form=form)
    return render(request, "relationships/credits.html", context)


# --- Closure ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def closure(request: HttpRequest, pk: int) -> HttpResponse:
    """One page for the end of the pairing; the submit button's `action` says which form was sent."""
    relationship = get_relationship_for_participant(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms_ = {
        "planned": PlannedEndForm(request.POST if action == "planned" else None, prefix="planned"),
        "early": EarlyEndForm(request.POST if action == "early" else None, prefix="early"),
        "extend": ExtensionForm(
            request.POST if action == "extend" else None, prefix="extend", relationship=relationship
        ),
        "reflection": ReflectionForm(request.POST if action == "reflection" else None, prefix="reflection"),
    }
    simple_actions: dict[str, Callable[[], object]] = {
        "accept_extension": lambda: services.accept_extension(relationship=relationship, by=request.user),
        "decline_extension": lambda: services.decline_extension(relationship=relationship, by=request.user),
        "continue": lambda: services.ask_to_continue(relationship=relationship, by=request.user, wish=True),
        "no_continue": lambda: services.ask_to_continue(
            relationship=relationship, by=request.user, wish=False
        ),
        "rematch": lambda: services.request_rematch(relationship=relationship, by=request.user),
    }
    if action in simple_actions:
        try:
            simple_actions[action]()
            messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("relationships:closure", pk=pk)
    if action in forms_ and forms_[action].is_valid():
        form = forms_[action]
        data = form.cleaned_data
        runs: dict[str, Callable[[], object]] = {
            "planned": lambda: services.end_as_planned(
                relationship=relationship, by=request.user, reflection=data["reflection"]
            ),
            "early": lambda: services.end_early(
                relationship=relationship,
                by=request.user,
                reason=data["reason"],
                reflection=data["reflection"],
                wants_rematch=data["wants_rematch"],
            ),
            "extend": lambda: services.propose_extension(
                relationship=relationship, by=request.user, new_end=data["new_end"]
            ),
            "reflection": lambda: services.add_reflection(
                relationship=relationship, by=request.user, text=data["reflection"]
            ),
        }
        if _apply(form, runs[action]):
            messages.success(request, _("Saved."))
            return redirect("relationships:closure", pk=pk)
    reflections = list(
        ClosingReflection.objects.filter(relationship=relationship)
        .select_related("author")
        .order_by("written_at")
    )
    role = relationship.role_of(request.user)
    context = _context(
        request,
        relationship,
        "closure",
        forms=forms_,
        action=action,
        reflections=reflections,
        my_reflection=next((r for r in reflections if r.author_id == request.user.pk), None),
        i_asked_to_continue=getattr(relationship, f"{role}_asks_to_continue"),
        i_want_rematch=getattr(relationship, f"{role}_wants_rematch"),
        extension_is_mine=relationship.extension_proposed_by_id == request.user.pk,
    )
    return render(request, "relationships/closure.html", context)
