"""The Python API: load a workbook, solve it, get results as DataFrames, write them.

    >>> import planner
    >>> inputs = planner.load("inputs/rare_earths.xlsx")
    >>> outcome = planner.solve(inputs)
    >>> outcome.tables["Purchases"].head()
    >>> outcome.write("plan-results.xlsx")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from models import Plan, SolveOptions, SolveResult, Status, build_model, extract_plan
from models import solve as solve_model
from models.build import integer_variables
from models.input.tree import path
from models.readback.figures import plan_figures
from models.solving.lexicographic import SecondPass, second_pass
from models.solving.variants import Warm
from planner import progress
from planner.results.contracts import contracts_table
from planner.results.groups import group_use_table
from planner.results.outcome import Outcome
from planner.results.profile import Profile, peak_memory
from planner.results.provenance import provenance_table, sale_columns, sales_table
from planner.results.qualification import qualification_table
from planner.results.sheets import (
    excluded_table,
    inventory_table,
    investment_columns,
    investments_table,
    processing_table,
    purchases_table,
    rule_report_table,
    scenario_costs_table,
    shares_table,
    summary_table,
)
from planner.results.tree import node_decisions_table, scenario_tree_columns
from planner.results.writer import Annotation
from planner.studies.conflicts import conflicts
from planner.studies.information import resolution_note, value_of_information
from planner.studies.parallel import default_workers, resolve_seconds, workers_for
from planner.studies.rulecosts import rule_costs
from planner.studies.stress import Iteration, Stress, StressResult, iterations_table
from planner.studies.stress import stress as run_stress
from planner.version import __version__
from planner.workbook.inputs import Inputs, load, solve_options

__all__ = ["Inputs", "Outcome", "explain", "load", "solve", "solve_options", "stress"]


def solve(inputs: Inputs | Path | str, options: SolveOptions | None = None, *,
          with_rule_costs: bool = False, workers: int | None = None,
          scheduler: str | None = None, profile: bool = False,
          write_model: Path | str | None = None, with_second_pass: bool = True,
          with_information: bool = True) -> Outcome:
    """Build the model, solve it with HiGHS and make the result tables.

    With several scenarios a second pass keeps the objective at its optimum and gives
    every scenario its cheapest recourse (models/solving/lexicographic.py; Summary:
    second_pass), and the planner solves each scenario alone and the expected-value
    problem (Summary: wait_and_see, evpi, eev, vss; with_information=False skips
    them). with_rule_costs re-solves without
    each rule in turn and adds the RuleCosts table. These extra solves run as Dask
    tasks on `workers` local processes, or on the cluster at `scheduler`.

    options.time_limit is the budget of the whole call: the main solve may take half
    of it when extra solves follow, and the extra solves share what is left; those
    that do not fit are skipped and listed in the Summary (skipped_solves).
    profile records the seconds of each phase, the model size and the peak memory in
    outcome.profile and the Summary; write_model writes the model handed to HiGHS
    (.mps or .lp) before it is solved.
    """
    if not isinstance(inputs, Inputs):
        inputs = load(inputs)
    options = options or inputs.solve_options()
    data = inputs.data
    voi = len(data.scenarios) + 1 if len(data.scenarios) > 1 and with_information else 0
    costs = len(data.rules) if with_rule_costs else 0
    timer = Profile(dict(inputs.seconds))
    run = progress.current()
    with run.budgeted(options.time_limit), PauseGC():  # no collector passes over the model
        run.phase("building the model")
        began = time.perf_counter()
        model = build_model(data)
        timer.add(build=time.perf_counter() - began)
        if voi or costs:
            run.say("this run solves the plan, then " + " and ".join(
                part for part in (voi and f"{voi} value-of-information solves",
                                  costs and f"{costs} rule-cost solves (one without each rule)")
                if part))
        main = replace(options, time_limit=run.share(1, portion=0.5 if voi or costs else 1.0),
                       deadline=run.deadline)
        integers = sum(len(v) for v in (model.z, model.w, model.n, model.b))
        run.phase(f"solving with HiGHS ({model.nvariables():,} variables, {integers:,} integer;"
                  f" up to {main.time_limit:,.0f} s)")
        result = solve_model(model, main, write_model=write_model)
        timer.add(**result.timings)
        timer.size = dict(result.size)
        passed = None
        if with_second_pass and result.status.has_plan and len(data.scenarios) > 1:
            run.phase("second pass: the best plan in each scenario at the optimum")
            began = time.perf_counter()
            passed = second_pass(model, result, main)
            result = passed.result
            timer.add(second_pass=time.perf_counter() - began)
        began = time.perf_counter()
        plan = extract_plan(model, result) if result.status.has_plan else None
        outcome = Outcome(inputs, result, plan, model=model)
        outcome.tables = result_tables(inputs, model, result, plan)
        if passed is not None:
            outcome.tables["Summary"] = _insert_after(outcome.tables["Summary"], "risk_measure",
                                                      second_pass_summary(passed))
        add_tree_results(outcome)
        if plan is not None and data.investments:
            outcome.annotations["Investments"] = Annotation(
                "investment", investment_columns(data, outcome.tables["InvestmentPlan"]))
        if plan is not None and data.sales:
            outcome.annotations["Sales"] = Annotation(
                "sale", sale_columns(data, outcome.tables["SalesPlan"]))
        timer.add(extraction=time.perf_counter() - began)
        began = time.perf_counter()
        solved = Warm.adopt(model, result) if plan is not None else None
        each = resolve_seconds(result.timings["highs"], result.integer)
        setup = timer.seconds["build"] + timer.seconds["hand_over"]  # a worker builds first
        if plan is not None and voi:
            parallel = workers_for(voi, each, workers, setup)
            figures = value_of_information(
                data, result.objective, _extra(options, run, voi + costs, parallel),
                parallel, scheduler, solved=solved)
            if result.integer:
                figures |= resolution_note(figures, result.objective, options.mip_gap)
            outcome.tables["Summary"] = _insert_after(outcome.tables["Summary"], "cvar", figures)
        if costs and plan is not None:
            parallel = workers_for(costs, each, workers, setup)
            outcome.tables["RuleCosts"] = rule_costs(
                data, result.objective, _extra(options, run, costs, parallel), parallel,
                scheduler, solved=solved)
        if plan is not None and (voi or costs):
            timer.add(studies=time.perf_counter() - began)
        if plan is not None:  # only an infeasible model is solved again (to explain it)
            model.solver = solved = None
        summary = outcome.tables["Summary"]
        outcome.tables["Summary"] = _insert_after(summary, "solve_seconds", {
            "time_budget_s": options.time_limit,
            "skipped_solves": "; ".join(str(s) for s in run.skipped) or "none"})
    if profile:
        timer.peak_bytes = peak_memory()
        outcome.profile = timer
        summary = outcome.tables["Summary"]
        outcome.tables["Summary"] = pd.concat(
            [summary, summary_table(timer.summary_entries())], ignore_index=True)
    return outcome


def _extra(options: SolveOptions, run: progress.Run, solves: int,
           workers: int | None) -> SolveOptions:
    """Options of the extra solves: a fair share of what is left of the budget."""
    parallel = workers if workers is not None else default_workers()
    return replace(options, time_limit=run.share(solves, parallel), deadline=run.deadline)


def stress(inputs: Inputs | Path | str, max_bans: int, *,
           countries: tuple[str, ...] | None = None, stage: str | None = None,
           item: str | None = None, start: str | None = None, scenario: str | None = None,
           gap: float = 1e-4, verify: bool = False, options: SolveOptions | None = None,
           progress: Callable[[Iteration], None] | None = None, workers: int | None = None,
           scheduler: str | None = None) -> Outcome:
    """The plan with the least worst cost over every set of at most max_bans hard bans
    on countries (default: every country whose ban stops something), from start on,
    added to one scenario of the workbook (planner/studies/stress.py).

    The outcome's tables are those of solve for the plan under every ban set the
    search found (one scenario each), plus Stress (one row per iteration: bounds, gap,
    ban set found) and StressBans (the single bans ranked by the cost each adds, and
    the sets found); the Summary says what is proven. Raises StressError for options
    that cannot work and NoRobustPlan when no plan keeps the hard rules under some set.
    progress is called after each iteration; the costs of the single bans (and, with
    verify, of every set) are Dask tasks on `workers` or at `scheduler`.
    """
    if not isinstance(inputs, Inputs):
        inputs = load(inputs)
    options = options or inputs.solve_options()
    spec = Stress(max_bans, countries, stage, item, start, scenario, gap, verify)
    found = run_stress(inputs.data, spec, options, progress=progress, workers=workers,
                       scheduler=scheduler)
    stressed = dataclasses.replace(inputs, data=found.data)
    model, result = found.model, found.result
    passed = None
    if result.status.has_plan and len(found.data.scenarios) > 1:
        passed = second_pass(model, result, options)
        result = passed.result
    plan = extract_plan(model, result) if result.status.has_plan else None
    outcome = Outcome(stressed, result, plan, model=model)
    outcome.tables = result_tables(stressed, model, result, plan)
    entries = stress_summary(found, spec)
    if passed is not None:
        entries |= second_pass_summary(passed)
    outcome.tables["Summary"] = _insert_after(outcome.tables["Summary"], "status", entries)
    outcome.tables["Stress"] = iterations_table(found)
    outcome.tables["StressBans"] = found.ranking
    return outcome


def stress_summary(found: StressResult, spec: Stress) -> dict[str, object]:
    """Summary rows of a stress search."""
    return {
        "stress_worst_ban_set": ", ".join(found.worst) or "(none)",
        "stress_worst_cost": found.worst_cost,
        "stress_lower_bound": found.lower,
        "stress_gap": found.gap,
        "stress_iterations": len(found.iterations),
        "stress_combinations": found.combinations,
        "stress_proof": found.proof,
        "stress_max_bans": spec.max_bans,
        "stress_countries": ", ".join(found.countries),
        "stress_stage": spec.stage or "any",
        "stress_item": spec.item or "any",
        "stress_from": found.start,
        "stress_scenario": spec.scenario or found.base_scenario,
        "stress_seconds": round(found.seconds, 3),
    }


def explain(inputs: Inputs | Path | str, *, detail: bool = False) -> tuple[Status, list[str]]:
    """The solve status and, for an infeasible plan, why: the rows by workbook cell.

    Solves only the model itself (no extra scenario or rule-cost solves)."""
    if not isinstance(inputs, Inputs):
        inputs = load(inputs)
    run = progress.current()
    run.phase("building the model")
    model = build_model(inputs.data)
    run.phase("solving with HiGHS")
    status = solve_model(model, inputs.solve_options()).status
    if status is Status.INFEASIBLE:
        run.phase("finding the rows that conflict")
    if status is not Status.INFEASIBLE:
        return status, []
    return status, conflicts(inputs, model, detail)


def second_pass_summary(passed: SecondPass) -> dict[str, object]:
    """Summary rows saying what the second pass did, and by how much."""
    if passed.status == "changed":
        shown = ", ".join(f"{s} {'−' if saving >= 0 else '+'}{abs(saving):,.2f}"
                          for s, saving in passed.changed.items())
        text = (f"changed the recourse of {len(passed.changed)} scenario(s) ({shown}); "
                f"the scenario costs fell by {passed.saving:,.2f} in all, at the same "
                "objective")
    elif passed.status == "unchanged":
        text = "no change: every scenario already had its cheapest recourse"
    else:
        text = passed.status
    return {"second_pass": text, "second_pass_saving": passed.saving}


def add_tree_results(outcome: Outcome) -> None:
    """For a scenario tree: the NodeDecisions table and the tree's columns on the copy
    of the Scenarios sheet."""
    data, plan = outcome.inputs.data, outcome.plan
    if not data.tree or plan is None:
        return
    outcome.tables["NodeDecisions"] = node_decisions_table(data, plan)
    outcome.annotations["Scenarios"] = Annotation("scenario", scenario_tree_columns(data, plan))


def _insert_after(summary: pd.DataFrame, key: str, entries: dict[str, object]) -> pd.DataFrame:
    """Summary rows with entries inserted after the row of key."""
    position = summary.index[summary["key"] == key][0] + 1
    extra = pd.DataFrame({"key": list(entries), "value": list(entries.values())})
    return pd.concat([summary.iloc[:position], extra, summary.iloc[position:]],
                     ignore_index=True)


def result_tables(inputs: Inputs, model: pyo.ConcreteModel, result: SolveResult,
                  plan: Plan | None) -> dict[str, pd.DataFrame]:
    data = inputs.data
    summary: dict[str, object] = {"status": result.status.value}
    tables: dict[str, pd.DataFrame] = {}
    if plan is not None:
        factors = model.terms.price_factor
        tables["Purchases"] = purchases_table(data, plan, factors, model.site_terms)
        if len(model.Z):
            tables["Contracts"] = contracts_table(data, plan, model.terms)
        tables["Processing"] = processing_table(data, plan, factors, model.site_terms)
        tables["Inventory"] = inventory_table(data, plan, model.terms, model.site_terms)
        if data.sales:
            tables["SalesPlan"] = sales_table(data, plan)
        if len(model.SV) or len(model.IC):
            tables["Provenance"] = provenance_table(data, plan)
        tables["InvestmentPlan"] = investments_table(data, plan)
        if len(model.CG):
            tables["GroupUse"] = group_use_table(data, plan, list(model.CG))
        if len(model.QUALIFY):
            tables["Qualification"] = qualification_table(data, plan)
        tables["Shares"] = shares_table(data, plan)
        tables["RuleReport"] = rule_report_table(plan, result.integer)
        figures = plan_figures(data, plan)
        summary |= {
            "objective": result.objective,
            "total_cost": figures["expected_cost"],
            **{f"cost_{term}": value for term, value in plan.costs.items()},
            "shortfall_t": figures["expected_shortfall_t"],
            "expected_cost": figures["expected_cost"],
            "cvar": figures["cvar"],
            "cvar_alpha": data.cvar_alpha,
            "worst_cost": figures["worst_cost"],
            "risk_measure": data.risk_measure,
        }
        tables["ScenarioCosts"] = scenario_costs_table(data, plan)
    summary |= {
        "model_type": "MILP" if result.integer else "LP",
        "mip_gap": result.gap,
        "best_bound": result.bound,
        "marginal_costs": "LP with the integer decisions fixed at the plan" if result.integer
        else "LP duals",
        "solve_seconds": round(result.seconds, 3),
        "scenarios": len(data.scenarios),
        "decision_period": data.here_and_now[-1] if data.here_and_now else None,
        **tree_summary(data),
        "periods": len(data.periods),
        "variables": model.nvariables(),
        "integer_variables": integer_variables(model),
        "constraints": model.nconstraints(),
        "traced_classes": ", ".join(f"{m} {n}" for m, n in model.classes.counts.items())
        or None,
        "currency": inputs.tables.settings["currency"],
        "input_file": inputs.path.name,
        "input_sha256": inputs.sha256,
        "planner_version": __version__,
        "solver": f"HiGHS ({result.termination})",
        "run_timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    tables["Excluded"] = excluded_table([*model.terms.excluded, *model.site_terms.excluded])
    return {"Summary": summary_table(summary), **tables}



def tree_summary(data) -> dict[str, object]:
    """Summary rows of a scenario tree: its size and depth."""
    if not data.tree:
        return {}
    nodes = {node for in_period in data.decision_nodes.values() for node in in_period}
    depth = max(len(path(data.tree, s.id)) for s in data.scenarios)
    return {"scenario_tree": f"{len(data.tree)} scenarios in a tree of depth {depth}: "
            f"{len(data.scenarios)} leaves (costed), {len(nodes)} decision nodes"}
