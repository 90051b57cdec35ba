"""Ban sets as scenarios: the base data they are added to, the rules that ban a
country, which countries a ban would stop, and the cost of a fixed plan under a set."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pyomo.environ as pyo

from models import ModelData, Rule, Scenario, SolveOptions, build_model, solve
from models.families.stochastic import HereAndNow, fix_here_and_now, scenario_data
from models.input.chain import acquisitions, matches
from planner.workbook.sanctions import scenario_name


class StressError(ValueError):
    """Options the stress search cannot work with (a usage error)."""


@dataclass(frozen=True)
class Stress:
    """What to stress: at most max_bans bans among countries, from a period on."""

    max_bans: int
    countries: tuple[str, ...] | None = None
    """None: every country whose ban would stop an offer or process."""
    stage: str | None = None
    item: str | None = None
    start: str | None = None
    """First period of the bans (None: the period after the decision period)."""
    scenario: str | None = None
    """The workbook scenario the bans are added to (None: the first)."""
    gap: float = 1e-4
    """Relative gap at which the search stops."""
    verify: bool = False
    """Cost the final plan under every ban set (Dask tasks), to prove its worst case."""


def base_data(data: ModelData, spec: Stress) -> tuple[ModelData, str]:
    """The workbook's data with its chosen scenario alone, and the bans' first period."""
    if data.tree:
        raise StressError("the workbook holds a scenario tree; the stress search needs a "
                          "two-stage plan (decision_period)")
    ids = [s.id for s in data.scenarios]
    scenario = spec.scenario or ids[0]
    if scenario not in ids:
        raise StressError(f"--scenario {scenario} is not a scenario of the workbook "
                          f"({', '.join(ids)})")
    base = scenario_data(data, scenario)
    base = dataclasses.replace(
        base, risk_measure="expected",
        rules=tuple(dataclasses.replace(r, scenario=None, inherited_by=frozenset())
                    for r in base.rules))
    periods, here = data.period_ids, data.here_and_now
    start = spec.start or (periods[len(here)] if len(here) < len(periods) else None)
    if start is None:
        raise StressError("the decision period is the last period: nothing is left for "
                          "the plan to adapt after a ban")
    if start not in periods:
        raise StressError(f"--from {start} is not a period ({', '.join(periods)})")
    if start in here:
        raise StressError(f"--from {start} is not after the decision period "
                          f"{here[-1]}: bans must come after the plan is taken")
    return base, start


def ban_rule(country: str, scenario: str, spec: Stress, periods: tuple[str, ...]) -> Rule:
    return Rule(id=f"{scenario}:ban-{country}", kind="ban", item=spec.item, stage=spec.stage,
                countries=frozenset({country}), periods=periods, scenario=scenario)


def candidates(base: ModelData, spec: Stress, periods: tuple[str, ...]) -> tuple[str, ...]:
    """Countries whose ban stops at least one offer or process in the ban periods."""
    found = set()
    countries = sorted({c for a in acquisitions(base) for _, c in a.tally_stages()}
                       | {a.country for a in acquisitions(base)})
    active = {r.id: set(r.periods) for r in (*base.offers, *base.processes)}
    for country in countries:
        rule = ban_rule(country, "stress", spec, periods)
        if any(active[a.id] & set(periods) and matches(rule, a, base)
               for a in acquisitions(base)):
            found.add(country)
    found.discard("UNK")
    return tuple(sorted(found))


def countries_named(base: ModelData) -> set[str]:
    return {c for a in acquisitions(base) for _, c in a.tally_stages()} | {
        a.country for a in acquisitions(base)}


def sets_data(base: ModelData, sets: list[tuple[str, ...]], spec: Stress,
              periods: tuple[str, ...]) -> ModelData:
    """One scenario per ban set, each with the base's events and its own bans."""
    names = [scenario_name(None, s) for s in sets]
    rules = [*base.rules]
    events = []
    for name, banned in zip(names, sets, strict=True):
        rules += [ban_rule(c, name, spec, periods) for c in banned]
        events += [dataclasses.replace(e, scenario=name) for e in base.events]
    return dataclasses.replace(
        base, scenarios=tuple(Scenario(n, 1.0 / len(names)) for n in names),
        rules=tuple(rules), events=tuple(events), risk_measure="worst")


def cost_under(task: tuple[ModelData, HereAndNow, SolveOptions]) -> float:
    """Cost of a fixed plan in a one-scenario model (inf when it cannot be carried out
    or the recourse is infeasible).

    A contract the plan signed stays paid when the bans remove every period of its
    offer (the model then has no such contract)."""
    data, plan, options = task
    model = build_model(data)
    fix_here_and_now(model, plan)
    result = solve(model, options)
    if not result.status.has_plan:
        return math.inf
    sunk = sum(o.contract_cost for o in data.offers
               if o.contract_cost > 0 and o.id not in model.Z and plan.get(("z", o.id), 0) > 0.5)
    return result.objective + sunk


def removed_by(model: pyo.ConcreteModel, base: ModelData, spec: Stress,
             periods: tuple[str, ...], countries: tuple[str, ...]) -> dict[str, list]:
    """Country -> the purchase and run variables its ban removes."""
    by_id = {a.id: a for a in acquisitions(base)}
    shown = set(periods)
    removed: dict[str, list] = {}
    for country in countries:
        rule = ban_rule(country, "stress", spec, periods)
        hit = {a for a, acq in by_id.items() if matches(rule, acq, base)}
        removed[country] = [var for index, var in (*model.x.items(), *model.y.items())
                            if index[1] in hit and index[2] in shown]
    return removed


