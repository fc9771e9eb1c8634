"""Which check-in each participant owes, and their own answers. Callers pass a relationship obtained from
`tandem.relationships.selectors.get_relationship_for_participant` (the privacy rule's single gate)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.relationships.models import Relationship


def months_elapsed(start: datetime.date, today: datetime.date) -> int:
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class DueCheckIn:
    kind: str
    period: int

    @property
    def label(self) -> str:
        return str(CheckIn.Kind(self.kind).label)


def due_checkins(relationship: Relationship, *, today: datetime.date | None = None) -> list[DueCheckIn]:
    """The check-ins open now: the latest program period that has elapsed, and the mid-point review once due."""
    today = today or timezone.localdate()
    if not relationship.is_open:
        return []
    start = relationship.activated_on or relationship.started_on
    every = relationship.cycle.program.checkin_every_months
    due = []
    period = months_elapsed(start, today) // every
    if period >= 1:
        due.append(DueCheckIn(CheckIn.Kind.QUARTERLY, period))
    if today >= relationship.cycle.midpoint:
        due.append(DueCheckIn(CheckIn.Kind.MIDPOINT, 1))
    return due


def my_checkins(relationship: Relationship, user: User) -> list[CheckIn]:
    """The person's own answers only: the partner's reflection is not theirs to read."""
    return list(CheckIn.objects.filter(relationship=relationship, author=user).order_by("-answered_at"))


def pending_checkins(
    relationship: Relationship, user: User, *, today: datetime.date | None = None
) -> list[DueCheckIn]:
    answered = {(c.kind, c.period) for c in CheckIn.objects.filter(relationship=relationship, author=user)}
    return [due for due in due_checkins(relationship, today=today) if (due.kind, due.period) not in answered]
