"""Hard rules, explanations and output shape, on small hand-made pools."""

from __future__ import annotations

import pytest

from tandem.matching.engine import (
    Instance,
    InstanceError,
    Mentee,
    Mentor,
    Rules,
    Weights,
    explain_pair,
    render,
    solve,
    verify_certificate,
)


def pool(**kw) -> Instance:
    mentors = kw.pop(
        "mentors", [Mentor("r1", 1, topics=("leadership",)), Mentor("r2", 1, topics=("finance",))]
    )
    mentees = kw.pop("mentees", [Mentee("e1", topics=("leadership",)), Mentee("e2", topics=("finance",))])
    return Instance(mentors, mentees, **kw)


def matching(result) -> dict[str, str]:
    return {p.mentee: p.mentor for p in result.pairs}


def test_mentor_never_exceeds_capacity() -> None:
    inst = pool(
        mentors=[Mentor("r1", 2, topics=("leadership",))],
        mentees=[Mentee(f"e{i}", topics=("leadership",)) for i in range(5)],
    )
    result = solve(inst)
    assert result.matched == 2
    assert result.loads["r1"] == (2, 2)
    assert sorted(u.reason.code for u in result.unmatched) == ["all_eligible_full"] * 3
    assert all(u.reason.params == {"eligible": 1} for u in result.unmatched)


def test_most_mentees_matched_beats_a_higher_total_score() -> None:
    # e1 fits r1 best, but giving r1 to e2 (its only option) matches both.
    inst = pool(
        mentors=[
            Mentor("r1", 1, topics=("leadership",), languages=("en",)),
            Mentor("r2", 1, languages=("en",)),
        ],
        mentees=[
            Mentee("e1", topics=("leadership",), languages=("en",)),
            Mentee("e2", topics=("leadership",), languages=("fr", "en")),
        ],
        blocked=[("e2", "r2")],
    )
    result = solve(inst)
    assert matching(result) == {"e1": "r2", "e2": "r1"}
    assert result.optimal is True


def test_never_oneself_and_shared_language_required() -> None:
    inst = pool(
        mentors=[Mentor("same", 1, languages=("fr",)), Mentor("r2", 1, languages=("en",))],
        mentees=[Mentee("same", languages=("fr",)), Mentee("e2", languages=("de",))],
    )
    result = solve(inst)
    assert result.matched == 0
    assert {u.mentee: u.reason.code for u in result.unmatched} == {
        "same": "no_eligible_mentor",
        "e2": "no_eligible_mentor",
    }
    assert [v.code for v in explain_pair(inst, "same", "same").violations] == ["self_pair"]
    assert [v.code for v in explain_pair(inst, "e2", "r2").violations] == ["no_shared_language"]


@pytest.mark.parametrize(
    ("mentor_kw", "mentee_kw", "extra", "code"),
    [
        (
            {"employer": "ACME"},
            {"employer": "ACME"},
            {"rules": Rules(same_employer="forbid")},
            "same_employer",
        ),
        ({}, {"avoid": ("r1",)}, {}, "avoided_by_mentee"),
        ({"avoid": ("e1",)}, {}, {}, "avoided_by_mentor"),
        ({"reports_to": ("e1",)}, {}, {}, "reporting_line"),
        ({}, {"reports_to": ("r1",)}, {}, "reporting_line"),
        ({}, {}, {"ended": [("e1", "r1")]}, "ended_pair"),
        ({}, {}, {"blocked": [("e1", "r1")]}, "blocked"),
        ({}, {}, {"rules": Rules(min_score=90)}, "below_min_score"),
    ],
)
def test_a_pair_breaking_a_hard_rule_is_never_made(mentor_kw, mentee_kw, extra, code) -> None:
    inst = Instance(
        [Mentor("r1", 1, topics=("x",), **mentor_kw)], [Mentee("e1", topics=("x",), **mentee_kw)], **extra
    )
    result = solve(inst)
    assert result.matched == 0
    assert result.unmatched[0].reason.code == "no_eligible_mentor"
    assert [v.code for v in explain_pair(inst, "e1", "r1").violations] == [code]


def test_same_employer_is_allowed_by_default() -> None:
    inst = Instance([Mentor("r1", 1, employer="ACME")], [Mentee("e1", employer="ACME")])
    assert solve(inst).matched == 1


def test_coordinator_lock_is_kept_and_takes_a_place() -> None:
    inst = pool(
        mentors=[Mentor("r1", 1, topics=("leadership",)), Mentor("r2", 1)],
        mentees=[Mentee("e1", topics=("leadership",)), Mentee("e2", topics=("leadership",))],
        locked=[("e2", "r1")],
    )
    result = solve(inst)
    assert matching(result) == {"e1": "r2", "e2": "r1"}
    locked = next(p for p in result.pairs if p.mentee == "e2")
    assert locked.locked is True
    assert locked.reasons[0].code == "locked"
    assert set(result.certificate.u) == {"e1"}
    assert result.certificate.capacity == {"r1": 0, "r2": 1}
    assert verify_certificate(inst, result) == []


@pytest.mark.parametrize(
    ("locked", "message"),
    [
        ([("e1", "r9")], "locked: unknown mentor id 'r9'"),
        ([("e1", "r1"), ("e1", "r2")], "locked: mentee 'e1' is locked to more than one mentor"),
        ([("e1", "r1"), ("e2", "r1")], "locked: mentor 'r1' is locked to more mentees than its capacity"),
    ],
)
def test_bad_locks_are_rejected(locked, message) -> None:
    with pytest.raises(InstanceError, match=message):
        solve(pool(locked=locked))


def test_locked_pair_that_breaks_a_rule_is_rejected() -> None:
    with pytest.raises(
        InstanceError, match=r"locked pair \(e1, r1\) breaks a rule: blocked by a coordinator"
    ):
        solve(pool(locked=[("e1", "r1")], blocked=[("e1", "r1")]))


def test_preferred_mentor_gets_the_bonus_and_says_so() -> None:
    inst = pool(
        mentees=[Mentee("e1", topics=("leadership",), preferred=("r2",))],
        mentors=[Mentor("r1", 1), Mentor("r2", 1)],
    )
    plain = explain_pair(inst, "e1", "r1")
    named = explain_pair(inst, "e1", "r2")
    assert named.score == plain.score + 10
    assert named.contributions["preferred"] == 10.0
    assert solve(inst).pairs[0].reasons[0].code == "preferred"


def test_breakdown_adds_up_to_the_score() -> None:
    inst = pool(
        mentors=[
            Mentor(
                "r1",
                1,
                topics=("a", "b"),
                industry="health",
                expertise=("x",),
                region="QC",
                years_experience=20,
                text="clinical nursing leadership",
            )
        ],
        mentees=[
            Mentee(
                "e1",
                topics=("a", "c"),
                industry="health",
                expertise=("x", "y"),
                region="ON",
                years_experience=5,
                text="nursing leadership goals",
            )
        ],
    )
    b = explain_pair(inst, "e1", "r1")
    assert b.allowed is True
    assert b.contributions["topics"] == 12.5  # 1 of 2 topics, weight 25
    assert b.contributions["industry"] == 10.0
    assert b.contributions["expertise"] == 10.0
    assert b.contributions["region"] == 5.0  # different regions, both meet virtually: half the points
    assert b.score == int(sum(b.contributions.values()) + 0.5)


def test_reasons_render_in_french() -> None:
    inst = pool(
        mentees=[Mentee("e1", topics=("leadership",), region="QC")],
        mentors=[Mentor("r1", 1, topics=("leadership",), region="QC")],
    )
    result = solve(inst, lang="fr")
    texts = [render(r, "fr") for r in result.pairs[0].reasons]
    assert texts == ["partage 1 des 1 sujets du mentoré (leadership)", "même région (QC)"]
    assert result.lang == "fr"


def test_alternatives_are_the_next_three_by_score_with_free_capacity() -> None:
    mentors = [Mentor(f"r{i}", 1 if i else 2, topics=tuple("abcd"[: 4 - i])) for i in range(5)]
    # Text off: the remaining weights (75) are rescaled to 100, so topics weigh 33.3 points and the
    # virtual-region half credit 6.7 points.
    inst = Instance(mentors, [Mentee("e1", topics=tuple("abcd"))], Weights(text=0))
    result = solve(inst)
    assert matching(result) == {"e1": "r0"}
    assert [(a.mentor, a.score, a.free_capacity) for a in result.alternatives["e1"]] == [
        ("r1", 32, 1),
        ("r2", 23, 1),
        ("r3", 15, 1),
    ]


def test_explicit_pairs_mode_uses_the_listed_scores_only() -> None:
    inst = Instance(
        [Mentor("r1", 1), Mentor("r2", 1)],
        [Mentee("e1"), Mentee("e2")],
        pairs=[("e1", "r1", 90), ("e1", "r2", 80), ("e2", "r1", 70)],
    )
    result = solve(inst)
    assert matching(result) == {"e1": "r2", "e2": "r1"}
    assert result.total_score == 150
    assert result.pairs[0].reasons[0].code == "listed_score"
    assert [v.code for v in explain_pair(inst, "e2", "r2").violations] == ["not_listed"]


@pytest.mark.parametrize(
    ("inst", "message"),
    [
        (Instance([Mentor("r1")], [Mentee("e1")], rules=Rules(same_employer="never")), "rules.same_employer"),
        (
            Instance([Mentor("r1")], [Mentee("e1")], weights=Weights(topics=-1)),
            "weights.topics must not be negative",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], blocked=[("e1", "nobody")]),
            "blocked: unknown mentor id 'nobody'",
        ),
        (Instance([Mentor("r1", -1)], [Mentee("e1")]), "capacity must not be negative"),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e1", "r9", 50)]),
            "pairs: unknown mentor id 'r9'",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e9", "r1", 50)]),
            "pairs: unknown mentee id 'e9'",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e1", "r1", 50), ("e1", "r1", 60)]),
            r"pairs: duplicate pair \(e1, r1\)",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e1", "r1", -5)]),
            r"pairs: score of \(e1, r1\) must not be negative",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e1", "r1", 10_001)]),
            r"pairs: score of \(e1, r1\) must be at most 10000",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e1", "r1")]),
            r"pairs: each pair must be \[mentee id, mentor id, integer score\]",
        ),
        (
            Instance([Mentor("r1")], [Mentee("e1")], pairs=[("e1", "r1", "high")]),
            r"pairs: each pair must be \[mentee id, mentor id, integer score\]",
        ),
        (Instance([Mentor("r1"), Mentor("r1")], [Mentee("e1")]), "duplicate mentor id 'r1'"),
    ],
)
def test_python_api_rejects_bad_instances_like_the_cli(inst, message) -> None:
    with pytest.raises(InstanceError, match=message):
        solve(inst)
