"""Stable mode follows participants' own rankings when they give them."""

from __future__ import annotations

from tandem.matching.engine import Instance, Mentee, Mentor, Rules, solve


def test_mentee_ranking_beats_scores() -> None:
    inst = Instance(
        [Mentor("r1", 1, topics=("a",)), Mentor("r2", 1)],
        [Mentee("e1", topics=("a",), ranking=("r2", "r1"))],
    )
    result = solve(inst, mode="stable")
    assert [(p.mentee, p.mentor) for p in result.pairs] == [("e1", "r2")]
    assert result.stable is True


def test_mentor_ranking_decides_between_proposers_and_unlisted_are_unacceptable() -> None:
    inst = Instance(
        [Mentor("r1", 1, topics=("a",), ranking=("e2",))],
        [Mentee("e1", topics=("a",)), Mentee("e2")],
    )
    result = solve(inst, mode="stable")
    assert [(p.mentee, p.mentor) for p in result.pairs] == [("e2", "r1")]
    assert [(u.mentee, u.reason.code) for u in result.unmatched] == [("e1", "not_on_lists")]


def test_list_length_limits_the_acceptable_mentors() -> None:
    # e1 lists only its best mentor; when e2 takes it (r1 prefers e2), e1 stays unmatched.
    inst = Instance(
        [Mentor("r1", 1, topics=("a",), industry="x"), Mentor("r2", 1)],
        [Mentee("e1", topics=("a",)), Mentee("e2", topics=("a",), industry="x")],
        rules=Rules(stable_list_length=1),
    )
    result = solve(inst, mode="stable")
    assert {p.mentee: p.mentor for p in result.pairs} == {"e2": "r1"}
    assert result.stable is True
    assert solve(inst).matched == 2
