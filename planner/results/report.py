"""The short summary printed after a solve, in the words of the Summary and
Overview sheets (planner.results.columns, planner.results.overview)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.results import chartdata
from planner.results.formats import money, percent, quantity
from planner.results.outcome import Outcome
from planner.results.overview import Block, cost_block, scenario_block

WIDTH = 44
"""Width of the label column."""


def _figure_lines(block: Block, currency: str) -> list[str]:
    lines = []
    for (name, value, _), (_, unit, _) in zip(block.rows, block.units, strict=True):
        lines.append(f"  {name:<{WIDTH}}{quantity(value, unit, currency):>22}")
    return lines


def _scenario_lines(block: Block, currency: str) -> list[str]:
    lines = [f"  {block.title} ({', '.join(block.header[1:])}):"]
    for values, units in zip(block.rows, block.units, strict=True):
        name, *figures = values
        shown = [quantity(v, u, currency) if v is not None else "" for v, u in
                 zip(figures, units[1:], strict=True)]
        if figures[0] is None and figures[2] is None:  # CVaR, EVPI, VSS: cost only
            lines.append(f"    {name:<{WIDTH - 2}}{shown[1]:>22}")
        else:
            lines.append(f"    {name:<18}{shown[0]:>7}{shown[1]:>22}{shown[2]:>14}")
    return lines


def summary_lines(outcome: Outcome) -> list[str]:
    """Status, cost and its parts, unmet demand, scenarios, spend by supplier country
    and (with rule costs) what each rule costs, as text lines."""
    s = outcome.summary
    currency = str(s["currency"])
    integers = f", {s['integer_variables']} integer" if s.get("integer_variables") else ""
    lines = [f"{outcome.inputs.path.name}: {s['status']} in {s['solve_seconds']:.2f} s "
             f"({s['variables']} variables{integers}, {s['constraints']} constraints)"]
    lines += _figure_lines(cost_block(s), currency)
    scenarios = scenario_block(s, outcome.tables.get("ScenarioCosts", pd.DataFrame()))
    if scenarios is not None:
        lines += _scenario_lines(scenarios, currency)
    if s.get("information_note"):
        lines.append(f"  {s['information_note']}")
    if str(s.get("second_pass", "")).startswith("changed"):
        lines.append(f"  second pass: {s['second_pass']}")
    rows = chartdata.spend(outcome.tables["Purchases"], outcome.tables["Processing"],
                           outcome.inputs.data.probability)
    if not rows.empty:
        spend = rows.groupby("country")["spend"].sum().sort_values(ascending=False)
        total = float(spend.sum())
        lines.append("  spend by supplier country (discounted"
                     + (", expected):" if s["scenarios"] > 1 else "):"))
        for country, value in spend.items():
            lines.append(f"    {country:<{WIDTH - 2}}{money(value, currency):>22} "
                         f"{percent(value, total):>6}")
    costs = outcome.tables.get("RuleCosts")
    if costs is not None and not costs.empty:
        lines.append(f"  cost of each rule (objective with it − without it, {currency}):")
        for row in costs.sort_values("cost_of_rule", ascending=False).itertuples():
            value = "—" if pd.isna(row.cost_of_rule) else money(row.cost_of_rule, currency)
            lines.append(f"    {row.rule:<{WIDTH - 2}}{value:>22}  ({row.kind})")
    return lines


def print_summary(outcome: Outcome, output: Path) -> None:
    for line in summary_lines(outcome):
        print(line)
    print(f"Results written to {output}")


def stress_lines(outcome: Outcome) -> list[str]:
    """The worst ban set, its cost, the bounds, what is proven, the single bans."""
    s = outcome.summary
    currency = str(s["currency"])
    countries = len(str(s["stress_countries"]).split(", "))
    lines = [
        f"{outcome.inputs.path.name}: worst case over {s['stress_combinations']} ban sets "
        f"of at most {s['stress_max_bans']} of {countries} countries, from "
        f"{s['stress_from']}, on scenario {s['stress_scenario']}",
        f"  {'worst ban set':<{WIDTH}}{s['stress_worst_ban_set']:>22}",
        f"  {'its cost to the plan':<{WIDTH}}{money(s['stress_worst_cost'], currency):>22}",
        f"  {'lower bound':<{WIDTH}}{money(s['stress_lower_bound'], currency):>22}",
        f"  {'gap':<{WIDTH}}{s['stress_gap']:>22.2%}",
        f"  {'iterations':<{WIDTH}}{s['stress_iterations']:>22} "
        f"({s['stress_seconds']:.1f} s)",
        f"  {s['stress_proof']}",
    ]
    bans = outcome.tables["StressBans"]
    singles = bans[bans.source == "single ban"]
    if not singles.empty:
        lines.append("  single bans by the cost each adds to the plan:")
        for row in singles.itertuples():
            lines.append(f"    {row.countries:<{WIDTH - 2}}{money(row.cost_added, currency):>22}")
    return lines
