"""The numbers a decision maker asks of a stochastic plan: expected cost, CVaR, the
wait-and-see value with the EVPI, and the value of the stochastic solution (VSS).

    RP   = objective of the stochastic plan (here-and-now decisions shared)
    WS   = the same risk measure over each scenario's own optimum (perfect foresight)
    EVPI = RP − WS
    EEV  = the stochastic model with the expected-value plan's here-and-now
           decisions fixed (later decisions still adapt to each scenario)
    VSS  = EEV − RP
"""

from __future__ import annotations

import dataclasses

from models import ModelData, SolveOptions, build_model, solve
from models.figures import risk_objective
from models.stochastic import (
    expected_value_problem,
    fix_here_and_now,
    here_and_now,
    scenario_data,
)
from planner.studies.parallel import SKIPPED, run_tasks


def _scenario_optimum(task: tuple[ModelData, str, SolveOptions]) -> float | None:
    data, scenario, options = task
    return solve(build_model(scenario_data(data, scenario)), options).objective


def _expected_value_plan(task: tuple[ModelData, SolveOptions]) -> float | None:
    """EEV: the stochastic model with the expected-value plan's first stage fixed."""
    data, options = task
    ev_data, ev_terms = expected_value_problem(data)
    ev_model = build_model(ev_data, ev_terms)
    if not solve(ev_model, options).status.has_plan:
        return None
    model = build_model(data)
    fix_here_and_now(model, here_and_now(ev_model))
    return solve(model, options).objective  # None: the EV plan is impossible somewhere


def value_of_information(data: ModelData, objective: float, options: SolveOptions,
                         workers: int | None = None,
                         scheduler: str | None = None) -> dict[str, float | str | None]:
    """Wait-and-see, EVPI, EEV and VSS of a solved stochastic plan (Dask tasks)."""
    single = dataclasses.replace(options, threads=1, verbose=False)
    ids = [s.id for s in data.scenarios]
    tasks = [(_scenario_optimum, (data, s, single)) for s in ids]
    tasks.append((_expected_value_plan, (data, single)))
    results = run_tasks(_call, tasks, scheduler=scheduler, workers=workers,
                        label="value of information")
    optima = {s: r.value for s, r in zip(ids, results, strict=False)}
    figures: dict[str, float | str | None] = {}
    if all(r.ok and r.value is not None for r in results[:-1]):
        ws = risk_objective(data, optima)
        figures |= {"wait_and_see": ws, "evpi": objective - ws}
    else:
        figures |= {"wait_and_see": None, "evpi": SKIPPED if any(r.skipped for r in results[:-1])
                    else "a scenario could not be solved alone"}
    eev = results[-1].value if results[-1].ok else None
    if results[-1].skipped:
        figures |= {"eev": None, "vss": SKIPPED}
    elif eev is None:
        figures |= {"eev": None,
                    "vss": "the expected-value plan cannot be carried out in every scenario"}
    else:
        figures |= {"eev": eev, "vss": eev - objective}
    return figures


def _call(task: tuple) -> object:
    function, argument = task
    return function(argument)
