"""Write tables to a new .xlsx file: atomically, and never turning text into formulas.

The primitives every written workbook shares: the template, the results and the
sweep workbooks.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True)
MAX_WIDTH = 50


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one value; text is always stored as text, never as a formula."""
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"


def fill_sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A table with its header in row 1, frozen and filterable."""
    widths = [len(str(h)) for h in header]
    for c, name in enumerate(header, start=1):
        put(ws, 1, c, name)
        ws.cell(row=1, column=c).font = HEADER_FONT
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], len(_shown(value)))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, width + 2)
    ws.freeze_panes = "A2"
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """DataFrame rows as plain Python values (NaN -> blank)."""
    return [
        [None if is_missing(v) else (v.item() if hasattr(v, "item") else v) for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]


def is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def save_atomically(wb: Workbook, path: Path) -> None:
    """Save to a temporary file beside path, then rename it over path.

    An interrupted run leaves the previous file (or none), never half a workbook.
    """
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.tmp",
                                    dir=path.parent)
    os.close(handle)
    try:
        wb.save(temp)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_tables(path: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write each DataFrame as a sheet (in order) to a new workbook at path, atomically."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in tables.items():
        fill_sheet(wb.create_sheet(name), [str(c) for c in frame.columns], frame_rows(frame))
    save_atomically(wb, path)
