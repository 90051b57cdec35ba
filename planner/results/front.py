"""The first sheets of the results workbook: Overview (the story) and Summary (key,
value, unit: one row per key, for scripts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from planner.results.columns import summary_unit
from planner.results.formats import GAP_FORMAT, number_format, with_unit
from planner.results.layout import (
    BOLD,
    HEADING_FONT,
    TITLE_FONT,
    WRAP,
    TableNames,
    print_setup,
    table_sheet,
)
from planner.results.overview import Block, solved_line, status_words
from planner.workbook.excel import put

NOTE_FONT = Font(italic=True, size=9)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
UNDERLINE = Border(bottom=Side(style="thin", color="4F81BD"))


def cell_format(unit: str, key: str = "") -> str | None:
    return GAP_FORMAT if key == "mip_gap" else number_format(unit)


def timestamp(value: Any) -> Any:
    """The run timestamp as an Excel date (UTC), when it is one."""
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return value
    return value


def summary_sheet(ws: Worksheet, summary: pd.DataFrame, names: TableNames) -> None:
    """key | value | unit, one row per key (key and value as before, for scripts)."""
    entries = dict(zip(summary["key"], summary["value"], strict=True))
    currency = str(entries.get("currency", ""))
    rows, formats = [], []
    for key, value in entries.items():
        unit = summary_unit(key)
        if key == "run_timestamp":
            value = timestamp(value)
        shown = unit.replace("currency", currency) if unit != "count" else ""
        rows.append([key, _plain(value), shown or None])
        formats.append(cell_format(unit, key))
    table_sheet(ws, ["key", "value", "unit"], rows, [None, None, None], names)
    for r, fmt in enumerate(formats, start=2):  # each value has its own unit
        cell = ws.cell(row=r, column=2)
        if fmt and not isinstance(cell.value, str | bool) and cell.value is not None:
            cell.number_format = fmt
    ws.column_dimensions["B"].width = 24


def _plain(value: Any) -> Any:
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if hasattr(value, "item") else value


def block_header(block: Block, currency: str) -> list[str]:
    """Headers with the unit of columns that have one unit throughout."""
    header = []
    for c, name in enumerate(block.header):
        units = {u[c] for u, row in zip(block.units, block.rows, strict=True)
                 if row[c] is not None and u[c]}
        header.append(with_unit(name, units.pop(), currency) if len(units) == 1 else name)
    return header


def overview_sheet(ws: Worksheet, summary: dict[str, Any], blocks: list[Block]) -> None:
    """Title, status in words, then each block as a small formatted table."""
    currency = str(summary.get("currency", ""))
    put(ws, 1, 1, f"Sourcing plan: {summary.get('input_file', '')}")
    ws.cell(row=1, column=1).font = TITLE_FONT
    put(ws, 2, 1, status_words(summary))
    put(ws, 3, 1, solved_line(summary) + " Every figure is in the sheets after Charts.")
    row = 5
    widths = [40]
    for block in blocks:
        put(ws, row, 1, block.title)
        ws.cell(row=row, column=1).font = HEADING_FONT
        row += 1
        for c, name in enumerate(block_header(block, currency), start=1):
            put(ws, row, c, name)
            cell = ws.cell(row=row, column=c)
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, UNDERLINE, WRAP
            widths += [0] * (c - len(widths))
            widths[c - 1] = max(widths[c - 1], min(len(name) + 2, 22))
        first = row + 1
        for values, units in zip(block.rows, block.units, strict=True):
            row += 1
            for c, (value, unit) in enumerate(zip(values, units, strict=True), start=1):
                put(ws, row, c, _plain(value))
                fmt = number_format(unit)
                if fmt and isinstance(_plain(value), int | float):
                    ws.cell(row=row, column=c).number_format = fmt
                    widths[c - 1] = max(widths[c - 1], 16)
            if (row == first and block.header[0] == "figure") \
                    or str(values[0]) in ("total", "expected"):
                for c in range(1, len(values) + 1):
                    ws.cell(row=row, column=c).font = BOLD
        if block.note:
            row += 1
            put(ws, row, 1, block.note)
            ws.cell(row=row, column=1).font = NOTE_FONT
        row += 2
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + c)].width = width
    print_setup(ws, title_rows=None)
    ws.page_setup.orientation = "portrait"
    ws.sheet_view.showGridLines = False

