"""Settings rates_per_year: capacities, least quantities and per-period costs given per
year on a horizon of quarters and years, on tiny workbooks worked out by hand."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given

import planner
from tests.conftest import base_sheets
from tests.test_commerce_properties import size
from tests.test_properties import PROPERTY, instances, optimum

MIXED = [{"period": "Q1", "years": 0.25}, {"period": "Q2", "years": 0.25},
         {"period": "Y2", "years": 1.0}]
PER_YEAR = {"key": "rates_per_year", "value": True}


def mixed_case(demand: tuple[float, float, float], *, per_year: bool = True) -> dict:
    """One material A, one offer O1 (10/t, 400 t a year), two quarters and a year."""
    sheets = base_sheets()
    sheets["Periods"] = list(MIXED)
    sheets["Offers"] = [{"offer": "O1", "supplier": "S2", "material": "A", "price": 10,
                         "capacity": 400}]
    sheets["Demand"] = [{"material": "A", "period": p["period"], "quantity": q}
                        for p, q in zip(MIXED, demand, strict=True)]
    if per_year:
        sheets["Settings"].append(dict(PER_YEAR))
    return sheets


def test_a_yearly_capacity_and_holding_cost_are_scaled_to_a_quarter(make_workbook):
    """400 t a year is 100 t in a quarter; holding 8/t a year is 2/t in a quarter.

    Demand 60, 130, 300: Q2 needs 30 t more than its 100 t, bought in Q1 (90 t) and
    held one quarter (30 · 2 = 60). Purchases (90 + 100 + 300) · 10 = 4,900; total
    4,960 (30 t unmet would cost 30,000; holding at the yearly rate would be 240).
    """
    sheets = mixed_case((60, 130, 300))
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 8}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(4960)
    assert outcome.summary["cost_holding"] == pytest.approx(60)
    bought = outcome.tables["Purchases"].set_index("period").quantity
    assert bought.tolist() == pytest.approx([90, 100, 300])


def test_without_rates_per_year_the_capacity_is_the_period_s(make_workbook):
    """The same workbook with per-period rates: 400 t in each period, no stock held:
    (60 + 130 + 300) · 10 = 4,900."""
    sheets = mixed_case((60, 130, 300), per_year=False)
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 8}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(4900)


def test_a_yearly_take_or_pay_volume_is_scaled_to_a_quarter(make_workbook):
    """O1 (5/t, 200 t a year) takes or pays 160 t a year; demand 20, 10, 100 t and no
    room to store (Stockpile max 0), so O1 is signed from Q1 (else 20 t unmet, 20,000).

    It pays 40 t in each quarter (160 · 0.25) and 160 t in Y2: 240 · 5 = 1,200, of which
    (20 + 30 + 60) · 5 = 550 paid and not taken. Per-period take-or-pay (160 t in
    every period): 480 · 5 = 2,400.
    """
    sheets = mixed_case((20, 10, 100))
    sheets["Offers"][0] |= {"price": 5, "capacity": 200, "min_take": 160}
    sheets["Stockpile"] = [{"material": "A", "max": 0}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(1200)
    assert outcome.summary["cost_take_or_pay"] == pytest.approx(550)
    contract = outcome.tables["Contracts"].set_index("offer").loc["O1"]
    assert contract.committed == pytest.approx(240)
    assert contract.taken == pytest.approx(130)
    sheets["Settings"].pop()
    assert planner.solve(make_workbook(sheets, "per_period.xlsx")).summary[
        "objective"] == pytest.approx(2400)


def test_a_yearly_unit_capacity_and_fixed_cost_are_scaled_to_a_quarter(make_workbook):
    """A unit of 400 t a year (capex 100, fixed 40 a year) for process P (1/t) makes
    100 t in a quarter; buying O1 costs 10/t. Demand 100, 100, 400.

    Build one unit in Q1: capex 100, fixed 40 · (0.25 + 0.25 + 1) = 60, processing
    600 · 1 = 600: 760 (buying all: 6,000). A yearly fixed cost charged in full each
    quarter would make it 820.
    """
    sheets = mixed_case((100, 100, 400))
    sheets["Processes"] = [{"process": "P", "supplier": "S2", "output": "A",
                            "capacity": 0, "cost": 1}]
    sheets["Investments"] = [{"investment": "I", "process": "P", "capacity": 400,
                              "capex": 100, "fixed_cost": 40, "max_units": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(760)
    assert outcome.summary["cost_fixed"] == pytest.approx(60)
    made = outcome.tables["Processing"].set_index("period").quantity
    assert made.tolist() == pytest.approx([100, 100, 400])


def test_a_yearly_minimum_order_is_scaled_to_a_quarter(make_workbook):
    """O1 (10/t) needs at least 200 t a year per order: 50 t in a quarter. Demand 30 t
    in Q1 and 0 after, no holding cost: one order of 50 t, 500 (a per-period minimum
    of 200 t would cost 2,000; 30 t unmet 30,000)."""
    sheets = mixed_case((30, 0, 0))
    sheets["Offers"][0]["min_order"] = 200
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(500)


@PROPERTY
@given(instances())
def test_rates_per_year_on_periods_of_a_year_keeps_the_model_and_its_optimum(data):
    """With every period a year long, per-year and per-period rates are one model:
    the same columns, rows, nonzeros and optimum."""
    years = dataclasses.replace(data, periods=tuple(
        dataclasses.replace(p, years=1.0) for p in data.periods))
    yearly = dataclasses.replace(years, rates_per_year=True)
    assert size(yearly) == size(years)
    assert optimum(yearly)[0].objective == pytest.approx(optimum(years)[0].objective,
                                                         rel=1e-9, abs=1e-9)
