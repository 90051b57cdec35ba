"""How much Dy, Tb, NdPr and magnet stock should the consortium hold against the worst
two bans, in days of cover per element?

`planner stress` needs a two-stage plan, so the study takes one future of the shipped
scenario tree (by default the one without rules or events of its own: the suspension
extended, prices steady) with a decision period just before the bans: by default the
period before the tree's ban branch, so the plan has the quarters before it to build
stock. It solves that future without bans (the base plan), then finds the plan with
the least worst cost over every set of at most two country bans from the next period
on (planner.stress), and reports for each element the stock each plan holds when the
bans start, in t and in days of that element's demand, and what the worst set still
leaves unmet (the further days of cover that would have served it).

    python examples/stockpile_sizing/study.py [WORKBOOK] [--scenario S] [--decision P]
                                              [--max-bans 2] [--countries CN,MM,…]
                                              [--workers N] [-o stockpile-sizing.xlsx]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import planner
from planner.workbook.inputs import changed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # examples/studytools.py
from studytools import finish, launch, study_options, study_parser, study_workbook

DAYS_PER_YEAR = 365.0


def quiet_future(inputs: planner.Inputs) -> str:
    """The leaf with no rule or event on its path (the first if several)."""
    parents = {n.id: n.parent for n in inputs.data.tree}
    records = inputs.tables.records
    termed = {r["scenario"] for r in (*records["Rules"], *records["Events"]) if r["scenario"]}
    for leaf in (s.id for s in inputs.data.scenarios):
        step, path = leaf, set()
        while step is not None:
            path.add(step)
            step = parents.get(step)
        if not path & termed:
            return leaf
    raise SystemExit("every future has rules or events of its own: name one with --scenario")


def ban_branch(inputs: planner.Inputs) -> str:
    """First branch period of a scenario that carries a ban rule (the tree's ban)."""
    banning = {r["scenario"] for r in inputs.tables.records["Rules"]
               if r["kind"] == "ban" and r["scenario"]}
    periods = [n.branch_period for n in inputs.data.tree if n.id in banning and n.branch_period]
    if not periods:
        raise SystemExit("no scenario of the workbook carries a ban: give --decision")
    order = inputs.data.period_ids
    return min(periods, key=order.index)


def two_stage(inputs: planner.Inputs, leaf: str, decision: str) -> planner.Inputs:
    """One future of the tree as a one-scenario, two-stage workbook: the rules and events
    on its path kept (named after the leaf), every other scenario's dropped."""
    parents = {n.id: n.parent for n in inputs.data.tree}
    path, step = set(), leaf
    while step is not None:
        path.add(step)
        step = parents.get(step)
    records = inputs.tables.records

    def own(rows):
        return [{**r, "scenario": leaf if r["scenario"] else None} for r in rows
                if not r["scenario"] or r["scenario"] in path]

    scenario = next(r for r in records["Scenarios"] if r["scenario"] == leaf)
    return changed(inputs, {
        "Scenarios": [{**scenario, "probability": 1.0, "parent": None, "branch_period": None}],
        "Rules": own(records["Rules"]), "Events": own(records["Events"])},
        {"decision_period": decision})


def element_table(inputs: planner.Inputs) -> dict[str, dict[str, float]]:
    """Material -> element -> t of element per t of material."""
    table: dict[str, dict[str, float]] = {}
    for row in inputs.tables.records["Content"]:
        table.setdefault(row["material"], {})[row["element"]] = row["fraction"]
    return table


def daily_demand(inputs: planner.Inputs, period: str) -> dict[str, float]:
    """Element -> t a day of demand in the period (every segment and site)."""
    years = next(p["years"] for p in inputs.tables.records["Periods"] if p["period"] == period)
    content, found = element_table(inputs), {}
    for row in inputs.tables.records["Demand"]:
        if row["period"] == period:
            for element, fraction in content.get(row["material"], {}).items():
                found[element] = found.get(element, 0.0) + row["quantity"] * fraction
    return {e: t / (years * DAYS_PER_YEAR) for e, t in found.items()}


def by_element(inventory: pd.DataFrame, column: str, content) -> dict[str, float]:
    found: dict[str, float] = {}
    for material, t in inventory.groupby("material")[column].sum().items():
        for element, fraction in content.get(material, {}).items():
            found[element] = found.get(element, 0.0) + t * fraction
    return found


def cover(base: planner.Outcome, robust: planner.Outcome, inputs: planner.Inputs,
          decision: str, start: str, worst: str) -> pd.DataFrame:
    """Per element: stock each plan holds when the bans start and what the worst set
    leaves unmet, in t and in days of the first ban period's demand."""
    content, per_day = element_table(inputs), daily_demand(inputs, start)
    held = {}
    for name, outcome in (("base", base), ("robust", robust)):
        inventory = outcome.tables["Inventory"]
        closing = inventory[inventory.period == decision]
        held[name] = by_element(closing[closing.scenario == closing.scenario.iloc[0]],
                                "closing", content)
    later = robust.tables["Inventory"]
    later = later[(later.scenario == worst) & later.period.isin(
        inputs.data.period_ids[inputs.data.period_ids.index(start):])]
    unmet = by_element(later, "shortfall", content)
    rows = []
    for element, rate in sorted(per_day.items()):
        rows.append({
            "element": element, "demand_t_per_day": rate,
            "base_held_t": held["base"].get(element, 0.0),
            "base_cover_days": held["base"].get(element, 0.0) / rate,
            "robust_held_t": held["robust"].get(element, 0.0),
            "robust_cover_days": held["robust"].get(element, 0.0) / rate,
            "worst_unmet_t": unmet.get(element, 0.0),
            "worst_unmet_days": unmet.get(element, 0.0) / rate})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> dict[str, pd.DataFrame]:
    parser = study_parser(__doc__, workers=True, time_limit="time budget of each solve and "
                          "search, s (default: Settings)")
    parser.add_argument("--scenario", help="the future the bans are added to")
    parser.add_argument("--decision", help="decision period (default: before the ban branch)")
    parser.add_argument("--max-bans", type=int, default=2)
    parser.add_argument("--countries", help="countries the bans may hit (default: every one "
                        "whose ban stops something)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    shipped = study_workbook(args)
    periods = shipped.data.period_ids
    decision = args.decision or periods[periods.index(ban_branch(shipped)) - 1]
    start = periods[periods.index(decision) + 1]
    leaf = args.scenario or quiet_future(shipped)
    inputs = two_stage(shipped, leaf, decision)
    options = study_options(inputs, args)
    base = planner.solve(inputs, options)
    countries = tuple(args.countries.split(",")) if args.countries else None
    robust = planner.stress(inputs, args.max_bans, countries=countries, options=options,
                            workers=args.workers)
    if robust.plan is None:
        raise SystemExit(f"the stress search found no plan: {robust.summary['status']}")
    summary = robust.summary
    worst = "ban_" + "_".join(c.strip() for c in summary["stress_worst_ban_set"].split(","))
    table = cover(base, robust, inputs, decision, start, worst)
    bans = robust.tables["StressBans"]
    no_ban = bans.cost.iloc[0] - bans.cost_added.iloc[0]  # the robust plan without bans
    headline = pd.DataFrame([{
        "future": leaf, "decision_period": decision, "bans_from": start,
        "worst_ban_set": summary["stress_worst_ban_set"],
        "worst_cost": summary["stress_worst_cost"], "proof": summary["stress_proof"],
        "base_cost": base.summary["objective"], "robust_cost_without_bans": no_ban,
        "insurance_premium": no_ban - base.summary["objective"],
        "seconds": round(time.perf_counter() - began, 1)}])
    tables = {"Headline": headline, "Cover": table, "StressBans": bans,
              "Stress": robust.tables["Stress"]}
    currency = inputs.tables.settings["currency"]
    print(f"Stock against the worst {args.max_bans} bans ({currency}, discounted; t; days)")
    sections = [("Headline", headline.T, ",.0f"),
                ("Days of cover per element when the bans start:", table, ",.2f"),
                ("Single bans ranked, and the sets the search found:", bans, ",.0f")]
    return finish(tables, sections, args.output)


if __name__ == "__main__":
    launch(main)
