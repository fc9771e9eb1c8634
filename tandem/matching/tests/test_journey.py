"""Stages 5 and 6 of the participant's journey follow matching and introductions."""

from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.journey import (
    CycleProgress,
    MatchingProgress,
    MatchingState,
    StageState,
    compute_stages,
)
from tandem.core.models import Stage
from tandem.matching.services import answer_introduction, approve_proposals, introduce
from tandem.matching.tests.factories import AcceptedMenteeFactory, ProposalFactory
from tandem.programs.models import Cycle


def states(progress: CycleProgress) -> dict[Stage, StageState]:
    return {standing.stage: standing.state for standing in compute_stages(progress)}


def test_an_introduction_makes_stage_6_current_with_a_link() -> None:
    progress = CycleProgress(
        self_assessed=True,
        application_status="accepted",
        matching=MatchingProgress(state=MatchingState.INTRODUCED, link="/en/matching/introductions/7/"),
    )
    standings = {s.stage: s for s in compute_stages(progress)}
    assert standings[Stage.ORIENTATION].state == StageState.DONE
    assert standings[Stage.MATCHING].state == StageState.DONE
    assert standings[Stage.INTRODUCTION].state == StageState.CURRENT
    assert standings[Stage.INTRODUCTION].link == "/en/matching/introductions/7/"


def test_agreeing_moves_the_journey_to_the_first_formal_meeting() -> None:
    progress = CycleProgress(
        application_status="accepted", matching=MatchingProgress(state=MatchingState.AGREED)
    )
    result = states(progress)
    assert (result[Stage.INTRODUCTION], result[Stage.FIRST_MEETING]) == (StageState.DONE, StageState.CURRENT)


def test_matching_never_shows_for_an_application_that_is_not_accepted() -> None:
    progress = CycleProgress(
        application_status="waitlisted", matching=MatchingProgress(state=MatchingState.AGREED)
    )
    assert states(progress)[Stage.MATCHING] == StageState.UPCOMING


def test_the_journey_page_links_each_person_to_their_introduction(
    client: Client, cycle: Cycle, coordinator: User
) -> None:
    proposal = ProposalFactory(cycle=cycle, mentee=AcceptedMenteeFactory(cycle=cycle))
    approve_proposals(proposals=[proposal], by=coordinator)
    introduce(cycle=cycle, by=coordinator)
    link = reverse("introductions:detail", kwargs={"pk": proposal.pk})
    client.force_login(proposal.mentee.user)
    page = client.get(reverse("applications:journey")).content.decode()
    assert f'<a href="{link}">See my introduction</a>' in page
    assert "Meet the person proposed to you" in page

    proposal.refresh_from_db()
    answer_introduction(proposal=proposal, user=proposal.mentee.user, answer="start")
    assert (
        "We are waiting for the other person" in client.get(reverse("applications:journey")).content.decode()
    )
