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
from models.families.stochastic import (
    expected_value_problem,
    fix_here_and_now,
    here_and_now,
    scenario_data,
)
from models.readback.figures import risk_objective
from models.solving.variants import Warm, fix_first_stage, scenario_alone
from planner.studies.parallel import SKIPPED, keep_state, run_tasks, study_key, warm_state


def _scenario_optimum(task: tuple[str, ModelData, str, SolveOptions, object]) -> float | None:
    """The scenario's own optimum: the stochastic model with every other scenario and
    the non-anticipativity rows freed, priced by the scenario alone (a MILP starts from
    the stochastic plan, which stays feasible)."""
    key, data, scenario, options, start = task
    warm = warm_state(key, lambda: Warm(data, options, start=start))
    result = warm.solve(scenario_alone, scenario, start_from_base=True)
    if isinstance(result, str):
        result = solve(build_model(scenario_data(data, scenario)), options)
    return result.objective


def _expected_value_plan(task: tuple[str, ModelData, SolveOptions, object]) -> float | None:
    """EEV: the stochastic model with the expected-value plan's first stage fixed."""
    key, data, options, start = task
    ev_data, ev_terms = expected_value_problem(data)
    ev_model = build_model(ev_data, ev_terms)
    if not solve(ev_model, options).status.has_plan:
        return None
    values = here_and_now(ev_model)
    warm = warm_state(key, lambda: Warm(data, options, start=start))
    result = warm.solve(fix_first_stage, values)
    if isinstance(result, str):
        model = build_model(data)
        fix_here_and_now(model, values)
        result = solve(model, options)
    return result.objective  # None: the EV plan is impossible somewhere


def value_of_information(data: ModelData, objective: float, options: SolveOptions,
                         workers: int | None = None, scheduler: str | None = None,
                         solved: Warm | None = None) -> dict[str, float | str | None]:
    """Wait-and-see, EVPI, EEV and VSS of a solved stochastic plan (Dask tasks).

    solved: the plan's own model, re-solved warm when the tasks run in this process."""
    single = dataclasses.replace(options, threads=1, verbose=False)
    ids, key = [s.id for s in data.scenarios], study_key()
    start = solved.plan_values() if solved is not None and solved.integer else None
    tasks = [(_scenario_optimum, (key, data, s, single, start)) for s in ids]
    tasks.append((_expected_value_plan, (key, data, single, start)))
    if solved is not None and scheduler is None and workers == 1:
        keep_state(key, solved)
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


def resolution_note(figures: dict[str, float | str | None], objective: float,
                    mip_gap: float) -> dict[str, str]:
    """A note when EVPI or VSS is no larger than what the MIP gap leaves open
    (mip_gap × |objective|): each of the solves behind them may be that far from its
    optimum, so such a figure, negative ones included, is not resolved."""
    margin = mip_gap * abs(objective)
    small = [k.upper() for k in ("evpi", "vss")
             if isinstance(figures.get(k), float) and abs(figures[k]) <= margin]
    if not small:
        return {}
    return {"information_note": f"{' and '.join(small)} within the MIP gap ({margin:,.0f}): "
                                "not resolved; solve again with a smaller --mip-gap"}
