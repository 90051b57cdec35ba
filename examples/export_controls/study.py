"""What China's heavy-rare-earth export controls cost the consortium, and what changes.

Solves the shipped dataset twice: as shipped (with the licence rules of MOFCOM
Announcement No. 18 on Dy oxide, Tb oxide and magnets containing them) and without
those rules, then compares cost, unmet demand, who supplies each element at each
stage, and which purchases move.

    python examples/export_controls/study.py [--time-limit S] [-o comparison.xlsx]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import pandas as pd

import planner
from planner import progress
from planner.datasets import dataset
from planner.workbook.excel import write_tables

CONTROLS = ("CN-A18-Dy", "CN-A18-Tb", "CN-61-magnet")
"""Rule ids of the heavy-rare-earth export licences in the shipped dataset (its lapse
branch: No. 18 on Dy and Tb oxide, No. 61 on magnets)."""


def without_rules(inputs: planner.Inputs, rule_ids: tuple[str, ...]) -> planner.Inputs:
    """The same inputs with the named rules taken out."""
    rules = tuple(r for r in inputs.data.rules if r.id not in rule_ids)
    return dataclasses.replace(inputs, data=dataclasses.replace(inputs.data, rules=rules))


def weights(outcome: planner.Outcome) -> dict[str, float]:
    return outcome.inputs.data.probability


def stage_shares(outcome: planner.Outcome, elements=("Dy", "Tb", "NdPr")) -> pd.DataFrame:
    """Expected share of each country in each element's tally, per stage, over all years."""
    shares = outcome.tables["Shares"]
    shares = shares[shares.element.isin(elements) & (shares.stage != "owner")]
    tally = shares.assign(t=shares.tally * shares.scenario.map(weights(outcome)))
    total = tally.groupby(["element", "stage"])["t"].transform("sum")
    return (tally.assign(share=tally.t / total)
            .groupby(["element", "stage", "country"])["share"].sum().reset_index())


def purchases_by_offer(outcome: planner.Outcome) -> pd.Series:
    """Expected t bought per offer over the horizon."""
    frame = outcome.tables["Purchases"]
    frame = frame.assign(t=frame.quantity * frame.scenario.map(weights(outcome)))
    return frame.groupby(["offer", "country", "material"])["t"].sum()


def compare(with_controls: planner.Outcome, without: planner.Outcome) -> dict[str, pd.DataFrame]:
    keys = ["objective", "expected_cost", "cost_purchase", "cost_processing",
            "cost_shortfall", "cost_penalty", "shortfall_t"]
    costs = pd.DataFrame({
        "with controls": [with_controls.summary.get(k) for k in keys],
        "without controls": [without.summary.get(k) for k in keys]}, index=keys)
    costs["controls add"] = costs["with controls"] - costs["without controls"]
    shares = stage_shares(with_controls).merge(
        stage_shares(without), on=["element", "stage", "country"], how="outer",
        suffixes=(" with", " without")).fillna(0.0)
    shares["change"] = shares["share with"] - shares["share without"]
    moved = pd.concat({"with": purchases_by_offer(with_controls),
                       "without": purchases_by_offer(without)}, axis=1).fillna(0.0)
    moved["change_t"] = moved["with"] - moved["without"]
    moved = moved[moved.change_t.abs() > 0.05].sort_values("change_t")
    return {"Costs": costs.reset_index(names="key"), "StageShares": shares,
            "PurchasesMoved": moved.reset_index()}


def main(argv: list[str] | None = None) -> dict[str, pd.DataFrame]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-limit", type=float, help="time budget of each of the two runs, s")
    parser.add_argument("-o", "--output", type=Path, help="write the comparison workbook")
    args = parser.parse_args(argv)
    inputs = planner.load(dataset())
    options = inputs.solve_options(time_limit=args.time_limit)
    with_controls = planner.solve(inputs, options)
    without = planner.solve(without_rules(inputs, CONTROLS), options)
    tables = compare(with_controls, without)
    pd.set_option("display.width", 120)
    currency = with_controls.summary["currency"]
    print(f"Heavy-rare-earth export controls ({', '.join(CONTROLS)})\n")
    print(f"Costs ({currency}, discounted; shortfall in t):")
    print(tables["Costs"].to_string(index=False, float_format=lambda v: f"{v:,.0f}"))
    shares = tables["StageShares"]
    changed = shares[shares.change.abs() > 0.02].sort_values(["element", "stage", "change"])
    print("\nCountry shares of each stage that move by more than 2 points:")
    print(changed.to_string(index=False, float_format=lambda v: f"{v:.1%}"))
    print("\nPurchases that move (expected t over the horizon):")
    print(tables["PurchasesMoved"].to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    if args.output:
        write_tables(args.output, tables)
        print(f"\nComparison written to {args.output}")
    return tables


if __name__ == "__main__":
    with progress.running(progress.Run(sys.stderr)):  # say what it is doing on stderr
        main()
