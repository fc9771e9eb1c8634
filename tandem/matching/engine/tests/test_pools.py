"""Realistic synthetic pools: pruning never costs optimality, and the engine stays Django-free."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tandem.matching.engine import Instance, Mentee, Mentor, Scorer, explain_pair, solve, verify_certificate
from tandem.matching.engine.synthetic import synthetic_instance

from .helpers import reference_optimum


def test_pruned_candidates_reach_the_same_optimum_as_the_exact_reference() -> None:
    inst = synthetic_instance(300, 110, seed=7)
    scorer = Scorer(inst)
    tight = solve(inst, scorer=scorer, k=1)  # one candidate per mentee: pricing must find the rest
    assert tight.stats["iterations"] > 1
    assert (tight.matched, tight.total_score) == reference_optimum(inst)
    assert verify_certificate(scorer, tight) == []


def test_listed_pairs_held_back_from_the_first_flow_are_priced_back_in() -> None:
    # Every mentee lists the same six popular mentors first (one place each), then six of their own.
    # The first flow only sees each mentee's better half, so it can match six mentees; the reserve
    # check must bring the other pairs back and re-solve to match everyone.
    popular = [Mentor(f"p{j}", 1) for j in range(6)]
    own = [Mentor(f"o{i}_{j}", 1) for i in range(12) for j in range(6)]
    mentees = [Mentee(f"e{i}") for i in range(12)]
    pairs = [(f"e{i}", f"p{j}", 90 - j) for i in range(12) for j in range(6)]
    pairs += [(f"e{i}", f"o{i}_{j}", 40 - j) for i in range(12) for j in range(6)]
    inst = Instance(popular + own, mentees, pairs=pairs)
    result = solve(inst)
    assert result.stats["trace"][0][0] == 6  # the first flow matched six mentees
    assert result.stats["iterations"] > 1
    assert (result.matched, result.total_score) == (12, 6 * 90 - 15 + 6 * 40) == reference_optimum(inst)
    assert result.optimal is True
    assert verify_certificate(inst, result) == []


def test_explicit_pool_of_a_thousand_mentees_equals_the_exact_reference() -> None:
    rng = np.random.default_rng(3)
    n_e, n_r = 1000, 350
    e = np.repeat(np.arange(n_e), 20)
    key = np.unique(e * n_r + rng.integers(0, n_r, len(e)))
    mentors = [Mentor(f"r{j}", int(c)) for j, c in enumerate(rng.choice([1, 2, 3], n_r))]
    mentees = [Mentee(f"e{i}") for i in range(n_e)]
    pairs = [
        (f"e{k // n_r}", f"r{k % n_r}", int(s))
        for k, s in zip(key, rng.integers(0, 101, len(key)), strict=True)
    ]
    inst = Instance(mentors, mentees, pairs=pairs)
    result = solve(inst)
    assert (result.matched, result.total_score) == reference_optimum(inst)
    assert result.optimal is True
    assert verify_certificate(inst, result) == []


def test_unmatched_mentees_have_every_eligible_mentor_full() -> None:
    inst = synthetic_instance(400, 100, seed=2)
    result = solve(inst)
    full = {r for r, (load, cap) in result.loads.items() if load == cap}
    scorer = Scorer(inst)
    for u in result.unmatched[:25]:
        eligible = [m.id for m in inst.mentors if explain_pair(scorer, u.mentee, m.id).allowed]
        if u.reason.code == "no_eligible_mentor":
            assert eligible == []
        else:
            assert u.reason.params["eligible"] == len(eligible)
            assert set(eligible) <= full


def test_engine_imports_nothing_from_django() -> None:
    code = (
        "import sys, tandem.matching.engine, tandem.matching.engine.cli, tandem.matching.engine.bench; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.slow
def test_20000_mentee_pool_is_proven_optimal_over_every_pair() -> None:
    inst = synthetic_instance(20_000, 7_000, seed=1)
    scorer = Scorer(inst)
    result = solve(inst, scorer=scorer)
    assert result.optimal is True
    assert verify_certificate(scorer, result) == []
    stable = solve(inst, mode="stable", scorer=scorer)
    assert stable.stable is True
    assert stable.matched <= result.matched
