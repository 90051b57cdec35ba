"""The results workbook: a copy of the inputs, the result sheets, text kept as text."""

from __future__ import annotations

import openpyxl
import pytest

import planner
from tests.conftest import base_sheets


def test_results_workbook_solves_again_to_the_same_plan(make_workbook, tmp_path):
    sheets = base_sheets()
    sheets["Stockpile"] = [{"material": "A", "target": 3, "holding_cost": 1}]
    sheets["Settings"].append({"key": "discount_rate", "value": 0.05})
    first = planner.solve(make_workbook(sheets))
    out = first.write(tmp_path / "first-results.xlsx")
    second = planner.solve(out)
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    for name in ("Purchases", "Inventory"):
        assert second.tables[name].equals(first.tables[name])
    again = second.write(tmp_path / "second-results.xlsx")
    names = openpyxl.load_workbook(again).sheetnames
    assert names.count("Summary") == 1 and names.count("Purchases") == 1


def test_user_sheets_and_columns_are_copied(make_workbook, tmp_path):
    path = make_workbook()
    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("My notes")
    notes["B2"] = "ask for a quote"
    wb["Offers"]["J1"] = "comment"
    wb["Offers"]["J2"] = "long-term partner"
    wb.save(path)
    out = planner.solve(path).write(tmp_path / "out.xlsx")
    result = openpyxl.load_workbook(out)
    assert result["My notes"]["B2"].value == "ask for a quote"
    offers = result["Offers"]
    header = [c.value for c in offers[1]]
    assert offers.cell(row=2, column=header.index("comment") + 1).value == "long-term partner"


def test_text_from_inputs_is_never_written_as_a_formula(make_workbook, tmp_path):
    sheets = base_sheets()
    sheets["Offers"][0]["offer"] = '=HYPERLINK("http://example.com","x")'
    sheets["Countries"][1]["name"] = "+cmd|' /C calc'!A0"
    sheets["Suppliers"][0]["name"] = "@SUM(1)"
    path = make_workbook(sheets)
    out = planner.solve(path).write(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    purchases = wb["Purchases"]
    assert purchases["C2"].value == '=HYPERLINK("http://example.com","x")'


def test_summary_sheet_holds_the_key_figures(make_workbook):
    summary = planner.solve(make_workbook()).summary
    assert summary["status"] == "optimal"
    assert summary["objective"] == pytest.approx(300)
    assert summary["total_cost"] == pytest.approx(300)
    assert summary["cost_purchase"] == pytest.approx(300)
    assert summary["mip_gap"] == pytest.approx(0)
    assert len(summary["input_sha256"]) == 64
    assert summary["scenarios"] == 1
    assert {"solve_seconds", "planner_version", "run_timestamp"} <= set(summary)


def test_inventory_rows_balance(make_workbook):
    sheets = base_sheets()
    sheets["Demand"][1]["quantity"] = 30
    sheets["Stockpile"] = [{"material": "A", "initial": 2}]
    frame = planner.solve(make_workbook(sheets)).tables["Inventory"]
    balance = frame.opening + frame.acquired - frame.consumed - frame.served - frame.closing
    assert balance.abs().max() == pytest.approx(0, abs=1e-9)
    assert (frame.served + frame.shortfall - frame.demand).abs().max() == pytest.approx(0)
