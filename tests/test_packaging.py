"""The installed package (not the source tree) finds its shipped dataset from any folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from planner.workbook.docs import reference

ROOT = Path(__file__).resolve().parents[1]


def test_non_editable_install_solves_the_shipped_dataset_from_any_folder(tmp_path):
    target, work = tmp_path / "site", tmp_path / "elsewhere"
    work.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )
    assert (target / "planner" / "datasets" / "rare_earths.xlsx").is_file()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    where = subprocess.run(
        [sys.executable, "-c", "import planner, models; print(planner.__file__, models.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.count(str(target)) == 2
    done = subprocess.run([sys.executable, "-m", "planner", "solve"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    results = work / "rare_earths-results.xlsx"
    assert results.is_file()
    summary = dict(openpyxl.load_workbook(results)["Summary"].iter_rows(
        min_row=2, max_col=2, values_only=True))  # key in A, value in B
    assert summary["status"] == "optimal"


def test_workbook_reference_is_generated_from_the_schema():
    committed = (ROOT / "docs" / "workbook.md").read_text()
    assert committed == reference(), "docs/workbook.md is stale: run `make docs`"
