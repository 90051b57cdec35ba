"""The real command line, run as a subprocess: exit codes, messages, files."""

from __future__ import annotations

import argparse
import hashlib
import re
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import planner
from tests.conftest import base_sheets

PLANNER = Path(sys.executable).parent / "planner"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(PLANNER), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_solve_writes_results_beside_the_input_and_leaves_it_untouched(make_workbook):
    path = make_workbook()
    before = digest(path)
    done = run("solve", str(path))
    assert done.returncode == 0, done.stderr
    assert "optimal" in done.stdout
    assert "total cost (discounted)" in done.stdout and "300 USD" in done.stdout
    assert "CN" in done.stdout and "AU" in done.stdout
    results = path.with_name("in-results.xlsx")
    assert results.is_file()
    assert digest(path) == before
    wb = openpyxl.load_workbook(results)
    assert wb.sheetnames[:5] == ["Overview", "Summary", "Charts", "Purchases", "Processing"]
    assert {"Settings", "Periods", "Offers", "Demand"} <= set(wb.sheetnames)


def test_output_option(make_workbook, tmp_path):
    out = tmp_path / "sub" / "plan.xlsx"
    out.parent.mkdir()
    done = run("solve", str(make_workbook()), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    assert f"Results written to {out}" in done.stdout


def test_invalid_input_exits_3_with_cells_and_no_traceback(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][1]["capacity"] = -5
    sheets["Offers"][0]["supplier"] = "S7"
    path = make_workbook(sheets)
    before = digest(path)
    done = run("solve", str(path))
    assert done.returncode == 3
    assert "Offers!B2: supplier 'S7' is not declared in Suppliers" in done.stderr
    assert "Offers!E3: capacity must be ≥ 0, got -5" in done.stderr
    assert "2 problems found" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not path.with_name("in-results.xlsx").exists()
    assert digest(path) == before
    assert run("validate", str(path)).returncode == 3


def test_infeasible_exits_4_without_output(make_workbook):
    sheets = base_sheets()
    sheets["Stockpile"] = [{"material": "A", "initial": 100, "max": 10}]
    path = make_workbook(sheets)
    done = run("solve", str(path))
    assert done.returncode == 4
    assert "infeasible" in done.stderr
    assert not path.with_name("in-results.xlsx").exists()


def test_not_a_workbook_exits_3(tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"PK\x03\x04 broken zip")
    done = run("validate", "--quiet", str(path))
    assert done.returncode == 3
    assert done.stderr.startswith("in.xlsx: ")  # --quiet: the problem alone, no progress
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("solve", "--no-such-option").returncode == 2
    assert run().returncode == 2
    existing = tmp_path / "t.xlsx"
    existing.write_bytes(b"")
    done = run("template", str(existing))
    assert done.returncode == 2 and "--force" in done.stderr


@pytest.mark.parametrize("command", [[], ["template"], ["validate"], ["solve"]])
def test_help(command):
    done = run(*command, "--help")
    assert done.returncode == 0
    assert "usage: planner" in done.stdout


def test_template_then_filled_validates(tmp_path):
    path = tmp_path / "t.xlsx"
    assert run("template", str(path)).returncode == 0
    empty = run("validate", str(path))
    assert empty.returncode == 3
    assert "Periods: the sheet has no period rows" in empty.stderr
    wb = openpyxl.load_workbook(path)
    for name, records in base_sheets().items():
        if name == "Settings":
            continue
        ws = wb[name]
        header = [c.value for c in ws[1]]
        for r, record in enumerate(records, start=2):
            for key, value in record.items():
                ws.cell(row=r, column=header.index(key) + 1, value=value)
    wb.save(path)
    done = run("validate", str(path))
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stdout
    assert run("solve", str(path)).returncode == 0


def test_verbose_streams_the_solver_log(make_workbook):
    done = run("solve", str(make_workbook()), "--verbose")
    assert done.returncode == 0
    assert "HiGHS" in done.stdout


def test_python_m_planner(make_workbook):
    done = subprocess.run([sys.executable, "-m", "planner", "validate", str(make_workbook())],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr



def test_solve_reports_rules_and_their_costs(make_workbook):
    sheets = base_sheets()
    sheets["Rules"] = [
        {"rule": "no_CN", "kind": "ban", "country": "CN", "from_period": 2027},
        {"rule": "tar_AU", "kind": "tariff", "country": "AU", "value": 0.1},
    ]
    path = make_workbook(sheets)
    done = run("solve", str(path), "--rule-costs", "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "cost of each rule" in done.stdout and "no_CN" in done.stdout
    wb = openpyxl.load_workbook(path.with_name("in-results.xlsx"))
    report = [r for r in wb["RuleReport"].iter_rows(min_row=2, values_only=True)]
    assert ("no_CN", "ban", "base", "2027", True) in [r[:5] for r in report]
    excluded = list(wb["Excluded"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in excluded] == [("O1", "no_CN")]
    costs = {r[0]: r[4] for r in wb["RuleCosts"].iter_rows(min_row=2, values_only=True)}
    # 2027: 12 t from AU at 22 instead of 5 t CN at 10 + 7 t AU at 22
    assert costs["no_CN"] == pytest.approx(5 * (22 - 10))


def test_debug_before_the_command_shows_the_traceback(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"")
    quiet = run("validate", str(path))
    assert quiet.returncode == 3 and "Traceback" not in quiet.stderr
    from planner import cli

    parsed = cli.build_parser().parse_args(["--debug", "validate", str(path)])
    assert parsed.debug is True
    assert not hasattr(cli.build_parser().parse_args(["validate", str(path)]), "debug")


def _help_texts() -> dict[str, str]:
    from planner.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"planner": parser.format_help(),
            **{name: sub.format_help() for name, sub in commands.choices.items()}}


def test_every_parameter_example_in_the_help_and_readme_applies_to_the_shipped_dataset():
    """Each example of the help is parsed, each of its values applied to the shipped
    dataset, and every point checked like a workbook: none may fail. The READMEs'
    examples must apply (the sizing study shows a point the checks refuse, on purpose)."""
    from planner.datasets import dataset
    from planner.studies.sweep import apply, parse_parameter
    from planner.workbook.validate import recheck

    spec = re.compile(r"(?:^\s+|--param \")(\w+(?:\[[^\]]*\])?\.\w+=[^\s\"]+)", re.M)
    shown = {text for help_text in _help_texts().values() for text in spec.findall(help_text)}
    root = Path(__file__).parents[1]
    documented = {text for readme in (root / "README.md", *root.glob("examples/*/README.md"))
                  for text in spec.findall(readme.read_text())}
    assert len(shown) >= 5 and len(documented) >= 5, (shown, documented)
    tables = planner.load(dataset()).tables
    for text in sorted(shown | documented):
        parameter = parse_parameter(text)
        for value in parameter.values:
            problems = recheck(apply(tables, parameter, value))
            assert text not in shown or problems == [], (text, value, problems)


def test_every_command_line_example_in_the_help_parses():
    from planner.cli import build_parser

    lines = [line.strip() for text in _help_texts().values() for line in text.splitlines()
             if line.strip().startswith("planner ")]
    for line in lines:
        build_parser().parse_args(shlex.split(line)[1:])


def test_dataset_copy_writes_an_editable_copy_that_validates(tmp_path):
    shown = run("dataset")
    assert shown.returncode == 0 and "rare_earths.xlsx" in shown.stdout
    copy = tmp_path / "mine.xlsx"
    done = run("dataset", "--copy", str(copy))
    assert done.returncode == 0, done.stderr
    from planner.datasets import dataset

    assert digest(copy) == digest(dataset())
    assert copy.stat().st_mode & 0o200  # writable by its owner: the user may edit it
    assert run("validate", str(copy)).returncode == 0
    again = run("dataset", "--copy", str(copy))
    assert again.returncode == 2 and "--force" in again.stderr
    assert run("dataset", "--copy", str(copy), "--force").returncode == 0
