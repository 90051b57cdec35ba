"""Speed benchmarks (not tests): timings of the shipped dataset and of a sweep.

    make bench        # or: python tests/benchmarks/run.py [--points 20]

Prints each figure next to its target. Targets are for a 2-core machine; nothing here
fails a build, the figures are for reading and for the notes of a change.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import planner
from models import build_model, solve
from planner.datasets import dataset
from planner.studies.sweep import parse_parameter, sweep

TARGETS = {"load": 5.0, "build": 10.0, "solve": 60.0, "write": 10.0}
"""Seconds, shipped dataset."""


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        value = action()
        best = min(best, time.perf_counter() - start)
    return best, value


def shipped(runs: int) -> None:
    path = dataset()
    load_s, inputs = best_of(runs, lambda: planner.load(path))
    build_s, model = best_of(runs, lambda: build_model(inputs.data))
    result = solve(model, inputs.solve_options())
    outcome = planner.solve(inputs)
    write_s, _ = best_of(runs, lambda: outcome.write("/tmp/bench-results.xlsx"))
    s = outcome.summary
    print(f"shipped dataset: {s['variables']} variables ({s['integer_variables']} integer), "
          f"{s['constraints']} constraints, {s['scenarios']} scenarios; status {s['status']}, "
          f"gap {s['mip_gap']}")
    for name, seconds in (("load", load_s), ("build", build_s), ("solve", result.seconds),
                          ("write", write_s)):
        mark = "ok" if seconds <= TARGETS[name] else "SLOW"
        print(f"  {name:<6}{seconds:8.2f} s   target ≤ {TARGETS[name]:.0f} s   {mark}")


def sweep_speedup(points: int, spec: str) -> None:
    inputs = planner.load(dataset())
    parameter = parse_parameter(f"{spec}:{points}")
    start = time.perf_counter()
    sweep(inputs.tables, [parameter], workers=1)
    one = time.perf_counter() - start
    workers = os.cpu_count() or 1
    start = time.perf_counter()
    result = sweep(inputs.tables, [parameter], workers=workers)
    many = time.perf_counter() - start
    failed = result.table.status.astype(str).str.startswith("failed").sum()
    print(f"sweep of {points} points ({spec}), {failed} failed:")
    print(f"  one after another {one:8.1f} s")
    print(f"  local cluster     {many:8.1f} s   ({workers} workers, cluster start included)")
    print(f"  speed-up          {one / many:8.2f} ×   target ≥ {0.7 * workers:.1f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--spec", default="Stockpile[Dy_oxide].target_days=0:180")
    args = parser.parse_args()
    shipped(args.runs)
    sweep_speedup(args.points, args.spec)


if __name__ == "__main__":
    main()
