"""Write tables to a new .xlsx file: atomically, and never turning text into formulas."""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.cells import label
from planner.reader import RawTable, RawWorkbook, normalise_header

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
        [None if _is_missing(v) else (v.item() if hasattr(v, "item") else v) for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]


def _is_missing(value: Any) -> bool:
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


RESULT_SHEETS = ("Summary", "Purchases", "Processing", "Inventory", "Shares", "RuleReport",
                 "RuleCosts", "InvestmentPlan", "Excluded", "ScenarioCosts")
"""Sheets a results workbook adds; a previous run's copies are replaced, not kept."""


@dataclass(frozen=True)
class Annotation:
    """Result columns appended to the copy of an input sheet, matched on its key."""

    key: str
    columns: pd.DataFrame
    """Indexed by the key's values; one column per appended result."""


def _copy_table(table: RawTable, note: Annotation | None) -> tuple[list[str], list[list]]:
    """Header and rows of an input table; annotated columns replace any older copies."""
    added = [] if note is None else [str(c) for c in note.columns.columns]
    replaced = {a.lower() for a in added}
    columns = [c for c in sorted(table.headers)
               if normalise_header(table.headers[c]) not in replaced]
    header = [table.headers[c] for c in columns]
    rows = [[row.values.get(c) for c in columns] for row in table.rows]
    if note is not None:
        key_column = next((c for c in columns if normalise_header(table.headers[c]) == note.key),
                          None)
        for row, raw in zip(rows, table.rows, strict=True):
            key = label(raw.values.get(key_column)) if key_column else None
            found = note.columns.loc[key] if key in note.columns.index else None
            row += [None if found is None else _plain(found[a]) for a in added]
        header += added
    return header, rows


def _plain(value: Any) -> Any:
    if _is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def write_results(path: Path, results: Mapping[str, pd.DataFrame], inputs: RawWorkbook,
                  annotations: Mapping[str, Annotation] | None = None) -> None:
    """Result sheets first, then a values-only copy of every input sheet, atomically.

    Declared input sheets are copied as their tables (header in row 1), so the
    results workbook can be edited and solved again; annotations append result
    columns to an input sheet's copy (they are ignored when it is read again).
    """
    annotations = {k.lower(): v for k, v in (annotations or {}).items()}
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in results.items():
        fill_sheet(wb.create_sheet(name), [str(c) for c in frame.columns], frame_rows(frame))
    replaced = {name.lower() for name in RESULT_SHEETS}
    for title, table in inputs.tables.items():
        header, rows = _copy_table(table, annotations.get(title.strip().lower()))
        fill_sheet(wb.create_sheet(title), header, rows)
    for title, grid in inputs.others.items():
        if title.strip().lower() in replaced:
            continue
        ws = wb.create_sheet(title)
        for r, values in enumerate(grid, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    put(ws, r, c, value)
    save_atomically(wb, path)
