"""Retention of personal data (DESIGN.md, privacy rule; Quebec's Law 25 and PIPEDA).

A cycle's personal data is kept for its program's `retention_years` after the cycle closed, then erased by
`purge_expired_cycles`, which the `apply_retention` command runs daily. The clock starts on the day of the
latest move to "closed" in the cycle's status history (`Cycle.closed_on`): a cycle never closed is never
purged, and a coordinator who steps a cycle back from "closed" stops the clock.

Higher apps (applications, matching, relationships, evaluations) build on programs, so their models are
imported inside the functions, never at module level.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from tandem.programs.models import Cycle


def summarize_cycle(*, cycle: Cycle) -> dict[str, Any]:
    """Numbers only, nothing about a person: what the program's history and annual evaluation keep.

    Applications by role and final status, relationships by status, total confirmed meeting hours and the
    number of check-ins answered. Every status appears, with 0 when none, so summaries compare year to year.
    """
    from tandem.applications.models import Application, Role
    from tandem.evaluations.models import CheckIn
    from tandem.relationships.models import Meeting, Relationship

    applications = {role: dict.fromkeys(Application.Status.values, 0) for role in Role.values}
    for row in Application.objects.filter(cycle=cycle).values("role", "status").annotate(count=Count("pk")):
        applications[row["role"]][row["status"]] = row["count"]
    relationships = dict.fromkeys(Relationship.Status.values, 0)
    for row in Relationship.objects.filter(cycle=cycle).values("status").annotate(count=Count("pk")):
        relationships[row["status"]] = row["count"]
    minutes = (
        Meeting.objects.filter(relationship__cycle=cycle, status=Meeting.Status.CONFIRMED).aggregate(
            total=Sum("held_minutes")
        )["total"]
        or 0
    )
    return {
        "applications": applications,
        "application_total": sum(sum(by_status.values()) for by_status in applications.values()),
        "relationships": relationships,
        "relationship_total": sum(relationships.values()),
        "confirmed_meeting_hours": round(minutes / 60, 2),
        "checkins": CheckIn.objects.filter(relationship__cycle=cycle).count(),
    }


def cycles_due_for_erasure(*, today: datetime.date) -> list[Cycle]:
    """Closed cycles not yet purged whose retention period ended on or before `today`."""
    candidates = (
        Cycle.objects.with_closed_at()
        .filter(status=Cycle.Status.CLOSED, personal_data_erased_on__isnull=True, closed_at__isnull=False)
        .select_related("program")
        .order_by("program__slug", "starts", "pk")
    )
    return [cycle for cycle in candidates if cycle.personal_data_erasure_due_on <= today]


def purge_expired_cycles(*, today: datetime.date | None = None) -> list[Cycle]:
    """Erase the personal data of every closed cycle whose retention period is over; return those cycles.

    One transaction per cycle, so a failure leaves each cycle either untouched or fully purged. Idempotent:
    a purged cycle has `personal_data_erased_on` set and is never picked again.

    Side effects, for each cycle due:
    - stores `retained_summary` (see `summarize_cycle`) and sets `personal_data_erased_on` to `today`;
    - deletes the cycle's matching events, proposals (with their comments), mentor requests, pair rules and
      matching runs; its relationships with their whole workspace (agreement and signatures, confidentiality
      signatures, goals and their history, meetings, concerns, closing reflections, check-ins, reminders
      sent); its applications (with their status history and topic choices); its self-assessments; the
      next-cycle invitations sent at its end;
    - deletes the account of a person who asked for erasure earlier (`User.erased_at`) once the relationship
      that kept the bare account no longer exists;
    - keeps the cycle row (name, dates, status) and its status history, the program with its texts,
      questionnaires and reference documents, people's accounts and their consent records (the proof of
      what each person agreed to).
    No email is sent.
    """
    today = today or timezone.localdate()
    purged: list[Cycle] = []
    for cycle in cycles_due_for_erasure(today=today):
        if _purge_cycle(cycle_id=cycle.pk, today=today):
            purged.append(Cycle.objects.select_related("program").get(pk=cycle.pk))
    return purged


@transaction.atomic
def _purge_cycle(*, cycle_id: int, today: datetime.date) -> bool:
    from tandem.accounts.models import User
    from tandem.applications.models import Application, SelfAssessment
    from tandem.matching.models import MatchingEvent, MatchingRun, MentorRequest, PairRule, Proposal
    from tandem.relationships.models import NextCycleInvitation, Relationship

    # Locked and checked again: another run, or a coordinator stepping the cycle back, may have come first.
    cycle = Cycle.objects.select_for_update().select_related("program").get(pk=cycle_id)
    due_on = cycle.personal_data_erasure_due_on
    if due_on is None or due_on > today:
        return False

    cycle.retained_summary = summarize_cycle(cycle=cycle)
    participant_ids = set(Application.objects.filter(cycle=cycle).values_list("user_id", flat=True))

    # Rows that point to the cycle itself do not cascade (the cycle stays): delete them explicitly, children
    # before parents. Every row pointing to an application of the cycle belongs to the same cycle.
    MatchingEvent.objects.filter(cycle=cycle).delete()
    Proposal.objects.filter(cycle=cycle).delete()
    MentorRequest.objects.filter(cycle=cycle).delete()
    PairRule.objects.filter(cycle=cycle).delete()
    MatchingRun.objects.filter(cycle=cycle).delete()
    Relationship.objects.filter(cycle=cycle).delete()
    Application.objects.filter(cycle=cycle).delete()
    SelfAssessment.objects.filter(cycle=cycle).delete()
    NextCycleInvitation.objects.filter(cycle=cycle).delete()

    # An erased person's account was kept only for an ended relationship; with it gone, so goes the account.
    User.objects.filter(pk__in=participant_ids, erased_at__isnull=False, applications__isnull=True).delete()

    cycle.personal_data_erased_on = today
    cycle.full_clean()
    cycle.save(update_fields=["retained_summary", "personal_data_erased_on", "updated_at"])
    return True
