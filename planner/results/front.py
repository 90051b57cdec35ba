"""The first sheets of the results workbook: Overview (the story) and Summary (key,
value, unit: one row per key, for scripts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from planner.results.columns import summary_unit
from planner.results.formats import GAP_FORMAT, number_format, with_unit
from planner.results.layout import (
    BOLD,
    HEADING,
    TITLE,
    WRAP,
    TableNames,
    print_setup,
    table_sheet,
)
from planner.results.overview import Block, solved_line, status_words
from planner.results.xlsx_out import Book, plain, put

NOTE = {"italic": True, "font_size": 9}
HEADER_CELL = {"bg_color": "#DCE6F1", "bottom": 1, "bottom_color": "#4F81BD"}
"""A block's header: shaded, with a thin blue line under it."""


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


def summary_sheet(book: Book, ws: Worksheet, summary: pd.DataFrame,
                  names: TableNames) -> None:
    """key | value | unit, one row per key (key and value as before, for scripts)."""
    entries = dict(zip(summary["key"], summary["value"], strict=True))
    currency = str(entries.get("currency", ""))
    values, units, formats = [], [], []
    for key, value in entries.items():
        unit = summary_unit(key)
        if key == "run_timestamp":
            value = timestamp(value)
        shown = unit.replace("currency", currency) if unit != "count" else ""
        values.append(plain(value))
        units.append(shown or None)
        formats.append(cell_format(unit, key))  # each value has its own unit
    table_sheet(book, ws, ["key", "value", "unit"], [list(entries), values, units],
                [None, formats, None], names)
    book.set_width(ws, 1, 24)


def block_header(block: Block, currency: str) -> list[str]:
    """Headers with the unit of columns that have one unit throughout."""
    header = []
    for c, name in enumerate(block.header):
        units = {u[c] for u, row in zip(block.units, block.rows, strict=True)
                 if row[c] is not None and u[c]}
        header.append(with_unit(name, units.pop(), currency) if len(units) == 1 else name)
    return header


def overview_sheet(book: Book, ws: Worksheet, summary: dict[str, Any],
                   blocks: list[Block]) -> None:
    """Title, status in words, then each block as a small formatted table."""
    currency = str(summary.get("currency", ""))
    put(book, ws, 0, 0, f"Sourcing plan: {summary.get('input_file', '')}", **TITLE)
    put(book, ws, 1, 0, status_words(summary))
    put(book, ws, 2, 0, solved_line(summary) + " Every figure is in the sheets after Charts.")
    row = 4
    widths = [40]
    for block in blocks:
        put(book, ws, row, 0, block.title, **HEADING)
        row += 1
        for c, name in enumerate(block_header(block, currency)):
            put(book, ws, row, c, name, **BOLD, **HEADER_CELL, **WRAP)
            widths += [0] * (c + 1 - len(widths))
            widths[c] = max(widths[c], min(len(name) + 2, 22))
        first = row + 1
        for values, units in zip(block.rows, block.units, strict=True):
            row += 1
            strong = (row == first and block.header[0] == "figure") \
                or str(values[0]) in ("total", "expected")
            for c, (value, unit) in enumerate(zip(values, units, strict=True)):
                value = plain(value)
                fmt = number_format(unit)
                put(book, ws, row, c, value, fmt, bold=strong)
                if fmt and isinstance(value, int | float):
                    widths[c] = max(widths[c], 16)
        if block.note:
            row += 1
            put(book, ws, row, 0, block.note, **NOTE)
        row += 2
    for c, width in enumerate(widths):
        book.set_width(ws, c, width)
    print_setup(ws, repeat_header=False)
    ws.set_portrait()
    ws.hide_gridlines(2)
