"""Run each bad file through `planner solve` in its own process and measure it: exit
code, wall-clock seconds and peak memory. Run from the repository root:

    python tests/corpus/measure.py

It covers the committed corpus and the huge files that are only ever built at test
time (a 2.5 GB file, a million rows), and prints one line per file and the worst.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.conftest import base_sheets, write_workbook  # noqa: E402

PLANNER = Path(sys.executable).parent / "planner"


@dataclass(frozen=True)
class Measured:
    code: int
    seconds: float
    peak_mb: float
    stderr: str


LAUNCHER = """import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, seconds, peak, file=sys.stderr)
"""
"""Runs the planner as its only child and reports the child's peak memory: a small
process of its own, because a child's peak counts the memory of the process that
forked it (this script's, holding a million rows)."""


def measure(path: Path, *args: str) -> Measured:
    """`planner solve PATH` in a child process: exit code, seconds and peak memory."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(PLANNER), "solve", str(path),
                           "--quiet", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=path.parent)
    text, _, figures = done.stderr.rstrip("\n").rpartition("\n")
    code, seconds, peak = figures.split()
    return Measured(int(code), float(seconds), int(peak) / 1024, text + "\n" if text else "")


def sparse_file(path: Path, size: int = 2_500_000_000) -> Path:
    """A file of size bytes that takes no disk space (it starts like a zip)."""
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(size)
    return path


def million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A base workbook whose Demand sheet has a million more rows (49 MB of XML,
    5 MB zipped): each row one cell, the same material id."""
    write_workbook(path, base_sheets())
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    part = "xl/worksheets/sheet7.xml"
    extra = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i)
                     for i in range(4, rows + 4))
    parts[part] = parts[part].replace(b"</sheetData>", extra + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def main() -> None:
    import json

    manifest = json.loads((HERE / "manifest.json").read_text())
    with tempfile.TemporaryDirectory() as folder:
        paths = [HERE / "files" / name for name in sorted(manifest)]
        paths += [sparse_file(Path(folder) / "sparse_2500_mb.xlsx"),
                  million_rows(Path(folder) / "million_rows.xlsx")]
        worst_time = worst_memory = (0.0, "")
        for path in paths:
            with tempfile.TemporaryDirectory() as work:
                copy = Path(work) / path.name
                os.link(path, copy)  # the same file, in a folder the run may write to
                result = measure(copy)
            print(f"{path.name:36} exit {result.code}  {result.seconds:6.2f} s  "
                  f"{result.peak_mb:7.1f} MB")
            worst_time = max(worst_time, (result.seconds, path.name))
            worst_memory = max(worst_memory, (result.peak_mb, path.name))
    print(f"{len(paths)} files; slowest {worst_time[1]} {worst_time[0]:.2f} s; "
          f"largest {worst_memory[1]} {worst_memory[0]:.1f} MB")


if __name__ == "__main__":
    main()
