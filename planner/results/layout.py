"""A formatted table on a worksheet: an Excel Table with filters and banded rows,
number formats, frozen header, column widths and a print setup.

Text is written with planner.workbook.excel.put, so it is never a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planner.workbook.excel import put

MAX_WIDTH = 48
TABLE_STYLE = "TableStyleMedium2"
TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True, size=11)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


class TableNames:
    """Excel Table names, unique in a workbook and made of letters, digits and _."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, title: str) -> str:
        base = "T_" + (re.sub(r"[^A-Za-z0-9_]", "_", title) or "table")
        name, n = base, 1
        while name.lower() in self.used:
            n += 1
            name = f"{base}_{n}"
        self.used.add(name.lower())
        return name


def shown_width(value: Any, number_format: str | None) -> int:
    """About how many characters a value takes on screen."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        return len(str(value))
    if number_format and "%" in number_format:
        return 7
    decimals = 0 if isinstance(value, int) or not number_format or "." not in number_format \
        else number_format.split(".")[1].count("0") + number_format.split(".")[1].count("#")
    return len(f"{value:,.{decimals}f}")


def write_table(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]],
                formats: Sequence[str | None], names: TableNames, *, first_row: int = 1,
                first_column: int = 1, table: bool = True) -> str:
    """Header in first_row and one row per record below, as an Excel Table (a plain
    filter when the header is not unique text). Returns the range it covers."""
    widths = [len(str(h)) + 3 for h in header]  # + the filter button
    for c, name in enumerate(header):
        put(ws, first_row, first_column + c, name)
        ws.cell(row=first_row, column=first_column + c).font = BOLD
    for r, values in enumerate(rows, start=first_row + 1):
        for c, value in enumerate(values):
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            put(ws, r, first_column + c, value)
            fmt = formats[c] if c < len(formats) else None
            if fmt and value is not None and not isinstance(value, str | bool):
                ws.cell(row=r, column=first_column + c).number_format = fmt
            if c < len(widths):
                widths[c] = max(widths[c], shown_width(value, fmt) + 2)
    for c, width in enumerate(widths):
        letter = get_column_letter(first_column + c)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0,
                                                 min(MAX_WIDTH, width))
    last = f"{get_column_letter(first_column + max(len(header), 1) - 1)}" \
           f"{first_row + max(len(rows), 1)}"
    ref = f"{get_column_letter(first_column)}{first_row}:{last}"
    texts = [str(h) for h in header]
    if table and header and len({h.lower() for h in texts}) == len(texts) \
            and all(h.strip() for h in texts):
        item = Table(displayName=names(ws.title), ref=ref)
        item.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
        ws.add_table(item)
    elif header and first_row == 1:
        ws.auto_filter.ref = ref
    return ref


def print_setup(ws: Worksheet, title_rows: str | None = "1:1") -> None:
    """Landscape, all columns on one page wide, header rows repeated on every page,
    sheet name and page number in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "page &P of &N"
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8


def table_sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]],
                formats: Sequence[str | None], names: TableNames) -> None:
    """A sheet holding one table from A1, frozen under its header, ready to print."""
    write_table(ws, header, rows, formats, names)
    ws.freeze_panes = "A2"
    print_setup(ws)
