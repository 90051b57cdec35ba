"""Co-products, disposal and sales.

A Malaysian separator turns 2 t of concentrate C (1/t) into 1 t of NdPr oxide A and,
with it, 3 t of La oxide B (fee 5 per t of A). Demand is 10 t of A in one period,
so the plan makes 30 t of B, which it must sell, stock or discard.
"""

from __future__ import annotations

import pytest

import planner
from models import SolveOptions, Status
from tests.conftest import Sheets, write_workbook

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)


def separation(*, disposal: float | None = None, stock_max: float | None = 0,
               sales: list | None = None, **extra: list) -> Sheets:
    sheets: Sheets = {
        "Periods": [{"period": 2027}],
        "Countries": [{"country": "AU"}, {"country": "MY"}],
        "Materials": [{"material": "C", "stage": "mining"},
                      {"material": "A", "stage": "separation", "shortfall_cost": 1000},
                      {"material": "B", "stage": "separation", "disposal_cost": disposal}],
        "Suppliers": [{"supplier": "au", "country": "AU"}, {"supplier": "my", "country": "MY"}],
        "Offers": [{"offer": "C_AU", "supplier": "au", "material": "C", "price": 1,
                    "capacity": 100}],
        "Processes": [{"process": "sep", "supplier": "my", "output": "A", "capacity": 100,
                       "cost": 5}],
        "ProcessInputs": [{"process": "sep", "material": "C", "quantity": 2}],
        "ProcessOutputs": [{"process": "sep", "material": "B", "quantity": 3}],
        "Demand": [{"material": "A", "period": 2027, "quantity": 10}],
        "Stockpile": [{"material": "B", "max": stock_max}],
        **extra,
    }
    if sales:
        sheets["Sales"] = sales
    return sheets


def run(tmp_path, sheets: Sheets):
    return planner.solve(write_workbook(tmp_path / "in.xlsx", sheets), OPTIONS)


def test_a_by_product_that_cannot_go_anywhere_stops_the_run(tmp_path):
    """No disposal cost, no sale, no room in stock: the separation cannot run without
    making B, which has nowhere to go, so it does not run and the 10 t of A are unmet:
    10 × 1000 = 10 000."""
    outcome = run(tmp_path, separation())
    assert outcome.result.objective == pytest.approx(10_000)


def test_a_by_product_may_be_stocked(tmp_path):
    """Room for 30 t of B: 10 × (2 × 1 + 5) = 70, B held."""
    outcome = run(tmp_path, separation(stock_max=30))
    assert outcome.result.objective == pytest.approx(70)
    assert outcome.plan.inventory["base", "B", "2027"] == pytest.approx(30)


def test_a_by_product_may_be_discarded_at_its_cost(tmp_path):
    """70 + 30 t × 2 = 130."""
    outcome = run(tmp_path, separation(disposal=2))
    assert outcome.result.objective == pytest.approx(130)
    assert outcome.plan.costs["disposal"] == pytest.approx(60)


def test_sales_lower_the_cost(tmp_path):
    """20 t sold at 1.5 (−30) and 10 t discarded at 2 (+20): 70 − 30 + 20 = 60."""
    outcome = run(tmp_path, separation(disposal=2, sales=[
        {"sale": "La_buyer", "material": "B", "price": 1.5, "capacity": 20}]))
    assert outcome.result.objective == pytest.approx(60)
    assert outcome.plan.costs["sales"] == pytest.approx(-30)
    sold = outcome.tables["SalesPlan"]
    assert sold[["sale", "material", "quantity", "price", "revenue"]].values.tolist() == [
        ["La_buyer", "B", 20, 1.5, 30]]
    assert outcome.annotations["Sales"].columns.loc["La_buyer"].tolist() == [20, 30]


def test_the_results_workbook_keeps_the_sales_sheet_solvable(tmp_path):
    """The copy of Sales gains sold and revenue, and the results workbook solves again
    to the same optimum."""
    source = write_workbook(tmp_path / "in.xlsx", separation(disposal=2, sales=[
        {"sale": "La_buyer", "material": "B", "price": 1.5, "capacity": 20}]))
    outcome = planner.solve(source, OPTIONS)
    written = tmp_path / "out.xlsx"
    outcome.write(written)
    again = planner.solve(written, OPTIONS)
    assert again.result.objective == pytest.approx(60)
    import openpyxl
    sheet = openpyxl.load_workbook(written)["Sales"]
    header = [c.value for c in sheet[1]]
    assert any(str(h).startswith("sold") for h in header), header


def test_co_products_enter_the_tally_at_their_stage(tmp_path):
    """B is separated in Malaysia with A: the separation tally of B is 30 t in MY."""
    outcome = run(tmp_path, separation(stock_max=30))
    assert outcome.plan.tally["base", "B", "separation", "MY", "2027"] == pytest.approx(30)


def test_a_by_product_carries_the_runs_traced_history(tmp_path):
    """5 t of B are demanded for defence (shortfall 100/t). Without a rule they are
    served from the by-product and 25 t discarded: 70 + 25 × 2 = 120. A traced ban on
    B mined in Australia (all the concentrate is) for defence bars the by-product
    from that demand: 5 t unmet and 30 t discarded, 70 + 500 + 60 = 630."""
    sheets = separation(disposal=2)
    sheets["Materials"][2]["shortfall_cost"] = 100
    sheets["Demand"].append({"material": "B", "period": 2027, "quantity": 5,
                             "segment": "defence"})
    assert run(tmp_path, sheets).result.objective == pytest.approx(120)
    sheets["Rules"] = [{"rule": "r", "kind": "traced_ban", "item": "B", "stage": "mining",
                        "country": "AU", "segment": "defence"}]
    outcome = run(tmp_path, sheets)
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.result.objective == pytest.approx(630)
