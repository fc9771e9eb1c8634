"""The stage computation is a pure function: each status of a participation maps to a clear standing."""

import pytest

from tandem.applications.journey import (
    CycleProgress,
    StageState,
    compute_stages,
    most_advanced_status,
)
from tandem.applications.models import Application
from tandem.core.models import Stage

Status = Application.Status


def states(progress: CycleProgress) -> list[StageState]:
    return [standing.state for standing in compute_stages(progress)]


def test_always_ten_stages_in_order() -> None:
    standings = compute_stages(CycleProgress())
    assert [standing.stage for standing in standings] == list(Stage)


def test_self_assessment_is_where_a_newcomer_starts() -> None:
    assert states(CycleProgress()) == [StageState.CURRENT] + [StageState.UPCOMING] * 9


def test_after_self_assessment_registration_is_current() -> None:
    standings = compute_stages(CycleProgress(self_assessed=True))
    assert [s.state for s in standings[:3]] == [StageState.DONE, StageState.CURRENT, StageState.UPCOMING]
    assert "apply" in str(standings[1].note)


def test_applying_without_self_assessment_shows_it_as_skipped() -> None:
    assert states(CycleProgress(application_status=Status.SUBMITTED))[:3] == [
        StageState.SKIPPED,
        StageState.DONE,
        StageState.CURRENT,
    ]


def test_submitted_application_is_in_screening() -> None:
    standings = compute_stages(CycleProgress(self_assessed=True, application_status=Status.SUBMITTED))
    assert standings[2].state == StageState.CURRENT
    assert "reviewing" in str(standings[2].note)
    assert all(s.state == StageState.UPCOMING for s in standings[3:])


def test_accepted_means_screening_done_and_orientation_current() -> None:
    assert states(CycleProgress(self_assessed=True, application_status=Status.ACCEPTED)) == [
        StageState.DONE,
        StageState.DONE,
        StageState.DONE,
        StageState.CURRENT,
        *[StageState.UPCOMING] * 6,
    ]


def test_waitlisted_stays_in_screening_and_says_what_it_means() -> None:
    standings = compute_stages(CycleProgress(application_status=Status.WAITLISTED))
    assert standings[2].state == StageState.CURRENT
    assert "waiting list" in str(standings[2].note)
    assert standings[3].state == StageState.UPCOMING


def test_declined_stops_at_screening_and_later_stages_will_not_take_place() -> None:
    standings = compute_stages(CycleProgress(application_status=Status.DECLINED))
    assert standings[2].state == StageState.STOPPED
    assert "not retained" in str(standings[2].note)
    assert all(s.state == StageState.NOT_APPLICABLE for s in standings[3:])


def test_withdrawn_stops_at_registration() -> None:
    standings = compute_stages(CycleProgress(self_assessed=True, application_status=Status.WITHDRAWN))
    assert standings[1].state == StageState.STOPPED
    assert "withdrew" in str(standings[1].note)
    assert all(s.state == StageState.NOT_APPLICABLE for s in standings[2:])


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], None),
        ([Status.WITHDRAWN, Status.SUBMITTED], Status.SUBMITTED),
        ([Status.DECLINED, Status.ACCEPTED], Status.ACCEPTED),
        ([Status.WAITLISTED, Status.SUBMITTED], Status.WAITLISTED),
        ([Status.WITHDRAWN, Status.DECLINED], Status.DECLINED),
    ],
)
def test_the_journey_follows_the_application_that_went_furthest(
    statuses: list[str], expected: str | None
) -> None:
    assert most_advanced_status(statuses) == expected


def test_every_state_has_a_text_label_not_only_a_colour() -> None:
    assert all(str(state.label) for state in StageState)
