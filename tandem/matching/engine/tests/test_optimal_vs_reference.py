"""The optimal mode equals an independent exact solver on random small pools, and proves it."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.matching.engine import Instance, Mentee, Mentor, Rules, Scorer, Weights, solve, verify_certificate
from tandem.matching.engine.stable import blocking_pairs, build_preferences, deferred_acceptance

from .helpers import assert_rules_hold, reference_optimum, score_matrix

TOPICS = ["leadership", "networking", "finance", "policy", "coding"]
WORDS = [
    "gestion",
    "équipe",
    "leadership",
    "budget",
    "data",
    "santé",
    "policy",
    "software",
    "mentor",
    "growth",
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def people(draw, kind: str, n: int, other: int) -> list:
    out = []
    for i in range(n):
        kw = {
            "id": f"{kind}{i}",
            "topics": tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))),
            "industry": draw(st.sampled_from([None, "health", "tech"])),
            "expertise": tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))),
            "region": draw(st.sampled_from([None, "QC", "ON"])),
            "languages": tuple(draw(st.lists(st.sampled_from(["en", "fr"]), max_size=2, unique=True))),
            "years_experience": draw(st.one_of(st.none(), st.integers(0, 30))),
            "employer": draw(st.sampled_from([None, "A", "B"])),
            "text": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))),
            "avoid": tuple(
                f"{'e' if kind == 'r' else 'r'}{j}" for j in draw(st.sets(st.integers(0, other), max_size=1))
            ),
            "virtual": draw(st.booleans()),
        }
        if kind == "r":
            out.append(Mentor(capacity=draw(st.integers(0, 3)), **kw))
        else:
            kw["preferred"] = tuple(f"r{j}" for j in draw(st.sets(st.integers(0, other), max_size=1)))
            out.append(Mentee(**kw))
    return out


@st.composite
def instances(draw) -> Instance:
    n_r = draw(st.integers(1, 6))
    n_e = draw(st.integers(1, 9))
    mentors = draw(people("r", n_r, n_e))
    mentees = draw(people("e", n_e, n_r))
    rules = Rules(
        min_score=draw(st.sampled_from([0, 0, 20, 40])),
        same_employer=draw(st.sampled_from(["allow", "forbid"])),
        stable_list_length=draw(st.integers(1, 4)),
    )
    pair = st.tuples(st.integers(0, n_e - 1), st.integers(0, n_r - 1))
    blocked = [(f"e{a}", f"r{b}") for a, b in draw(st.lists(pair, max_size=3, unique=True))]
    ended = [(f"e{a}", f"r{b}") for a, b in draw(st.lists(pair, max_size=2, unique=True))]
    inst = Instance(mentors, mentees, Weights(), rules, blocked=blocked, ended=ended)
    if draw(st.booleans()):
        # Explicit-pairs mode: a random complete list of allowed pairs with scores.
        listed = draw(st.lists(pair, max_size=n_e * n_r, unique=True))
        inst.pairs = [(f"e{a}", f"r{b}", draw(st.integers(0, 100))) for a, b in listed]
    # Locks: drawn among allowed pairs, within capacity, one per mentee.
    s = score_matrix(Scorer(inst))
    cap = np.array([m.capacity for m in mentors])
    for e, r in draw(st.lists(pair, max_size=2, unique=True)):
        if s[e, r] >= 0 and cap[r] > 0 and all(f"e{e}" != a for a, _ in inst.locked):
            inst.locked.append((f"e{e}", f"r{r}"))
            cap[r] -= 1
    return inst


@SETTINGS
@given(instances(), st.sampled_from([1, 2, 20]))
def test_optimal_equals_linear_sum_assignment_and_is_certified(inst: Instance, k: int) -> None:
    result = solve(inst, k=k)
    matched, total = reference_optimum(inst)
    assert (result.matched, result.total_score) == (matched, total)
    assert result.optimal is True
    assert verify_certificate(inst, result) == []
    assert_rules_hold(inst, result)


@SETTINGS
@given(instances())
def test_stable_mode_has_no_blocking_pair_over_the_lists(inst: Instance) -> None:
    result = solve(inst, mode="stable")
    assert result.stable is True
    assert result.optimal is False
    assert_rules_hold(inst, result)
    # Brute force: rebuild the lists and look for a pair both sides would rather have.
    scorer = Scorer(inst)
    s = score_matrix(scorer)
    mine = {p.mentee: p.mentor for p in result.pairs if not p.locked}
    cap = {m.id: m.capacity - sum(1 for _, r in inst.locked if r == m.id) for m in inst.mentors}
    holders: dict[str, list[str]] = {}
    for e, r in mine.items():
        holders.setdefault(r, []).append(e)
    locked = {e for e, _ in inst.locked}
    n = inst.rules.stable_list_length
    for me in inst.mentees:
        if me.id in locked:
            continue
        e = scorer.mentee_index[me.id]
        ranked = sorted((j for j in range(scorer.n_r) if s[e, j] >= 0), key=lambda j: (-s[e, j], j))[:n]
        for j in ranked:
            rid = inst.mentors[j].id
            if mine.get(me.id) == rid:
                break
            held = holders.get(rid, [])
            if len(held) < cap[rid]:
                raise AssertionError(f"{me.id} and {rid} block: free place")

            def key(eid: str, j: int = j) -> tuple[int, int]:
                i = scorer.mentee_index[eid]
                return (-int(s[i, j]), i)

            assert all(key(me.id) > key(h) for h in held), f"{me.id} and {rid} block"


def test_blocking_pair_check_detects_an_unstable_matching() -> None:
    inst = Instance(
        [Mentor("r0", 1, topics=("a",)), Mentor("r1", 1)],
        [Mentee("e0", topics=("a",)), Mentee("e1")],
    )
    scorer = Scorer(inst)
    active = np.ones(2, dtype=bool)
    e, r = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    prefs = build_preferences(scorer, active, e, r, scorer.score_pairs(e, r), 2)
    held = deferred_acceptance(prefs, 2, scorer.capacity)
    assert len(blocking_pairs(prefs, held, scorer.capacity)) == 0
    swapped = np.array(
        [
            int(np.flatnonzero((prefs.e == 0) & (prefs.r == 1))[0]),
            int(np.flatnonzero((prefs.e == 1) & (prefs.r == 0))[0]),
        ]
    )
    assert len(blocking_pairs(prefs, swapped, scorer.capacity)) == 1
