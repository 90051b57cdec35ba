"""Read a workbook with and without the calamine fast path and compare what comes out."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from planner.workbook import fastread
from planner.workbook.cells import Unreadable
from planner.workbook.problems import InputError
from planner.workbook.reader import read_workbook


def plain(value: Any) -> Any:
    """A value with its exact type (True is not 1, 5 is not 5.0, -0.0 is not 0.0)."""
    if isinstance(value, Unreadable):
        return ("Unreadable", value.what, value.fix)
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, plain(dataclasses.asdict(value)))
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return (type(value).__name__, repr(value))


@contextmanager
def fast_bytes(limit: int):
    """Sheets of at least limit bytes try the fast path (0: every sheet)."""
    with mock.patch.object(fastread, "FAST_BYTES", limit):
        yield


def reading(path: Path, *, fast: bool | None) -> tuple[Any, list[str]]:
    """What read_workbook gives (or the problems it raises), and the sheets it read
    with calamine: with fast, every plain sheet; without, none; None: the plain sheets
    of at least FAST_BYTES."""
    used: list[str] = []
    original = fastread.FastSheets.read_sheet

    def spy(self, title, part, max_rows):
        cells = original(self, title, part, max_rows)
        if cells is not None:
            used.append(title)
        return cells

    limit = fastread.FAST_BYTES if fast is None else 0 if fast else 1 << 62
    with fast_bytes(limit), \
            mock.patch.object(fastread.FastSheets, "read_sheet", spy):
        try:
            return plain(read_workbook(path)), used
        except InputError as err:
            return [str(p) for p in err.problems], used


def same_reading(path: Path) -> list[str]:
    """Assert both paths read path identically; the sheets read with calamine."""
    streamed, none = reading(path, fast=False)
    fast, used = reading(path, fast=True)
    assert none == []
    assert fast == streamed, f"{path.name}: the fast path reads it differently"
    return used
