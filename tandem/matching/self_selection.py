"""Self-selection mode: a mentee chooses among suggested mentors and the mentor confirms.

Suggestions come from the same engine scores as the committee's matching, so a mentee sees the same
reasons a committee would. A request that gets no answer expires after the program's number of days.
"""

import datetime
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.matching.adapter import load_cycle, settings_for
from tandem.matching.engine.scoring import Scorer
from tandem.matching.models import MatchingEvent, MatchingMode, MentorRequest, Proposal
from tandem.matching.services import MatchingRefused, mentor_loads, start_relationship
from tandem.notifications.services import notify
from tandem.programs.models import Cycle

OPEN_CYCLE_STATUSES = (Cycle.Status.MATCHING, Cycle.Status.RUNNING)


@dataclass
class Suggestion:
    mentor: Application
    score: int
    reasons: list[dict[str, object]]
    free_capacity: int


def can_choose_a_mentor(mentee: Application) -> bool:
    """Self-selection is open to an accepted mentee of a self-selection program who holds no mentor yet."""
    return (
        mentee.role == "mentee"
        and mentee.status == Application.Status.ACCEPTED
        and mentee.cycle.status in OPEN_CYCLE_STATUSES
        and settings_for(mentee.cycle).mode == MatchingMode.SELF_SELECTION
        and not mentee.proposals_as_mentee.filter(status__in=Proposal.HOLDING_STATUSES).exists()
    )


def suggest_mentors(*, mentee: Application, limit: int = 5) -> list[Suggestion]:
    """The mentee's best eligible mentors with room left, best score first, with the reasons."""
    loaded = load_cycle(mentee.cycle)
    mentee_id = str(mentee.user_id)
    if mentee_id not in loaded.mentee_applications or not loaded.instance.mentors:
        return []
    scorer = Scorer(loaded.instance)
    row = scorer.mentee_index[mentee_id]
    columns = np.arange(len(loaded.instance.mentors), dtype=np.int64)
    scores = scorer.score_pairs(np.full(len(columns), row, dtype=np.int64), columns)
    best = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] >= 0][:limit]
    suggestions = []
    for index in best:
        engine_mentor = loaded.instance.mentors[index]
        breakdown = scorer.breakdown(mentee_id, engine_mentor.id)
        suggestions.append(
            Suggestion(
                mentor=loaded.mentor_applications[engine_mentor.id],
                score=int(scores[index]),
                reasons=[{"code": r.code, "params": r.params} for r in breakdown.reasons],
                free_capacity=engine_mentor.capacity,
            )
        )
    return suggestions


@transaction.atomic
def request_mentor(*, mentee: Application, mentor: Application, by: User, message: str = "") -> MentorRequest:
    """Ask a suggested mentor. Side effects: the mentor is emailed in their language; an event is recorded."""
    if by.pk != mentee.user_id or not can_choose_a_mentor(mentee):
        raise MatchingRefused(_("You cannot choose a mentor in this program now."))
    suggestion = next((s for s in suggest_mentors(mentee=mentee, limit=50) if s.mentor.pk == mentor.pk), None)
    if suggestion is None:
        raise MatchingRefused(_("This mentor is not among your suggestions any more."))
    days = settings_for(mentee.cycle).request_expiry_days
    request = MentorRequest(
        cycle=mentee.cycle,
        mentee=mentee,
        mentor=mentor,
        score=suggestion.score,
        reasons=suggestion.reasons,
        message=message.strip(),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    request.full_clean(exclude=["mentee", "mentor", "cycle"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise MatchingRefused(_("You already have a request waiting for an answer.")) from None
    notify(
        user=mentor.user,
        template="mentor_request",
        context={"request": request, "program": mentee.cycle.program},
    )
    MatchingEvent.objects.create(
        cycle=mentee.cycle, action=MatchingEvent.Action.REQUEST, actor=by, details={"request": request.pk}
    )
    return request


@transaction.atomic
def withdraw_request(*, request: MentorRequest, by: User) -> MentorRequest:
    request = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if request.mentee.user_id != by.pk or request.status != MentorRequest.Status.PENDING:
        raise MatchingRefused(_("This request is no longer waiting."))
    request.status = MentorRequest.Status.WITHDRAWN
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at", "updated_at"])
    return request


@transaction.atomic
def answer_request(*, request: MentorRequest, by: User, accept: bool, reason: str = "") -> MentorRequest:
    """The mentor accepts (within capacity: the relationship starts) or declines (the mentee chooses again).

    Side effects: the mentee is emailed the answer in their language, without the private reason.
    """
    request = (
        MentorRequest.objects.select_for_update()
        .select_related("mentee__user", "mentor__user", "cycle__program")
        .get(pk=request.pk)
    )
    if request.mentor.user_id != by.pk:
        raise MatchingRefused(_("Only the mentor asked can answer."))
    if request.status != MentorRequest.Status.PENDING:
        raise MatchingRefused(_("This request is no longer waiting."))
    if request.expires_at <= timezone.now():
        _expire(request)
        raise MatchingRefused(_("This request expired before your answer."))
    request.answered_at = timezone.now()
    if accept:
        # Lock the mentor's row before counting: two acceptances at once never exceed the capacity.
        mentor = Application.objects.select_for_update().get(pk=request.mentor_id)
        if mentor_loads([mentor.pk])[mentor.pk] >= (mentor.capacity or 0):
            raise MatchingRefused(_("You have no room left for another mentee this cycle."))
        try:
            with transaction.atomic():
                proposal = Proposal.objects.create(
                    cycle=request.cycle,
                    mentee=request.mentee,
                    mentor=request.mentor,
                    score=request.score,
                    reasons=request.reasons,
                    status=Proposal.Status.ACCEPTED,
                    mentee_answer=Proposal.Answer.START,
                    mentor_answer=Proposal.Answer.START,
                )
        except IntegrityError:
            raise MatchingRefused(_("This mentee already has a mentor.")) from None
        start_relationship(proposal=proposal)
        request.status = MentorRequest.Status.ACCEPTED
    else:
        request.status = MentorRequest.Status.DECLINED
        request.decline_reason = reason.strip()
    request.save()
    notify(
        user=request.mentee.user,
        template="mentor_request_answered",
        context={"request": request, "program": request.cycle.program},
    )
    MatchingEvent.objects.create(
        cycle=request.cycle,
        action=MatchingEvent.Action.ANSWER,
        actor=by,
        details={"request": request.pk, "accepted": accept},
    )
    return request


def _expire(request: MentorRequest) -> None:
    request.status = MentorRequest.Status.EXPIRED
    request.save(update_fields=["status", "updated_at"])
    notify(
        user=request.mentee.user,
        template="mentor_request_expired",
        context={"request": request, "program": request.cycle.program},
    )


def expire_requests(*, now: datetime.datetime | None = None) -> int:
    """Close every request past its deadline. Idempotent; run it daily (the `expire_mentor_requests` command).

    Side effects: each mentee whose request expired is told by email and can choose again.
    """
    now = now or timezone.now()
    expired = 0
    for request in MentorRequest.objects.filter(
        Q(status=MentorRequest.Status.PENDING) & Q(expires_at__lte=now)
    ).select_related("mentee__user", "cycle__program"):
        with transaction.atomic():
            if (
                MentorRequest.objects.select_for_update()
                .filter(pk=request.pk, status=MentorRequest.Status.PENDING)
                .exists()
            ):
                _expire(request)
                expired += 1
    return expired
