"""Faults: unwritable outputs, interrupted writes, size limits, macros, determinism."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import planner
from planner.cli import main
from planner.results import writer
from planner.workbook import excel, reader
from tests.conftest import base_sheets, write_workbook

PLANNER = Path(sys.executable).parent / "planner"


def test_an_unwritable_output_goes_beside_it_with_exit_code_2(make_workbook, tmp_path,
                                                              capsys):
    path = make_workbook()
    locked = tmp_path / "locked"
    locked.mkdir()
    out = locked / "plan.xlsx"
    out.mkdir()  # a folder where the file should be: the write fails like a locked file
    code = main(["solve", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"Could not write {out}" in err and "were written to" in err
    written = [p for p in locked.iterdir() if p.name.startswith("plan-")]
    assert len(written) == 1 and openpyxl.load_workbook(written[0])["Summary"]


def test_a_read_only_folder_falls_back_to_the_current_folder(make_workbook, tmp_path,
                                                             monkeypatch, capsys):
    path = make_workbook()
    folder = tmp_path / "read-only"
    folder.mkdir()
    real = writer.save_atomically

    def refuse(wb, target):  # a read-only folder, even for root
        if Path(target).parent == folder:
            raise PermissionError(13, "Permission denied")
        real(wb, target)

    monkeypatch.setattr(writer, "save_atomically", refuse)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["solve", str(path), "-o", str(folder / "out.xlsx")]) == 2
    assert "Permission denied" in capsys.readouterr().err
    assert [p.suffix for p in work.iterdir()] == [".xlsx"]
    assert list(folder.iterdir()) == []


def test_the_output_may_not_replace_the_input(make_workbook, capsys):
    path = make_workbook()
    assert main(["solve", str(path), "-o", str(path)]) == 2
    assert "is the input workbook" in capsys.readouterr().err


def test_an_interrupted_write_leaves_the_previous_results(make_workbook, tmp_path,
                                                          monkeypatch):
    outcome = planner.solve(make_workbook())
    out = outcome.write(tmp_path / "out.xlsx")
    before = out.read_bytes()

    def crash(self, filename):
        Path(filename).write_bytes(b"half a workbook")
        raise KeyboardInterrupt

    monkeypatch.setattr(openpyxl.Workbook, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        outcome.write(out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "in.xlsx"] == ["out.xlsx"]


def test_a_sheet_beyond_the_row_limit_is_refused(make_workbook, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 1)
    with pytest.raises(planner.InputError) as caught:
        planner.load(make_workbook())
    assert "Periods: 2 rows is more than the 1 a sheet may hold — split the data or " \
           "remove rows that are not needed" in [str(p) for p in caught.value.problems]


def test_macros_are_ignored_with_a_note(tmp_path):
    path = write_workbook(tmp_path / "in.xlsm", base_sheets())
    import zipfile

    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"Module1\"")
    done = subprocess.run([str(PLANNER), "solve", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "in.xlsm: macros are ignored; only cell values are read" in done.stderr
    out = tmp_path / "in-results.xlsx"
    with zipfile.ZipFile(out) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower()]


def cells(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        if ws.title == "Summary":
            rows = [r for r in rows if r[0] not in ("run_timestamp", "solve_seconds")]
        if ws.title == "Overview":  # the line that says when it was solved
            rows = [r for r in rows if not str(r[0]).startswith("Solved ")]
        found[ws.title] = rows
    return found


def test_the_same_input_gives_the_same_results_cell_for_cell(tmp_path):
    from tests.test_scenarios import two_stage

    sheets = two_stage()
    sheets["Rules"].append({"rule": "cap", "kind": "max_share", "value": 0.8, "penalty": 50})
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.xlsx"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([str(PLANNER), "solve", str(path), "-o", str(out),
                               "--rule-costs"], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        outputs.append(cells(out))
    assert outputs[0] == outputs[1]


def test_writer_never_leaves_temporary_files(tmp_path):
    frame = __import__("pandas").DataFrame({"a": [1]})
    excel.write_tables(tmp_path / "x.xlsx", {"S": frame})
    assert [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]


def test_a_doctype_after_a_long_comment_is_still_refused(tmp_path):
    import zipfile

    path = write_workbook(tmp_path / "in.xlsx", base_sheets())
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    body = sheet[sheet.index(b"<worksheet"):]
    parts["xl/worksheets/sheet1.xml"] = (b'<?xml version="1.0"?><!--' + b"x" * 6000 + b"-->"
                                         b"<!DOCTYPE worksheet>" + body)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(planner.InputError) as caught:
        planner.load(path)
    assert "declares a DOCTYPE" in str(caught.value)
