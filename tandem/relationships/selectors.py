"""Reads of relationships and their workspace: THE place the privacy rule is enforced.

Workspace content (agreement terms, goals, meeting notes, reflections) is only ever loaded through
`get_relationship_for_participant`, which answers 404 unless the requesting person is the pair's mentor or
mentee. Coordinators go through `cycle_relationships_for_staff`, which loads lifecycle fields only and
returns `RelationshipOverview` rows that have no place for content.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.programs.models import CreditEarners, Cycle, Program
from tandem.relationships.models import (
    Agreement,
    CapabilityDomain,
    Concern,
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


# --- Coordinators: lifecycle only --------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedMessage:
    author_role: str
    kind: str
    text: str
    at: datetime.datetime


@dataclass(frozen=True)
class RelationshipOverview:
    """Everything a coordinator may know of a pair. There is deliberately no field for workspace content."""

    pk: int
    mentor_name: str
    mentee_name: str
    status: str
    status_label: str
    started_on: datetime.date
    planned_end: datetime.date
    ended_on: datetime.date | None
    activated_on: datetime.date | None
    agreement_signed: bool
    confidentiality_signed: bool
    confirmed_minutes: int
    this_month_minutes: int
    monthly_minimum: int
    last_confirmed_meeting: datetime.date | None
    latest_checkin_standing: str | None
    at_risk: bool
    rematch_requested: bool
    both_ask_to_continue: bool
    one_asks_to_continue: bool
    shared_messages: list[SharedMessage]
    concerns: list[SharedMessage]

    @property
    def confirmed_hours(self) -> float:
        return round(self.confirmed_minutes / 60, 2)

    @property
    def below_monthly_minimum(self) -> bool:
        return self.status in Relationship.OPEN_STATUSES and self.this_month_minutes < self.monthly_minimum

    @property
    def latest_checkin_label(self) -> str:
        if self.latest_checkin_standing is None:
            return ""
        return str(CheckIn.Standing(self.latest_checkin_standing).label)


def is_at_risk(
    *,
    status: str,
    started: datetime.date,
    last_confirmed: datetime.date | None,
    latest_checkin_standing: str | None,
    interval_days: int,
    today: datetime.date,
) -> bool:
    """An open pair is at risk when nothing was confirmed within the program's interval, or someone asks for help."""
    if status not in Relationship.OPEN_STATUSES:
        return False
    if latest_checkin_standing == CheckIn.Standing.WOULD_LIKE_HELP:
        return True
    reference = last_confirmed or started
    return (today - reference).days > interval_days


def cycle_relationships_for_staff(
    program: Program, cycle: Cycle, *, with_messages: bool
) -> QuerySet[Relationship]:
    """The cycle's relationships with lifecycle fields and SQL aggregates only (no workspace text is loaded).

    `program` and `cycle` come from `program_staff_required` / `get_cycle_for_staff`, which already answered
    404 to anyone outside the program's staff. Messages participants addressed to the coordinator (shared
    check-in messages, concerns) are loaded only `with_messages`, i.e. for the program's coordinators.
    """
    latest_checkin = CheckIn.objects.filter(relationship=OuterRef("pk")).order_by("-answered_at", "-pk")
    queryset = (
        Relationship.objects.filter(cycle=cycle, cycle__program=program)
        .select_related("mentor__user", "mentee__user")
        .only(
            "pk",
            "status",
            "started_on",
            "planned_end",
            "ended_on",
            "activated_on",
            "agreement_signed_at",
            "confidentiality_signed_at",
            "mentor_wants_rematch",
            "mentee_wants_rematch",
            "mentor_asks_to_continue",
            "mentee_asks_to_continue",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
            "mentee__user__first_name",
            "mentee__user__last_name",
            "mentee__user__email",
        )
        .annotate(
            confirmed_minutes=Sum(
                "meetings__held_minutes", filter=Q(meetings__status=Meeting.Status.CONFIRMED)
            ),
            last_confirmed=Max("meetings__held_on", filter=Q(meetings__status=Meeting.Status.CONFIRMED)),
            this_month_minutes=Sum(
                "meetings__held_minutes",
                filter=Q(
                    meetings__status=Meeting.Status.CONFIRMED,
                    meetings__held_on__gte=timezone.localdate().replace(day=1),
                ),
            ),
            latest_checkin_standing=Subquery(latest_checkin.values("standing")[:1]),
        )
        .order_by("mentee__user__last_name", "pk")
    )
    if not with_messages:
        return queryset
    return queryset.prefetch_related(
        Prefetch(
            "checkins",
            queryset=CheckIn.objects.exclude(shared_message="")
            .only("pk", "relationship_id", "author_id", "kind", "shared_message", "answered_at")
            .order_by("-answered_at"),
            to_attr="shared_checkins",
        ),
        Prefetch(
            "concerns",
            queryset=Concern.objects.only("pk", "relationship_id", "raised_by_id", "message", "raised_at"),
            to_attr="all_concerns",
        ),
    )


def overview_of(
    relationship: Relationship, *, interval_days: int, monthly_minimum: int, today: datetime.date
) -> RelationshipOverview:
    roles = {relationship.mentor.user_id: "mentor", relationship.mentee.user_id: "mentee"}
    return RelationshipOverview(
        pk=relationship.pk,
        mentor_name=relationship.mentor.user.display_name,
        mentee_name=relationship.mentee.user.display_name,
        status=relationship.status,
        status_label=relationship.get_status_display(),
        started_on=relationship.started_on,
        planned_end=relationship.planned_end,
        ended_on=relationship.ended_on,
        activated_on=relationship.activated_on,
        agreement_signed=relationship.agreement_signed_at is not None,
        confidentiality_signed=relationship.confidentiality_signed_at is not None,
        confirmed_minutes=relationship.confirmed_minutes or 0,
        this_month_minutes=relationship.this_month_minutes or 0,
        monthly_minimum=monthly_minimum,
        last_confirmed_meeting=relationship.last_confirmed,
        latest_checkin_standing=relationship.latest_checkin_standing,
        at_risk=is_at_risk(
            status=relationship.status,
            started=relationship.activated_on or relationship.started_on,
            last_confirmed=relationship.last_confirmed,
            latest_checkin_standing=relationship.latest_checkin_standing,
            interval_days=interval_days,
            today=today,
        ),
        rematch_requested=relationship.rematch_requested,
        both_ask_to_continue=relationship.both_ask_to_continue,
        one_asks_to_continue=relationship.mentor_asks_to_continue or relationship.mentee_asks_to_continue,
        shared_messages=[
            SharedMessage(roles.get(c.author_id, ""), c.get_kind_display(), c.shared_message, c.answered_at)
            for c in getattr(relationship, "shared_checkins", [])
        ],
        concerns=[
            SharedMessage(roles.get(c.raised_by_id, ""), "", c.message, c.raised_at)
            for c in getattr(relationship, "all_concerns", [])
        ],
    )


def workspace_data_for_export(user: User) -> list[dict[str, object]]:
    """The person's relationships and their workspaces, JSON-ready, for the Law 25 / PIPEDA data export.

    Everything the person can read in their workspaces is theirs to export; the partner's private check-in
    reflections and concerns are not (the person never could read them).
    """

    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    exported = []
    for relationship in relationships_of(user).prefetch_related(
        "goals", "meetings", "reflections", "confidentiality_signatures", "agreement__signatures"
    ):
        agreement = getattr(relationship, "agreement", None)
        exported.append(
            {
                "program": relationship.cycle.program.slug,
                "cycle": relationship.cycle.name,
                "role": relationship.role_of(user),
                "partner": relationship.partner_of(user).display_name,
                "status": relationship.status,
                "started_on": day(relationship.started_on),
                "planned_end": day(relationship.planned_end),
                "ended_on": day(relationship.ended_on),
                "agreement": None
                if agreement is None
                else {
                    "version": agreement.version,
                    "meeting_frequency": agreement.meeting_frequency,
                    "usual_length_minutes": agreement.usual_length_minutes,
                    "meeting_format": agreement.meeting_format,
                    "cancellation_policy": agreement.cancellation_policy,
                    "other_rules": agreement.other_rules,
                    "starts_on": day(agreement.starts_on),
                    "planned_end": day(agreement.planned_end),
                    "signatures": [
                        {"name": s.typed_name, "version": s.version, "signed_at": s.signed_at.isoformat()}
                        for s in agreement.signatures.all()
                    ],
                },
                "confidentiality_signatures": [
                    {"name": s.typed_name, "version": s.text_version, "signed_at": s.signed_at.isoformat()}
                    for s in relationship.confidentiality_signatures.all()
                ],
                "goals": [
                    {
                        "specific": goal.specific,
                        "measurable": goal.measurable,
                        "achievable": goal.achievable,
                        "relevant": goal.relevant,
                        "target_date": day(goal.target_date),
                        "status": goal.status,
                        "progress_notes": goal.progress_notes,
                    }
                    for goal in relationship.goals.all()
                ],
                "meetings": [
                    {
                        "status": meeting.status,
                        "planned_start": meeting.planned_start.isoformat() if meeting.planned_start else None,
                        "held_on": day(meeting.held_on),
                        "minutes": meeting.held_minutes,
                        "format": meeting.meeting_format,
                        "private_notes": meeting.private_notes,
                    }
                    for meeting in relationship.meetings.all()
                ],
                "reflections": [
                    {"author": "me" if r.author_id == user.pk else "partner", "text": r.text}
                    for r in relationship.reflections.all()
                ],
                "my_checkins": [
                    {
                        "kind": c.kind,
                        "period": c.period,
                        "standing": c.standing,
                        "reflection": c.reflection,
                        "shared_message": c.shared_message,
                        "answered_at": c.answered_at.isoformat(),
                    }
                    for c in CheckIn.objects.filter(relationship=relationship, author=user)
                ],
                "my_concerns": [
                    {"message": c.message, "raised_at": c.raised_at.isoformat()}
                    for c in Concern.objects.filter(relationship=relationship, raised_by=user)
                ],
            }
        )
    return exported
