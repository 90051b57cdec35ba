"""planner solve --profile and --write-model: the phases, and the exact model."""

from __future__ import annotations

import highspy
import openpyxl
import pytest

from tests.test_cli import run
from tests.test_scenarios import two_stage


def summary(path) -> dict:
    ws = openpyxl.load_workbook(path)["Summary"]
    return {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("suffix", [".mps", ".lp"])
def test_the_written_model_is_the_one_solved(make_workbook, tmp_path, suffix):
    """HiGHS alone on the written file finds the plan's objective, and the file has the
    columns, rows and nonzeros the Summary records."""
    path = make_workbook(two_stage())
    model = tmp_path / f"model{suffix}"
    done = run("solve", str(path), "--profile", "--write-model", str(model),
               "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert f"Model handed to HiGHS written to {model}" in done.stdout
    for phase in ("read", "validate", "build", "hand-over", "highs", "duals", "extraction",
                  "studies", "write", "outside HiGHS", "peak memory"):
        assert f"  {phase}" in done.stdout, phase
    found = summary(path.with_name("in-results.xlsx"))
    for key in ("seconds_read", "seconds_build", "seconds_hand_over", "seconds_highs",
                "seconds_extraction", "columns", "rows", "nonzeros", "peak_memory_mb"):
        assert found[key] is not None and found[key] >= 0, key
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(model))
    assert (h.getNumCol(), h.getNumRow(), h.getNumNz()) == (
        found["columns"], found["rows"], found["nonzeros"])
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(found["objective"])


def test_without_profile_the_summary_is_as_before(make_workbook):
    path = make_workbook()
    assert run("solve", str(path)).returncode == 0
    assert "seconds_build" not in summary(path.with_name("in-results.xlsx"))


def test_a_model_file_of_another_kind_is_a_usage_error(make_workbook, tmp_path):
    done = run("solve", str(make_workbook()), "--write-model", str(tmp_path / "m.txt"))
    assert done.returncode == 2
    assert "written as .mps or .lp" in done.stderr
