"""Provenance from the command line: validate, solve and explain on traced workbooks."""

from __future__ import annotations

import openpyxl

from tests.conftest import write_workbook
from tests.test_cli import run
from tests.test_coproducts import separation
from tests.test_segments import COVERED, magnets
from tests.test_traced import tolled


def test_solve_writes_the_provenance_and_sales_sheets(tmp_path):
    sheets = magnets({"kind": "traced_ban", **COVERED, "segment": "defence"})
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    assert run("validate", str(path)).returncode == 0
    done = run("solve", str(path))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(path.with_name("in-results.xlsx"))
    header = [c.value for c in book["Provenance"][1]]
    assert header[:6] == ["scenario", "period", "material", "segment", "class", "history"]
    rows = [[c.value for c in row] for row in book["Provenance"].iter_rows(min_row=2)]
    assert ["base", "2027", "G", "defence", "clean"] in [r[:5] for r in rows]
    sold = write_workbook(tmp_path / "sales.xlsx", separation(disposal=2, sales=[
        {"sale": "La_buyer", "material": "B", "price": 1.5, "capacity": 20}]))
    assert run("solve", str(sold)).returncode == 0
    book = openpyxl.load_workbook(sold.with_name("sales-results.xlsx"))
    assert "SalesPlan" in book.sheetnames and "Sales" in book.sheetnames


def test_validate_names_the_cell_of_a_misplaced_threshold(tmp_path):
    """Columns rule, kind, item, country, threshold: the threshold is in E."""
    path = write_workbook(tmp_path / "in.xlsx", tolled(
        {"kind": "ban", "item": "A", "country": "MM", "threshold": 0.01}))
    done = run("validate", str(path))
    assert done.returncode == 3
    assert "Rules!E2: a threshold belongs to traced_ban and traced_licence, not to ban" \
        in done.stdout + done.stderr


def test_explain_names_the_traced_ban(tmp_path):
    sheets = tolled({"kind": "traced_ban", "item": "A", "stage": "mining", "country": "UNK"})
    sheets["Stockpile"] = [{"material": "A", "initial": 5, "max": 2}]
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    done = run("explain", str(path))
    assert done.returncode == 4, done.stdout + done.stderr
    assert "lots matching r0 are barred" in done.stdout
