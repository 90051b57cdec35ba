"""Measure one workbook in a fresh process and print the figures as JSON.

    python tests/benchmarks/instance.py WORKBOOK OUTDIR [--studies PARAM]

The plain solve is `planner solve --profile --write-model`, phase by phase (so the
peak memory is this workbook's alone); then HiGHS alone on the written model; then,
with --studies, the rule costs and a sweep of PARAM, end to end (with the workers
planner would choose, and in this process alone) and as single warm re-solves.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

import highspy

import planner
from models.solving.points import apply_data
from models.solving.variants import Warm, lift_rule
from planner.results.profile import peak_memory
from planner.studies.parallel import resolve_seconds, workers_for
from planner.studies.rulecosts import rule_costs
from planner.studies.sweep import apply, parse_parameter, sweep
from planner.workbook.assemble import to_model_data


def plain(path: Path, out: Path) -> tuple[dict, planner.Inputs, object]:
    inputs = planner.load(path)
    mps = out / f"{path.stem}.mps"
    outcome = planner.solve(inputs, profile=True, write_model=mps)
    began = time.perf_counter()
    outcome.write(out / f"{path.stem}-results.xlsx")
    profile = outcome.profile
    profile.add(write=time.perf_counter() - began)
    figures = {"seconds": profile.seconds, **profile.size, "peak_bytes": peak_memory(),
               "objective": outcome.result.objective, "status": outcome.result.status.value,
               "integer": outcome.result.integer, "rules": len(inputs.data.rules),
               "scenarios": len(inputs.data.scenarios)}
    with_io = {"read", "validate", "write"}
    figures["model_outside"] = sum(v for k, v in profile.seconds.items()
                                   if k not in {"highs", "studies", *with_io})
    figures["outside"] = sum(v for k, v in profile.seconds.items()
                             if k not in {"highs", "studies"})
    figures["plain_solve"] = sum(profile.seconds.get(k, 0.0) for k in
                                 ("build", "hand_over", "highs", "duals", "extraction"))
    figures["highs_alone"], figures["highs_alone_objective"] = highs_alone(mps)
    return figures, inputs, outcome


def highs_alone(mps: Path) -> tuple[float, float]:
    """HiGHS's own run on the written model, as a user of HiGHS alone would run it."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(mps))
    began = time.perf_counter()
    h.run()
    return time.perf_counter() - began, h.getInfo().objective_function_value


def studies(inputs: planner.Inputs, objective: float, parameter: str,
            chosen: int | None) -> dict:
    """chosen: the workers planner solve --rule-costs would use."""
    data, options = inputs.data, inputs.solve_options()
    single = dataclasses.replace(options, threads=1)
    figures: dict = {}
    if data.rules:
        for key, workers in (("rule_costs", chosen), ("rule_costs_here", 1)):
            began = time.perf_counter()
            rule_costs(data, objective, options, workers)
            figures[key] = time.perf_counter() - began
        warm = Warm(data, single, keep_banned=True)
        figures["rule_resolve"] = statistics.mean(
            _timed(lambda r=r: warm.solve(lift_rule, r.id, start_from_base=True))
            for r in data.rules)
    spec = parse_parameter(parameter)
    for key, workers in (("sweep", None), ("sweep_here", 1)):
        began = time.perf_counter()
        swept = sweep(inputs.tables, [spec], workers=workers)
        figures[key] = time.perf_counter() - began
    figures["sweep_points"] = len(swept.table)
    figures["sweep_warm"] = int((swept.table.get("resolve") == "warm re-solve").sum())
    warm = Warm(data, single)
    points = [to_model_data(apply(inputs.tables, spec, v)) for v in spec.values]
    figures["sweep_resolve"] = statistics.mean(
        _timed(lambda p=p: warm.solve(apply_data, p)) for p in points)
    return figures


def _timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--studies", metavar="PARAM")
    args = parser.parse_args()
    figures, inputs, outcome = plain(args.workbook, args.out)
    objective, result = outcome.result.objective, outcome.result
    del outcome  # the studies build their own models
    if args.studies:
        seconds = figures["seconds"]
        chosen = workers_for(len(inputs.data.rules),
                             resolve_seconds(result.timings["highs"], result.integer), None,
                             seconds["build"] + seconds["hand_over"])
        figures |= studies(inputs, objective, args.studies, chosen)
        figures["rule_costs_workers"] = chosen or "one per core"
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
