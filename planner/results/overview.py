"""The story of a plan in plain words: what the Overview sheet and the HTML report
show first (status, cost and its parts, scenarios, stock against target, spend by
supplier country and stage, the rules that cost the most).

The blocks are computed once here and drawn by the workbook and the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from models.input.data import ModelData
from planner.results import chartdata
from planner.results.columns import COST_TERMS, summary_label, summary_unit
from planner.results.formats import shown_unit

TOP_RULES = 5


@dataclass
class Block:
    """A small table: a title, plain-language headers and one unit per cell."""

    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    units: list[list[str]] = field(default_factory=list)
    note: str = ""

    def add(self, values: list[Any], units: list[str]) -> None:
        self.rows.append(values)
        self.units.append(units)


def status_words(summary: dict[str, Any]) -> str:
    """The solve status and gap, said in words."""
    status = str(summary.get("status", ""))
    gap = summary.get("mip_gap")
    gap_text = f"{gap:.2%}" if isinstance(gap, float) and gap == gap else None
    if status == "optimal":
        if summary.get("model_type") == "MILP" and gap_text:
            return (f"Optimal plan: no plan costs less (within the solver's gap of "
                    f"{gap_text} to the best bound).")
        return "Optimal plan: no plan costs less."
    if status == "feasible":
        return (f"A feasible plan, found when the solver stopped at its limit; the best "
                f"possible plan may cost up to {gap_text or 'an unknown share'} less. "
                "Allow more time (Settings time_limit_s) to close the gap.")
    return f"No plan: the solve ended {status}."


def solved_line(summary: dict[str, Any]) -> str:
    """When and by what the plan was solved, its size and its money."""
    when = str(summary.get("run_timestamp", "")).replace("T", " ").replace("Z", " UTC")
    several = summary.get("scenarios", 1)
    return (f"Solved {when} by planner {summary.get('planner_version', '')}: "
            f"{summary.get('periods', '?')} periods, {several} "
            f"scenario{'s' if several != 1 else ''}, money in {summary.get('currency', '')}"
            " (discounted to the first period).")


def _summary_row(block: Block, key: str, summary: dict[str, Any], indent: str = "") -> None:
    if key in summary:
        unit = summary_unit(key)
        shown = "" if unit == "fraction" else shown_unit(unit, summary.get("currency", ""))
        block.add([indent + summary_label(key, summary), summary[key], shown], ["", unit, ""])


def cost_block(summary: dict[str, Any]) -> Block:
    """Total cost, each component that is not zero, unmet demand and the gap."""
    several = summary.get("scenarios", 1) > 1
    block = Block("Cost of the plan" + (" (expected over the scenarios)" if several else ""),
                  ["figure", "value", "unit"])
    _summary_row(block, "total_cost", summary)
    for key in COST_TERMS:
        if summary.get(key):
            _summary_row(block, key, summary, "   ")
    _summary_row(block, "shortfall_t", summary)
    if summary.get("model_type") == "MILP":
        _summary_row(block, "mip_gap", summary)
    block.note = "Money is discounted to the first period" + (
        " and weighted by scenario probability." if several else ".")
    return block


def scenario_block(summary: dict[str, Any], costs: pd.DataFrame) -> Block | None:
    """Each scenario's probability, cost and unmet demand; then CVaR, EVPI and VSS."""
    if summary.get("scenarios", 1) <= 1 or costs.empty:
        return None
    block = Block("Scenarios", ["scenario", "probability", "cost", "unmet demand"])
    units = ["", "fraction", "currency", "t"]
    for row in costs.itertuples():
        block.add([row.scenario, row.probability, row.cost, row.shortfall_t], units)
    block.add(["expected", float(costs.probability.sum()), summary.get("expected_cost"),
               summary.get("shortfall_t")], units)
    for key in ("cvar", "wait_and_see", "evpi", "vss"):
        if key in summary:
            block.add([summary_label(key, summary), None, summary[key], None], units)
    return block


def stock_block(inventory: pd.DataFrame, probability: dict[str, float]) -> Block | None:
    """Per stocked material: average and final stock against the target (expected)."""
    if inventory.empty:
        return None
    frame = inventory.assign(p=inventory["scenario"].map(probability).fillna(0.0))
    block = Block("Stock held against target (expected)",
                  ["material", "average stock", "average target", "stock at the end",
                   "target at the end", "lowest stock above target"])
    last = frame["period"].astype(str).iloc[-1] if len(frame) else None
    for material, rows in frame.groupby("material", sort=True):
        if not ((rows.closing > 1e-9).any() or (rows.target > 1e-9).any()):
            continue
        per = rows.assign(c=rows.closing * rows.p, g=rows.target * rows.p,
                          m=(rows.closing - rows.target))
        by_period = per.groupby(per["period"].astype(str), sort=False)[["c", "g"]].sum()
        end = by_period.loc[last] if last in by_period.index else by_period.iloc[-1]
        block.add([material, by_period.c.mean(), by_period.g.mean(), end.c, end.g,
                   float(per.m.min())], ["", "t", "t", "t", "t", "t"])
    return block if block.rows else None


def spend_block(rows: pd.DataFrame, data: ModelData) -> Block | None:
    """Spend by supplier country (rows) and stage of what was bought or made."""
    if rows.empty:
        return None
    table = chartdata.spend_by_country_stage(rows, data)
    block = Block("Spend by supplier country and stage (discounted, expected)",
                  ["country", *table.columns])
    units = ["", *["currency"] * (len(table.columns) - 1), "fraction"]
    for country, values in table.iterrows():
        block.add([country, *values.tolist()], units)
    total = table.sum()
    block.add(["total", *total.tolist()], units)
    return block


def rules_block(report: pd.DataFrame, costs: pd.DataFrame | None) -> Block | None:
    """The binding rules that cost the most: by their cost when rule costs were solved
    (--rule-costs), otherwise by their highest marginal cost."""
    if report.empty:
        return None
    binding = report[report["binding"].astype(bool)]
    if binding.empty:
        return None
    count = binding.groupby("rule").size()
    total = report.groupby("rule").size()
    kinds = report.groupby("rule")["kind"].first()
    if costs is not None and not costs.empty:
        ranked = (costs[costs["rule"].isin(count.index)].dropna(subset=["cost_of_rule"])
                  .sort_values("cost_of_rule", ascending=False).head(TOP_RULES))
        block = Block("Rules that cost the most", ["rule", "kind", "binding in",
                                                   "cost of the rule"])
        for row in ranked.itertuples():
            block.add([row.rule, row.kind, f"{count[row.rule]} of {total[row.rule]}",
                       row.cost_of_rule], ["", "", "", "currency"])
        block.note = "Cost of a rule: the plan's objective with it minus without it."
    else:
        marginal = pd.to_numeric(binding["marginal_cost"], errors="coerce").abs()
        worst = binding.assign(mc=marginal).groupby("rule")["mc"].max()
        worst = worst.dropna().sort_values(ascending=False).head(TOP_RULES)
        block = Block("Binding rules with the highest marginal cost",
                      ["rule", "kind", "binding in", "highest marginal cost"])
        for rule, value in worst.items():
            block.add([rule, kinds[rule], f"{count[rule]} of {total[rule]}", value],
                      ["", "", "", "currency/t"])
        block.note = ("Marginal cost: what one more t allowed by the rule would save in "
                      "that period. Solve with --rule-costs for what each rule costs in all.")
    block.note += " 'binding in' counts scenario-periods."
    return block if block.rows else None


def blocks(tables: dict[str, pd.DataFrame], data: ModelData | None) -> list[Block]:
    """Every block the plan has (none without a plan)."""
    summary = dict(zip(tables["Summary"]["key"], tables["Summary"]["value"], strict=True))
    if "Purchases" not in tables or data is None:
        return []
    probability = data.probability
    spend = chartdata.spend(tables["Purchases"], tables["Processing"], probability)
    found = [cost_block(summary),
             scenario_block(summary, tables.get("ScenarioCosts", pd.DataFrame())),
             stock_block(tables["Inventory"], probability),
             spend_block(spend, data),
             rules_block(tables["RuleReport"], tables.get("RuleCosts"))]
    return [b for b in found if b is not None]
