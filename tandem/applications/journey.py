"""Where a participant stands in the ten stages of a cycle.

A pure function of a small status record, with no database access: later issues (matching, the pair's
relationship, evaluation) extend `CycleProgress` with what they know and `compute_stages` with the rules of
their stages, and the rules stay testable without a database.
"""

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.applications.models import Application
from tandem.core.models import Stage

Status = Application.Status

# When a person applied in two roles, the journey follows the application that went furthest.
_STATUS_PRECEDENCE = (Status.ACCEPTED, Status.WAITLISTED, Status.SUBMITTED, Status.DECLINED, Status.WITHDRAWN)


class StageState(enum.StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"
    SKIPPED = "skipped"
    STOPPED = "stopped"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> Promise:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    StageState.DONE: _("Done"),
    StageState.CURRENT: _("Where you are now"),
    StageState.UPCOMING: _("Upcoming"),
    StageState.SKIPPED: _("Skipped (optional)"),
    StageState.STOPPED: _("Stopped here"),
    StageState.NOT_APPLICABLE: _("Will not take place"),
}


class MatchingState(enum.StrEnum):
    """Where the person stands in matching and introduction (stages 5 and 6), as the matching app knows it."""

    CHOOSE_MENTOR = "choose_mentor"  # self-selection: suggestions are open to this mentee
    REQUEST_PENDING = "request_pending"  # self-selection: waiting for the mentor asked
    INTRODUCED = "introduced"  # introduced; this person has not answered yet
    WAITING_FOR_OTHER = "waiting_for_other"  # introduced; answered, waiting for the other person
    NOT_A_FIT = "not_a_fit"  # the last introduction was not a fit: a rematch is coming
    AGREED = "agreed"  # both said "let's start": the relationship exists


@dataclass(frozen=True)
class MatchingProgress:
    state: MatchingState
    # Where the person acts on it (the introduction, the suggestions), when there is a page for that.
    link: str = ""


@dataclass(frozen=True)
class CycleProgress:
    """What is known of one person's participation in one cycle."""

    self_assessed: bool = False
    # The status of the person's most advanced application in the cycle, or None before applying.
    application_status: str | None = None
    matching: MatchingProgress | None = None
    # The status of the person's relationship in the cycle (tandem.relationships), or None before matching.
    relationship_status: str | None = None


@dataclass(frozen=True)
class StageStanding:
    stage: Stage
    state: StageState
    note: str | Promise = ""
    link: str = ""
    link_label: str | Promise = ""


def most_advanced_status(statuses: list[str]) -> str | None:
    for status in _STATUS_PRECEDENCE:
        if status in statuses:
            return status
    return None


def compute_stages(progress: CycleProgress) -> list[StageStanding]:
    """The ten stages, each done, current, upcoming, skipped, stopped or not applicable, with a short note."""
    states: dict[Stage, StageState] = dict.fromkeys(Stage, StageState.UPCOMING)
    notes: dict[Stage, str | Promise] = {}
    status = progress.application_status

    if progress.self_assessed:
        states[Stage.SELF_ASSESSMENT] = StageState.DONE
    elif status is None:
        states[Stage.SELF_ASSESSMENT] = StageState.CURRENT
    else:
        states[Stage.SELF_ASSESSMENT] = StageState.SKIPPED

    if status is None:
        if progress.self_assessed:
            states[Stage.REGISTRATION] = StageState.CURRENT
            notes[Stage.REGISTRATION] = _("You can now apply to this cycle.")
    elif status == Status.WITHDRAWN:
        states[Stage.REGISTRATION] = StageState.STOPPED
        notes[Stage.REGISTRATION] = _("You withdrew your application. The next stages will not take place.")
        _rest_not_applicable(states, after=Stage.REGISTRATION)
    else:
        states[Stage.REGISTRATION] = StageState.DONE
        _apply_screening(status, states, notes)

    links: dict[Stage, tuple[str, str | Promise]] = {}
    if status == Status.ACCEPTED and progress.matching is not None:
        _apply_matching(progress.matching, states, notes, links)
    # The relationship comes after matching and knows the later stages best: it has the last word.
    if status not in {None, Status.WITHDRAWN} and progress.relationship_status:
        _apply_relationship(progress.relationship_status, states, notes)

    return [
        StageStanding(
            stage=stage,
            state=states[stage],
            note=notes.get(stage, ""),
            link=links.get(stage, ("", ""))[0],
            link_label=links.get(stage, ("", ""))[1],
        )
        for stage in Stage
    ]


def _apply_matching(
    matching: MatchingProgress,
    states: dict[Stage, StageState],
    notes: dict[Stage, str | Promise],
    links: dict[Stage, tuple[str, str | Promise]],
) -> None:
    states[Stage.ORIENTATION] = StageState.DONE
    notes.pop(Stage.ORIENTATION, None)
    state = matching.state
    if state in {MatchingState.CHOOSE_MENTOR, MatchingState.REQUEST_PENDING, MatchingState.NOT_A_FIT}:
        states[Stage.MATCHING] = StageState.CURRENT
        notes[Stage.MATCHING] = {
            MatchingState.CHOOSE_MENTOR: _("Choose your mentor among the mentors suggested to you."),
            MatchingState.REQUEST_PENDING: _("You asked a mentor; they have a few days to answer."),
            MatchingState.NOT_A_FIT: _(
                "Your last introduction was not a fit. The program will propose another match."
            ),
        }[state]
        if matching.link:
            links[Stage.MATCHING] = (matching.link, _("See my suggested mentors"))
        return
    states[Stage.MATCHING] = StageState.DONE
    if state in {MatchingState.INTRODUCED, MatchingState.WAITING_FOR_OTHER}:
        states[Stage.INTRODUCTION] = StageState.CURRENT
        notes[Stage.INTRODUCTION] = (
            _("Meet the person proposed to you, then say whether you would like to start.")
            if state == MatchingState.INTRODUCED
            else _("Thank you for your answer. We are waiting for the other person's.")
        )
        if matching.link:
            links[Stage.INTRODUCTION] = (matching.link, _("See my introduction"))
        return
    states[Stage.INTRODUCTION] = StageState.DONE
    states[Stage.FIRST_MEETING] = StageState.CURRENT
    notes[Stage.FIRST_MEETING] = _(
        "You both agreed to start. At your first formal meeting, set your agreement, sign the confidentiality "
        "commitment and write your goals."
    )
    if matching.link:
        links[Stage.INTRODUCTION] = (matching.link, _("See my introduction"))


def _apply_screening(status: str, states: dict[Stage, StageState], notes: dict[Stage, str | Promise]) -> None:
    if status == Status.SUBMITTED:
        states[Stage.SCREENING] = StageState.CURRENT
        notes[Stage.SCREENING] = _("The program's coordinators are reviewing your application.")
    elif status == Status.WAITLISTED:
        states[Stage.SCREENING] = StageState.CURRENT
        notes[Stage.SCREENING] = _(
            "You are on the waiting list: if a place opens in this cycle, the coordinator will contact you."
        )
    elif status == Status.DECLINED:
        states[Stage.SCREENING] = StageState.STOPPED
        notes[Stage.SCREENING] = _(
            "Your application was not retained for this cycle. You are welcome to apply to a future cycle, "
            "and the coordinator can tell you more."
        )
        _rest_not_applicable(states, after=Stage.SCREENING)
    elif status == Status.ACCEPTED:
        states[Stage.SCREENING] = StageState.DONE
        notes[Stage.SCREENING] = _("Your application was accepted.")
        states[Stage.ORIENTATION] = StageState.CURRENT
        notes[Stage.ORIENTATION] = _("Read the program's resources below before matching.")


def _rest_not_applicable(states: dict[Stage, StageState], *, after: Stage) -> None:
    for stage in Stage:
        if stage > after:
            states[stage] = StageState.NOT_APPLICABLE


_RELATIONSHIP_OPEN = ("active", "extended")
_RELATIONSHIP_ENDED = ("completed", "ended_early")


def _apply_relationship(
    relationship_status: str, states: dict[Stage, StageState], notes: dict[Stage, str | Promise]
) -> None:
    """Stages 7 to 9 follow the pair's relationship (tandem.relationships.models.Relationship.Status)."""
    for stage in (Stage.ORIENTATION, Stage.MATCHING, Stage.INTRODUCTION):
        states[stage] = StageState.DONE
    notes.pop(Stage.ORIENTATION, None)
    if relationship_status == "introduced":
        states[Stage.FIRST_MEETING] = StageState.CURRENT
        notes[Stage.FIRST_MEETING] = _(
            "Sign your agreement and the confidentiality commitment together, and set your goals."
        )
        return
    states[Stage.FIRST_MEETING] = StageState.DONE
    if relationship_status in _RELATIONSHIP_OPEN:
        states[Stage.FOLLOW_UP] = StageState.CURRENT
        notes[Stage.FOLLOW_UP] = _("Meet at least monthly and log your meetings in your workspace.")
        return
    if relationship_status in _RELATIONSHIP_ENDED:
        states[Stage.FOLLOW_UP] = StageState.DONE
        states[Stage.END_OF_PAIRING] = StageState.DONE
        if relationship_status == "ended_early":
            notes[Stage.END_OF_PAIRING] = _("Your relationship ended early.")
        states[Stage.EVALUATION] = StageState.CURRENT
