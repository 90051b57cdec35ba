"""The blank template is generated from the schema and accepted once filled."""

from __future__ import annotations

import openpyxl

import planner
from planner.workbook.schema import SETTINGS_KEYS, SHEETS
from planner.workbook.template import write_template


def validations(ws) -> dict[str, str]:
    """First cell range of each data validation -> its list formula."""
    return {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}


def test_template_has_every_sheet_with_notes_and_drop_downs(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Guide", *[s.name for s in SHEETS]]
    offers = wb["Offers"]
    assert [c.value for c in offers[1]] == [c.name for c in SHEETS[6].columns]
    assert "Unit: currency/t" in offers["D1"].comment.text
    assert "Must be declared in Suppliers" in offers["B1"].comment.text
    offer_lists = validations(offers)
    assert offer_lists["B2"] == "=Suppliers!$A$2:$A$1001"
    assert offer_lists["D2"] == "0"  # price ≥ 0
    assert validations(wb["Materials"])["B2"] == '"mining,separation,metal,magnet,scrap"'


def test_template_settings_hold_every_key_with_its_default(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    rows = list(openpyxl.load_workbook(path)["Settings"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [k.name for k in SETTINGS_KEYS]
    assert dict((r[0], r[1]) for r in rows)["time_limit_s"] == 300


def test_filled_template_loads(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    fills = {
        "Periods": [["2026"]],
        "Countries": [["AU"]],
        "Materials": [["Dy_oxide", "separation", "Dysprosium oxide", 5e6]],
        "Suppliers": [["S1", "AU"]],
        "Offers": [["O1", "S1", "Dy_oxide", 8e5, 10]],
        "Demand": [["Dy_oxide", "2026", 4]],
    }
    for name, rows in fills.items():
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                wb[name].cell(row=r, column=c, value=value)
    wb.save(path)
    outcome = planner.solve(path)
    assert outcome.summary["objective"] == 4 * 8e5
