"""Writing a workbook with XlsxWriter: every cell by its type (text is never a formula),
one cell format per style, column widths as the widest value, whole columns at once.

Rows and columns are counted from 0, as XlsxWriter does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import math
import numbers
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

DATE_FORMATS = {dt.datetime: "yyyy-mm-dd hh:mm:ss", dt.date: "yyyy-mm-dd", dt.time: "hh:mm:ss"}
"""How a date or time without a format of its unit is shown (as openpyxl shows them)."""

OPTIONS = {
    "strings_to_formulas": False,  # text is text, whatever its first character
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "remove_timezone": True,  # Excel has no time zones; the planner's times are UTC
    "in_memory": True,  # assembled in memory: no temporary files of its own
}


MAX_TITLE = 31
"""Excel's longest sheet name."""


class ExactSheet(Worksheet):
    """A worksheet that stores every number with the digits that read back the same
    double (XlsxWriter's default of 16 significant digits can change the last bit of
    an input value, and a results workbook must solve again to the same plan)."""

    def _xml_number_element(self, number: Any, attributes: Any = ()) -> None:
        attr = "".join(f' {key}="{value}"' for key, value in attributes)  # r= and s= only
        text = repr(number) if number.__class__ is float else f"{number:.16G}"
        self.fh.write(f"<c{attr}><v>{text}</v></c>")


class Book:
    """An XlsxWriter workbook to be saved at path, its formats and column widths.

    The file is assembled in memory and written in one go when closed, so a failed
    write (a full disk) is a plain OSError with no half-closed archive left behind.
    """

    def __init__(self, path: Path) -> None:
        self.path, self._buffer = Path(path), io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._buffer, OPTIONS)
        self._formats: dict[tuple, Format] = {}
        self.widths: dict[str, dict[int, float]] = {}
        self.fixed: dict[str, dict[int, float]] = {}

    def sheet(self, title: str) -> Worksheet:
        """A new worksheet; a title Excel refuses (read from a file some other program
        wrote) is made into one it accepts, see excel_title."""
        used = {ws.name.lower() for ws in self.workbook.worksheets()}
        ws = self.workbook.add_worksheet(excel_title(title, used), worksheet_class=ExactSheet)
        self.widths[ws.name], self.fixed[ws.name] = {}, {}
        return ws

    def style(self, **properties: Any) -> Format | None:
        """The one cell format with these properties (None for none)."""
        properties = {k: v for k, v in properties.items() if v not in (None, False)}
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(properties)
        return found

    def widen(self, ws: Worksheet, column: int, width: float) -> None:
        """Make a column at least width characters wide."""
        widths = self.widths[ws.name]
        widths[column] = max(widths.get(column, 0), width)

    def set_width(self, ws: Worksheet, column: int, width: float) -> None:
        """Give a column exactly this width, whatever its values."""
        self.fixed[ws.name][column] = width

    def close(self) -> None:
        for ws in self.workbook.worksheets():
            for column, width in {**self.widths[ws.name], **self.fixed[ws.name]}.items():
                ws.set_column(column, column, width)
        self.workbook.close()
        save_bytes(self._buffer.getbuffer(), self.path)


def excel_title(title: str, used: set[str]) -> str:
    """title as Excel allows a sheet name: none of []:*?/\\, no apostrophe at either
    end, at most 31 characters, not used yet (in any case); a changed name keeps as
    much of its start as fits, with ~2, ~3, ... when it would repeat another."""
    name = re.sub(r"[\[\]:*?/\\]", "_", title).strip("'") or "Sheet"
    name = _first_units(name, MAX_TITLE)
    found, n = name, 1
    while found.lower() in used:
        n += 1
        found = f"{_first_units(name, MAX_TITLE - len(str(n)) - 1)}~{n}"
    return found


def _first_units(text: str, units: int) -> str:
    """The longest start of text of at most units UTF-16 code units (Excel's count)."""
    while len(text.encode("utf-16-le")) // 2 > units:
        text = text[:-1]
    return text


def save_bytes(data: memoryview, path: Path) -> None:
    """The finished file's bytes, written to path."""
    with open(path, "wb") as file:
        file.write(data)


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: a workbook is hundreds of thousands of
    small cell records, and each burst of them would otherwise make it scan every live
    object (a solved model among them) again — more than half the writing time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def put(book: Book, ws: Worksheet, row: int, column: int, value: Any,
        number_format: str | None = None, **style: Any) -> int:
    """Write one value by its type; returns about how many characters it shows.

    Text is always stored as text, never as a formula; blanks, NaN and infinities
    are left empty; number_format applies to numbers and dates, style to the cell.
    """
    value = plain(value)
    if value is None:
        if style:
            ws.write_blank(row, column, None, book.style(**style))
        return 0
    if isinstance(value, str):
        ws.write_string(row, column, value, book.style(**style))
        return len(value)
    if isinstance(value, bool):
        ws.write_boolean(row, column, value, book.style(**style))
        return len(str(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        kind = next(k for k in DATE_FORMATS if isinstance(value, k))
        shown = number_format if number_format and "yy" in number_format else DATE_FORMATS[kind]
        ws.write_datetime(row, column, value, book.style(num_format=shown, **style))
        return len(str(value))
    if isinstance(value, numbers.Real):
        ws.write_number(row, column, float(value) if not isinstance(value, int) else value,
                        book.style(num_format=number_format, **style))
        return shown_width(value, number_format)
    ws.write_string(row, column, str(value), book.style(**style))
    return len(str(value))


def plain(value: Any) -> Any:
    """A plain Python value: NumPy scalars unwrapped, every kind of missing -> None."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def shown_width(value: Any, number_format: str | None) -> int:
    """About how many characters a number takes on screen in number_format."""
    if number_format and "%" in number_format:
        return 7
    decimals = 0 if isinstance(value, int) or not number_format or "." not in number_format \
        else number_format.split(".")[1].count("0") + number_format.split(".")[1].count("#")
    return len(f"{value:,.{decimals}f}")


def write_column(book: Book, ws: Worksheet, first_row: int, column: int, values: Any,
                 number_format: str | Sequence[str | None] | None) -> int:
    """Write values down a column from first_row; returns the widest value's width.

    number_format is the column's, or one per row. A numeric NumPy array is written
    without looking at each value's type.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu" \
            and not isinstance(number_format, list):
        return _numbers(book, ws, first_row, column, values, number_format)
    if all(value.__class__ is str or value is None for value in values):  # a text column
        write = ws.write_string
        for r, value in enumerate(values, start=first_row):
            if value is not None:
                write(r, column, value)
        return max((len(v) for v in values if v is not None), default=0)
    widest = 0
    for r, value in enumerate(values):
        fmt = number_format[r] if isinstance(number_format, list) else number_format
        widest = max(widest, put(book, ws, first_row + r, column, value, fmt))
    return widest


def _numbers(book: Book, ws: Worksheet, first_row: int, column: int, values: np.ndarray,
             number_format: str | None) -> int:
    cell_format = book.style(num_format=number_format)
    write = ws.write_number
    if values.dtype.kind == "f":
        rows = np.flatnonzero(np.isfinite(values))
        values = values[rows]
        for r, value in zip((rows + first_row).tolist(), values.tolist(), strict=True):
            write(r, column, value, cell_format)
    else:
        for r, value in enumerate(values.tolist(), start=first_row):
            write(r, column, value, cell_format)
    if not len(values):
        return 0
    # The widest shown number is the largest or the most negative one.
    return max(shown_width(v, number_format) for v in (values.max().item(),
                                                          values.min().item()))


def frame_columns(frame: pd.DataFrame) -> list[Any]:
    """A DataFrame's columns: NumPy arrays for numbers, lists of values otherwise."""
    return [frame.iloc[:, c].to_numpy() if frame.dtypes.iloc[c].kind in "fiu"
            else frame.iloc[:, c].tolist() for c in range(frame.shape[1])]


def row_columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """Rows (possibly short) as width columns."""
    return [[row[c] if c < len(row) else None for row in rows] for c in range(width)]
