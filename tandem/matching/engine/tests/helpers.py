"""Independent reference solvers and checks used by the tests."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from tandem.matching.engine import Instance, Result, Scorer


def score_matrix(scorer: Scorer) -> np.ndarray:
    """Every pair's score (-1 = not allowed), one pair at a time."""
    e, r = np.meshgrid(np.arange(scorer.n_e), np.arange(scorer.n_r), indexing="ij")
    return scorer.score_pairs(e.ravel(), r.ravel()).reshape(scorer.n_e, scorer.n_r)


def reference_optimum(instance: Instance) -> tuple[int, int]:
    """(matched, total score) by scipy's linear_sum_assignment on the capacity-expanded matrix.

    Locked pairs are counted as given; their mentees leave and their mentors lose one place each.
    Allowed slots weigh score + B, forbidden ones 0 (the same as leaving the mentee unmatched),
    with B larger than any total score so that the count comes first.
    """
    scorer = Scorer(instance)
    s = score_matrix(scorer)
    cap = scorer.capacity.copy()
    locked_e = set()
    matched = total = 0
    for eid, rid in instance.locked:
        e, r = scorer.mentee_index[eid], scorer.mentor_index[rid]
        locked_e.add(e)
        cap[r] -= 1
        matched += 1
        total += int(s[e, r])
    rows = [e for e in range(scorer.n_e) if e not in locked_e]
    cols = np.repeat(np.arange(scorer.n_r), np.maximum(cap, 0))
    if not rows or len(cols) == 0:
        return matched, total
    w = s[np.ix_(rows, cols)].astype(np.float64)
    big = 100.0 * (len(rows) + 1) * 100 + 1
    ri, ci = linear_sum_assignment(np.where(w >= 0, w + big, 0.0), maximize=True)
    ok = w[ri, ci] >= 0
    return matched + int(ok.sum()), total + int(w[ri, ci][ok].sum())


def assert_rules_hold(instance: Instance, result: Result) -> None:
    """Every hard rule, checked from the instance itself (not from the scorer's exclusion lists)."""
    mentors = {m.id: m for m in instance.mentors}
    mentees = {m.id: m for m in instance.mentees}
    scorer = Scorer(instance)
    load: dict[str, int] = {}
    seen: set[str] = set()
    blocked = {tuple(p) for p in instance.blocked}
    ended = {tuple(p) for p in instance.ended}
    for p in result.pairs:
        e, r = mentees[p.mentee], mentors[p.mentor]
        assert p.mentee not in seen, "a mentee has two mentors"
        seen.add(p.mentee)
        load[r.id] = load.get(r.id, 0) + 1
        assert e.id != r.id, "a person mentors themselves"
        if instance.rules.require_shared_language and e.languages and r.languages:
            assert set(e.languages) & set(r.languages), "no shared language"
        if instance.rules.same_employer == "forbid" and e.employer:
            assert e.employer != r.employer, "same employer"
        assert r.id not in e.avoid, "mentee's avoid list ignored"
        assert e.id not in r.avoid, "mentor's avoid list ignored"
        assert r.id not in e.reports_to, "reporting line ignored"
        assert e.id not in r.reports_to, "reporting line ignored"
        assert (e.id, r.id) not in blocked, "blocked pair"
        assert (e.id, r.id) not in ended, "ended pair"
        assert p.score >= instance.rules.min_score or p.locked, "below minimum score"
        real = scorer.breakdown(e.id, r.id)
        assert real.score == p.score
    for rid, n in load.items():
        assert n <= mentors[rid].capacity, "capacity exceeded"
    for eid, rid in instance.locked:
        assert any(p.mentee == eid and p.mentor == rid and p.locked for p in result.pairs), "lock ignored"
