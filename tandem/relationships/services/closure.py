"""The end of a pairing: planned end, early end, rematch, extension, continuing, next cycle."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.notifications.services import notify
from tandem.programs.models import Cycle
from tandem.relationships.models import (
    ClosingReflection,
    NextCycleInvitation,
    Relationship,
)
from tandem.relationships.services._common import (
    PLANNED_END_WINDOW_DAYS,
    _notify_partner,
    _require_open,
    _require_participant,
)

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
