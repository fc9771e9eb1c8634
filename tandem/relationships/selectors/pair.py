"""The pair's own reads. Every view first calls `get_relationship_for_participant` (404 for anyone else)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import User
from tandem.programs.models import CreditEarners, Program
from tandem.relationships.models import (
    Agreement,
    CapabilityDomain,
    ConfidentialitySignature,
    Goal,
    Meeting,
    ProgramWorkspaceSettings,
    Relationship,
)


def workspace_settings_for(program: Program) -> ProgramWorkspaceSettings:
    """The program's workspace texts, or the defaults (unsaved) when the coordinator never changed them."""
    return ProgramWorkspaceSettings.objects.filter(program=program).first() or ProgramWorkspaceSettings(
        program=program
    )


# --- The pair's own reads ----------------------------------------------------------------------------------


def relationships_of(user: User) -> QuerySet[Relationship]:
    """Every relationship the person is the mentor or the mentee of."""
    if not user.is_authenticated:
        return Relationship.objects.none()
    return (
        Relationship.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))
        .select_related("cycle__program", "mentor__user", "mentee__user")
        .order_by("-started_on", "-pk")
    )


def get_relationship_for_participant(user: User, pk: int) -> Relationship:
    """The relationship if `user` is its mentor or mentee; 404 for everyone else, coordinators included."""
    try:
        return relationships_of(user).get(pk=pk)
    except Relationship.DoesNotExist:
        raise Http404 from None


def agreement_of(relationship: Relationship) -> Agreement | None:
    """The pair's agreement. Callers got `relationship` from `get_relationship_for_participant`."""
    return Agreement.objects.filter(relationship=relationship).prefetch_related("signatures").first()


@dataclass(frozen=True)
class AgreementState:
    agreement: Agreement | None
    signed_by_me: bool
    signed_by_partner: bool

    @property
    def signed_by_both(self) -> bool:
        return self.signed_by_me and self.signed_by_partner


def agreement_state(relationship: Relationship, user: User) -> AgreementState:
    agreement = agreement_of(relationship)
    if agreement is None:
        return AgreementState(None, False, False)
    current = {s.user_id for s in agreement.signatures.all() if s.version == agreement.version}
    partner = relationship.partner_of(user)
    return AgreementState(agreement, user.pk in current, partner.pk in current)


def current_signatures(agreement: Agreement) -> list[object]:
    return [s for s in agreement.signatures.all() if s.version == agreement.version]


def confidentiality_signatures(relationship: Relationship) -> list[ConfidentialitySignature]:
    """The pair's signatures. A signature stays valid when the program later rewords its text: each person
    signed the text shown to them, kept with the signature."""
    return list(relationship.confidentiality_signatures.order_by("signed_at", "pk"))


def goals_of(relationship: Relationship) -> QuerySet[Goal]:
    return relationship.goals.select_related("capability").order_by("target_date", "pk")


def get_goal(relationship: Relationship, goal_id: int) -> Goal:
    try:
        return goals_of(relationship).prefetch_related("changes__changed_by").get(pk=goal_id)
    except Goal.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class GoalHistoryEntry:
    changed_at: datetime.datetime
    changed_by: User | None
    rows: list[tuple[str, str, str]]


def goal_history(goal: Goal) -> list[GoalHistoryEntry]:
    """Each change of a goal as (field label, before, after), with status codes shown as their labels."""
    labels = {name: str(Goal._meta.get_field(name).verbose_name) for name in Goal.TRACKED_FIELDS}
    statuses = dict(Goal.Status.choices)

    def shown(name: str, value: str) -> str:
        return str(statuses.get(value, value)) if name == "status" else value

    return [
        GoalHistoryEntry(
            changed_at=change.changed_at,
            changed_by=change.changed_by,
            rows=[
                (labels.get(name, name), shown(name, before), shown(name, after))
                for name, (before, after) in change.changes.items()
            ],
        )
        for change in goal.changes.all()
    ]


def capability_domains(program: Program) -> QuerySet[CapabilityDomain]:
    return program.capability_domains.order_by("position", "pk")


def meetings_of(relationship: Relationship) -> QuerySet[Meeting]:
    return relationship.meetings.select_related("logged_by", "confirmed_by", "planned_by").order_by(
        "-held_on", "-planned_start", "-pk"
    )


def get_meeting(relationship: Relationship, meeting_id: int) -> Meeting:
    try:
        return relationship.meetings.select_related(
            "relationship__cycle__program", "relationship__mentor__user", "relationship__mentee__user"
        ).get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class MonthOfMeetings:
    month: datetime.date
    minutes: int
    minimum: int

    @property
    def meets_minimum(self) -> bool:
        return self.minutes >= self.minimum

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def monthly_minutes(
    relationship: Relationship, *, today: datetime.date | None = None
) -> list[MonthOfMeetings]:
    """Confirmed minutes per calendar month from the start to this month (or the end), against the minimum."""
    today = today or timezone.localdate()
    start = relationship.activated_on or relationship.started_on
    last = min(relationship.ended_on or today, today)
    if start > last:
        return []
    totals = {
        row["month"]: row["minutes"]
        for row in relationship.meetings.filter(status=Meeting.Status.CONFIRMED, held_on__isnull=False)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(minutes=Sum("held_minutes"))
    }
    minimum = relationship.cycle.program.min_meeting_minutes_per_month
    return [
        MonthOfMeetings(month=month, minutes=totals.get(month, 0) or 0, minimum=minimum)
        for month in months_between(start, last)
    ]


@dataclass(frozen=True)
class CreditStatement:
    relationship: Relationship
    person: User
    role: str
    meetings: list[Meeting]
    total_minutes: int
    certified: bool
    grants_credits: bool
    qualifies: bool
    credits: Decimal | None
    generated_on: datetime.date = field(default_factory=timezone.localdate)

    @property
    def total_hours(self) -> Decimal:
        return (Decimal(self.total_minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def credit_statement(relationship: Relationship, user: User) -> CreditStatement:
    """Confirmed hours of the cycle for one participant, and credits when the program grants them to them."""
    program = relationship.cycle.program
    role = relationship.role_of(user) or ""
    meetings = list(relationship.meetings.filter(status=Meeting.Status.CONFIRMED).order_by("held_on", "pk"))
    total = sum(m.held_minutes or 0 for m in meetings)
    certified = relationship.mentor_certified if role == "mentor" else relationship.mentee_certified
    qualifies = program.grants_credits and (
        program.credit_earners == CreditEarners.ALL_PARTICIPANTS or certified
    )
    credits = None
    if qualifies:
        credits = (Decimal(total) / 60 * program.credits_per_hour).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return CreditStatement(
        relationship=relationship,
        person=user,
        role=role,
        meetings=meetings,
        total_minutes=total,
        certified=certified,
        grants_credits=program.grants_credits,
        qualifies=qualifies,
        credits=credits,
    )
