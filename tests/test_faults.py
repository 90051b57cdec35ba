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
from planner.results import writer, xlsx_out
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

    def refuse(wb, target, **options):  # a read-only folder, even for root
        if Path(target).parent == folder:
            raise PermissionError(13, "Permission denied")
        real(wb, target, **options)

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

    def crash(data, path):
        Path(path).write_bytes(bytes(data[:len(data) // 2]))  # half a workbook
        raise KeyboardInterrupt

    monkeypatch.setattr(xlsx_out, "save_bytes", crash)
    with pytest.raises(KeyboardInterrupt):
        outcome.write(out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "in.xlsx"] == ["out.xlsx"]


def test_a_sheet_beyond_the_row_limit_is_refused(make_workbook, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 1)
    with pytest.raises(planner.InputError) as caught:
        planner.load(make_workbook())
    assert "Periods: more than 1 rows hold values; the planner reads up to 1 rows per " \
           "sheet — split the data or remove rows that are not needed" in [
               str(p) for p in caught.value.problems]


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


# -- writing --------------------------------------------------------------------------------------
def test_a_save_that_fails_on_a_file_size_limit_closes_its_archive_quietly(make_workbook,
                                                                             tmp_path):
    """RLIMIT_FSIZE makes every write beyond 4 KB fail (EFBIG), as a full disk would."""
    import resource

    path = make_workbook()
    out = tmp_path / "out" / "plan.xlsx"
    out.parent.mkdir()

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run([str(PLANNER), "solve", str(path), "-o", str(out)], cwd=out.parent,
                          capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 2, done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert "could not write" in done.stderr
    assert list(out.parent.iterdir()) == []  # neither results nor temporary files


def test_temporary_files_of_ended_runs_are_removed(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True).stdout.strip()
    out = tmp_path / "x.xlsx"
    host = excel._host()
    stale = tmp_path / f".x.xlsx.{host}-{ended}-0a1b2c3d.tmp"
    running = tmp_path / f".x.xlsx.{host}-{os.getpid()}-0a1b2c3d.tmp"
    elsewhere = tmp_path / f".x.xlsx.otherhost-{ended}-0a1b2c3d.tmp"
    for temp in (stale, running, elsewhere):
        temp.write_bytes(b"half a workbook")
    excel.write_tables(out, {"S": __import__("pandas").DataFrame({"a": [1]})})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["x.xlsx", running.name, elsewhere.name])


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664)])
def test_results_get_the_permissions_of_the_users_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        excel.write_tables(tmp_path / "x.xlsx", {"S": __import__("pandas").DataFrame()})
    finally:
        os.umask(old)
    assert (tmp_path / "x.xlsx").stat().st_mode & 0o777 == mode


def test_a_read_only_results_file_is_replaced_only_with_force(make_workbook, tmp_path, capsys):
    path = make_workbook()
    out = tmp_path / "kept.xlsx"
    out.write_bytes(b"results someone wants to keep")
    out.chmod(0o444)
    assert main(["solve", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"planner: {out} is read-only — choose another name, or add --force to replace " \
           "it" in err
    assert "solving" not in err  # refused before any work
    assert out.read_bytes() == b"results someone wants to keep"
    assert main(["solve", str(path), "-o", str(out), "--force"]) == 0
    assert openpyxl.load_workbook(out)["Summary"]


@pytest.mark.parametrize("name", ["out.csv", "out", "out.xls"])
def test_an_output_that_is_not_an_excel_workbook_is_refused(make_workbook, tmp_path, capsys,
                                                             name):
    assert main(["solve", str(make_workbook()), "-o", str(tmp_path / name)]) == 2
    assert "results are Excel workbooks; give a name ending in .xlsx" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]


def test_an_xlsm_output_says_so_in_its_content_type(make_workbook, tmp_path):
    import zipfile

    out = tmp_path / "out.xlsm"
    assert main(["solve", str(make_workbook()), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        types = archive.read("[Content_Types].xml")
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert openpyxl.load_workbook(out)["Summary"]


def test_a_closed_pipe_on_stdout_ends_quietly(make_workbook):
    """`planner solve | head -1`: the reader has gone before the summary is printed."""
    path = make_workbook()
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([str(PLANNER), "solve", str(path)], stdout=write,
                              stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert "BrokenPipe" not in done.stderr and "internal error" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_an_unreadable_input_is_refused_in_words(make_workbook, monkeypatch, capsys):
    path = make_workbook()
    if os.geteuid() == 0:  # root reads every file: make the refusal the system's
        real = Path.open

        def refuse(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    else:
        path.chmod(0)
    assert main(["validate", str(path)]) == 3
    assert "in.xlsx: the file cannot be read: permission denied — ask its owner for read " \
           "access, or copy it to a folder of your own and give that path" in \
           capsys.readouterr().err


def test_parts_are_found_whatever_the_case_of_their_names(make_workbook):
    """A workbook whose Demand part is xl/worksheets/Demand.XML reads like any other."""
    import zipfile

    path = make_workbook()
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/worksheets/Demand.XML"] = parts.pop("xl/worksheets/sheet7.xml")
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(b"worksheets/sheet7.xml", b"worksheets/Demand.XML")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert len(planner.load(path).data.demand) == 2
