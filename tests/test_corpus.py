"""The bad-input corpus: every file gives exactly its messages, exit code 3, no
traceback, no output, and stays as it was. Rebuild it with tests/corpus/make_corpus.py."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planner
from planner.cli import main
from tests.corpus.measure import measure, million_rows, sparse_file

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())


def test_the_corpus_is_large_enough():
    assert len(MANIFEST) >= 61
    assert sorted(p.name for p in (CORPUS / "files").iterdir()) == sorted(MANIFEST)


def expected(name: str) -> tuple[int, list[str]]:
    """Exit code and the messages (or, for an infeasible plan, explain's lines)."""
    entry = MANIFEST[name]
    return (3, entry) if isinstance(entry, list) else (entry["exit"], entry["lines"])


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_file_gives_exactly_its_messages(name):
    code, messages = expected(name)
    if code == 3:
        with pytest.raises(planner.InputError) as caught:
            planner.load(CORPUS / "files" / name)
        assert [str(p) for p in caught.value.problems] == messages
    else:
        status, lines = planner.explain(CORPUS / "files" / name)
        assert (status.value, lines) == ("infeasible", messages)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_the_command_line_refuses_without_trace_or_output(name, tmp_path, capsys):
    path = tmp_path / name
    shutil.copy(CORPUS / "files" / name, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, messages = expected(name)
    assert main(["solve", str(path)]) == code
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out and "internal error" not in out.err
    assert messages[0] in out.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_hostile_file_through_the_real_process(tmp_path):
    path = tmp_path / "entity_expansion.xlsx"
    shutil.copy(CORPUS / "files" / path.name, path)
    done = subprocess.run([str(Path(sys.executable).parent / "planner"), "validate",
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 3
    assert "declares a DOCTYPE" in done.stderr and "Traceback" not in done.stderr


# -- huge files: built at test time, never committed ---------------------------------------------
LIMIT_S, LIMIT_MB = 30, 1024


def test_a_2500_mb_file_is_refused_by_its_size_before_it_is_read(tmp_path):
    path = sparse_file(tmp_path / "huge.xlsx")
    result = measure(path)
    assert result.code == 3, result.stderr
    assert "huge.xlsx: the file is 2,384 MB; the planner reads workbooks up to 256 MB" \
        in result.stderr
    assert result.seconds < LIMIT_S and result.peak_mb < LIMIT_MB


def test_a_million_rows_give_one_message_read_in_bounded_memory(tmp_path):
    path = million_rows(tmp_path / "rows.xlsx")
    result = measure(path)
    assert result.code == 3, result.stderr
    assert result.stderr.splitlines() == [
        "Demand: more than 100,000 rows hold values; the planner reads up to 100,000 rows per "
        "sheet — split the data or remove rows that are not needed",
        "1 problem found; nothing was solved or written."]
    assert result.seconds < LIMIT_S and result.peak_mb < LIMIT_MB


def test_a_value_at_xfd1048576_in_a_sheet_of_ones_own_is_copied_without_a_grid(make_workbook,
                                                                               tmp_path):
    """A note far from everything: read and copied to the results cell for cell, in
    the memory of a few cells, not of 17 billion."""
    import openpyxl

    from tests.conftest import base_sheets

    sheets = base_sheets()
    sheets["Notes"] = [{"note": "see the far corner"}]
    path = make_workbook(sheets)
    book = openpyxl.load_workbook(path)
    book["Notes"]["XFD1048576"] = "the far corner"
    book.save(path)
    out = tmp_path / "out.xlsx"
    result = measure(path, "-o", str(out))
    assert result.code == 0, result.stderr
    assert result.peak_mb < LIMIT_MB
    copied = openpyxl.load_workbook(out, read_only=True)["Notes"]
    assert [row for row in copied.iter_rows(min_row=1048576, min_col=16384, values_only=True)] \
        == [("the far corner",)]
