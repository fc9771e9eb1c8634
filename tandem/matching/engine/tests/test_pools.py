"""Realistic synthetic pools: pruning never costs optimality, and the engine stays Django-free."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tandem.matching.engine import Scorer, explain_pair, solve, verify_certificate
from tandem.matching.engine.synthetic import synthetic_instance

from .helpers import reference_optimum


def test_pruned_candidates_reach_the_same_optimum_as_the_exact_reference() -> None:
    inst = synthetic_instance(300, 110, seed=7)
    scorer = Scorer(inst)
    tight = solve(inst, scorer=scorer, k=1)  # one candidate per mentee: pricing must find the rest
    assert tight.stats["iterations"] > 1
    assert (tight.matched, tight.total_score) == reference_optimum(inst)
    assert verify_certificate(scorer, tight) == []


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
