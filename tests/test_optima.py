"""Tiny workbooks whose optimum is worked out by hand in each docstring."""

from __future__ import annotations

import pytest

import planner
from models import Status
from tests.conftest import base_sheets


def purchases(outcome: planner.Outcome) -> dict[tuple[str, str], float]:
    frame = outcome.tables["Purchases"]
    return {(r.offer, r.period): r.quantity for r in frame.itertuples()}


def inventory(outcome: planner.Outcome) -> dict[tuple[str, str], float]:
    frame = outcome.tables["Inventory"]
    return {(r.material, r.period): r.closing for r in frame.itertuples()}


def one_period(sheets):
    sheets["Periods"] = [{"period": 2026}]
    sheets["Demand"] = [d for d in sheets["Demand"] if d["period"] == 2026]
    return sheets


def test_cheap_offer_first_then_the_dear_one(make_workbook):
    """Demand 8; O1 10/t up to 5 t, O2 20/t: buy 5 from O1 and 3 from O2 = 50 + 60 = 110."""
    outcome = planner.solve(make_workbook(one_period(base_sheets())))
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["objective"] == pytest.approx(110)
    assert purchases(outcome) == pytest.approx({("O1", "2026"): 5, ("O2", "2026"): 3})
    assert outcome.summary["shortfall_t"] == pytest.approx(0)


def test_demand_beyond_capacity_is_unmet_at_its_shortfall_cost(make_workbook):
    """Demand 20 > 5 + 10 t of capacity: 5 t unmet at 1000/t; 50 + 200 + 5000 = 5250."""
    sheets = one_period(base_sheets())
    sheets["Demand"][0]["quantity"] = 20
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(5250)
    assert outcome.summary["cost_shortfall"] == pytest.approx(5000)
    assert outcome.summary["shortfall_t"] == pytest.approx(5)
    row = outcome.tables["Inventory"].iloc[0]
    assert (row.demand, row.served, row.shortfall) == pytest.approx((20, 15, 5))


def test_settings_shortfall_cost_applies_when_the_material_has_none(make_workbook):
    """Material without shortfall_cost, Settings 300/t: 5 t unmet cost 1500 (+ 250 bought)."""
    sheets = one_period(base_sheets())
    del sheets["Materials"][0]["shortfall_cost"]
    sheets["Settings"].append({"key": "shortfall_cost", "value": 300})
    sheets["Demand"][0]["quantity"] = 20
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(250 + 1500)


def test_buying_ahead_when_the_cheap_offer_ends(make_workbook):
    """O1 (10/t, 10 t) is valid in 2026 only; O2 costs 30/t; holding costs 2/t/period.

    Demand 5 t in each year. Buying 2027's need in 2026 costs 10 + 2 = 12/t < 30/t, so
    buy 10 t from O1 in 2026 and hold 5 t: 100 + 5 × 2 = 110.
    """
    sheets = base_sheets()
    sheets["Offers"][0].update(capacity=10, to_period=2026)
    sheets["Offers"][1].update(price=30)
    for d in sheets["Demand"]:
        d["quantity"] = 5
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 2}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(110)
    assert purchases(outcome) == pytest.approx({("O1", "2026"): 10})
    assert inventory(outcome)[("A", "2026")] == pytest.approx(5)
    assert outcome.summary["cost_holding"] == pytest.approx(10)


def test_offer_outside_its_window_is_not_bought(make_workbook):
    """O1 valid from 2027: 2026 buys 8 t at 20 (160); 2027 5 t at 10 + 7 t at 20 (190)."""
    sheets = base_sheets()
    sheets["Offers"][0]["from_period"] = 2027
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(160 + 190)
    assert ("O1", "2026") not in purchases(outcome)


def test_stockpile_target_binds_from_target_from(make_workbook):
    """Target 4 t from 2027, holding 1/t: buy 5 t in 2026 and 5 + 4 = 9 t in 2027.

    Only O1 (10/t, 100 t) is offered; cost 50 + 90 + holding 4 × 1 = 144.
    """
    sheets = base_sheets()
    sheets["Offers"] = [dict(sheets["Offers"][0], capacity=100)]
    for d in sheets["Demand"]:
        d["quantity"] = 5
    sheets["Stockpile"] = [
        {"material": "A", "target": 4, "holding_cost": 1, "target_from": 2027}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(144)
    assert inventory(outcome) == pytest.approx({("A", "2026"): 0, ("A", "2027"): 4})
    assert outcome.tables["Inventory"]["target"].tolist() == pytest.approx([0, 4])


def test_target_days_converts_demand_to_tonnes(make_workbook):
    """365 t/yr of demand and 30 target days: hold 30 t at the end of the single year.

    Buy 365 + 30 = 395 t at 10/t = 3950, holding 30 × 1 = 30: 3980.
    """
    sheets = one_period(base_sheets())
    sheets["Offers"] = [dict(sheets["Offers"][0], capacity=1000)]
    sheets["Demand"][0]["quantity"] = 365
    sheets["Stockpile"] = [{"material": "A", "target_days": 30, "holding_cost": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(3980)
    assert inventory(outcome)[("A", "2026")] == pytest.approx(30)


def test_initial_stock_serves_demand_first(make_workbook):
    """Initial stock 6 t, demand 8 t: buy only 2 t from O1 (20)."""
    sheets = one_period(base_sheets())
    sheets["Stockpile"] = [{"material": "A", "initial": 6}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(20)
    assert outcome.tables["Inventory"].iloc[0].opening == pytest.approx(6)


def test_discounting_by_years_elapsed(make_workbook):
    """10 % a year; periods of 2 years; 10 t at 10/t in each: 100 + 100/1.1² = 182.6446."""
    sheets = base_sheets()
    sheets["Settings"].append({"key": "discount_rate", "value": 0.1})
    sheets["Periods"] = [{"period": 2026, "years": 2}, {"period": 2028, "years": 2}]
    sheets["Offers"] = [dict(sheets["Offers"][0], capacity=10)]
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": 10} for p in (2026, 2028)]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(100 + 100 / 1.1**2)
    cost = outcome.tables["Purchases"].set_index("period")
    assert cost.loc["2028", "cost"] == pytest.approx(100)
    assert cost.loc["2028", "discounted_cost"] == pytest.approx(100 / 1.21)


def test_stock_above_its_max_with_nowhere_to_go_is_infeasible(make_workbook):
    """Initial 50 t, max 20 t, demand 8 t: 42 t must stay but only 20 t may: infeasible."""
    sheets = one_period(base_sheets())
    sheets["Stockpile"] = [{"material": "A", "initial": 50, "max": 20}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.result.status is Status.INFEASIBLE
    assert outcome.plan is None
