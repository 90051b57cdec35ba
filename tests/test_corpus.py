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
