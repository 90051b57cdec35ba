"""The short summary printed after a solve."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.results.outcome import Outcome
from planner.results.sheets import spend_by_country


def _money(value: float) -> str:
    return f"{value:,.0f}"


def summary_lines(outcome: Outcome) -> list[str]:
    """Status, total cost, shortfall and spend by supplier country, as text lines."""
    s = outcome.summary
    currency = s["currency"]
    integers = f", {s['integer_variables']} integer" if s.get("integer_variables") else ""
    expected = " expected" if s["scenarios"] > 1 else ""
    lines = [
        f"{outcome.inputs.path.name}: {s['status']} in {s['solve_seconds']:.2f} s "
        f"({s['variables']} variables{integers}, {s['constraints']} constraints)",
        f"  {'total cost (discounted)':<26}{_money(s['total_cost']):>20} {currency}{expected}",
    ]
    for key, value in s.items():
        if key.startswith("cost_") and value:
            lines.append(f"    {key[5:]:<24}{_money(value):>20} {currency}")
    lines.append(f"  {'shortfall':<26}{s['shortfall_t']:>20,.1f} t{expected}")
    if s.get("mip_gap"):
        lines.append(f"  {'gap to best bound':<26}{s['mip_gap']:>20.2%}")
    if s["scenarios"] > 1:
        lines += _scenario_lines(outcome, currency)
    spend = spend_by_country(outcome.tables["Purchases"], outcome.tables["Processing"],
                             outcome.inputs.data.probability)
    if not spend.empty:
        total = spend.sum()
        lines.append(f"  spend by supplier country (discounted {currency}):")
        for country, value in spend.items():
            lines.append(f"    {country:<24}{_money(value):>20} {currency} {value / total:>6.1%}")
    costs = outcome.tables.get("RuleCosts")
    if costs is not None and not costs.empty:
        lines.append(f"  cost of each rule (objective with it − without it, {currency}):")
        for row in costs.sort_values("cost_of_rule", ascending=False).itertuples():
            value = "—" if pd.isna(row.cost_of_rule) else _money(row.cost_of_rule)
            lines.append(f"    {row.rule:<24}{value:>20} {currency}  ({row.kind})")
    return lines


def _scenario_lines(outcome: Outcome, currency: str) -> list[str]:
    s = outcome.summary
    label = f"CVaR {s['cvar_alpha']:.0%}"
    lines = [f"  {label:<26}{_money(s['cvar']):>20} {currency}"]
    for key, label in (("wait_and_see", "wait and see"), ("evpi", "EVPI"), ("vss", "VSS")):
        value = s.get(key)
        shown = _money(value) + f" {currency}" if isinstance(value, float) else str(value)
        lines.append(f"  {label:<26}{shown:>24}")
    lines.append("  scenarios (probability, discounted cost, shortfall):")
    for row in outcome.tables["ScenarioCosts"].itertuples():
        lines.append(f"    {row.scenario:<18}{row.probability:>6.0%}{_money(row.cost):>20} "
                     f"{currency}{row.shortfall_t:>10,.1f} t")
    return lines


def print_summary(outcome: Outcome, output: Path) -> None:
    for line in summary_lines(outcome):
        print(line)
    print(f"Results written to {output}")


def stress_lines(outcome: Outcome) -> list[str]:
    """The worst ban set, its cost, the bounds, what is proven, the single bans."""
    s = outcome.summary
    currency = s["currency"]
    lines = [
        f"{outcome.inputs.path.name}: worst case over {s['stress_combinations']} ban sets "
        f"of at most {s['stress_max_bans']} of {len(s['stress_countries'].split(', '))} "
        f"countries, from {s['stress_from']}, on scenario {s['stress_scenario']}",
        f"  {'worst ban set':<26}{s['stress_worst_ban_set']:>20}",
        f"  {'its cost to the plan':<26}{_money(s['stress_worst_cost']):>20} {currency}",
        f"  {'lower bound':<26}{_money(s['stress_lower_bound']):>20} {currency}",
        f"  {'gap':<26}{s['stress_gap']:>20.2%}",
        f"  {'iterations':<26}{s['stress_iterations']:>20} ({s['stress_seconds']:.1f} s)",
        f"  {s['stress_proof']}",
    ]
    bans = outcome.tables["StressBans"]
    singles = bans[bans.source == "single ban"]
    if not singles.empty:
        lines.append(f"  single bans by the cost each adds to the plan ({currency}):")
        for row in singles.itertuples():
            lines.append(f"    {row.countries:<24}{_money(row.cost_added):>20}")
    return lines
