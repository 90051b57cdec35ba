"""Read the raw tables of an input workbook, keeping every value's cell.

Each sheet holds one table: an Excel Table (ListObject) if the sheet has one, else
the range with its header in row 1. Values are what Excel last computed (formulas
give their cached values); nothing is interpreted here beyond trimming headers.
Sheets are read streaming and sparsely (planner.workbook.xlsx), so the memory a
workbook takes follows the cells that hold values, not the sheet's declared size;
large plain sheets are read with python-calamine instead (planner.workbook.fastread),
with the same result.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import range_boundaries

from planner.workbook.cells import Unreadable
from planner.workbook.fastread import FastSheets
from planner.workbook.problems import InputError, Problem, cell_ref
from planner.workbook.safety import FIX_AGAIN, has_macros, read_checked
from planner.workbook.schema import SHEETS
from planner.workbook.xlsx import EXCEL_COLUMNS, EXCEL_ROWS, Damaged, Package, SheetCells


@dataclass
class RawRow:
    """One non-blank record: its Excel row number and values by column number."""

    row: int
    values: dict[int, Any]


@dataclass
class RawTable:
    """The table found on one worksheet."""

    title: str
    header_row: int
    first_column: int
    headers: dict[int, str]
    """Column number -> header text as written (trimmed)."""
    rows: list[RawRow] = field(default_factory=list)
    last_row: int = 0
    """Last row of the table's range (records may stop earlier)."""
    truncated: bool = False
    """The sheet holds more rows than the planner reads; its records are not checked."""

    def ref(self, column: int | None = None, row: int | None = None) -> str:
        return cell_ref(self.title, column, row)

    def next_free_column(self) -> int:
        return max(self.headers, default=self.first_column - 1) + 1


_UNIT = re.compile(r"^(.*?\S)\s*\(([^()]*)\)$")
"""A header may end with its unit in parentheses: `price (USD/t)`."""


def header_name(text: Any) -> str:
    """A header without its unit: `price (USD/t)` -> `price` (trimmed)."""
    if text is None:
        return ""
    name = str(text).strip()
    found = _UNIT.match(name)
    return (found.group(1) if found else name).strip()


def normalise_header(text: Any) -> str:
    """Headers match case-insensitively after trimming spaces and a trailing unit."""
    return header_name(text).lower()


def header_unit(text: Any) -> str | None:
    """The unit a header names in parentheses (`price (USD/t)` -> `USD/t`), or None."""
    found = _UNIT.match(str(text).strip()) if text is not None else None
    return found.group(2).strip() if found else None


def unit_matches(written: str, declared: str) -> bool:
    """Whether a header's unit is the column's declared unit: `currency` stands for
    any currency code, a fraction may be written `%`."""
    text = written.replace(" ", "").lower()
    if declared in ("fraction", "1/year"):
        return text in (declared, "%" if declared == "fraction" else "%/year")
    pattern = re.escape(declared.replace(" ", "").lower()).replace("currency", "[^/]+")
    return re.fullmatch(pattern, text) is not None


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


MAX_ROWS = 100_000
"""Most records a sheet may hold."""


def read_table(title: str, cells: SheetCells, ref: str | None = None,
               totals: int = 0) -> RawTable:
    """The table of one worksheet (of its Excel Table when ref is given), blank rows
    skipped."""
    if ref:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        max_row -= totals  # a totals row is not a record
    else:
        min_col, min_row, max_col, max_row = 1, 1, EXCEL_COLUMNS, EXCEL_ROWS
    table = RawTable(title, min_row, min_col, {}, truncated=cells.truncated)
    headers = table.headers
    for number, values in cells.rows:
        if number < min_row:
            continue
        if number > max_row:
            break
        if number == min_row:
            table.headers = {c: str(v).strip() for c, v in sorted(values.items())
                             if min_col <= c <= max_col and not is_blank(v)}
            headers = table.headers
            continue
        if not cells.blank_text and values.keys() <= headers.keys():
            found = values  # no value to leave out
        else:
            found = {c: v for c, v in values.items()  # is_blank inlined: never None
                     if c in headers and (not isinstance(v, str) or v.strip())}
        if found:
            table.rows.append(RawRow(number, found))
    last = cells.rows[-1][0] if cells.rows else min_row
    table.last_row = max_row if ref else max(last, min_row)
    return table


def table_problems(cells: SheetCells, table: RawTable) -> list[Problem]:
    """Merged cells over the table, and formula cells inside it without a value."""
    problems = []
    last_column = max(table.headers, default=table.first_column)
    for merged in cells.merged:
        try:
            min_col, _, max_col, max_row = range_boundaries(merged)
        except ValueError:
            continue
        if max_row >= table.header_row and min_col <= last_column \
                and max_col >= table.first_column:
            problems.append(Problem(f"{table.title}!{merged}", "merged cells in the table",
                                    "unmerge them and put the value in each cell"))
    for row, column in cells.empty_formulas:
        if table.header_row <= row <= table.last_row and column in table.headers:
            problems.append(Problem(
                table.ref(column, row), "formula without a computed value",
                "open and recalculate the workbook in Excel or LibreOffice, save it, "
                "and try again (or type the value)"))
    return problems


def sheet_problems(title: str, cells: SheetCells) -> list[Problem]:
    """Problems of a sheet as a whole: too many rows, a cell Excel cannot hold."""
    problems = []
    if cells.truncated:
        problems.append(Problem(title, f"more than {MAX_ROWS:,} rows hold values; the "
                                f"planner reads up to {MAX_ROWS:,} rows per sheet",
                                "split the data or remove rows that are not needed"))
    if cells.beyond:
        problems.append(Problem(f"{title}!{cells.beyond}", "a cell beyond Excel's last row "
                                f"({EXCEL_ROWS:,}) or column (XFD): the file was not saved by "
                                "Excel", FIX_AGAIN))
    return problems


@dataclass
class RawWorkbook:
    """What a workbook holds: the tables of declared sheets and the user's own sheets."""

    tables: dict[str, RawTable]
    """Worksheet title -> table, for sheets whose name the schema declares."""
    others: dict[str, list[RawRow]]
    """Worksheet title -> its rows holding values, for every other sheet."""
    sha256: str = ""
    problems: list[Problem] = field(default_factory=list)
    """Problems of the file itself (formulas without values, merged cells, size)."""
    notes: list[str] = field(default_factory=list)
    """Things the user should know that do not stop the run (macros ignored)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook's millions of small
    values, rows and records are made: its repeated passes over all of them took a
    third of the time of reading 100,000 rows, and nothing made here needs it (plain
    values and containers are freed by reference counting; it runs again after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_workbook(path: Path) -> RawWorkbook:
    """Read every worksheet; sheets the schema declares are read as tables."""
    with collector_paused():
        return _read_workbook(Path(path))


def _read_workbook(path: Path) -> RawWorkbook:
    content = read_checked(path)
    try:
        package = Package(content)
    except Damaged as err:
        raise InputError([Problem(path.name, f"the workbook is damaged ({err})",
                                  FIX_AGAIN)]) from err
    try:
        book = RawWorkbook({}, {}, hashlib.sha256(content).hexdigest())
        _read_sheets(package, book, FastSheets(content, package))
    except Damaged as err:
        raise InputError([Problem(path.name, f"the workbook is damaged ({err})",
                                  FIX_AGAIN)]) from err
    finally:
        package.close()
    if has_macros(content):
        book.notes.append(f"{path.name}: macros are ignored; only cell values are read")
    return book


def _read_sheets(package: Package, book: RawWorkbook, fast: FastSheets) -> None:
    declared = {sheet.name.lower() for sheet in SHEETS}
    seen: dict[str, str] = {}
    for title, part in package.sheets:
        key = title.strip().lower() if title.strip().lower() in declared else title.lower()
        if key in seen:
            book.problems.append(Problem(title, f"a second sheet named like '{seen[key]}' "
                                         "(sheet names that differ only in case are one "
                                         "sheet to Excel)", "rename or delete one of them"))
            continue
        seen[key] = title
        cells = fast.read_sheet(title, part, MAX_ROWS + 1) \
            or package.read_sheet(part, MAX_ROWS + 1)
        book.problems += sheet_problems(title, cells)
        if key in declared:
            tables = package.tables(part, cells.table_ids) if cells.table_ids else []
            first = tables[0] if tables else None
            table = read_table(title, cells, first.ref if first else None,
                               first.totals if first else 0)
            book.tables[title] = table
            book.problems += table_problems(cells, table)
        else:
            book.others[title] = [  # a value Excel cannot store is not copied
                RawRow(number, {c: v for c, v in values.items()
                                if not isinstance(v, Unreadable)})
                for number, values in cells.rows]
