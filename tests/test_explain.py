"""Infeasible plans name the workbook rows that conflict (exit code 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import planner
from models import Status
from tests.conftest import base_sheets
from tests.test_integer import recycling_case
from tests.test_validation import problems

PLANNER = Path(sys.executable).parent / "planner"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PLANNER), *args], capture_output=True, text=True, timeout=300)


def one_period() -> dict:
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}]
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 8}]
    return sheets


def test_conflicting_bans_and_a_target(make_workbook):
    """Bans on CN and on S2 leave no offer of A, and a 3 t target must be held."""
    sheets = one_period()
    sheets["Stockpile"] = [{"material": "A", "target": 3}]
    sheets["Rules"] = [{"rule": "no_CN", "kind": "ban", "country": "CN"},
                       {"rule": "no_S2", "kind": "ban", "supplier": "S2"}]
    path = make_workbook(sheets)
    done = run("solve", str(path))
    assert done.returncode == 4
    assert "Traceback" not in done.stderr
    assert "Stockpile!B2: stockpile target of A: at least 3 t at the end of 2026" in done.stderr
    assert "Rules!A2, Rules!A3" in done.stderr or (
        "Rules!A2" in done.stderr and "Rules!A3" in done.stderr)
    assert "banned there: O1 by no_CN; O2 by no_S2" in done.stderr
    assert not path.with_name("in-results.xlsx").exists()


def test_a_stockpile_target_above_its_max_is_refused_before_solving(make_workbook):
    sheets = one_period()
    sheets["Stockpile"] = [{"material": "A", "target": 20, "max": 10}]
    assert problems(make_workbook(sheets)) == [
        "Stockpile!B2: the target 20 t of A is above its max 10 t — lower the target or "
        "raise the max"]


def test_a_min_suppliers_conflict_names_the_rule_once_and_the_ban(make_workbook):
    """Two suppliers of A, a ban on CN removes S1: 2 suppliers cannot be found."""
    sheets = one_period()
    sheets["Rules"] = [{"rule": "two", "kind": "min_suppliers", "item": "A", "value": 2},
                       {"rule": "no_CN", "kind": "ban", "country": "CN"}]
    status, lines = planner.explain(make_workbook(sheets))
    assert status is Status.INFEASIBLE
    assert lines[1:-1] == [
        "  Rules!D2, Rules!A3: min_suppliers rule two for A in 2026: at least 2 suppliers "
        "must each deliver 1 t; 1 can (S2); banned there: S1 (O1) by no_CN"]
    assert lines[0].startswith("The plan is infeasible: this row cannot hold")


def test_an_investment_needed_before_its_earliest_period(make_workbook):
    """Primary supply is banned and 10 t must be held at the end of 2026, but recycling
    lines can only be built from 2027."""
    sheets = recycling_case()
    sheets["Periods"] = [{"period": 2026}, {"period": 2027}]
    sheets["Investments"][0]["earliest_period"] = 2027
    sheets["Stockpile"] = [{"material": "A", "target": 10, "target_from": 2026}]
    path = make_workbook(sheets)
    done = run("explain", str(path))
    assert done.returncode == 4
    out = done.stdout
    assert "Investments!E2" in out and "units of line built from 2027" in out
    assert "Stockpile!B2: stockpile target of A: at least 10 t at the end of 2026" in out
    assert "Rules!A2" in out  # the ban on primary supply


def test_an_integer_conflict_is_explained_by_the_elastic_model(make_workbook):
    """5 t must be held but at most 10 t may be; the only offer sells at least 20 t
    per order. The LP relaxation (a fifth of an order) is feasible; the elastic model
    relaxes the target."""
    sheets = one_period()
    sheets["Demand"][0]["quantity"] = 0
    sheets["Offers"] = [dict(sheets["Offers"][1], min_order=20, capacity=100)]
    sheets["Stockpile"] = [{"material": "A", "target": 5, "max": 10}]
    status, lines = planner.explain(make_workbook(sheets))
    assert status is Status.INFEASIBLE
    assert "once these 1 row(s) are relaxed (found by an elastic model" in lines[0]
    assert "  Stockpile!B2: stockpile target of A: at least 5 t at the end of 2026" in lines


def test_explain_on_a_feasible_plan(make_workbook):
    done = run("explain", str(make_workbook()))
    assert done.returncode == 0
    assert "nothing to explain" in done.stdout


def rich_case() -> dict:
    """Recycling lines to build, a banned primary offer with a minimum order and a
    contract, a cap, a supplier count, stock bounds, two scenarios and CVaR."""
    sheets = recycling_case()
    sheets["Rules"].append({"rule": "cap", "kind": "max_share", "value": 0.9})
    sheets["Rules"].append({"rule": "two", "kind": "min_suppliers", "item": "A", "value": 1})
    sheets["Offers"][0].update(min_order=1, contract_cost=5)
    sheets["Stockpile"] = [{"material": "A", "target": 1, "max": 50}]
    sheets["Scenarios"] = [{"scenario": "a", "probability": 0.5},
                           {"scenario": "b", "probability": 0.5}]
    sheets["Settings"] += [{"key": "risk_measure", "value": "cvar"},
                           {"key": "cvar_weight", "value": 0.5}]
    return sheets


def test_every_row_of_a_rich_model_has_an_origin(make_workbook):
    from models import build_model
    from models.readback.origins import DESCRIBERS

    model = build_model(planner.load(make_workbook(rich_case())).data)
    import pyomo.environ as pyo

    names = {c.local_name for c in model.component_objects(pyo.Constraint, active=True)}
    assert names <= set(DESCRIBERS), names - set(DESCRIBERS)


def test_only_the_events_that_act_on_a_row_are_named(make_workbook):
    """S2's capacity cut to a tenth leaves 5 + 1 t against a 10 t target. The capacity
    event is named with O2's capacity, not O1's; a release of another material is
    not named with A's target."""
    sheets = one_period()
    sheets["Materials"].append({"material": "B", "stage": "separation"})
    sheets["Stockpile"] = [{"material": "A", "target": 10}]
    sheets["Scenarios"] = [{"scenario": "cut", "probability": 1}]
    sheets["Events"] = [
        {"scenario": "cut", "kind": "capacity", "supplier": "S2", "value": 0.1},
        {"scenario": "cut", "kind": "release", "item": "B", "value": 1}]
    status, lines = planner.explain(make_workbook(sheets))
    assert status is Status.INFEASIBLE
    assert "  Offers!E2: capacity of offer O1: at most 5 t in 2026" in lines
    assert "  Offers!E3, Events!D2: capacity of offer O2: at most 1 t in 2026" in lines
    assert "  Stockpile!B2: stockpile target of A: at least 10 t at the end of 2026" in lines
