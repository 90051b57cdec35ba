"""What each rule costs: the plan re-solved without it, one rule at a time.

cost_of_rule = objective with every rule − objective without this rule, in the
discounted currency of the objective: the price of complying with that rule.

Each worker builds one study model (models.solving.variants.Warm, with the combinations that
hard bans remove kept as columns fixed at 0), solves it, and lifts one rule at a
time from it: its rows freed, its bans' columns released, its licence or tariff taken
out of capacities and prices; each re-solve starts from the last basis and, for a
MILP, from the plan with every rule. A rule that cannot be lifted that way is solved
from a model built without it.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from models import ModelData, SolveOptions, build_model, solve
from models.solving.variants import Warm, lift_rule
from planner.studies.parallel import keep_state, run_tasks, study_key, warm_state

COLUMNS = ["rule", "kind", "status", "objective_without", "cost_of_rule"]


def _objective_without(task: tuple[str, ModelData, str, SolveOptions, object]
                       ) -> tuple[str, float | None]:
    key, data, rule_id, options, start = task
    warm = warm_state(key, lambda: Warm(data, options, keep_banned=True, start=start))
    result = warm.solve(lift_rule, rule_id, start_from_base=True)
    if isinstance(result, str):  # cannot be lifted from the study model: build without it
        relaxed = dataclasses.replace(data, rules=tuple(r for r in data.rules
                                                        if r.id != rule_id))
        result = solve(build_model(relaxed), options)
    return result.status.value, result.objective


def rule_costs(data: ModelData, objective: float, options: SolveOptions,
               workers: int | None = None, scheduler: str | None = None,
               solved: Warm | None = None) -> pd.DataFrame:
    """One row per rule: the objective without it and the cost it adds (Dask tasks).

    solved: the plan's own model; its plan is every MILP re-solve's first incumbent,
    and when no ban removed anything from it, it is the study model of tasks run in
    this process."""
    single = dataclasses.replace(options, threads=1, verbose=False)
    key = study_key()
    start = solved.plan_values() if solved is not None and solved.integer else None
    tasks = [(key, data, rule.id, single, start) for rule in data.rules]
    if solved is not None and solved.lifts_every_ban and scheduler is None and workers == 1:
        keep_state(key, solved)
    outcomes = run_tasks(_objective_without, tasks, scheduler=scheduler, workers=workers,
                         label="rule costs")
    rows = []
    for rule, outcome in zip(data.rules, outcomes, strict=True):
        status, without = outcome.value if outcome.ok else (
            outcome.error if outcome.skipped else f"failed: {outcome.error}", None)
        cost = objective - without if without is not None else None
        rows.append([rule.id, rule.kind, status, without, cost])
    return pd.DataFrame(rows, columns=COLUMNS)
