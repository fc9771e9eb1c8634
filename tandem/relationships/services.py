"""Every write of the pair workspace. Callers pass a relationship obtained through the selectors.

Each service re-checks that `by` is the mentor or the mentee (a second lock on the privacy rule) and lists
its emails in its docstring. Emails go through `notify`, whose outbox row is part of the same transaction.
"""

import datetime
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.notifications.services import Attachment, notify, reminders_enabled
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.relationships.calendar import meeting_ics
from tandem.relationships.models import (
    Agreement,
    AgreementSignature,
    CapabilityDomain,
    ClosingReflection,
    Concern,
    ConfidentialitySignature,
    Goal,
    GoalChange,
    Meeting,
    NextCycleInvitation,
    ProgramWorkspaceSettings,
    Relationship,
    ReminderSent,
)
from tandem.relationships.selectors import workspace_settings_for

AGREEMENT_FIELDS = (
    "meeting_frequency",
    "usual_length_minutes",
    "meeting_format",
    "cancellation_policy",
    "other_rules",
    "starts_on",
    "planned_end",
)
GOAL_FIELDS = (
    "specific",
    "measurable",
    "achievable",
    "relevant",
    "target_date",
    "status",
    "progress_notes",
    "capability",
)
# A planned end may be recorded from this many days before the planned date; before that it is an early end.
PLANNED_END_WINDOW_DAYS = 31


def _require_participant(relationship: Relationship, user: User) -> str:
    role = relationship.role_of(user)
    if role is None:
        raise ValidationError(_("Only the mentor and the mentee of this relationship can do this."))
    return role


def _require_open(relationship: Relationship) -> None:
    if not relationship.is_open:
        raise ValidationError(_("This relationship has ended: its workspace can be read but not changed."))


def _normalized(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def check_typed_name(user: User, typed_name: str) -> str:
    """A signature is the person's full name as in their profile (accents and capitals do not matter)."""
    typed = " ".join(typed_name.split())
    if len(typed) < 2:
        raise ValidationError({"typed_name": _("Type your full name to sign.")})
    expected = user.get_full_name()
    if expected and _normalized(typed) != _normalized(expected):
        raise ValidationError(
            {
                "typed_name": _("Type your full name as it appears in your profile: %(name)s.")
                % {"name": expected}
            }
        )
    return typed


def workspace_url(relationship: Relationship, name: str = "relationships:home", **kwargs: Any) -> str:
    """Path of a workspace page in the active language (callers add settings.SITE_URL for emails)."""
    return reverse(name, kwargs={"pk": relationship.pk, **kwargs})


def _notify_partner(relationship: Relationship, by: User, template: str, **context: Any) -> None:
    partner = relationship.partner_of(by)
    notify(user=partner, template=template, context={"relationship": relationship, "by": by, **context})


def _coordinators(relationship: Relationship) -> list[User]:
    return list(
        User.objects.filter(
            program_roles__program=relationship.cycle.program,
            program_roles__role=ProgramRole.Role.COORDINATOR,
        )
    )


def _activate_if_ready(relationship: Relationship) -> None:
    """Both signed the agreement and the confidentiality commitment: the relationship is active."""
    if (
        relationship.status == Relationship.Status.INTRODUCED
        and relationship.agreement_signed_at
        and relationship.confidentiality_signed_at
    ):
        relationship.status = Relationship.Status.ACTIVE
        relationship.activated_on = timezone.localdate()


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


# --- Closure, extension, next cycle ------------------------------------------------------------------------


def _save_reflection(relationship: Relationship, by: User, text: str) -> None:
    text = text.strip()
    if text:
        reflection, _created = ClosingReflection.objects.get_or_create(
            relationship=relationship, author=by, defaults={"text": text}
        )
        if not _created:
            reflection.text = text
            reflection.full_clean()
            reflection.save()


@transaction.atomic
def end_as_planned(*, relationship: Relationship, by: User, reflection: str) -> Relationship:
    """Close the relationship at its planned end, with the person's short reflection.

    Side effects: status completed, ended today; emails the partner (relationship_ended).
    """
    _require_participant(relationship, by)
    _require_open(relationship)
    today = timezone.localdate()
    if today < relationship.planned_end - datetime.timedelta(days=PLANNED_END_WINDOW_DAYS):
        raise ValidationError(
            _("Your planned end is %(date)s. To stop before then, choose an early end.")
            % {"date": relationship.planned_end.isoformat()}
        )
    if not reflection.strip():
        raise ValidationError({"reflection": _("Write a few words about what you take away.")})
    relationship.status = Relationship.Status.COMPLETED
    relationship.ended_on = today
    relationship.ended_by = by
    relationship.full_clean()
    relationship.save()
    _save_reflection(relationship, by, reflection)
    _notify_partner(relationship, by, "relationship_ended")
    return relationship


@transaction.atomic
def end_early(
    *, relationship: Relationship, by: User, reason: str, reflection: str = "", wants_rematch: bool = False
) -> Relationship:
    """End the relationship before its planned end, with a reason; the person may ask to be matched again.

    Side effects: status ended_early (the pair is never proposed again), rematch flag for the coordinator,
    emails the partner (relationship_ended).
    """
    role = _require_participant(relationship, by)
    _require_open(relationship)
    if reason not in Relationship.EndReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    relationship.status = Relationship.Status.ENDED_EARLY
    relationship.ended_on = timezone.localdate()
    relationship.ended_by = by
    relationship.end_reason = reason
    relationship.extension_proposed_end = None
    relationship.extension_proposed_by = None
    if wants_rematch:
        setattr(relationship, f"{role}_wants_rematch", True)
    relationship.full_clean()
    relationship.save()
    _save_reflection(relationship, by, reflection)
    _notify_partner(relationship, by, "relationship_ended")
    return relationship


@transaction.atomic
def add_reflection(*, relationship: Relationship, by: User, text: str) -> None:
    """After the end, each participant may write (or rewrite) a reflection. No email."""
    _require_participant(relationship, by)
    if not text.strip():
        raise ValidationError({"reflection": _("Write a few words about what you take away.")})
    _save_reflection(relationship, by, text)


def request_rematch(*, relationship: Relationship, by: User) -> Relationship:
    """After an early end, either participant can ask the coordinator to be matched with someone else."""
    role = _require_participant(relationship, by)
    if relationship.status != Relationship.Status.ENDED_EARLY:
        raise ValidationError(_("A new match can be requested once the relationship has ended early."))
    setattr(relationship, f"{role}_wants_rematch", True)
    relationship.save(update_fields=[f"{role}_wants_rematch", "updated_at"])
    return relationship


@transaction.atomic
def propose_extension(*, relationship: Relationship, by: User, new_end: datetime.date) -> Relationship:
    """Propose a later end date; the partner must agree. Side effects: emails the partner (extension_proposed)."""
    _require_participant(relationship, by)
    _require_open(relationship)
    if new_end <= relationship.planned_end:
        raise ValidationError({"new_end": _("The new end must come after the planned end.")})
    if (new_end - relationship.planned_end).days > 366:
        raise ValidationError({"new_end": _("An extension lasts at most one year.")})
    relationship.extension_proposed_end = new_end
    relationship.extension_proposed_by = by
    relationship.save(update_fields=["extension_proposed_end", "extension_proposed_by", "updated_at"])
    _notify_partner(relationship, by, "extension_proposed")
    return relationship


@transaction.atomic
def accept_extension(*, relationship: Relationship, by: User) -> Relationship:
    """The partner agrees: the planned end moves and the relationship is extended.

    Side effects: emails the proposer (relationship_extended).
    """
    _require_participant(relationship, by)
    _require_open(relationship)
    if relationship.extension_proposed_end is None:
        raise ValidationError(_("There is no extension to agree to."))
    if relationship.extension_proposed_by_id == by.pk:
        raise ValidationError(_("The other participant must agree to the extension you proposed."))
    relationship.planned_end = relationship.extension_proposed_end
    relationship.status = Relationship.Status.EXTENDED
    relationship.extended_on = timezone.localdate()
    relationship.extension_proposed_end = None
    relationship.extension_proposed_by = None
    relationship.full_clean()
    relationship.save()
    _notify_partner(relationship, by, "relationship_extended")
    return relationship


def decline_extension(*, relationship: Relationship, by: User) -> Relationship:
    """Withdraw or decline a proposed extension. No email."""
    _require_participant(relationship, by)
    relationship.extension_proposed_end = None
    relationship.extension_proposed_by = None
    relationship.save(update_fields=["extension_proposed_end", "extension_proposed_by", "updated_at"])
    return relationship


def ask_to_continue(*, relationship: Relationship, by: User, wish: bool = True) -> Relationship:
    """Record that this participant would like the pair to continue in the next cycle (the coordinator sees it)."""
    role = _require_participant(relationship, by)
    setattr(relationship, f"{role}_asks_to_continue", wish)
    relationship.save(update_fields=[f"{role}_asks_to_continue", "updated_at"])
    return relationship


def next_cycle_of(cycle: Cycle) -> Cycle | None:
    """The program's next cycle that people can join (recruiting, or planned after this one)."""
    return (
        Cycle.objects.filter(program=cycle.program, starts__gt=cycle.starts)
        .exclude(status__in=[Cycle.Status.CLOSING, Cycle.Status.CLOSED])
        .order_by("starts", "pk")
        .first()
    )


@transaction.atomic
def invite_to_next_cycle(*, cycle: Cycle, by: User) -> int:
    """Invite every participant of the cycle's relationships to the next cycle; former mentees to mentor.

    Call it when the cycle closes (the coordinator's relationships page has the button). Each person is
    invited once per cycle, however often it runs. Returns how many people were invited now.
    Side effects: NextCycleInvitation rows; emails next_cycle_invitation or next_cycle_mentor_invitation.
    """
    if cycle.status not in (Cycle.Status.CLOSING, Cycle.Status.CLOSED):
        raise ValidationError(_("Invite participants to the next cycle once this one is closing or closed."))
    next_cycle = next_cycle_of(cycle)
    mentees: set[int] = set()
    people: dict[int, User] = {}
    pairs = Relationship.objects.filter(cycle=cycle).select_related("mentor__user", "mentee__user")
    continuing: set[int] = set()
    for relationship in pairs:
        people[relationship.mentor.user_id] = relationship.mentor.user
        people[relationship.mentee.user_id] = relationship.mentee.user
        mentees.add(relationship.mentee.user_id)
        if relationship.both_ask_to_continue:
            continuing.update({relationship.mentor.user_id, relationship.mentee.user_id})
    already = set(NextCycleInvitation.objects.filter(cycle=cycle).values_list("user_id", flat=True))
    invited = 0
    for user_id, person in people.items():
        if user_id in already:
            continue
        as_mentor = user_id in mentees
        NextCycleInvitation.objects.create(cycle=cycle, user=person, invited_to_mentor=as_mentor)
        notify(
            user=person,
            template="next_cycle_mentor_invitation" if as_mentor else "next_cycle_invitation",
            context={
                "cycle": cycle,
                "program": cycle.program,
                "next_cycle": next_cycle,
                "continuing": user_id in continuing,
            },
        )
        invited += 1
    return invited


# --- Reminders ----------------------------------------------------------------------------------------------


def _record_reminder(relationship: Relationship, user: User, kind: str, period: str) -> bool:
    """True when this reminder was not sent yet for this period (and now is recorded as sent)."""
    _reminder, created = ReminderSent.objects.get_or_create(
        relationship=relationship, user=user, kind=kind, period=period
    )
    return created


def send_meeting_reminders(*, today: datetime.date | None = None) -> int:
    """Remind pairs with no meeting logged for the program's interval; once per interval. Returns emails sent.

    Side effects: ReminderSent rows; emails reminder_no_meeting to each participant who keeps reminders on.
    """
    today = today or timezone.localdate()
    sent = 0
    pairs = (
        Relationship.objects.filter(status__in=[Relationship.Status.ACTIVE, Relationship.Status.EXTENDED])
        .select_related("cycle__program", "mentor__user", "mentee__user")
        .annotate(
            last_meeting=Max(
                "meetings__held_on",
                filter=Q(meetings__status__in=[Meeting.Status.LOGGED, Meeting.Status.CONFIRMED]),
            )
        )
    )
    intervals: dict[int, int] = {}
    for relationship in pairs:
        program = relationship.cycle.program
        if program.pk not in intervals:
            intervals[program.pk] = workspace_settings_for(program).meeting_interval_days
        interval = intervals[program.pk]
        reference = relationship.last_meeting or relationship.activated_on or relationship.started_on
        elapsed = (today - reference).days
        if elapsed < interval:
            continue
        period = f"{reference.isoformat()}+{elapsed // interval}"
        for person in relationship.participants():
            if not reminders_enabled(person):
                continue
            with transaction.atomic():
                if _record_reminder(relationship, person, "no_meeting", period):
                    notify(
                        user=person,
                        template="reminder_no_meeting",
                        context={"relationship": relationship, "days": elapsed},
                    )
                    sent += 1
    return sent


# --- Program settings (coordinators) ---------------------------------------------------------------------


@transaction.atomic
def update_workspace_settings(
    *, program: Program, by: User, fields: dict[str, Any], domains: list[tuple[str, str]]
) -> ProgramWorkspaceSettings:
    """Save the program's workspace texts and capability domains.

    A reworded confidentiality text gets a new version: pairs who sign from now on sign the new text;
    signatures already given stay valid (each keeps the text its signer saw). Domains are matched by position,
    so a renamed domain keeps the goals linked to it; removed domains are unlinked from goals. No email.
    """
    settings_ = ProgramWorkspaceSettings.objects.select_for_update().filter(program=program).first()
    if settings_ is None:
        settings_ = ProgramWorkspaceSettings(program=program)
    text_changed = any(
        getattr(settings_, name) != fields[name]
        for name in ("confidentiality_text_en", "confidentiality_text_fr")
        if name in fields
    )
    for name, value in fields.items():
        setattr(settings_, name, value)
    if text_changed and settings_.pk is not None:
        settings_.confidentiality_version = str(int(settings_.confidentiality_version or "1") + 1)
    elif text_changed:
        settings_.confidentiality_version = "2"
    settings_.full_clean()
    settings_.save()

    existing = list(CapabilityDomain.objects.filter(program=program).order_by("position", "pk"))
    for position, (name_en, name_fr) in enumerate(domains):
        domain = existing[position] if position < len(existing) else CapabilityDomain(program=program)
        domain.name_en, domain.name_fr, domain.position = name_en, name_fr, position
        domain.full_clean()
        domain.save()
    CapabilityDomain.objects.filter(pk__in=[d.pk for d in existing[len(domains) :]]).delete()
    return settings_
