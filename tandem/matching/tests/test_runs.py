"""Running the real engine on a cycle's accepted applications and storing its proposals."""

import pytest

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.matching.models import MatchingRun, PairRule, Proposal
from tandem.matching.runs import execute_run, preview_swap, request_run, swap_mentor
from tandem.matching.services import MatchingRefused, approve_proposals
from tandem.matching.tests.factories import AcceptedMenteeFactory, AcceptedMentorFactory
from tandem.programs.models import Cycle
from tandem.relationships.models import Relationship
from tandem.testing.factories import RelationshipFactory, UserFactory


@pytest.fixture
def matching_cycle(cycle: Cycle) -> Cycle:
    cycle.status = Cycle.Status.MATCHING
    cycle.save()
    return cycle


def test_matching_is_refused_before_the_cycle_reaches_the_matching_stage(
    cycle: Cycle, coordinator: User
) -> None:
    with pytest.raises(MatchingRefused, match="Matching opens when the cycle reaches the matching stage"):
        request_run(cycle=cycle, by=coordinator)
    assert not MatchingRun.objects.exists()


def test_a_run_matches_every_mentee_it_can_and_says_why_for_the_others(
    matching_cycle: Cycle, coordinator: User
) -> None:
    topics = list(matching_cycle.program.topics.all())
    mentor = AcceptedMentorFactory(cycle=matching_cycle, capacity=2, languages=["fr"], topics=topics[:3])
    mentees = [
        AcceptedMenteeFactory(cycle=matching_cycle, languages=["fr"], topics=topics[:2]) for _ in range(2)
    ]
    english_only = AcceptedMenteeFactory(cycle=matching_cycle, languages=["en"], topics=topics[:2])

    run = request_run(cycle=matching_cycle, by=coordinator)  # the immediate backend runs it at once

    run.refresh_from_db()
    assert (run.status, run.progress, run.matched, run.optimal) == ("succeeded", 100, 2, True)
    assert (run.mentees_considered, run.mentors_considered) == (3, 1)
    proposals = Proposal.objects.filter(run=run)
    assert {p.mentee_id for p in proposals} == {m.pk for m in mentees}
    assert {p.mentor_id for p in proposals} == {mentor.pk}
    assert all(p.reasons and 0 < p.score <= 100 for p in proposals)
    assert run.unmatched == [
        {"mentee": english_only.pk, "reason": {"code": "no_eligible_mentor", "params": {}}}
    ]


def test_nobody_is_proposed_as_their_own_mentor(matching_cycle: Cycle, coordinator: User) -> None:
    person = UserFactory()
    AcceptedMentorFactory(cycle=matching_cycle, user=person, capacity=1)
    AcceptedMenteeFactory(cycle=matching_cycle, user=person)
    run = request_run(cycle=matching_cycle, by=coordinator)
    run.refresh_from_db()
    assert run.matched == 0
    assert not Proposal.objects.exists()


def test_a_rerun_keeps_locks_replaces_open_proposals_and_leaves_approved_pairs_alone(
    matching_cycle: Cycle, coordinator: User
) -> None:
    strong = AcceptedMentorFactory(cycle=matching_cycle, capacity=1, years_of_experience=25)
    weak = AcceptedMentorFactory(cycle=matching_cycle, capacity=1, years_of_experience=5, region="BC")
    first_mentee = AcceptedMenteeFactory(cycle=matching_cycle)
    second_mentee = AcceptedMenteeFactory(cycle=matching_cycle)
    request_run(cycle=matching_cycle, by=coordinator)
    approved = Proposal.objects.get(mentee=first_mentee)
    approve_proposals(proposals=[approved], by=coordinator)
    other_mentor = weak if approved.mentor == strong else strong
    PairRule.objects.create(cycle=matching_cycle, mentee=second_mentee, mentor=other_mentor, kind="lock")

    request_run(cycle=matching_cycle, by=coordinator)

    approved.refresh_from_db()
    assert approved.status == "approved"
    latest = Proposal.objects.get(mentee=second_mentee, status="proposed")
    assert latest.mentor == other_mentor
    assert Proposal.objects.filter(mentee=second_mentee, status="superseded").count() == 1


def test_pairs_that_ended_are_never_proposed_again(
    matching_cycle: Cycle, coordinator: User, other_program
) -> None:
    mentor = AcceptedMentorFactory(cycle=matching_cycle, capacity=1)
    mentee = AcceptedMenteeFactory(cycle=matching_cycle)
    RelationshipFactory(
        mentor=AcceptedMentorFactory(user=mentor.user),
        mentee=AcceptedMenteeFactory(user=mentee.user),
        status=Relationship.Status.ENDED_EARLY,
    )
    run = request_run(cycle=matching_cycle, by=coordinator)
    run.refresh_from_db()
    assert run.matched == 0
    assert run.unmatched[0]["reason"]["code"] == "no_eligible_mentor"


def test_people_named_in_the_avoid_list_are_not_paired(matching_cycle: Cycle, coordinator: User) -> None:
    mentor = AcceptedMentorFactory(
        cycle=matching_cycle, user=UserFactory(first_name="Hélène", last_name="Côté")
    )
    AcceptedMenteeFactory(cycle=matching_cycle, people_to_avoid="Please not helene cote, my former boss")
    run = request_run(cycle=matching_cycle, by=coordinator)
    run.refresh_from_db()
    assert run.matched == 0
    assert mentor.proposals_as_mentor.count() == 0


def test_only_one_run_of_a_cycle_at_a_time(matching_cycle: Cycle, coordinator: User) -> None:
    MatchingRun.objects.create(cycle=matching_cycle, requested_by=coordinator, status="running")
    with pytest.raises(MatchingRefused, match="already under way"):
        request_run(cycle=matching_cycle, by=coordinator)


def test_a_queued_run_that_was_already_taken_is_not_run_twice(
    matching_cycle: Cycle, coordinator: User
) -> None:
    run = MatchingRun.objects.create(
        cycle=matching_cycle, requested_by=coordinator, status="succeeded", progress=100
    )
    execute_run(run_id=run.pk)
    assert not Proposal.objects.exists()


def test_swapping_shows_the_effect_then_replaces_the_proposal(
    matching_cycle: Cycle, coordinator: User
) -> None:
    mentee = AcceptedMenteeFactory(cycle=matching_cycle)
    first = AcceptedMentorFactory(cycle=matching_cycle, capacity=1)
    second = AcceptedMentorFactory(cycle=matching_cycle, capacity=1, region="NU", languages=["fr", "iu"])
    request_run(cycle=matching_cycle, by=coordinator)
    proposal = Proposal.objects.get(mentee=mentee)
    other = second if proposal.mentor == first else first

    preview = preview_swap(proposal=proposal, mentor=other)
    assert preview.allowed is True
    assert preview.score_change == preview.score - proposal.score
    assert (preview.new_mentor_load, preview.new_mentor_capacity) == (0, 1)

    swapped = swap_mentor(proposal=proposal, mentor=other, by=coordinator)
    proposal.refresh_from_db()
    assert proposal.status == "superseded"
    assert (swapped.mentor, swapped.status, swapped.score) == (other, "proposed", preview.score)
    assert swapped.events.get().details["from_mentor"] == proposal.mentor_id


def test_a_swap_that_breaks_a_hard_rule_is_refused(matching_cycle: Cycle, coordinator: User) -> None:
    mentee = AcceptedMenteeFactory(cycle=matching_cycle, languages=["fr"])
    AcceptedMentorFactory(cycle=matching_cycle, languages=["fr"])
    english = AcceptedMentorFactory(cycle=matching_cycle, languages=["en"])
    request_run(cycle=matching_cycle, by=coordinator)
    proposal = Proposal.objects.get(mentee=mentee)
    assert preview_swap(proposal=proposal, mentor=english).violations == [
        {"code": "no_shared_language", "params": {}}
    ]
    with pytest.raises(MatchingRefused, match="A rule of the program forbids this pair"):
        swap_mentor(proposal=proposal, mentor=english, by=coordinator)
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


def test_declined_mentors_are_not_in_the_pool(matching_cycle: Cycle, coordinator: User) -> None:
    AcceptedMentorFactory(cycle=matching_cycle, status=Application.Status.DECLINED)
    AcceptedMenteeFactory(cycle=matching_cycle)
    run = request_run(cycle=matching_cycle, by=coordinator)
    run.refresh_from_db()
    assert (run.mentors_considered, run.matched) == (0, 0)
