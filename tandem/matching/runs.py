"""Running the engine on a cycle and storing its proposals; swapping a proposal's mentor.

Split from services.py because it is the only part that talks to the engine.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.matching.adapter import LoadedCycle, load_cycle
from tandem.matching.engine import Result, solve
from tandem.matching.engine.model import InstanceError, Reason
from tandem.matching.engine.scoring import Scorer
from tandem.matching.models import MatchingEvent, MatchingRun, Proposal
from tandem.matching.services import MatchingRefused, mentor_loads
from tandem.matching.tasks import run_matching
from tandem.programs.models import Cycle

logger = logging.getLogger(__name__)

# Matching happens once recruitment is over, and again during the year for rematches.
CYCLE_STATUSES_FOR_MATCHING = (Cycle.Status.MATCHING, Cycle.Status.RUNNING)


def _reason_data(reason: Reason) -> dict[str, object]:
    return {"code": reason.code, "params": reason.params}


def request_run(*, cycle: Cycle, by: User, mode: str = MatchingRun.Mode.OPTIMAL) -> MatchingRun:
    """Queue a matching run of the cycle and hand it to the task worker.

    Side effects: enqueues `run_matching` (it runs at once with the immediate backend); an event is recorded.
    """
    if cycle.status not in CYCLE_STATUSES_FOR_MATCHING:
        raise MatchingRefused(_("Matching opens when the cycle reaches the matching stage."))
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(cycle=cycle, mode=mode, requested_by=by)
            MatchingEvent.objects.create(
                cycle=cycle, action=MatchingEvent.Action.RUN, actor=by, details={"run": run.pk, "mode": mode}
            )
    except IntegrityError:
        raise MatchingRefused(_("A matching run of this cycle is already under way.")) from None
    run_matching.enqueue(run_id=run.pk)
    return run


def _progress(run: MatchingRun, progress: int, step: str, **fields: object) -> None:
    # Saved outside any transaction so the coordinator's page sees it while the run goes on.
    MatchingRun.objects.filter(pk=run.pk).update(progress=progress, step=step, **fields)


def execute_run(*, run_id: int) -> None:
    """Run the engine and replace the cycle's open proposals with its result.

    Side effects: open (not yet approved) proposals of the cycle are marked replaced; new proposals are
    created; the run records its figures or its error.
    """
    run = MatchingRun.objects.select_related("cycle__program").get(pk=run_id)
    if run.status != MatchingRun.Status.QUEUED:
        return
    _progress(run, 5, "loading", status=MatchingRun.Status.RUNNING, started_at=timezone.now())
    try:
        loaded = load_cycle(run.cycle)
        _progress(
            run,
            25,
            "solving",
            mentees_considered=len(loaded.instance.mentees),
            mentors_considered=len(loaded.instance.mentors),
        )
        result = solve(loaded.instance, mode=run.mode)
        _progress(run, 85, "saving")
        _store_result(run, loaded, result)
    except InstanceError as error:
        _progress(
            run, 100, "", status=MatchingRun.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
    except Exception:
        logger.exception("Matching run %s failed", run.pk)
        _progress(
            run,
            100,
            "",
            status=MatchingRun.Status.FAILED,
            error=_("The engine stopped on an unexpected error; the team has the details in the logs."),
            finished_at=timezone.now(),
        )


@transaction.atomic
def _store_result(run: MatchingRun, loaded: LoadedCycle, result: Result) -> None:
    Proposal.objects.filter(cycle=run.cycle, status=Proposal.Status.PROPOSED).update(
        status=Proposal.Status.SUPERSEDED, updated_at=timezone.now()
    )
    mentors = loaded.mentor_applications
    mentees = loaded.mentee_applications
    free = {
        mentor_id: load_capacity[1] - load_capacity[0] for mentor_id, load_capacity in result.loads.items()
    }
    proposals = [
        Proposal(
            cycle=run.cycle,
            run=run,
            mentee=mentees[pair.mentee],
            mentor=mentors[pair.mentor],
            score=pair.score,
            reasons=[_reason_data(reason) for reason in pair.reasons],
            alternatives=[
                {
                    "mentor": mentors[alt.mentor].pk,
                    "score": alt.score,
                    "free_capacity": free.get(alt.mentor, alt.free_capacity),
                }
                for alt in result.alternatives.get(pair.mentee, [])
            ],
            flags=conflict_flags(mentees[pair.mentee], mentors[pair.mentor]),
        )
        for pair in result.pairs
    ]
    Proposal.objects.bulk_create(proposals)
    MatchingRun.objects.filter(pk=run.pk).update(
        status=MatchingRun.Status.SUCCEEDED,
        progress=100,
        step="",
        matched=result.matched,
        total_score=result.total_score,
        optimal=result.optimal,
        unmatched=[
            {"mentee": mentees[item.mentee].pk, "reason": _reason_data(item.reason)}
            for item in result.unmatched
        ],
        finished_at=timezone.now(),
    )


def conflict_flags(mentee: Application, mentor: Application) -> list[dict[str, object]]:
    """Points a committee should look at before approving, though no hard rule forbids the pair."""
    flags: list[dict[str, object]] = []
    if mentee.employer and mentee.employer.strip().casefold() == mentor.employer.strip().casefold():
        flags.append({"code": "same_employer", "params": {"employer": mentee.employer}})
    if mentee.preferred_mentor_id and mentee.preferred_mentor_id != mentor.pk:
        flags.append({"code": "not_preferred_mentor", "params": {}})
    if mentee.people_to_avoid.strip() or mentor.people_to_avoid.strip():
        flags.append({"code": "avoid_list_to_check", "params": {}})
    return flags


@dataclass
class SwapPreview:
    score: int
    allowed: bool
    reasons: list[dict[str, object]]
    violations: list[dict[str, object]]
    contributions: dict[str, float]
    score_change: int
    new_mentor_load: int
    new_mentor_proposed: int
    new_mentor_capacity: int
    old_mentor_load: int


def preview_swap(*, proposal: Proposal, mentor: Application) -> SwapPreview:
    """What giving this mentee another mentor would do: the new score and the mentors' loads."""
    if mentor.cycle_id != proposal.cycle_id or mentor.role != "mentor":
        raise MatchingRefused(_("Choose a mentor of this cycle."))
    loaded = load_cycle(proposal.cycle)
    mentee_id = str(proposal.mentee.user_id)
    mentor_id = str(mentor.user_id)
    if mentor_id not in loaded.mentor_applications:
        raise MatchingRefused(_("This mentor has no room left this cycle."))
    if mentee_id not in loaded.mentee_applications:
        raise MatchingRefused(_("This mentee already has an approved mentor."))
    breakdown = Scorer(loaded.instance).breakdown(mentee_id, mentor_id)
    loads = mentor_loads([mentor.pk, proposal.mentor_id])
    proposed = (
        Proposal.objects.filter(mentor=mentor, status=Proposal.Status.PROPOSED)
        .exclude(pk=proposal.pk)
        .count()
    )
    return SwapPreview(
        score=max(breakdown.score, 0),
        allowed=breakdown.allowed,
        reasons=[_reason_data(r) for r in breakdown.reasons],
        violations=[_reason_data(r) for r in breakdown.violations],
        contributions=breakdown.contributions,
        score_change=max(breakdown.score, 0) - proposal.score,
        new_mentor_load=loads[mentor.pk],
        new_mentor_proposed=proposed,
        new_mentor_capacity=mentor.capacity or 0,
        old_mentor_load=loads[proposal.mentor_id],
    )


@transaction.atomic
def swap_mentor(*, proposal: Proposal, mentor: Application, by: User) -> Proposal:
    """Replace the proposed mentor of an open proposal; refused when a hard rule forbids the new pair.

    Side effects: the old proposal is marked replaced; an event records who swapped and the scores.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise MatchingRefused(_("Only a proposal that is not yet approved can change mentor."))
    if mentor.pk == proposal.mentor_id:
        raise MatchingRefused(_("This is already the proposed mentor."))
    preview = preview_swap(proposal=proposal, mentor=mentor)
    if not preview.allowed:
        raise MatchingRefused(_("A rule of the program forbids this pair."))
    proposal.status = Proposal.Status.SUPERSEDED
    proposal.save(update_fields=["status", "updated_at"])
    swapped = Proposal.objects.create(
        cycle=proposal.cycle,
        mentee=proposal.mentee,
        mentor=mentor,
        score=preview.score,
        reasons=preview.reasons,
        contributions=preview.contributions,
        alternatives=proposal.alternatives,
        flags=conflict_flags(proposal.mentee, mentor),
    )
    MatchingEvent.objects.create(
        cycle=proposal.cycle,
        action=MatchingEvent.Action.SWAP,
        actor=by,
        proposal=swapped,
        details={
            "from_mentor": proposal.mentor_id,
            "to_mentor": mentor.pk,
            "from_score": proposal.score,
            "to_score": preview.score,
        },
    )
    return swapped
