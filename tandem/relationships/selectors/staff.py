"""Coordinators' reads: lifecycle fields, SQL aggregates and messages addressed to them, never content."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from tandem.applications.models import Role
from tandem.evaluations.models import CheckIn
from tandem.programs.models import Cycle, Program
from tandem.relationships.models import (
    Concern,
    Meeting,
    Relationship,
)

# --- Coordinators: lifecycle only --------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedMessage:
    author_role: str  # a translated label
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
    extended_on: datetime.date | None
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
            "extended_on",
            "agreement_signed_at",
            "confidentiality_signed_at",
            "mentor_wants_rematch",
            "mentee_wants_rematch",
            "mentor_asks_to_continue",
            "mentee_asks_to_continue",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
            "mentor__user__erased_at",
            "mentee__user__first_name",
            "mentee__user__last_name",
            "mentee__user__email",
            "mentee__user__erased_at",
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
    # Labels, not codes: the coordinator reads "mentor" or "personne mentorée" in their own language.
    roles = {relationship.mentor.user_id: Role.MENTOR.label, relationship.mentee.user_id: Role.MENTEE.label}
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
        extended_on=relationship.extended_on,
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
