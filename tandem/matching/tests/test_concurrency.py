"""Two coordinators approving at the same moment can never overfill a mentor or give a mentee two mentors.

These run on PostgreSQL (CI runs the suite there too): SQLite serialises writers on its own.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from tandem.accounts.models import User
from tandem.matching.models import Proposal
from tandem.matching.runs import swap_mentor
from tandem.matching.services import MatchingRefused, approve_proposals
from tandem.matching.tests.factories import AcceptedMenteeFactory, AcceptedMentorFactory
from tandem.programs.models import Cycle

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def race(first: Callable[[], None], second: Callable[[], None]) -> dict[str, object]:
    """Run `first` up to its commit, start `second` (which must wait on a lock), then let `first` commit."""
    if not connection.features.has_select_for_update:
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers on its own")
    first_done, first_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def run_first() -> None:
        with transaction.atomic():
            first()
            first_done.set()
            first_may_commit.wait(10)

    def run_second() -> None:
        try:
            second()
            outcome["second"] = "approved"
        except MatchingRefused as refusal:
            outcome["second"] = str(refusal)

    one = in_thread(run_first)
    assert first_done.wait(10)
    two = in_thread(run_second)
    two.join(0.5)
    outcome["second_waited"] = two.is_alive()
    first_may_commit.set()
    one.join(10)
    two.join(10)
    return outcome


def test_two_approvals_for_the_last_place_of_a_mentor_give_it_once(
    cycle: Cycle, coordinator: User, committee_member: User
) -> None:
    mentor = AcceptedMentorFactory(cycle=cycle, capacity=1)
    for_amira = Proposal.objects.create(
        cycle=cycle, mentee=AcceptedMenteeFactory(cycle=cycle), mentor=mentor, score=80
    )
    for_leo = Proposal.objects.create(
        cycle=cycle, mentee=AcceptedMenteeFactory(cycle=cycle), mentor=mentor, score=70
    )

    outcome = race(
        lambda: approve_proposals(proposals=[for_amira], by=coordinator),
        lambda: approve_proposals(proposals=[for_leo], by=coordinator),
    )

    assert outcome["second_waited"] is True
    assert outcome["second"].startswith(mentor.user.get_full_name())
    assert "already has 1" in outcome["second"]
    assert Proposal.objects.filter(mentor=mentor, status="approved").count() == 1


def test_a_swap_racing_an_approval_cannot_give_the_mentee_a_second_mentor(
    cycle: Cycle, coordinator: User
) -> None:
    cycle.status = Cycle.Status.MATCHING
    cycle.save()
    mentee = AcceptedMenteeFactory(cycle=cycle)
    first_mentor = AcceptedMentorFactory(cycle=cycle)
    other_mentor = AcceptedMentorFactory(cycle=cycle)
    proposal = Proposal.objects.create(cycle=cycle, mentee=mentee, mentor=first_mentor, score=80)

    outcome = race(
        lambda: approve_proposals(proposals=[proposal], by=coordinator),
        lambda: swap_mentor(proposal=proposal, mentor=other_mentor, by=coordinator),
    )

    assert outcome == {
        "second_waited": True,
        "second": "Only a proposal that is not yet approved can change mentor.",
    }
    assert list(Proposal.objects.filter(mentee=mentee).values_list("mentor", "status")) == [
        (first_mentor.pk, "approved")
    ]
