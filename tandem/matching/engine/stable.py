"""Stable mode: mentee-proposing deferred acceptance with mentor capacities, and its blocking-pair check."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from .scoring import Scorer

UNACCEPTABLE = np.iinfo(np.int64).max


@dataclass(slots=True)
class Preferences:
    """Flattened preference lists: entry i says mentee ``e[i]`` ranks mentor ``r[i]`` at ``pos[i]``."""

    e: np.ndarray
    r: np.ndarray
    pos: np.ndarray
    score: np.ndarray
    mentor_key: np.ndarray
    """How mentor ``r[i]`` ranks mentee ``e[i]`` (lower is better; UNACCEPTABLE when not acceptable)."""
    ptr: np.ndarray


def build_preferences(
    scorer: Scorer, active: np.ndarray, cand_e: np.ndarray, cand_r: np.ndarray, cand_s: np.ndarray, n: int
) -> Preferences:
    """Each active mentee's list: its own ranking (allowed mentors only) or its ``n`` best eligible mentors.

    Mentors rank by their own ranking when they gave one (unlisted mentees are unacceptable), else
    by score, ties to the mentee listed first in the instance.
    """
    es, rs, ps, ss = [], [], [], []
    own = [i for i, m in enumerate(scorer.mentees) if m.ranking and active[i]]
    order = np.lexsort((cand_r, -cand_s, cand_e))
    ce, cr, cs = cand_e[order], cand_r[order], cand_s[order]
    keep = active[ce] & ~np.isin(ce, np.array(own, dtype=np.int64))
    ce, cr, cs = ce[keep], cr[keep], cs[keep]
    first = np.searchsorted(ce, ce, side="left")
    rank = np.arange(len(ce)) - first
    sel = rank < n
    es.append(ce[sel])
    rs.append(cr[sel])
    ps.append(rank[sel])
    ss.append(cs[sel])
    for i in own:
        ids = [
            scorer.mentor_index[x]
            for x in dict.fromkeys(scorer.mentees[i].ranking)
            if x in scorer.mentor_index
        ]
        e_i = np.full(len(ids), i, dtype=np.int64)
        r_i = np.array(ids, dtype=np.int64)
        es.append(e_i)
        rs.append(r_i)
        ps.append(np.arange(len(ids), dtype=np.int64))
        ss.append(scorer.score_pairs(e_i, r_i))
    e, r, pos, s = np.concatenate(es), np.concatenate(rs), np.concatenate(ps), np.concatenate(ss)
    # Own rankings may name forbidden mentors: drop them and renumber positions.
    ok = s >= 0
    e, r, pos, s = e[ok], r[ok], pos[ok], s[ok]
    order = np.lexsort((pos, e))
    e, r, s = e[order], r[order], s[order]
    pos = np.arange(len(e)) - np.searchsorted(e, e, side="left")
    key = (100 - np.clip(s, 0, 100)) * max(scorer.n_e, 1) + e
    ranked = [j for j, m in enumerate(scorer.mentors) if m.ranking]
    if ranked:
        m_rank: dict[tuple[int, int], int] = {}
        for j in ranked:
            for p, x in enumerate(dict.fromkeys(scorer.mentors[j].ranking)):
                if x in scorer.mentee_index:
                    m_rank[(j, scorer.mentee_index[x])] = p
        has = np.zeros(scorer.n_r, dtype=bool)
        has[ranked] = True
        for i in np.flatnonzero(has[r]).tolist():
            p = m_rank.get((int(r[i]), int(e[i])))
            key[i] = UNACCEPTABLE if p is None else p * max(scorer.n_e, 1) + int(e[i])
    ptr = np.zeros(scorer.n_e + 1, dtype=np.int64)
    np.cumsum(np.bincount(e, minlength=scorer.n_e), out=ptr[1:])
    return Preferences(e, r, pos, s, key, ptr)


def deferred_acceptance(prefs: Preferences, n_e: int, capacity: np.ndarray) -> np.ndarray:
    """Mentee-proposing deferred acceptance; returns the index into the preference arrays per mentee (-1)."""
    ptr, r_arr, key_arr = prefs.ptr, prefs.r.tolist(), prefs.mentor_key.tolist()
    nxt = ptr[:-1].tolist()
    end = ptr[1:].tolist()
    cap = capacity.tolist()
    held: list[list[tuple[int, int]]] = [[] for _ in range(len(cap))]
    assigned = [-1] * n_e
    free = [i for i in range(n_e) if nxt[i] < end[i]]
    unacceptable = int(UNACCEPTABLE)
    while free:
        e = free.pop()
        while nxt[e] < end[e]:
            i = nxt[e]
            nxt[e] += 1
            key = key_arr[i]
            if key == unacceptable:
                continue
            r = r_arr[i]
            h = held[r]
            if len(h) < cap[r]:
                heapq.heappush(h, (-key, i))
                assigned[e] = i
                break
            if h and -h[0][0] > key:
                _, j = heapq.heapreplace(h, (-key, i))
                assigned[e] = i
                loser = int(prefs.e[j])
                assigned[loser] = -1
                free.append(loser)
                break
    return np.array(assigned, dtype=np.int64)


def blocking_pairs(prefs: Preferences, assigned: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Indices of preference entries forming a blocking pair (empty when the matching is stable).

    (e, r) blocks when both find each other acceptable, e prefers r to its mentor (or has none),
    and r has a free place or prefers e to the worst mentee it holds.
    """
    n_r = len(capacity)
    m_e = np.flatnonzero(assigned >= 0)
    held = assigned[m_e]
    load = np.bincount(prefs.r[held], minlength=n_r)
    worst = np.full(n_r, -1, dtype=np.int64)
    np.maximum.at(worst, prefs.r[held], prefs.mentor_key[held])
    my_pos = np.full(len(assigned), np.iinfo(np.int64).max)
    my_pos[m_e] = prefs.pos[held]
    better = prefs.pos < my_pos[prefs.e]
    acceptable = prefs.mentor_key != UNACCEPTABLE
    r = prefs.r
    wants = (load[r] < capacity[r]) | (prefs.mentor_key < worst[r])
    return np.flatnonzero(better & acceptable & wants)
