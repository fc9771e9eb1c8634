"""Public entry points: :func:`solve`, :func:`explain_pair`, :func:`verify_certificate`."""

from __future__ import annotations

import gc
import time
from operator import attrgetter
from typing import Literal

import numpy as np

from .model import (
    Alternative,
    Assignment,
    Breakdown,
    Certificate,
    EngineError,
    Instance,
    InstanceError,
    Reason,
    Result,
    Unmatched,
)
from .reasons import LANGUAGES
from .scoring import Scorer, mentee_best_first
from .serialization import check_ids
from .solver import BLOCK_ELEMENTS, apply_locks, bonus_for, first_pass, parallel_map, solve_optimal
from .stable import blocking_pairs, build_preferences, deferred_acceptance

Mode = Literal["optimal", "stable"]


def solve(
    instance: Instance,
    mode: Mode = "optimal",
    lang: str = "en",
    *,
    scorer: Scorer | None = None,
    k: int = 20,
) -> Result:
    """Match the pool.

    ``optimal``: the most mentees matched, then the largest total score, over all allowed pairs,
    with a dual certificate (``result.optimal`` is True only when it verified).
    ``stable``: mentee-proposing deferred acceptance; ``result.stable`` is True when no blocking pair
    exists over the preference lists.
    """
    if mode not in ("optimal", "stable"):
        raise InstanceError(f"mode must be 'optimal' or 'stable', not {mode!r}")
    if lang not in LANGUAGES:
        raise InstanceError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    # The result holds hundreds of thousands of small objects and the instance may hold millions of
    # pair tuples; the cyclic garbage collector would rescan them all on every generation-2 pass
    # while we allocate, for nothing (we create no cycles). Pause it for the duration.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _solve(instance, mode, lang, scorer, k)
    finally:
        if was_enabled:
            gc.enable()


def _solve(instance: Instance, mode: Mode, lang: str, scorer: Scorer | None, k: int) -> Result:
    t0 = time.perf_counter()
    if scorer is None:
        check_ids(instance)
        scorer = Scorer(instance)
    t_score = time.perf_counter() - t0
    if mode == "optimal":
        sol = solve_optimal(scorer, instance, k=k)
        ce, cr, cs = sol.cand_e, sol.cand_r, sol.cand_s
        pick_e, pick_r, pick_s = ce[sol.chosen], cr[sol.chosen], cs[sol.chosen]
        locks, first, stats = sol.locks, sol.first, sol.stats
        active = ~locks.locked_mask
        cert = Certificate(
            bonus=sol.bonus,
            u={scorer.mentees[i].id: int(sol.u[i]) for i in np.flatnonzero(active).tolist()},
            v={r.id: int(x) for r, x in zip(scorer.mentors, sol.v.tolist(), strict=True)},
            capacity={
                r.id: int(x) for r, x in zip(scorer.mentors, locks.capacity_left.tolist(), strict=True)
            },
            matched=len(pick_e),
            total_score=int(pick_s.sum()),
        )
        stable_flag = None
    else:
        locks = apply_locks(instance, scorer)
        n_list = max(1, int(instance.rules.stable_list_length))
        first = first_pass(scorer, max(k, n_list, 4))
        active = ~locks.locked_mask
        prefs = build_preferences(scorer, active, first.cand_e, first.cand_r, first.cand_s, n_list)
        held = deferred_acceptance(prefs, scorer.n_e, locks.capacity_left)
        blocking = blocking_pairs(prefs, held, locks.capacity_left)
        sel = held[held >= 0]
        pick_e, pick_r, pick_s = prefs.e[sel], prefs.r[sel], prefs.score[sel]
        cert = None
        stable_flag = len(blocking) == 0
        stats = {"first_pass_s": round(first.seconds, 3), "blocking_pairs": len(blocking)}
    stats["scorer_s"] = round(t_score, 3)
    result = _assemble(scorer, mode, lang, locks, first, pick_e, pick_r, pick_s, cert, stable_flag, stats)
    if mode == "optimal":
        problems = _check_result_certificate(scorer, result, locks, first)
        if problems:
            raise EngineError("certificate did not verify: " + problems[0])
        result.optimal = True
    result.stats["total_s"] = round(time.perf_counter() - t0, 3)
    return result


def _assemble(scorer, mode, lang, locks, first, pick_e, pick_r, pick_s, cert, stable_flag, stats) -> Result:
    mentees, mentors = scorer.mentees, scorer.mentors
    all_e = np.concatenate([locks.mentee, pick_e]).astype(np.int64)
    all_r = np.concatenate([locks.mentor, pick_r]).astype(np.int64)
    all_s = np.concatenate([locks.score, pick_s]).astype(np.int64)
    is_locked = np.concatenate([np.ones(len(locks.mentee), bool), np.zeros(len(pick_e), bool)])
    order = np.argsort(all_e, kind="stable")
    all_e, all_r, all_s, is_locked = all_e[order], all_r[order], all_s[order], is_locked[order]
    reasons = scorer.reasons_many(all_e, all_r)
    mentee_ids = [m.id for m in mentees]
    mentor_ids = [m.id for m in mentors]
    pairs = [
        Assignment(mentee_ids[e], mentor_ids[r], s, [Reason("locked"), *rs] if lk else rs, lk)
        for e, r, s, lk, rs in zip(
            all_e.tolist(), all_r.tolist(), all_s.tolist(), is_locked.tolist(), reasons, strict=True
        )
    ]
    load = np.bincount(all_r, minlength=scorer.n_r)
    free = (scorer.capacity - load).tolist()
    assigned = np.full(scorer.n_e, -1, dtype=np.int64)
    assigned[all_e] = all_r
    # Next three eligible mentors per mentee: the first pass kept each mentee's true top-k.
    fe, fr, fs = first.cand_e, first.cand_r, first.cand_s
    keep = fr != assigned[fe]
    fe, fr, fs = fe[keep], fr[keep], fs[keep]
    o = mentee_best_first(fe, fr, fs, scorer.n_e, scorer.n_r, scorer.max_score)
    fe, fr, fs = fe[o], fr[o], fs[o]
    rank = np.arange(len(fe)) - np.searchsorted(fe, fe, side="left")
    sel = rank < 3
    fe, fr, fs = fe[sel], fr[sel], fs[sel]
    alts = [Alternative(mentor_ids[r], s, free[r]) for r, s in zip(fr.tolist(), fs.tolist(), strict=True)]
    # Boundaries of each mentee's run in the mentee-sorted arrays.
    starts = np.flatnonzero(np.r_[True, fe[1:] != fe[:-1]])[: len(fe)]
    ends = np.r_[starts[1:], len(fe)][: len(starts)]
    alternatives: dict[str, list[Alternative]] = {
        mentee_ids[e]: alts[a:b]
        for e, a, b in zip(fe[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)
    }
    unmatched = []
    for e in np.flatnonzero(assigned < 0).tolist():
        n = int(first.n_eligible[e])
        if n == 0:
            reason = Reason("no_eligible_mentor")
        elif mode == "optimal":
            # At an optimum an unmatched mentee's eligible mentors are all full (else one more match).
            reason = Reason("all_eligible_full", {"eligible": n})
        else:
            # Deferred acceptance only looks at preference lists, so free places may remain elsewhere.
            reason = Reason("not_on_lists", {"eligible": n})
        unmatched.append(Unmatched(mentees[e].id, reason))
    loads = {r.id: (n, r.capacity) for r, n in zip(mentors, load.tolist(), strict=True)}
    return Result(
        mode=mode,
        matched=len(all_e),
        total_score=int(all_s.sum()),
        optimal=False,
        pairs=pairs,
        alternatives=alternatives,
        unmatched=unmatched,
        loads=loads,
        stable=stable_flag,
        certificate=cert,
        stats=stats,
        lang=lang,
    )


def _check_result_certificate(scorer: Scorer, result: Result, locks, first) -> list[str]:
    """Cheap checks after solving: feasibility, the dual equality, and every first-pass candidate.

    Pairs outside the first pass's top-k score at most ``rest_max``; the solver's last pricing round
    re-scored every mentee whose potential did not already cover that bound (against every mentor
    cheap enough to matter) and found no violation with these very potentials, which completes the
    proof.  ``verify_certificate`` re-checks every pair from scratch.
    """
    cert = result.certificate
    assert cert is not None
    problems = _check_primal_and_equality(scorer, result)
    if problems:
        return problems
    u = np.array([cert.u.get(m.id, 0) for m in scorer.mentees], dtype=np.int64)
    v = np.array([cert.v[r.id] for r in scorer.mentors], dtype=np.int64)
    active = ~locks.locked_mask
    keep = active[first.cand_e]
    e, r, s = first.cand_e[keep], first.cand_r[keep], first.cand_s[keep]
    if (u[e] + v[r] < s + cert.bonus).any():
        problems.append("a candidate pair violates u + v >= score + B")
    return problems


def _check_primal_and_equality(scorer: Scorer, result: Result) -> list[str]:
    cert = result.certificate
    problems: list[str] = []
    if cert is None:
        return ["no certificate"]
    if min(cert.u.values(), default=0) < 0 or min(cert.v.values(), default=0) < 0:
        return ["negative potential"]
    pairs = result.pairs
    n = len(pairs)
    try:
        e = np.fromiter(map(scorer.mentee_index.__getitem__, map(attrgetter("mentee"), pairs)), np.int64, n)
        r = np.fromiter(map(scorer.mentor_index.__getitem__, map(attrgetter("mentor"), pairs)), np.int64, n)
    except KeyError as exc:
        return [f"unknown id {exc.args[0]!r} in the pairs"]
    scores = np.fromiter(map(attrgetter("score"), pairs), np.int64, n)
    locked = np.fromiter(map(attrgetter("locked"), pairs), bool, n)
    twice = np.flatnonzero(np.bincount(e, minlength=scorer.n_e) > 1)
    if len(twice):
        return [f"mentee {scorer.mentees[int(twice[0])].id} matched twice"]
    real = scorer.score_pairs(e, r)
    if (real < 0).any():
        problems.append("a matched pair is not allowed")
    if (real != scores).any():
        problems.append("a matched pair's score is wrong")
    for j in np.flatnonzero(np.bincount(r, minlength=scorer.n_r) > scorer.capacity).tolist():
        problems.append(f"mentor {scorer.mentors[j].id} over capacity")
    free = ~locked
    if int(free.sum()) != cert.matched or int(scores[free].sum()) != cert.total_score:
        problems.append("certificate totals differ from the pairs")
    n_free = len(cert.u)
    if cert.bonus < bonus_for(scorer.max_score, n_free, sum(cert.capacity.values())):
        problems.append("bonus too small to put cardinality first")
    lhs = sum(cert.u.values()) + sum(cert.capacity[k] * x for k, x in cert.v.items())
    if lhs != cert.matched * cert.bonus + cert.total_score:
        problems.append(f"dual objective {lhs} != primal {cert.matched * cert.bonus + cert.total_score}")
    return problems


def _exhaustive(scorer: Scorer, u: np.ndarray, v: np.ndarray, bonus: int, rows_mask: np.ndarray) -> list[str]:
    """Check u + v >= score + B on every allowed pair of the mentees in ``rows_mask``."""
    if scorer.explicit:
        e, r, s = scorer.pair_e, scorer.pair_r, scorer.pair_s
        sel = rows_mask[e]
        if (u[e[sel]] + v[r[sel]] < s[sel] + bonus).any():
            return ["an allowed pair violates u + v >= score + B"]
        return []
    tasks = []
    for g in scorer.groups:
        rows = g.rows[rows_mask[g.rows]]
        if len(rows) == 0 or g.n_cols == 0:
            continue
        bs = max(1, BLOCK_ELEMENTS // len(g.cols))
        tasks.extend((g, rows[start : start + bs]) for start in range(0, len(rows), bs))

    def run(task: tuple) -> bool:
        g, blk = task
        vc = np.where(g.cols >= 0, v[np.maximum(g.cols, 0)], 0)
        s = scorer.score_block(blk, g)
        thr = (u[blk] - bonus)[:, None] + vc[None, :]
        return bool(((s >= 0) & (s > thr)).any())

    if any(parallel_map(run, tasks)):
        return ["an allowed pair violates u + v >= score + B"]
    return []


def verify_certificate(instance: Instance | Scorer, result: Result) -> list[str]:
    """Independently check an optimal result: feasibility, the dual equality and, for EVERY allowed
    pair of an unlocked mentee, ``u + v >= score + B`` (scores recomputed from the instance).

    Returns the problems found (empty list: the result is proven optimal).
    """
    scorer = instance if isinstance(instance, Scorer) else Scorer(instance)
    problems = _check_primal_and_equality(scorer, result)
    if problems:
        return problems
    cert = result.certificate
    assert cert is not None
    locked = {p.mentee for p in result.pairs if p.locked}
    if set(cert.u) != {m.id for m in scorer.mentees} - locked:
        return ["certificate must give u for every unlocked mentee"]
    u = np.array([cert.u.get(m.id, 0) for m in scorer.mentees], dtype=np.int64)
    v = np.array([cert.v.get(r.id, 0) for r in scorer.mentors], dtype=np.int64)
    mask = np.array([m.id not in locked for m in scorer.mentees], dtype=bool)
    return _exhaustive(scorer, u, v, cert.bonus, mask)


def explain_pair(instance: Instance | Scorer, mentee_id: str, mentor_id: str) -> Breakdown:
    """Score of one (mentee, mentor) pair with each criterion's points, broken rules and reasons.

    Build a :class:`Scorer` once and pass it when explaining many pairs of one pool: scores depend on
    the whole pool (TF-IDF weights are fitted on all texts).
    """
    scorer = instance if isinstance(instance, Scorer) else Scorer(instance)
    return scorer.breakdown(mentee_id, mentor_id)


def apply_locks_check(instance: Instance) -> None:
    """Raise InstanceError when a locked pair breaks a rule or a capacity (what ``validate`` reports)."""
    if instance.locked:
        apply_locks(instance, Scorer(instance))
