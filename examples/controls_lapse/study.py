"""What China's 0.1 % rule lapsing in November 2026 costs the consortium, and what it
leaves unmet, with and without its defence segment.

Solves the shipped scenario tree (the suspension of China's October 2025 controls
extended, or lapsing, and a ban following the lapse) twice: as shipped, and with the
defence segment folded into civil demand (same tonnes, no DFARS rule on them). In each
it compares every future of the one hedged plan with the future that differs from it
only by the lapse (the suspension extended, prices steady), and solves the tree once
more without the lapse branch to give what the possibility of a lapse costs in
expectation. Scenario, rule and segment names are read from the workbook.

    python examples/controls_lapse/study.py [WORKBOOK] [--mip-gap G] [--time-limit S]
                                            [-o lapse.xlsx]
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


def lapse_node(inputs: planner.Inputs) -> str:
    """The scenario that brings in the 0.1 % rule: the one a traced licence with a
    value threshold (China's de-minimis content rule) is limited to."""
    found = {r["scenario"] for r in inputs.tables.records["Rules"]
             if r["kind"] == "traced_licence" and r["threshold"] and r["scenario"]}
    if len(found) != 1:
        raise SystemExit("the workbook has no single scenario with a traced licence and a "
                         f"threshold (found: {sorted(found) or 'none'})")
    return found.pop()


def subtree(inputs: planner.Inputs, node: str) -> set[str]:
    """The scenario and every scenario below it."""
    below, parents = {node}, {n.id: n.parent for n in inputs.data.tree}
    for scenario in parents:
        step = scenario
        while step is not None and step not in below:
            step = parents[step]
        if step is not None:
            below.add(scenario)
    return below


def own_terms(inputs: planner.Inputs) -> set[str]:
    """Scenarios with rules or events of their own."""
    records = inputs.tables.records
    return {r["scenario"] for r in (*records["Rules"], *records["Events"]) if r["scenario"]}


def baseline_leaf(inputs: planner.Inputs, lapse: str) -> str:
    """The future that differs from the lapse leaves only by the lapse: outside the lapse
    branch, with no rule or event on its path."""
    paths = {n.id: n.parent for n in inputs.data.tree}
    lapsed, termed = subtree(inputs, lapse), own_terms(inputs)
    for leaf in (s.id for s in inputs.data.scenarios):
        path, step = set(), leaf
        while step is not None:
            path.add(step)
            step = paths[step]
        if not path & lapsed and not path & termed:
            return leaf
    raise SystemExit("no future outside the lapse branch is free of rules and events")


def segments(inputs: planner.Inputs) -> set[str]:
    """Every demand segment."""
    return {r["segment"] for r in inputs.tables.records["Demand"] if r["segment"]}


def ruled_segments(inputs: planner.Inputs) -> set[str]:
    """The segments a rule names (the defence segment under DFARS)."""
    return {r["segment"] for r in inputs.tables.records["Rules"] if r["segment"]}


def without_segments(inputs: planner.Inputs) -> planner.Inputs:
    """The demand of segments a rule names folded into the other demand of its material,
    period and site (same tonnes); those rules dropped."""
    ruled = ruled_segments(inputs)
    merged: dict[tuple, dict] = {}
    for row in sorted(inputs.tables.records["Demand"], key=lambda r: r["segment"] in ruled):
        key = (row["material"], row["period"], row["site"])
        if key in merged:
            merged[key] = {**merged[key], "quantity": merged[key]["quantity"] + row["quantity"]}
        else:
            merged[key] = {**row, "segment": None if row["segment"] in ruled else row["segment"]}
    rules = [r for r in inputs.tables.records["Rules"] if r["segment"] not in ruled]
    return changed(inputs, {"Demand": list(merged.values()), "Rules": rules})


def without_branch(inputs: planner.Inputs, node: str) -> planner.Inputs:
    """The tree without the node and what hangs from it; its siblings share its
    probability in proportion, and its rules and events go."""
    gone = subtree(inputs, node)
    records = inputs.tables.records
    scenarios = [r for r in records["Scenarios"] if r["scenario"] not in gone]
    parent = next(r["parent"] for r in records["Scenarios"] if r["scenario"] == node)
    siblings = [r for r in scenarios if r["parent"] == parent]
    total = sum(r["probability"] for r in siblings)
    scenarios = [{**r, "probability": r["probability"] / total} if r in siblings else r
                 for r in scenarios]
    keep = [r for r in records["Rules"] if r["scenario"] not in gone]
    events = [r for r in records["Events"] if r["scenario"] not in gone]
    return changed(inputs, {"Scenarios": scenarios, "Rules": keep, "Events": events})


def leaf_figures(outcome: planner.Outcome, segment_names: set[str]) -> pd.DataFrame:
    """Cost and unmet demand of each future: t per material, t of segment demand not
    served (segment demand less what its traced classes delivered), and with backorders
    the backlog carried over summed over the periods (t × periods late)."""
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")
    inventory = outcome.tables["Inventory"]
    unmet = inventory.pivot_table(index="scenario", columns="material", values="shortfall",
                                  aggfunc="sum", fill_value=0.0)
    frame = costs[["probability", "cost", "shortfall_t"]].join(
        unmet.add_prefix("unmet_").add_suffix("_t")).fillna(0.0)
    backlog = next((c for c in inventory.columns if c.startswith("backlog")), None)
    if backlog is not None:  # t carried into a later period: served late, or lost at the end
        frame["backlog_t_periods"] = inventory.groupby("scenario")[backlog].sum().reindex(
            frame.index).fillna(0.0)
    demand = pd.DataFrame(outcome.inputs.tables.records["Demand"])
    provenance = outcome.tables.get("Provenance")
    for segment in sorted(segment_names):
        asked = demand.loc[demand.segment == segment, "quantity"].sum()
        served = (provenance[provenance.segment == segment].groupby("scenario").delivered.sum()
                  if provenance is not None and not provenance.empty else pd.Series(dtype=float))
        frame[f"unmet_{segment}_t"] = (asked - served.reindex(frame.index).fillna(0.0)).clip(
            lower=0.0)
    return frame


def study(inputs: planner.Inputs, options, label: str) -> dict[str, object]:
    lapse = lapse_node(inputs)
    baseline = baseline_leaf(inputs, lapse)
    began = time.perf_counter()
    tree = planner.solve(inputs, options, with_information=False)
    calm = planner.solve(without_branch(inputs, lapse), options, with_information=False)
    leaves = leaf_figures(tree, segments(inputs))
    leaves["lapse_adds"] = leaves.cost - leaves.cost[baseline]
    leaves.loc[~leaves.index.isin(subtree(inputs, lapse)), "lapse_adds"] = float("nan")
    return {"label": label, "lapse": lapse, "baseline": baseline, "leaves": leaves,
            "expected": tree.summary["expected_cost"],
            "expected_without_lapse": calm.summary["expected_cost"],
            "status": f"{tree.summary['status']}/{calm.summary['status']}",
            "gap": max(tree.summary.get("mip_gap") or 0, calm.summary.get("mip_gap") or 0),
            "seconds": time.perf_counter() - began}


def headline(runs: list[dict]) -> pd.DataFrame:
    rows = []
    for run in runs:
        leaves = run["leaves"]
        lapsed = leaves[leaves.lapse_adds.notna()]
        weights = lapsed.probability / lapsed.probability.sum()
        rows.append({
            "variant": run["label"], "status": run["status"], "mip_gap": run["gap"],
            "expected_cost": run["expected"],
            "expected_cost_without_lapse_branch": run["expected_without_lapse"],
            "lapse_risk_adds": run["expected"] - run["expected_without_lapse"],
            "lapse_adds_given_lapse": float((lapsed.lapse_adds * weights).sum()),
            **{f"lapse_adds_in_{leaf}": value for leaf, value in lapsed.lapse_adds.items()},
            "baseline_future": run["baseline"], "seconds": round(run["seconds"], 1)})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> dict[str, pd.DataFrame]:
    args = study_parser(__doc__, time_limit="time budget of each solve, s").parse_args(argv)
    inputs = study_workbook(args)
    options = study_options(inputs, args)
    names = ", ".join(sorted(ruled_segments(inputs))) or "no"
    runs = [study(inputs, options, f"with the {names} segment"),
            study(without_segments(inputs), options, f"{names} demand folded into the rest")]
    tables = {"Headline": headline(runs),
              **{f"Futures {i + 1}": run["leaves"].reset_index() for i, run in enumerate(runs)}}
    currency = inputs.tables.settings["currency"]
    print(f"China's 0.1 % rule lapsing (scenario '{runs[0]['lapse']}'), against the future "
          f"'{runs[0]['baseline']}' ({currency}, discounted; t)")
    sections = [("Headline", tables["Headline"].set_index("variant").T, ",.4g"),
                *((f"Each future, {run['label']}:", run["leaves"], ",.2f") for run in runs)]
    return finish(tables, sections, args.output)


if __name__ == "__main__":
    launch(main)
