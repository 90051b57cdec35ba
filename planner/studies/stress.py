"""The plan that minimises the worst cost over every set of at most K hard bans.

    min_x  max_{B ⊆ C, |B| ≤ K}  cost(x, B)

x is the plan (every decision up to the decision period, and the contracts); each ban
set B bans the countries in it from a period after the decision period on, and the
later decisions adapt to it. The sets are not enumerated: column-and-constraint
generation (Zeng & Zhao) solves

    master:      LB = min_x max_{B ∈ F} cost(x, B)    over the sets F found so far
                 (the extensive form with risk_measure = worst, one scenario per set)
    search:      the set that hurts the master's plan x̂ most, a MILP over which bans
                 to impose (planner/studies/interdiction.py)
    upper bound: UB = min over iterations of max_B cost(x̂, B)

adds the set found to F and repeats until UB − LB ≤ gap · UB. The search is exact for
the LP relaxation of the recourse. Where the recourse has integer decisions (orders,
builds after the decision period) duality does not hold for them: the search ranks
the sets by the LP relaxation, every set it finds is costed exactly (with its
integers), and `verify` costs the final plan under every set to prove it.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pyomo.environ as pyo

from models import ModelData, SolveOptions, SolveResult, build_model, solve
from models.families.stochastic import HereAndNow, fix_here_and_now, here_and_now
from models.solving.solver import Status
from planner import progress
from planner.studies.bansets import (
    Stress,
    StressError,
    base_data,
    candidates,
    cost_under,
    countries_named,
    removed_by,
    sets_data,
)
from planner.studies.interdiction import value_bounds, worst_bans
from planner.studies.parallel import run_tasks, workers_for
from planner.workbook.sanctions import scenario_name

WIDEN = 4
"""Times the value bounds are widened (×10) when the search undervalues the set it
finds (its exact LP cost is higher than the search said)."""


class NoRobustPlan(Exception):
    """No plan keeps every hard rule under some ban set (the model is infeasible)."""


@dataclass
class Iteration:
    number: int
    lower: float
    upper: float
    gap: float
    banned: tuple[str, ...]
    exact: float
    """Cost of the master's plan under the set found, with every integer decision."""
    search: float
    """The search's value: the LP relaxation of that cost."""
    seconds: float


@dataclass
class StressResult:
    """The plan, its worst ban set, and how the search got there."""

    data: ModelData
    """One scenario per ban set found, under risk_measure = worst."""
    model: pyo.ConcreteModel
    result: SolveResult
    """The plan solved against every set found (its first stage fixed)."""
    iterations: list[Iteration]
    worst: tuple[str, ...]
    worst_cost: float
    lower: float
    countries: tuple[str, ...]
    start: str
    combinations: int
    integer: bool
    """Whether the recourse has integer decisions."""
    proof: str
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    seconds: float = 0.0
    verified: int = 0
    """Ban sets the final plan was costed under (0 without verify)."""
    base_scenario: str = ""

    @property
    def gap(self) -> float:
        return _gap(self.lower, self.worst_cost)


def _gap(lower: float, upper: float) -> float:
    if not math.isfinite(upper):
        return math.inf
    return max(0.0, upper - lower) / max(abs(upper), 1e-9)


class _Run:
    """One stress search: the base data, the options, and the solves it needs."""

    def __init__(self, base: ModelData, spec: Stress, periods: tuple[str, ...],
                 countries: tuple[str, ...], options: SolveOptions,
                 runner: tuple[int | None, str | None]):
        self.base, self.spec, self.periods, self.countries = base, spec, periods, countries
        self.options = options
        self.workers, self.scheduler = runner
        self.worth = value_bounds(base)
        self.scale = 1.0
        """Factor on the value bounds (raised when the search undervalues a set)."""
        self.each = 1.0
        """Seconds one recourse solve takes (for choosing local or parallel runs)."""

    def data(self, sets: list[tuple[str, ...]]) -> ModelData:
        return sets_data(self.base, sets, self.spec, self.periods)

    def master(self, found: list[tuple[str, ...]]) -> tuple[pyo.ConcreteModel, SolveResult]:
        progress.current().phase(f"stress: the plan against {len(found)} ban set(s)")
        model = build_model(self.data(found))
        result = solve(model, self.options)
        if not result.status.has_plan:
            raise NoRobustPlan(_no_plan(result, found))
        return model, result

    def search(self, plan: HereAndNow) -> tuple[tuple[str, ...], float]:
        """The ban set that hurts plan most, by the LP relaxation of its recourse."""
        progress.current().phase("stress: searching for the ban set that hurts the plan most")
        data = dataclasses.replace(self.data([()]), risk_measure="expected")
        model = build_model(data)
        fix_here_and_now(model, plan)
        removes = removed_by(model, self.base, self.spec, self.periods, self.countries)
        material = {o.id: o.material for o in self.base.offers} | {
            p.id: p.output for p in self.base.processes}
        bound = {}
        for variables in removes.values():
            for var in variables:
                _, a, t = var.index()
                bound[id(var)] = (self.scale * self.base.discount_factor(t)
                                  * self.worth[material[a]])
        found = worst_bans(model, removes, self.spec.max_bans, bound, self.options)
        if not found.status.has_plan:
            raise StressError(f"the search for the worst ban set failed "
                              f"({found.status.value})")
        return found.banned, found.value

    def cost(self, banned: tuple[str, ...], plan: HereAndNow) -> float:
        clock = time.perf_counter()
        value = cost_under((self.data([banned]), plan, self.options))
        self.each = time.perf_counter() - clock
        return value

    def costs(self, sets: list[tuple[str, ...]], plan: HereAndNow,
              label: str) -> dict[tuple[str, ...], float]:
        """Cost of plan under each ban set, as Dask tasks (here when they are quick)."""
        one = dataclasses.replace(self.options, threads=1)
        tasks = [(self.data([s]), plan, one) for s in sets]
        results = run_tasks(cost_under, tasks, scheduler=self.scheduler, label=label,
                            workers=workers_for(len(tasks), self.each, self.workers))
        return {s: (r.value if r.ok else math.inf) for s, r in zip(sets, results, strict=True)}

    def generate(self, found: list[tuple[str, ...]], iterations: list[Iteration],
                 best: list, progress: Callable[[Iteration], None] | None,
                 combinations: int) -> bool:
        """Column-and-constraint generation until the bounds meet; False when the
        recourse has integer decisions (the search then used its LP relaxation)."""
        integer = False
        while True:
            tick = time.perf_counter()
            master, result = self.master(found)
            integer = integer or result.integer
            # a MILP master stops within its gap: its proven bound is the lower bound
            lower = result.bound if result.integer and result.bound is not None \
                else result.objective
            plan = here_and_now(master)
            for _ in range(WIDEN):
                banned, value = self.search(plan)
                exact = self.cost(banned, plan)
                if integer or math.isinf(exact) or exact <= value + 1e-6 * max(1.0, abs(value)):
                    break
                self.scale *= 10  # a value bound was too low for this set: widen them all
            worst = max(result.objective, exact if integer else value)
            if worst < best[0]:
                best[:] = [worst, plan]
            step = Iteration(len(iterations) + 1, lower, best[0], _gap(lower, best[0]),
                             banned, exact, value, time.perf_counter() - tick)
            iterations.append(step)
            if progress:
                progress(step)
            if step.gap <= self.spec.gap or banned in found or len(found) >= combinations:
                return not integer
            found.append(banned)


def stress(data: ModelData, spec: Stress, options: SolveOptions, *,
           progress: Callable[[Iteration], None] | None = None, workers: int | None = None,
           scheduler: str | None = None) -> StressResult:
    """The plan with the least worst cost over every set of at most K bans."""
    started = time.perf_counter()
    base, start = base_data(data, spec)
    periods = base.period_ids[base.period_ids.index(start):]
    countries = spec.countries or candidates(base, spec, periods)
    unknown = [c for c in countries if c not in countries_named(base)]
    if unknown:
        raise StressError(f"{', '.join(unknown)}: no offer or process names this country")
    if not 1 <= spec.max_bans <= len(countries):
        raise StressError(f"--max-bans must be between 1 and the {len(countries)} countries "
                          f"({', '.join(countries)})")
    every = [c for k in range(spec.max_bans + 1)
             for c in itertools.combinations(countries, k)]
    options = dataclasses.replace(options, verbose=False,
                                  mip_gap=min(options.mip_gap, spec.gap))
    run = _Run(base, spec, periods, countries, options, (workers, scheduler))
    found: list[tuple[str, ...]] = [()]
    iterations: list[Iteration] = []
    best: list = [math.inf, None]
    while True:
        exact = run.generate(found, iterations, best, progress, len(every))
        if not spec.verify:
            break
        costs = run.costs(every, best[1], "verify every ban set")
        worse = max(costs, key=costs.get)
        if costs[worse] <= best[0] * (1 + spec.gap) or worse in found:
            break
        found.append(worse)  # the LP search missed it: hedge against it too
        best[0] = costs[worse]
    sets = list(dict.fromkeys([*found, iterations[-1].banned]))
    singles = [(), *((c,) for c in countries)]
    costs = run.costs(list(dict.fromkeys([*singles, *sets])), best[1], "cost of each ban")
    worst = max(sets, key=lambda s: costs[s])
    final = run.data(sets)
    model = build_model(final)
    fix_here_and_now(model, best[1])
    result = solve(model, options)
    lower = min(iterations[-1].lower, costs[worst])
    proof = _proof(not exact, spec.verify, lower, costs[worst], spec.gap, len(every))
    return StressResult(final, model, result, iterations, worst, costs[worst], lower,
                        countries, start, len(every), not exact, proof,
                        _ranking(costs, singles, sets, worst), time.perf_counter() - started,
                        len(every) if spec.verify else 0, base.scenarios[0].id)


def _no_plan(result: SolveResult, found: list[tuple[str, ...]]) -> str:
    last = scenario_name(None, found[-1])
    if result.status is Status.INFEASIBLE:
        return (f"no plan keeps every hard rule and stockpile bound under the ban set "
                f"{last}; soften a rule or a target, or stress fewer countries")
    return f"the plan against the ban sets found could not be solved ({result.status.value})"


def _proof(integer: bool, verified: bool, lower: float, worst: float, gap: float,
           combinations: int) -> str:
    closed = _gap(lower, worst) <= gap
    if verified:
        return (f"verified: the plan was costed under all {combinations} ban sets (with "
                "every integer decision)" + ("" if closed else
                                             "; the lower bound is the master's"))
    if not integer:
        return ("proven by the search: the recourse is an LP and the bounds met within "
                f"{gap:.2%}" if closed else "the bounds did not meet")
    return ("the recourse has integer decisions: the search ranks ban sets by its LP "
            "relaxation, and every set it found was costed exactly; run with --verify to "
            f"cost the plan under all {combinations} sets")


def _ranking(costs, singles, sets, worst) -> pd.DataFrame:
    """The single bans by the cost each adds to the plan, then the sets the search found."""
    base = costs[()]
    rows = []
    for s in sorted(singles[1:], key=lambda s: -costs[s]):
        rows.append([scenario_name(None, s), ", ".join(s), 1, costs[s], costs[s] - base,
                     "single ban", s == worst])
    for s in sets:
        if len(s) > 1:
            rows.append([scenario_name(None, s), ", ".join(s), len(s), costs[s],
                         costs[s] - base, "found by the search", s == worst])
    frame = pd.DataFrame(rows, columns=["ban_set", "countries", "bans", "cost", "cost_added",
                                        "source", "worst"])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def iterations_table(result: StressResult) -> pd.DataFrame:
    return pd.DataFrame(
        [[i.number, i.lower, i.upper, i.gap, scenario_name(None, i.banned), i.exact,
          i.search, round(i.seconds, 3)] for i in result.iterations],
        columns=["iteration", "lower_bound", "upper_bound", "gap", "ban_set",
                 "ban_set_cost", "search_value", "seconds"])
