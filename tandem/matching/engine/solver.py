"""Optimal matching: most mentees matched, then the largest total score, with a dual certificate.

Outline (see docs/matching-engine.md for the proof):

1. One pass over all pairs, in blocks, keeps each mentee's top-k mentors (exact, ties aside) and the
   best score among the others (``rest_max``).
2. OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` solves the candidate graph.
3. Dual potentials are derived from the optimal flow (longest paths in the mentor exchange graph),
   with the bonus ``B`` that puts cardinality first.
4. Pricing: a non-candidate pair can violate ``u + v >= score + B`` only if ``rest_max + B > u``;
   those mentees are re-scored against the mentors cheap enough to matter, violating pairs join the
   candidates, and the flow is solved again, until no pair violates.  Then the potentials prove
   optimality over all allowed pairs (weak LP duality on the integral b-matching polytope).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .model import EngineError, Instance, InstanceError
from .scoring import CHUNK, Scorer, ragged_gather

BLOCK_ELEMENTS = 1 << 23
"""Pairs scored per block (bounded memory whatever the pool size)."""
WORKERS = max(
    1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
)
"""Threads scoring blocks in parallel (numpy and BLAS release the GIL)."""


def parallel_map[T, R](fn: Callable[[T], R], tasks: Iterable[T]) -> list[R]:
    """``map`` over blocks on WORKERS threads, each with a single-threaded BLAS.

    One BLAS thread per block and one block per core beats a multi-threaded BLAS on small
    matrix products, and it also spreads the element-wise numpy work over the cores.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        if WORKERS == 1:
            return [fn(t) for t in tasks]
        with ThreadPoolExecutor(WORKERS) as ex:
            return list(ex.map(fn, tasks))


def bonus_for(max_score: int, n_mentees: int, total_capacity: int) -> int:
    """Smallest ``B`` such that one more match always beats any gain in total score."""
    return max(max_score, 1) * max(min(n_mentees, total_capacity), 1) + 1


@dataclass(slots=True)
class Locks:
    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    capacity_left: np.ndarray
    locked_mask: np.ndarray


def apply_locks(instance: Instance, scorer: Scorer) -> Locks:
    """Check coordinator locks against every rule and take them out of the problem."""
    e_idx, r_idx = [], []
    seen: set[str] = set()
    for eid, rid in instance.locked:
        if eid not in scorer.mentee_index:
            raise InstanceError(f"locked: unknown mentee id {eid!r}")
        if rid not in scorer.mentor_index:
            raise InstanceError(f"locked: unknown mentor id {rid!r}")
        if eid in seen:
            raise InstanceError(f"locked: mentee {eid!r} is locked to more than one mentor")
        seen.add(eid)
        e_idx.append(scorer.mentee_index[eid])
        r_idx.append(scorer.mentor_index[rid])
    e = np.array(e_idx, dtype=np.int64)
    r = np.array(r_idx, dtype=np.int64)
    s = scorer.score_pairs(e, r) if len(e) else np.zeros(0, dtype=np.int64)
    for i in np.flatnonzero(s < 0).tolist():
        br = scorer.breakdown(scorer.mentees[e[i]].id, scorer.mentors[r[i]].id)
        from .reasons import render

        why = "; ".join(render(v) for v in br.violations) or "not allowed"
        raise InstanceError(f"locked pair ({br.mentee}, {br.mentor}) breaks a rule: {why}")
    cap = scorer.capacity.copy()
    np.subtract.at(cap, r, 1)
    if (cap < 0).any():
        j = int(np.flatnonzero(cap < 0)[0])
        raise InstanceError(
            f"locked: mentor {scorer.mentors[j].id!r} is locked to more mentees than its capacity"
        )
    mask = np.zeros(scorer.n_e, dtype=bool)
    mask[e] = True
    return Locks(e, r, s.astype(np.int64), cap, mask)


# ---------------------------------------------------------------------- candidate generation
def topk_rows(s: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact top-k per row of an int16 block whose width is a multiple of CHUNK.

    Returns (columns, scores) of shape (rows, k) sorted by score descending (-1 = none) and, per
    row, the largest score outside them (-1 if none).  The k+1 best entries of a row lie in the
    k+1 chunks with the largest maxima, so only those chunks are searched.
    """
    b, nc = s.shape
    nch = nc // CHUNK
    kk = min(k + 1, nc)
    # Chunk j is the strided column set {j, j + nch, j + 2 nch, ...}: its maxima are an element-wise
    # max over CHUNK contiguous slices, which vectorizes far better than short inner reductions.
    cmax = s.reshape(b, CHUNK, nch).max(axis=1)
    kc = min(kk, nch)
    top_ch = np.argpartition(cmax, nch - kc, axis=1)[:, nch - kc :]
    cols = (top_ch[:, :, None] + np.arange(CHUNK) * nch).reshape(b, kc * CHUNK)
    vals = np.take_along_axis(s, cols, axis=1)
    width = vals.shape[1]
    part = np.argpartition(vals, width - kk, axis=1)[:, width - kk :]
    v = np.take_along_axis(vals, part, axis=1).astype(np.int64)
    c = np.take_along_axis(cols, part, axis=1)
    order = np.argsort(-v * (nc + 1) + c, axis=1, kind="stable")
    v = np.take_along_axis(v, order, axis=1)
    c = np.take_along_axis(c, order, axis=1)
    if kk == k + 1:
        rest = v[:, k].copy()
        v, c = v[:, :k], c[:, :k]
    else:
        rest = np.full(b, -1, dtype=np.int64)
    return c, v, rest


@dataclass(slots=True)
class FirstPass:
    cand_e: np.ndarray
    cand_r: np.ndarray
    cand_s: np.ndarray
    rest_max: np.ndarray
    n_eligible: np.ndarray
    seconds: float


def first_pass(scorer: Scorer, k: int) -> FirstPass:
    """Score every pair once; keep each mentee's top-k, the best of the rest and the eligible count."""
    t0 = time.perf_counter()
    n_e = scorer.n_e
    rest_max = np.full(n_e, -1, dtype=np.int64)
    n_elig = np.zeros(n_e, dtype=np.int64)
    out_e, out_r, out_s = [], [], []
    if scorer.explicit:
        e, r, s = scorer.pair_e, scorer.pair_r, scorer.pair_s
        n_elig = np.bincount(e, minlength=n_e).astype(np.int64)
        return FirstPass(e.copy(), r.copy(), s.copy(), rest_max, n_elig, time.perf_counter() - t0)
    tasks = []
    for g in scorer.groups:
        if len(g.rows) == 0 or g.n_cols == 0:
            continue
        bs = max(1, min(len(g.rows), BLOCK_ELEMENTS // len(g.cols)))
        tasks.extend((g, g.rows[start : start + bs]) for start in range(0, len(g.rows), bs))

    def run(task: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g, rows = task
        s = scorer.score_block(rows, g)
        n_elig[rows] = np.count_nonzero(s >= 0, axis=1)
        c, v, rest = topk_rows(s, k)
        rest_max[rows] = rest
        ok = v >= 0
        return np.broadcast_to(rows[:, None], c.shape)[ok], g.cols[c[ok]], v[ok]

    for e, r, s in parallel_map(run, tasks):
        out_e.append(e)
        out_r.append(r)
        out_s.append(s)
    return FirstPass(_cat(out_e), _cat(out_r), _cat(out_s), rest_max, n_elig, time.perf_counter() - t0)


def _cat(xs: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64)


# ---------------------------------------------------------------------- flow and duals
def solve_flow(
    n_e: int, n_r: int, ce: np.ndarray, cr: np.ndarray, cs: np.ndarray, cap: np.ndarray
) -> np.ndarray:
    """Maximum matching of maximum total score on the candidate pairs; returns the chosen-pair mask."""
    if len(ce) == 0:
        return np.zeros(0, dtype=bool)
    f = min_cost_flow.SimpleMinCostFlow()
    src, snk = n_e + n_r, n_e + n_r + 1
    ments = np.unique(ce)
    one = np.ones(len(ments), dtype=np.int64)
    f.add_arcs_with_capacity_and_unit_cost(np.full(len(ments), src), ments, one, one * 0)
    arcs = f.add_arcs_with_capacity_and_unit_cost(
        ce, n_e + cr, np.ones(len(ce), dtype=np.int64), -cs.astype(np.int64)
    )
    rs = np.flatnonzero(cap > 0)
    f.add_arcs_with_capacity_and_unit_cost(
        n_e + rs, np.full(len(rs), snk), cap[rs].astype(np.int64), np.zeros(len(rs), dtype=np.int64)
    )
    supply = int(min(len(ments), cap[rs].sum()))
    f.set_node_supply(src, supply)
    f.set_node_supply(snk, -supply)
    status = f.solve_max_flow_with_min_cost()
    if status != f.OPTIMAL:
        raise EngineError(f"min-cost flow failed: {status}")
    return f.flows(arcs) > 0


def duals(
    n_e: int, n_r: int, ce: np.ndarray, cr: np.ndarray, cs: np.ndarray, chosen: np.ndarray, bonus: int
) -> tuple[np.ndarray, np.ndarray]:
    """Dual potentials (u per mentee, v per mentor) of the optimal flow on the candidate pairs.

    ``v`` is the least solution of the difference constraints that make every matched mentee's
    mentor a best choice at prices ``v`` and price every unmatched mentee out: longest paths from a
    root in the mentor exchange graph, found by label correcting.  ``u`` is then the smallest value
    that keeps every candidate pair feasible.  Optimality of the flow guarantees complementary
    slackness; the caller checks the resulting equality anyway.
    """
    assigned = np.full(n_e, -1, dtype=np.int64)
    assigned_s = np.zeros(n_e, dtype=np.int64)
    assigned[ce[chosen]] = cr[chosen]
    assigned_s[ce[chosen]] = cs[chosen]
    matched = assigned >= 0
    v = np.zeros(n_r, dtype=np.int64)
    um = ~matched[ce]
    np.maximum.at(v, cr[um], bonus + cs[um])
    sel = matched[ce] & ~chosen
    src = assigned[ce[sel]]
    dst = cr[sel]
    ln = cs[sel] - assigned_s[ce[sel]]
    order = np.argsort(src, kind="stable")
    src, dst, ln = src[order], dst[order], ln[order]
    ptr = np.zeros(n_r + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n_r), out=ptr[1:])
    frontier = np.unique(src)
    for _ in range(n_r + 2):
        if len(frontier) == 0:
            break
        _, arc = ragged_gather(ptr, np.arange(len(src), dtype=np.int64), frontier)
        if len(arc) == 0:
            break
        cand = v[src[arc]] + ln[arc]
        better = cand > v[dst[arc]]
        if not better.any():
            break
        d = dst[arc][better]
        np.maximum.at(v, d, cand[better])
        frontier = np.unique(d)
    else:
        raise EngineError("dual potentials did not converge (the flow is not optimal)")
    u = np.zeros(n_e, dtype=np.int64)
    np.maximum.at(u, ce, bonus + cs - v[cr])
    return u, v


# ---------------------------------------------------------------------- pricing
def price(
    scorer: Scorer,
    active: np.ndarray,
    rest_max: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    bonus: int,
    per_row: int,
    slack: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Non-candidate pairs with ``score + B > u + v``; at most ``per_row`` (largest violations) per mentee.

    Only mentees whose bound ``rest_max + B`` exceeds ``u`` can have one, and only against mentors
    with ``v < rest_max + B - u``.  Pairs within ``slack`` of violating are also returned when the
    mentee has a violation (they tend to violate after the next solve moves the prices).
    Returns the pairs, the number of violating pairs and the number of pairs scored.
    """
    flagged = active & (rest_max >= 0) & (rest_max + bonus > u)
    tasks = []
    for g in scorer.groups:
        rows = g.rows[flagged[g.rows]]
        if len(rows) == 0 or g.n_cols == 0:
            continue
        thresh = rest_max[rows] + bonus - u[rows]
        rows = rows[np.argsort(-thresh, kind="stable")]
        valid = np.flatnonzero(g.cols >= 0)
        vcol = v[g.cols[valid]]
        start = 0
        while start < len(rows):
            # Rows are sorted by threshold, so the first row of a block needs the widest column set.
            t = int(rest_max[rows[start]] + bonus - u[rows[start]])
            sub = valid[vcol < t]
            if len(sub) == 0:
                break
            bs = max(1, min(len(rows) - start, BLOCK_ELEMENTS // len(sub)))
            tasks.append((g, rows[start : start + bs], sub))
            start += bs

    def run(task: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
        g, blk, sub = task
        none = np.zeros(0, dtype=np.int64)
        s = scorer.score_block(blk, g, sub)
        # A pair violates when score > u - B + v; scores of forbidden pairs are -1, hence the floor.
        thr = (u[blk] - bonus).astype(np.int32)[:, None] + v[g.cols[sub]].astype(np.int32)[None, :]
        np.maximum(thr, -1, out=thr)
        viol = s > thr
        n_viol = viol.sum(axis=1)
        if not n_viol.any():
            return none, none, none, 0, s.size
        if slack:
            thr[n_viol > 0] -= slack
            np.maximum(thr, -1, out=thr)
            viol = s > thr
        counts = viol.sum(axis=1)
        many = np.flatnonzero(counts > per_row)
        few = np.flatnonzero((counts > 0) & (counts <= per_row))
        ri, ci = np.nonzero(viol[few])
        ri = few[ri]
        if len(many):
            red = s[many].astype(np.int32) - thr[many]
            top = np.argpartition(red, red.shape[1] - per_row, axis=1)[:, red.shape[1] - per_row :]
            ri = np.concatenate([ri, np.repeat(many, per_row)])
            ci = np.concatenate([ci, top.ravel()])
        return blk[ri], g.cols[sub[ci]], s[ri, ci].astype(np.int64), int(n_viol.sum()), s.size

    out_e, out_r, out_s = [], [], []
    scored = violations = 0
    for e, r, sc, nv, size in parallel_map(run, tasks):
        out_e.append(e)
        out_r.append(r)
        out_s.append(sc)
        violations += nv
        scored += size
    return _cat(out_e), _cat(out_r), _cat(out_s), violations, scored


# ---------------------------------------------------------------------- driver
@dataclass(slots=True)
class OptimalSolution:
    locks: Locks
    first: FirstPass
    cand_e: np.ndarray
    cand_r: np.ndarray
    cand_s: np.ndarray
    chosen: np.ndarray
    u: np.ndarray
    v: np.ndarray
    bonus: int
    proven: bool
    stats: dict


def solve_optimal(
    scorer: Scorer,
    instance: Instance,
    k: int = 20,
    per_row: int = 10,
    slack: int = 3,
    k_flow: int = 6,
) -> OptimalSolution:
    """Steps 1-5 of the module docstring.

    The first pass keeps each mentee's top ``k``; only the top ``k_flow`` enter the first flow, the
    others wait in a reserve that is checked exactly after every solve (a smaller graph solves
    faster and most of the reserve is never needed).
    """
    t_start = time.perf_counter()
    locks = apply_locks(instance, scorer)
    first = first_pass(scorer, max(k, 4))
    active = ~locks.locked_mask
    keep = active[first.cand_e]
    ce, cr, cs = first.cand_e[keep], first.cand_r[keep], first.cand_s[keep]
    order = np.argsort(ce, kind="stable")  # rows come out of the first pass best first
    ce, cr, cs = ce[order], cr[order], cs[order]
    rank = np.arange(len(ce)) - np.searchsorted(ce, ce, side="left")
    if scorer.explicit:
        # Listed pairs: the flow starts with each mentee's better half. Measured on 20 pairs per
        # mentee, that usually needs no second solve, and half the arcs solve in about half the time.
        k_flow = max(k_flow, -(-len(ce) // max(int(active.sum()), 1)) // 2)
    in_flow = rank < k_flow
    re, rr, rs = ce[~in_flow], cr[~in_flow], cs[~in_flow]
    ce, cr, cs = ce[in_flow], cr[in_flow], cs[in_flow]
    cap = locks.capacity_left
    n_active = int(active.sum())
    bonus = bonus_for(scorer.max_score, n_active, int(cap.sum()))
    stats: dict = {"first_pass_s": round(first.seconds, 3), "iterations": 0, "priced_pairs": 0}
    t_flow = t_dual = t_price = 0.0
    while True:
        stats["iterations"] += 1
        t = time.perf_counter()
        chosen = solve_flow(scorer.n_e, scorer.n_r, ce, cr, cs, cap)
        t_flow += time.perf_counter() - t
        t = time.perf_counter()
        u, v = duals(scorer.n_e, scorer.n_r, ce, cr, cs, chosen, bonus)
        u[~active] = 0
        t_dual += time.perf_counter() - t
        _check_duals(u, v, cap, cs, chosen, bonus)
        t = time.perf_counter()
        red = rs + bonus - u[re] - v[rr]
        reserve_viol = int((red > 0).sum())
        move = red > -slack
        if scorer.explicit:
            # The first pass kept every listed pair, so the reserve check above priced them all.
            none = np.zeros(0, dtype=np.int64)
            ne, nr, ns, n_viol, scored = none, none, none, 0, len(rs)
        else:
            ne, nr, ns, n_viol, scored = price(scorer, active, first.rest_max, u, v, bonus, per_row, slack)
        t_price += time.perf_counter() - t
        stats["priced_pairs"] += scored
        stats.setdefault("trace", []).append(
            (
                int(chosen.sum()),
                len(ce),
                reserve_viol,
                n_viol,
                len(ne),
                scored,
                round(time.perf_counter() - t, 2),
            )
        )
        if n_viol == 0 and reserve_viol == 0:
            break
        ce, cr, cs = _merge(
            scorer.n_r,
            (ce, cr, cs),
            (np.concatenate([ne, re[move]]), np.concatenate([nr, rr[move]]), np.concatenate([ns, rs[move]])),
        )
        re, rr, rs = re[~move], rr[~move], rs[~move]
    stats.update(
        candidates=len(ce),
        flow_s=round(t_flow, 3),
        duals_s=round(t_dual, 3),
        pricing_s=round(t_price, 3),
        solve_s=round(time.perf_counter() - t_start, 3),
    )
    return OptimalSolution(locks, first, ce, cr, cs, chosen, u, v, bonus, True, stats)


def _merge(n_r: int, old: tuple, new: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of two candidate lists (near-violating pairs may already be candidates)."""
    e, r, s = (np.concatenate([a, b]) for a, b in zip(old, new, strict=True))
    _, first = np.unique(e * max(n_r, 1) + r, return_index=True)
    return e[first], r[first], s[first]


def _check_duals(
    u: np.ndarray, v: np.ndarray, cap: np.ndarray, cs: np.ndarray, chosen: np.ndarray, bonus: int
) -> None:
    lhs = int(u.sum()) + int((cap * v).sum())
    rhs = int(chosen.sum()) * bonus + int(cs[chosen].sum())
    if (u < 0).any() or (v < 0).any() or lhs != rhs:
        raise EngineError(f"dual potentials do not certify the flow ({lhs} != {rhs})")
