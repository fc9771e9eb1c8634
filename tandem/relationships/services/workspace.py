"""Writes of the pair workspace: agreement, confidentiality, goals, meetings, concerns, certification."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.notifications.services import Attachment, notify
from tandem.relationships.calendar import meeting_ics
from tandem.relationships.models import (
    Agreement,
    AgreementSignature,
    Concern,
    ConfidentialitySignature,
    Goal,
    GoalChange,
    Meeting,
    Relationship,
)
from tandem.relationships.selectors import workspace_settings_for
from tandem.relationships.services._common import (
    AGREEMENT_FIELDS,
    GOAL_FIELDS,
    _activate_if_ready,
    _coordinators,
    _notify_partner,
    _require_open,
    _require_participant,
    check_typed_name,
    workspace_url,
)

# --- Agreement and confidentiality ------------------------------------------------------------------------


@transaction.atomic
def save_agreement(*, relationship: Relationship, by: User, fields: dict[str, Any]) -> Agreement:
    """Create or change the pair's agreement. A change after any signature raises the version, so both sign again.

    Side effects: the relationship's "signed by both" date is cleared on a change; the partner is emailed
    (template agreement_to_sign).
    """
    _require_participant(relationship, by)
    _require_open(relationship)
    agreement = Agreement.objects.select_for_update().filter(relationship=relationship).first()
    if agreement is None:
        agreement = Agreement(relationship=relationship, **fields)
        agreement.full_clean()
        agreement.save()
    else:
        changed = any(getattr(agreement, name) != fields[name] for name in AGREEMENT_FIELDS if name in fields)
        if not changed:
            return agreement
        for name, value in fields.items():
            setattr(agreement, name, value)
        if agreement.signatures.exists():
            agreement.version += 1
        agreement.full_clean()
        agreement.save()
    relationship.agreement_signed_at = None
    relationship.save(update_fields=["agreement_signed_at", "updated_at"])
    _notify_partner(relationship, by, "agreement_to_sign")
    return agreement


@transaction.atomic
def sign_agreement(*, relationship: Relationship, by: User, typed_name: str) -> AgreementSignature:
    """Sign the current version of the agreement with one's typed full name.

    Side effects: when both signed this version, records the date on the relationship and, if the
    confidentiality commitment is signed too, makes the relationship active. Emails the partner
    (agreement_signed).
    """
    _require_participant(relationship, by)
    _require_open(relationship)
    typed = check_typed_name(by, typed_name)
    agreement = Agreement.objects.select_for_update().filter(relationship=relationship).first()
    if agreement is None:
        raise ValidationError(_("Write the agreement before signing it."))
    signature, created = AgreementSignature.objects.get_or_create(
        agreement=agreement, user=by, version=agreement.version, defaults={"typed_name": typed}
    )
    if not created:
        return signature
    signers = set(agreement.signatures.filter(version=agreement.version).values_list("user_id", flat=True))
    if {relationship.mentor.user_id, relationship.mentee.user_id} <= signers:
        relationship.agreement_signed_at = timezone.now()
        # The signed agreement is where the pair sets its planned end; an extension moves it later.
        relationship.planned_end = agreement.planned_end
        _activate_if_ready(relationship)
        relationship.save()
    _notify_partner(relationship, by, "agreement_signed")
    return signature


@transaction.atomic
def sign_confidentiality(
    *, relationship: Relationship, by: User, typed_name: str, language: str
) -> ConfidentialitySignature:
    """Sign the program's confidentiality commitment, as shown in `language`; the text signed is kept.

    Side effects: when both signed the current text version, records the date on the relationship and
    activates it if the agreement is signed too. Emails the partner (confidentiality_signed).
    """
    _require_participant(relationship, by)
    _require_open(relationship)
    typed = check_typed_name(by, typed_name)
    settings_ = workspace_settings_for(relationship.cycle.program)
    language = "fr" if language == "fr" else "en"
    earlier = relationship.confidentiality_signatures.filter(user=by).first()
    if earlier is not None:
        return earlier
    signature = ConfidentialitySignature(
        relationship=relationship,
        user=by,
        text_version=settings_.confidentiality_version,
        typed_name=typed,
        language=language,
        text=getattr(settings_, f"confidentiality_text_{language}"),
    )
    signature.full_clean()
    signature.save()
    signers = set(relationship.confidentiality_signatures.values_list("user_id", flat=True))
    if {relationship.mentor.user_id, relationship.mentee.user_id} <= signers:
        relationship.confidentiality_signed_at = timezone.now()
        _activate_if_ready(relationship)
        relationship.save()
    _notify_partner(relationship, by, "confidentiality_signed")
    return signature


# --- Goals --------------------------------------------------------------------------------------------------


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def create_goal(*, relationship: Relationship, by: User, fields: dict[str, Any]) -> Goal:
    """Add a SMART goal to the worksheet. Side effects: a first history row ("created"). No email."""
    _require_participant(relationship, by)
    _require_open(relationship)
    goal = Goal(relationship=relationship, created_by=by, **fields)
    goal.full_clean()
    goal.save()
    GoalChange.objects.create(
        goal=goal, changed_by=by, changes={name: ["", _display(getattr(goal, name))] for name in GOAL_FIELDS}
    )
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, by: User, fields: dict[str, Any]) -> Goal:
    """Change a goal; every changed field is recorded with its value before and after. No email."""
    _require_participant(goal.relationship, by)
    _require_open(goal.relationship)
    before = {name: _display(getattr(goal, name)) for name in GOAL_FIELDS}
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    after = {name: _display(getattr(goal, name)) for name in GOAL_FIELDS}
    changes = {name: [before[name], after[name]] for name in GOAL_FIELDS if before[name] != after[name]}
    if changes:
        goal.save()
        GoalChange.objects.create(goal=goal, changed_by=by, changes=changes)
    return goal


# --- Meetings -----------------------------------------------------------------------------------------------


@transaction.atomic
def plan_meeting(
    *,
    relationship: Relationship,
    by: User,
    starts_at: datetime.datetime,
    minutes: int,
    meeting_format: str,
    location: str = "",
) -> Meeting:
    """Plan a meeting. Side effects: emails both participants an invitation with the .ics file attached."""
    _require_participant(relationship, by)
    _require_open(relationship)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a date and time in the future.")})
    meeting = Meeting(
        relationship=relationship,
        status=Meeting.Status.PLANNED,
        planned_start=starts_at,
        planned_minutes=minutes,
        meeting_format=meeting_format,
        location=location,
        planned_by=by,
    )
    meeting.full_clean()
    meeting.save()
    for person in relationship.participants():
        with translation.override(person.preferred_language):
            url = workspace_url(relationship, "relationships:meetings")
            ics = meeting_ics(meeting, workspace_url=f"{settings.SITE_URL.rstrip('/')}{url}")
        notify(
            user=person,
            template="meeting_invitation",
            context={"relationship": relationship, "meeting": meeting, "by": by},
            attachments=[Attachment("meeting.ics", ics, "text/calendar; method=REQUEST")],
        )
    return meeting


@transaction.atomic
def log_meeting(
    *,
    relationship: Relationship,
    by: User,
    held_on: datetime.date,
    minutes: int,
    meeting_format: str,
    private_notes: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Record a meeting that took place (a planned one, or a new row). It counts once the partner confirms.

    Side effects: emails the partner to confirm (meeting_to_confirm).
    """
    _require_participant(relationship, by)
    today = timezone.localdate()
    if held_on > today:
        raise ValidationError({"held_on": _("A meeting can only be logged once it took place.")})
    if held_on < relationship.started_on - datetime.timedelta(days=90):
        raise ValidationError({"held_on": _("This date is before the relationship started.")})
    if relationship.ended_on and held_on > relationship.ended_on:
        raise ValidationError({"held_on": _("This date is after the relationship ended.")})
    if meeting is None:
        meeting = Meeting(relationship=relationship)
    elif meeting.relationship_id != relationship.pk or meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be logged as held."))
    meeting.status = Meeting.Status.LOGGED
    meeting.held_on = held_on
    meeting.held_minutes = minutes
    meeting.meeting_format = meeting_format
    meeting.private_notes = private_notes
    meeting.logged_by = by
    meeting.full_clean()
    meeting.save()
    _notify_partner(relationship, by, "meeting_to_confirm", meeting=meeting)
    return meeting


@transaction.atomic
def confirm_meeting(*, meeting: Meeting, by: User) -> Meeting:
    """The other participant confirms a logged meeting; from now on its hours count. No email."""
    relationship = meeting.relationship
    _require_participant(relationship, by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.LOGGED:
        raise ValidationError(_("Only a meeting logged as held and not yet confirmed can be confirmed."))
    if meeting.logged_by_id == by.pk:
        raise ValidationError(_("The other participant confirms the meeting you logged."))
    meeting.status = Meeting.Status.CONFIRMED
    meeting.confirmed_by = by
    meeting.confirmed_at = timezone.now()
    meeting.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User) -> Meeting:
    """Cancel a planned meeting. Side effects: emails the partner (meeting_cancelled)."""
    relationship = meeting.relationship
    _require_participant(relationship, by)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    _notify_partner(relationship, by, "meeting_cancelled", meeting=meeting)
    return meeting


# --- Concerns, certification ------------------------------------------------------------------------------


@transaction.atomic
def raise_concern(*, relationship: Relationship, by: User, message: str) -> Concern:
    """Tell the program's coordinators about a concern; the partner is not told.

    Side effects: emails each coordinator that a concern was raised (concern_raised), without its text.
    """
    _require_participant(relationship, by)
    concern = Concern(relationship=relationship, raised_by=by, message=message.strip())
    concern.full_clean()
    concern.save()
    for coordinator in _coordinators(relationship):
        notify(user=coordinator, template="concern_raised", context={"relationship": relationship})
    return concern


def set_certified(*, relationship: Relationship, by: User, certified: bool) -> Relationship:
    """Record the participant's own statement that they are a certified member (for credits). No email."""
    role = _require_participant(relationship, by)
    setattr(relationship, f"{role}_certified", certified)
    relationship.save(update_fields=[f"{role}_certified", "updated_at"])
    return relationship
