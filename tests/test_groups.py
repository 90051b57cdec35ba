"""Capacity groups (CapacityGroups) and minimum runs (Processes min_run).

Each docstring works the optimum out by hand.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import planner
from models import Status
from tests.conftest import base_sheets


def two_kilns(demand: float, periods=(2026, 2027)):
    """A (demand) is made from B by P1 (S1: 2/t + B at 1/t = 3/t, 10 t) or P2 (S2:
    3/t + 1 = 4/t, 10 t), or bought: O2 (S2) 20/t, O3 (S1) 30/t. B: O1 (S1) 1/t.
    No stock is carried (max 0)."""
    sheets = base_sheets()
    sheets["Periods"] = [{"period": t} for t in periods]
    sheets["Materials"].append({"material": "B", "stage": "mining"})
    sheets["Offers"][0].update(material="B", price=1, capacity=100)
    sheets["Offers"][1].update(price=20, capacity=100)
    sheets["Offers"].append({"offer": "O3", "supplier": "S1", "material": "A", "price": 30,
                             "capacity": 100})
    sheets["Processes"] = [
        {"process": "P1", "supplier": "S1", "output": "A", "capacity": 10, "cost": 2},
        {"process": "P2", "supplier": "S2", "output": "A", "capacity": 10, "cost": 3}]
    sheets["ProcessInputs"] = [{"process": p, "material": "B", "quantity": 1}
                               for p in ("P1", "P2")]
    sheets["Demand"] = [{"material": "A", "period": t, "quantity": demand} for t in periods]
    sheets["Stockpile"] = [{"material": "A", "max": 0}, {"material": "B", "max": 0}]
    return sheets


def made(outcome) -> dict[tuple[str, str], float]:
    frame = outcome.tables["Processing"]
    return {(p, str(t)): q for p, t, q in zip(frame["process"], frame["period"],
                                              frame["quantity"], strict=True)}


def bought(outcome) -> dict[tuple[str, str], float]:
    frame = outcome.tables["Purchases"]
    return {(o, str(t)): q for o, t, q in zip(frame["offer"], frame["period"],
                                              frame["quantity"], strict=True)
            if o != "O1"}


def test_a_capacity_group_binds_across_two_processes(make_workbook):
    """15 t a period. 2026 (outside the group's window): P1 10 × 3 + P2 5 × 4 = 50.
    2027: the kiln group P1 + P2 ≤ 12: P1 10 (30) + P2 2 (8) + O2 3 × 20 (60) = 98.
    Total 148."""
    sheets = two_kilns(15)
    sheets["CapacityGroups"] = [
        {"group": "kiln", "member": "P1", "capacity": 12, "from_period": 2027},
        {"group": "kiln", "member": "P2"}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["objective"] == pytest.approx(148)
    assert made(outcome) == pytest.approx({("P1", "2026"): 10, ("P2", "2026"): 5,
                                           ("P1", "2027"): 10, ("P2", "2027"): 2})
    assert bought(outcome) == pytest.approx({("O2", "2027"): 3})


def test_a_supplier_member_groups_its_offers_and_processes(make_workbook):
    """One period, 18 t. Without the group: P1 10 (30) + P2 8 (32) = 62. Group S2 ≤ 6
    holds P2 and O2 together: P1 10 (30) + P2 6 (24) + O3 2 × 30 (60) = 114 (O2 at 20
    would take P2's place at a higher price)."""
    sheets = two_kilns(18, periods=(2026,))
    free = planner.solve(make_workbook(sheets, "free.xlsx"))
    assert free.summary["objective"] == pytest.approx(62)
    sheets["CapacityGroups"] = [{"group": "S2 site", "member": "S2", "capacity": 6}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(114)
    assert made(outcome) == pytest.approx({("P1", "2026"): 10, ("P2", "2026"): 6})
    assert bought(outcome) == pytest.approx({("O3", "2026"): 2})


def one_plant(demand: float, o2_price: float):
    """One period; P1 makes A at 3/t (2 + B at 1) up to 10 t with min_run 5; O2 sells
    A at o2_price. Stock may be held for free (the rest of a run is kept)."""
    sheets = two_kilns(demand, periods=(2026,))
    sheets["Processes"] = [{**sheets["Processes"][0], "min_run": 5}]
    sheets["ProcessInputs"] = sheets["ProcessInputs"][:1]
    sheets["Offers"][1]["price"] = o2_price
    del sheets["Stockpile"]
    return sheets


@pytest.mark.parametrize(("o2_price", "objective", "run", "o2"),
                         [(20, 15, 5, 0), (4, 12, 0, 3)])
def test_a_minimum_run_raises_a_run_or_skips_it(make_workbook, o2_price, objective, run, o2):
    """3 t needed. O2 at 20: running the least 5 t costs 15 < 3 × 20 = 60, so P1 runs
    5 t (2 t kept). O2 at 4: 3 × 4 = 12 < 15, so P1 does not run. (The LP relaxation
    would run 3 t for 9.)"""
    outcome = planner.solve(make_workbook(one_plant(3, o2_price)))
    assert outcome.summary["objective"] == pytest.approx(objective)
    assert outcome.summary["model_type"] == "MILP"
    assert made(outcome).get(("P1", "2026"), 0.0) == pytest.approx(run)
    assert bought(outcome).get(("O2", "2026"), 0.0) == pytest.approx(o2)


def test_a_minimum_run_counts_the_capacity_investments_can_add(make_workbook):
    """P1 has 2 t of its own, min_run 5 and one unit of 10 t (capex 1, max_units 1);
    8 t needed. Build it (1) and run 8 t (24): 25, against 8 × 20 = 160 from O2. The
    run's bound is 2 + 10 × 1 = 12 t, not the 2 t of the capacity alone."""
    sheets = one_plant(8, 20)
    sheets["Processes"][0]["capacity"] = 2
    sheets["Investments"] = [{"investment": "line", "process": "P1", "capacity": 10,
                              "capex": 1, "max_units": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(25)
    assert made(outcome) == pytest.approx({("P1", "2026"): 8})


def test_the_results_workbook_solves_again_to_the_same_plan(make_workbook, tmp_path):
    sheets = two_kilns(15)
    sheets["CapacityGroups"] = [{"group": "kiln", "member": "P1", "capacity": 12},
                                {"group": "kiln", "member": "P2", "capacity": 12}]
    sheets["Processes"][1]["min_run"] = 3
    first = planner.solve(make_workbook(sheets))
    second = planner.solve(first.write(tmp_path / "results.xlsx"))
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    for name in ("Purchases", "Processing"):
        assert second.tables[name].equals(first.tables[name])


def commerce_case() -> dict:
    """Everything of this module and of indexed prices in two scenarios: a kiln group
    and a supplier group, a min_run on P2 with an investment, P1 and O2 on an index
    with a floor and cap, the index doubled in 2027 in scenario shock (for the fast
    path's cases)."""
    sheets = two_kilns(15)
    sheets["CapacityGroups"] = [
        {"group": "kiln", "member": "P1", "capacity": 14, "from_period": 2027},
        {"group": "kiln", "member": "P2"},
        {"group": "S2 site", "member": "S2", "capacity": 9}]
    sheets["Processes"][1]["min_run"] = 4
    sheets["Investments"] = [{"investment": "line", "process": "P2", "capacity": 5,
                              "capex": 3, "max_units": 2}]
    sheets["Offers"][1].update(index="spot", floor=15, cap=35)
    sheets["Offers"][0].update(index="spot", cap=1.5)
    sheets["PriceIndex"] = [{"index": "spot", "period": 2026, "value": 100},
                            {"index": "spot", "period": 2027, "value": 110}]
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.6},
                           {"scenario": "shock", "probability": 0.4}]
    sheets["Events"] = [{"scenario": "shock", "kind": "price", "item": "spot", "value": 2,
                         "from_period": 2027}]
    return sheets


def test_group_use_shows_what_each_group_holds(make_workbook):
    """The kiln case above: 2026 is outside the window (no row); 2027 uses 12 of 12."""
    sheets = two_kilns(15)
    sheets["CapacityGroups"] = [
        {"group": "kiln", "member": "P1", "capacity": 12, "from_period": 2027},
        {"group": "kiln", "member": "P2"}]
    use = planner.solve(make_workbook(sheets)).tables["GroupUse"]
    assert use.to_dict("records") == [{"scenario": "base", "period": "2027", "group": "kiln",
                                       "used": pytest.approx(12), "capacity": 12,
                                       "binding": True}]


def test_an_infeasible_plan_names_the_capacity_group(make_workbook):
    """A 5 t stock target with 1 t of demand needs 6 t, but every offer is in a group
    of 2 t: the command line names the group's cell (exit code 4)."""
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}]
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 1}]
    sheets["Stockpile"] = [{"material": "A", "target": 5}]
    sheets["CapacityGroups"] = [{"group": "all", "member": "S1", "capacity": 2},
                                {"group": "all", "member": "S2"}]
    done = subprocess.run([sys.executable, "-m", "planner", "solve",
                           str(make_workbook(sheets))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 4
    assert "CapacityGroups!C2: capacity group all: S1, S2 together at most 2 t in 2026" in (
        done.stderr)


def test_the_cost_of_a_licence_on_a_process_with_a_min_run(make_workbook):
    """P (CN, 10 t at 1/t, min_run 2) and O2 (AU, 20/t); a CN licence of 0.5 leaves P
    5 t a period: 2 · 5 · 1 + (3 + 7) · 20 = 210. Without it P makes 10 t in each
    period (2 t of 2026's held for 2027, free): 20, so the licence costs 190."""
    sheets = base_sheets()
    sheets["Offers"] = [sheets["Offers"][1]]
    sheets["Processes"] = [{"process": "P", "supplier": "S1", "output": "A",
                            "capacity": 10, "cost": 1, "min_run": 2}]
    sheets["Rules"] = [{"rule": "half", "kind": "licence", "country": "CN", "value": 0.5}]
    outcome = planner.solve(make_workbook(sheets), with_rule_costs=True, workers=1)
    assert outcome.summary["objective"] == pytest.approx(210)
    costs = outcome.tables["RuleCosts"].set_index("rule")["cost_of_rule"]
    assert costs.to_dict() == pytest.approx({"half": 190})
