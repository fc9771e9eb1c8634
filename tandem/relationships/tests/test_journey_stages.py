"""Stages 7 to 9 of the journey follow the relationship (an addition to applications/journey.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from tandem.applications.journey import CycleProgress, StageState, compute_stages
from tandem.core.models import Stage
from tandem.relationships.models import Relationship


def states(relationship_status: str) -> dict[Stage, StageState]:
    progress = CycleProgress(
        self_assessed=True, application_status="accepted", relationship_status=relationship_status
    )
    return {standing.stage: standing.state for standing in compute_stages(progress)}


@pytest.mark.parametrize(
    ("status", "current"),
    [
        ("introduced", Stage.FIRST_MEETING),
        ("active", Stage.FOLLOW_UP),
        ("extended", Stage.FOLLOW_UP),
        ("completed", Stage.EVALUATION),
        ("ended_early", Stage.EVALUATION),
    ],
)
def test_the_current_stage_follows_the_relationship(status: str, current: Stage) -> None:
    result = states(status)
    assert [stage for stage, state in result.items() if state == StageState.CURRENT] == [current]
    assert all(result[stage] == StageState.DONE for stage in Stage if stage < current)


def test_without_a_relationship_the_journey_stops_at_orientation() -> None:
    progress = CycleProgress(self_assessed=True, application_status="accepted")
    result = {standing.stage: standing.state for standing in compute_stages(progress)}
    assert result[Stage.ORIENTATION] == StageState.CURRENT
    assert result[Stage.FIRST_MEETING] == StageState.UPCOMING


def test_the_journey_links_each_participant_to_the_pair_workspace(pair: Relationship, client: Client) -> None:
    workspace = reverse("relationships:home", args=[pair.pk])
    for person in pair.participants():
        client.force_login(person)
        body = client.get(reverse("applications:journey")).content.decode()
        assert workspace in body
        assert "Sign your agreement and the confidentiality commitment together" in body


def test_a_mentor_with_two_mentees_is_sent_to_the_list_of_workspaces(
    pair: Relationship, client: Client
) -> None:
    from tandem.applications.models import Application, Role
    from tandem.testing.factories import ApplicationFactory, RelationshipFactory, UserFactory

    second_mentee = ApplicationFactory(
        cycle=pair.cycle, user=UserFactory(), role=Role.MENTEE, status=Application.Status.ACCEPTED
    )
    RelationshipFactory(cycle=pair.cycle, mentor=pair.mentor, mentee=second_mentee, status="completed")
    client.force_login(pair.mentor.user)
    body = client.get(reverse("applications:journey")).content.decode()
    assert reverse("relationships:mine") in body
    # One pair is still open: the mentor is still at the first meeting of that one.
    assert "Sign your agreement and the confidentiality commitment together" in body
