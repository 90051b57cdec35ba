"""What each rule costs: the plan re-solved without it, one rule at a time.

cost_of_rule = objective with every rule − objective without this rule, in the
discounted currency of the objective: the price of complying with that rule.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from models import ModelData, SolveOptions, build_model, solve
from planner.studies.parallel import run_tasks

COLUMNS = ["rule", "kind", "status", "objective_without", "cost_of_rule"]


def _objective_without(task: tuple[ModelData, str, SolveOptions]) -> tuple[str, float | None]:
    data, rule_id, options = task
    relaxed = dataclasses.replace(data, rules=tuple(r for r in data.rules if r.id != rule_id))
    result = solve(build_model(relaxed), options)
    return result.status.value, result.objective


def rule_costs(data: ModelData, objective: float, options: SolveOptions,
               workers: int | None = None, scheduler: str | None = None) -> pd.DataFrame:
    """One row per rule: the objective without it and the cost it adds (Dask tasks)."""
    single = dataclasses.replace(options, threads=1, verbose=False)
    tasks = [(data, rule.id, single) for rule in data.rules]
    outcomes = run_tasks(_objective_without, tasks, scheduler=scheduler, workers=workers,
                         label="rule costs")
    rows = []
    for rule, outcome in zip(data.rules, outcomes, strict=True):
        status, without = outcome.value if outcome.ok else (
            outcome.error if outcome.skipped else f"failed: {outcome.error}", None)
        cost = objective - without if without is not None else None
        rows.append([rule.id, rule.kind, status, without, cost])
    return pd.DataFrame(rows, columns=COLUMNS)
