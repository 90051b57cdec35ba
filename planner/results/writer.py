"""The results workbook: result sheets, then a values-only copy of every input sheet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from planner.workbook.cells import label
from planner.workbook.excel import fill_sheet, frame_rows, is_missing, put, save_atomically
from planner.workbook.reader import RawTable, RawWorkbook, normalise_header

RESULT_SHEETS = ("Summary", "Purchases", "Processing", "Inventory", "Shares", "RuleReport",
                 "RuleCosts", "InvestmentPlan", "Excluded", "ScenarioCosts", "NodeDecisions",
                 "Stress", "StressBans")
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
    if is_missing(value):
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
