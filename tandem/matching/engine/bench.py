"""Matching benchmark: ``python -m tandem.matching.engine.bench [--sizes 200x80,2000x700,...]``.

Each size runs in a fresh subprocess so that its peak RSS is its own.  Time is measured from
profiles (an :class:`Instance` in memory) to a proven optimum (scoring, solving, pricing and the
certificate check); generating the synthetic pool is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

DEFAULT_SIZES = "200x80,2000x700,20000x7000,100000x30000"


def _cpu_s() -> float:
    """CPU seconds of this process (all threads); less sensitive than wall time to a busy machine."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm_imports() -> None:
    """Import the libraries first, as a long-running app would have (about 1-2 s, not counted)."""
    import ortools.graph.python.min_cost_flow
    import scipy.sparse
    import sklearn.decomposition
    import sklearn.feature_extraction.text
    import threadpoolctl

    del ortools, scipy, sklearn, threadpoolctl


def run_profiles(n_e: int, n_r: int, seed: int, mode: str, verify: bool) -> dict:
    from .api import solve, verify_certificate
    from .scoring import Scorer
    from .synthetic import synthetic_instance

    inst = synthetic_instance(n_e, n_r, seed)
    _warm_imports()
    t0 = time.perf_counter()
    cpu0 = _cpu_s()
    scorer = Scorer(inst)
    result = solve(inst, mode=mode, scorer=scorer)
    seconds = time.perf_counter() - t0
    cpu = _cpu_s() - cpu0
    out = {
        "size": f"{n_e}x{n_r}",
        "mode": mode,
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "peak_mb": round(_peak_mb()),
        "matched": result.matched,
        "total_score": result.total_score,
        "proven": result.optimal,
        "stable": result.stable,
        "stats": {k: v for k, v in result.stats.items() if k != "trace"},
    }
    if verify and mode == "optimal":
        t = time.perf_counter()
        out["exhaustive_verify_ok"] = verify_certificate(scorer, result) == []
        out["exhaustive_verify_s"] = round(time.perf_counter() - t, 2)
    return out


def run_explicit(n_e: int, n_r: int, seed: int, per_mentee: int = 20, repeat: int = 3) -> dict:
    """Engine on explicit pairs vs a direct OR-Tools call on the same pairs."""
    from ortools.graph.python import min_cost_flow

    from .api import solve
    from .model import Instance, Mentee, Mentor
    from .scoring import Scorer
    from .solver import solve_optimal

    rng = np.random.default_rng(seed)
    e = np.repeat(np.arange(n_e), per_mentee)
    r = rng.integers(0, n_r, len(e))
    key = np.unique(e * n_r + r)
    e, r = key // n_r, key % n_r
    s = rng.integers(0, 101, len(e))
    cap = rng.choice([1, 2, 3, 4, 5], size=n_r, p=[0.35, 0.35, 0.2, 0.07, 0.03])
    mentors = [Mentor(f"r{j}", int(c)) for j, c in enumerate(cap)]
    mentees = [Mentee(f"e{i}") for i in range(n_e)]
    pairs = list(zip([f"e{i}" for i in e.tolist()], [f"r{j}" for j in r.tolist()], s.tolist(), strict=True))
    inst = Instance(mentors, mentees, pairs=pairs)

    def direct() -> int:
        f = min_cost_flow.SimpleMinCostFlow()
        src, snk = n_e + n_r, n_e + n_r + 1
        ones, zeros = np.ones(n_e, np.int64), np.zeros(n_e, np.int64)
        f.add_arcs_with_capacity_and_unit_cost(np.full(n_e, src), np.arange(n_e), ones, zeros)
        arcs = f.add_arcs_with_capacity_and_unit_cost(e, n_e + r, np.ones(len(e), np.int64), -s)
        f.add_arcs_with_capacity_and_unit_cost(
            n_e + np.arange(n_r), np.full(n_r, snk), cap.astype(np.int64), np.zeros(n_r, np.int64)
        )
        f.set_node_supply(src, int(min(n_e, cap.sum())))
        f.set_node_supply(snk, -int(min(n_e, cap.sum())))
        f.solve_max_flow_with_min_cost()
        return int((f.flows(arcs) * s).sum())

    t = time.perf_counter()
    scorer = Scorer(inst)
    build_s = time.perf_counter() - t
    # Interleaved repetitions, best of each: the machine is shared, so single timings are noisy.
    # The end-to-end time starts from the Python tuples of ids and ends with the finished result
    # (reasons, alternatives, unmatched mentees, checked certificate).
    direct_times, engine_times, end_to_end_times = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        direct_total = direct()
        direct_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        sol = solve_optimal(scorer, inst)
        engine_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        full = solve(inst)
        end_to_end_times.append(time.perf_counter() - t)
    direct_s, engine_s, end_to_end_s = min(direct_times), min(engine_times), min(end_to_end_times)
    return {
        "size": f"{n_e}x{n_r}",
        "pairs": len(e),
        "direct_ortools_s": round(direct_s, 2),
        "engine_solve_s": round(engine_s, 2),
        "ratio": round(engine_s / direct_s, 2),
        "instance_build_s": round(build_s, 2),
        "end_to_end_s": round(end_to_end_s, 2),
        "end_to_end_ratio": round(end_to_end_s / direct_s, 2),
        "repeat": repeat,
        "end_to_end_proven": full.optimal,
        "end_to_end_stats": {k: v for k, v in full.stats.items() if k != "trace"},
        "same_total": direct_total == int(sol.cand_s[sol.chosen].sum()) == full.total_score,
        "proven": full.optimal,
    }


def _child(args: list[str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "tandem.matching.engine.bench", "--child", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tandem.matching.engine.bench")
    p.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated MENTEESxMENTORS")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mode", choices=["optimal", "stable"], default="optimal")
    p.add_argument("--verify", action="store_true", help="also time the exhaustive certificate check")
    p.add_argument(
        "--explicit",
        default="20000x7000,100000x30000",
        help="sizes for the explicit-pairs comparison ('' to skip)",
    )
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        kind, size, seed, mode, verify = a.child
        n_e, n_r = (int(x) for x in size.split("x"))
        out = (
            run_profiles(n_e, n_r, int(seed), mode, verify == "1")
            if kind == "profiles"
            else run_explicit(n_e, n_r, int(seed))
        )
        print(json.dumps(out))
        return 0
    print(
        f"{'size (mentees x mentors)':>26} {'mode':>8} {'seconds':>8} {'CPU s':>7} {'peak MB':>8} "
        f"{'matched':>8} {'total score':>12} {'proven':>7}"
    )
    for size in a.sizes.split(","):
        row = _child(["profiles", size, str(a.seed), a.mode, "1" if a.verify else "0"])
        if a.json:
            print(json.dumps(row))
            continue
        if "error" in row:
            print(f"{size:>26} error: {row['error']}")
            continue
        proven = row["proven"] if a.mode == "optimal" else f"stable={row['stable']}"
        line = (
            f"{row['size']:>26} {row['mode']:>8} {row['seconds']:>8} {row['cpu_s']:>7} {row['peak_mb']:>8} "
            f"{row['matched']:>8} {row['total_score']:>12} {proven!s:>7}"
        )
        if "exhaustive_verify_s" in row:
            line += f"   exhaustive check {row['exhaustive_verify_s']} s ok={row['exhaustive_verify_ok']}"
        line += f"   load {os.getloadavg()[0]:.1f}"
        print(line, flush=True)
    if a.explicit:
        print()
        print(
            f"{'explicit pairs':>26} {'pairs':>9} {'OR-Tools s':>11} {'engine s':>9} {'ratio':>6} {'same total':>11} "
            f"{'proven':>7} {'end-to-end s':>13} {'ratio':>6}"
        )
        for size in a.explicit.split(","):
            row = _child(["explicit", size, str(a.seed), "optimal", "0"])
            if a.json or "error" in row:
                print(json.dumps(row))
                continue
            print(
                f"{row['size']:>26} {row['pairs']:>9} {row['direct_ortools_s']:>11} {row['engine_solve_s']:>9} "
                f"{row['ratio']:>6} {row['same_total']!s:>11} {row['proven']!s:>7} "
                f"{row['end_to_end_s']:>13} {row['end_to_end_ratio']:>6}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
