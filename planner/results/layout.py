"""A formatted table on a worksheet: an Excel Table with filters and banded rows,
number formats, frozen header, column widths and a print setup.

Cells are written with planner.results.xlsx_out.put, so text is never a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from planner.results.xlsx_out import Book, write_column

MAX_WIDTH = 48
TABLE_STYLE = "Table Style Medium 2"
TITLE = {"bold": True, "font_size": 14}
HEADING = {"bold": True, "font_size": 11}
BOLD = {"bold": True}
WRAP = {"text_wrap": True, "valign": "top"}
A4 = 9
"""XlsxWriter's paper code for A4."""
FOOTER = "&L&8 &A&R&8 page &P of &N"
"""Sheet name left, page of pages right, in 8 pt (the size is followed by a space)."""


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


def write_table(book: Book, ws: Worksheet, header: Sequence[str], columns: Sequence[Any],
                formats: Sequence[str | Sequence[str | None] | None], names: TableNames, *,
                first_row: int = 0, first_column: int = 0, table: bool = True) -> str:
    """Header in first_row and the columns' values below it, as an Excel Table (a
    plain filter when the header is not unique text). A format is the column's, or
    one per row. Returns the range it covers."""
    length = max((len(c) for c in columns), default=0)
    texts = [str(h) for h in header]
    bold = book.style(**BOLD)
    for c, name in enumerate(texts):
        ws.write_string(first_row, first_column + c, name, bold)
        book.widen(ws, first_column + c, min(MAX_WIDTH, len(name) + 3))  # + the filter button
    for c, values in enumerate(columns):
        fmt = formats[c] if c < len(formats) else None
        widest = write_column(book, ws, first_row + 1, first_column + c, values, fmt)
        if c < len(texts) and widest:
            book.widen(ws, first_column + c, min(MAX_WIDTH, widest + 2))
    last_row = first_row + max(length, 1)
    last_column = first_column + max(len(texts), 1) - 1
    ref = f"{xl_rowcol_to_cell(first_row, first_column)}:" \
          f"{xl_rowcol_to_cell(last_row, last_column)}"
    if table and texts and len({h.lower() for h in texts}) == len(texts) \
            and all(h.strip() for h in texts):
        ws.add_table(first_row, first_column, last_row, last_column, {
            "name": names(ws.name), "style": TABLE_STYLE,
            "columns": [{"header": h, "header_format": bold} for h in texts]})
    elif texts and first_row == 0:
        ws.autofilter(first_row, first_column, last_row, last_column)
    return ref


def print_setup(ws: Worksheet, *, repeat_header: bool = True, fit_width: bool = True) -> None:
    """Landscape, all columns on one page wide, header row repeated on every page,
    sheet name and page number in the footer."""
    ws.set_landscape()
    ws.set_paper(A4)
    if fit_width:
        ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    if repeat_header:
        ws.repeat_rows(0)
    ws.set_footer(FOOTER)


def table_sheet(book: Book, ws: Worksheet, header: Sequence[str], columns: Sequence[Any],
                formats: Sequence[str | Sequence[str | None] | None],
                names: TableNames) -> None:
    """A sheet holding one table from A1, frozen under its header, ready to print."""
    write_table(book, ws, header, columns, formats, names)
    ws.freeze_panes(1, 0)
    print_setup(ws)
