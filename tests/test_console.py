"""The console summary: the Summary sheet's labels, money with meaningful precision,
never `nan%`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import planner
from planner.results.columns import summary_label
from planner.results.formats import money, percent, significant
from planner.results.report import summary_lines
from tests.conftest import base_sheets


def test_money_keeps_meaningful_digits():
    assert money(0.52, "USD") == "0.52 USD"
    assert money(12.345, "USD") == "12.3 USD"
    assert money(3_417_149_868.45, "USD") == "3,417,149,868 USD"
    assert money(-0.004, "EUR") == "-0.004 EUR" and significant(4.0) == "4"
    assert significant(0) == "0" and significant(-1e-12) == "0" and money(None, "USD") == "—"
    assert percent(1, 4) == "25.0%" and percent(0, 0) == "—"


def test_summary_uses_the_sheet_labels_and_small_money(make_workbook):
    """Prices of 0.01 and 0.02: 2026 buys 5 t + 3 t, 2027 5 t + 7 t, so the plan costs
    10·0.01 + 10·0.02 = 0.30 (printed as 0.3 USD, not 0 USD)."""
    sheets = base_sheets()
    sheets["Offers"][0]["price"], sheets["Offers"][1]["price"] = 0.01, 0.02
    outcome = planner.solve(make_workbook(sheets))
    lines = summary_lines(outcome)
    text = "\n".join(lines)
    summary = outcome.summary
    for key in ("total_cost", "cost_purchase", "shortfall_t"):
        assert summary_label(key, summary) in text
    total = next(line for line in lines if summary_label("total_cost", summary) in line)
    assert total.endswith(" 0.3 USD")
    assert "CN" in text and "33.3%" in text  # 0.10 of 0.30 from CN


def test_no_spend_prints_a_dash_not_nan(make_workbook):
    sheets = base_sheets()
    for offer in sheets["Offers"]:
        offer["price"] = 0
    text = "\n".join(summary_lines(planner.solve(make_workbook(sheets))))
    assert "nan" not in text.lower()
    assert "—" in text


def test_report_refuses_a_workbook_that_holds_no_results(make_workbook, tmp_path):
    planner_bin = Path(sys.executable).parent / "planner"
    done = subprocess.run([str(planner_bin), "report", str(make_workbook()), "-o",
                           str(tmp_path / "r.html")], capture_output=True, text=True)
    assert done.returncode == 3
    assert "in.xlsx: this is not a results workbook (it has no Summary sheet)" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()
