"""The results workbook printed (LibreOffice's PDF export, as a person prints it):
every sheet one page wide, so its pages grow with its rows, never its columns.

Needs `soffice` (Debian's libreoffice-calc-nogui) and `pdftotext` (poppler-utils);
without them the test fails with how to install them (.ci/run does).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

import planner
from tests.conftest import base_sheets, write_workbook

PERIODS = 70
ROWS_PER_PAGE = (25, 70)
"""A landscape A4 page holds between these many table rows at the scales used."""


def _tools_or_fail() -> None:
    missing = [name for name in ("soffice", "pdftotext", "pdfinfo") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: install the Debian packages "
                    "libreoffice-calc-nogui and poppler-utils (.ci/run does)")


def _pages_per_sheet(pdf: Path) -> Counter:
    """Each page's sheet, from the footer `<sheet> ... page N of M`."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    found: Counter = Counter()
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page),
                               str(pdf), "-"], capture_output=True, text=True).stdout
        footer = [line for line in text.splitlines() if re.search(rf"page {page} of", line)]
        assert footer, f"page {page} has no footer"
        found[footer[-1].split()[0]] += 1
    return found


def test_pages_grow_with_rows_not_columns(tmp_path):
    """70 periods: Purchases has 2 rows a period (O1 and O2 both buy when demand > 5),
    Inventory one; every other sheet fits one page however many columns it has."""
    _tools_or_fail()
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2000 + i} for i in range(PERIODS)]
    sheets["Demand"] = [{"material": "A", "period": 2000 + i, "quantity": 8}
                        for i in range(PERIODS)]
    outcome = planner.solve(write_workbook(tmp_path / "long.xlsx", sheets))
    results = outcome.write(tmp_path / "long-results.xlsx")
    profile = tmp_path / "profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}",
                           "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(results)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pages = _pages_per_sheet(tmp_path / "long-results.pdf")
    book = openpyxl.load_workbook(results, read_only=True)
    for ws in book.worksheets:
        if ws.title in ("Overview", "Charts"):
            continue
        rows = ws.max_row
        low, high = (math.ceil(rows / n) for n in reversed(ROWS_PER_PAGE))
        assert low <= pages[ws.title] <= high, (ws.title, rows, ws.max_column, pages[ws.title])
    assert pages["Purchases"] >= 2 and book["Purchases"].max_column == 12
    assert pages["Offers"] == 1 and book["Offers"].max_column >= 5
    assert pages["Overview"] == 1
