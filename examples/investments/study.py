"""Which investments pay off under the scenario tree: recycling plants, contracted
separation capacity and the qualification of new sources, with the value of the
stochastic solution.

Solves the shipped tree with its value-of-information solves (EVPI, EEV, VSS), and
the expected-value problem (one average future) to show what a plan made on the
average would choose. Then prices each option the hedged plan takes: the expected
cost of the tree without that option, less the plan's (an option the plan does not
take is worth nothing to it: without it the same plan stays optimal), and each kind
of option taken away whole.

    python examples/investments/study.py [WORKBOOK] [--mip-gap G] [--kinds K,…]
                                         [--workers N] [-o investments.xlsx]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import planner
from models import build_model, extract_plan, solve
from models.families.stochastic import expected_value_problem
from planner.workbook.inputs import changed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # examples/studytools.py
from studytools import finish, launch, study_options, study_parser, study_workbook

KINDS = ("recycling", "separation", "qualification")


def options(inputs: planner.Inputs) -> pd.DataFrame:
    """Every option of the three kinds: investments (recycling plants, Investments),
    contracted offers of a separated material (offtakes that fund separation), and
    offers or processes that must be qualified before they deliver."""
    records = inputs.tables.records
    stage = {m["material"]: m["stage"] for m in records["Materials"]}
    rows = [("recycling", "investment", r["investment"], r["process"])
            for r in records["Investments"]]
    rows += [("separation", "offer", r["offer"], r["supplier"]) for r in records["Offers"]
             if stage.get(r["material"]) == "separation"
             and (r["contract_cost"] or r["min_take"] or r["term_periods"])]
    rows += [("qualification", key, r[key], r["supplier"])
             for sheet, key in (("Offers", "offer"), ("Processes", "process"))
             for r in records[sheet] if r["qualification_periods"]]
    return pd.DataFrame(rows, columns=["kind", "type", "option", "supplier"])


def without(inputs: planner.Inputs, chosen: pd.DataFrame) -> planner.Inputs:
    """The workbook without the chosen options (a process goes with its inputs, outputs
    and the investments that would add to it)."""
    gone = {t: set(chosen.option[chosen.type == t]) for t in ("investment", "offer", "process")}
    records = inputs.tables.records
    keep = {
        "Investments": [r for r in records["Investments"] if r["investment"] not in
                        gone["investment"] and r["process"] not in gone["process"]],
        "Offers": [r for r in records["Offers"] if r["offer"] not in gone["offer"]],
        "Processes": [r for r in records["Processes"] if r["process"] not in gone["process"]],
        **{sheet: [r for r in records[sheet] if r["process"] not in gone["process"]]
           for sheet in ("ProcessInputs", "ProcessOutputs")}}
    return changed(inputs, keep)


def taken(plan, option: str, kind: str) -> float:
    """Units built, contract signed (1) or qualifications started, over every future."""
    if kind == "investment":
        return sum(v for (_, i, _), v in plan.units.items() if i == option)
    if kind == "offer" and option in plan.contracts:
        return plan.contracts[option]
    return sum(v for (_, o, _), v in plan.qualifications.items() if o == option)


def used(plan, frame: pd.DataFrame) -> pd.Series:
    return pd.Series([taken(plan, o, t) > 0.5 for o, t in zip(frame.option, frame.type,
                                                             strict=True)], index=frame.index)


def expected_value_plan(inputs: planner.Inputs, opts):
    ev_data, ev_terms = expected_value_problem(inputs.data)
    model = build_model(ev_data, ev_terms)
    result = solve(model, opts)
    return extract_plan(model, result) if result.status.has_plan else None


def main(argv: list[str] | None = None) -> dict[str, pd.DataFrame]:
    parser = study_parser(__doc__, workers=True)
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help="kinds of option to price (default: all three)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    inputs = study_workbook(args)
    opts = study_options(inputs, args)
    tree = planner.solve(inputs, opts, workers=args.workers)
    rp = tree.summary["objective"]
    frame = options(inputs)
    frame = frame[frame.kind.isin(args.kinds.split(","))].reset_index(drop=True)
    frame["taken_by_plan"] = [taken(tree.plan, o, t) for o, t in zip(frame.option, frame.type,
                                                                   strict=True)]
    ev = expected_value_plan(inputs, opts)
    frame["taken_by_ev_plan"] = [taken(ev, o, t) if ev else float("nan")
                                 for o, t in zip(frame.option, frame.type, strict=True)]
    values = []
    for index, row in frame.iterrows():
        if row.taken_by_plan > 0.5:
            other = planner.solve(without(inputs, frame.loc[[index]]), opts,
                                  with_information=False)
            values.append(other.summary["objective"] - rp)
        else:
            values.append(0.0)
    frame["value"] = values
    kinds = []
    for kind, group in frame.groupby("kind", sort=False):
        other = planner.solve(without(inputs, group), opts, with_information=False)
        kinds.append({"kind": kind, "options": len(group),
                      "taken": int(used(tree.plan, group).sum()),
                      "value_of_all": other.summary["objective"] - rp,
                      "status": other.summary["status"]})
    summary = tree.summary
    headline = pd.DataFrame([{
        "expected_cost": rp, "mip_gap": summary.get("mip_gap"),
        **{k: summary.get(k) for k in ("wait_and_see", "evpi", "eev", "vss")},
        "seconds": round(time.perf_counter() - began, 1)}])
    tables = {"Headline": headline, "Kinds": pd.DataFrame(kinds), "Options": frame,
              "InvestmentPlan": tree.tables["InvestmentPlan"],
              "Qualification": tree.tables["Qualification"]}
    currency = inputs.tables.settings["currency"]
    print(f"Investments under the scenario tree ({currency}, discounted)")
    sections = [
        ("Headline", headline.T, ",.0f"),
        ("Each kind of option taken away whole (value = expected cost without it − plan):",
         tables["Kinds"], ",.0f"),
        ("Each option (taken = units, signed or qualifications started, over the futures):",
         frame, ",.1f")]
    return finish(tables, sections, args.output)


if __name__ == "__main__":
    launch(main)
