"""Read the raw tables of an input workbook, keeping every value's cell.

Each sheet holds one table: an Excel Table (ListObject) if the sheet has one, else
the range with its header in row 1. Values are what Excel last computed (formulas
give their cached values); nothing is interpreted here beyond trimming headers.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml.common import DefusedXmlException
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from planner.workbook.problems import InputError, Problem, cell_ref
from planner.workbook.safety import formulas_without_values, has_macros, read_checked
from planner.workbook.schema import SHEETS


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


def open_workbook(path: Path, content: bytes) -> openpyxl.Workbook:
    """Parse checked bytes as a workbook, for values only (macros are never kept)."""
    try:
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True, keep_vba=False,
                                      keep_links=False)
    except DefusedXmlException as exc:
        raise InputError([Problem(
            path.name, "the workbook contains XML entity definitions, which are not allowed",
            "save it again from Excel or LibreOffice")]) from exc
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise InputError([Problem(
            path.name, f"the workbook cannot be read ({type(exc).__name__}: {exc})",
            "open it in Excel or LibreOffice and save it again as .xlsx",
        )]) from exc


def table_problems(ws: Worksheet, table: RawTable) -> list[Problem]:
    """Merged cells over the table, and more rows than the planner reads."""
    problems = []
    last_column = max(table.headers, default=table.first_column)
    for merged in ws.merged_cells.ranges:
        if merged.max_row >= table.header_row and merged.min_col <= last_column \
                and merged.max_col >= table.first_column:
            problems.append(Problem(f"{ws.title}!{merged.coord}", "merged cells in the table",
                                    "unmerge them and put the value in each cell"))
    if len(table.rows) > MAX_ROWS:
        problems.append(Problem(ws.title, f"{len(table.rows):,} rows is more than the "
                                f"{MAX_ROWS:,} a sheet may hold",
                                "split the data or remove rows that are not needed"))
    return problems


def read_table(ws: Worksheet) -> RawTable:
    """The table of one worksheet, with blank rows skipped."""
    if ws.tables:
        first = next(iter(ws.tables.values()))
        min_col, min_row, max_col, max_row = range_boundaries(first.ref)
        max_row -= first.totalsRowCount or 0  # a totals row is not a record
    else:
        min_col, min_row = 1, 1
        max_col, max_row = ws.max_column, ws.max_row
    table = RawTable(ws.title, min_row, min_col, {}, last_row=max_row)
    grid = ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col,
                        values_only=True)
    header = next(grid, ())
    for offset, value in enumerate(header):
        if not is_blank(value):
            table.headers[min_col + offset] = str(value).strip()
    for row_number, values in enumerate(grid, start=min_row + 1):
        cells = {
            min_col + offset: value
            for offset, value in enumerate(values)
            if min_col + offset in table.headers and not is_blank(value)
        }
        if cells:
            table.rows.append(RawRow(row_number, cells))
    return table


def _empty_formulas(content: bytes, tables: dict[str, RawTable]) -> list[Problem]:
    """Formula cells without a computed value inside the tables (not in totals rows or
    the user's notes beside them)."""
    problems = []
    for title, cells in formulas_without_values(content, set(tables)).items():
        table = tables[title]
        for cell in cells:
            column, row = coordinate_to_tuple(cell)[::-1]
            if table.header_row <= row <= table.last_row and column in table.headers:
                problems.append(Problem(
                    f"{title}!{cell}", "formula without a computed value",
                    "open and recalculate the workbook in Excel or LibreOffice, save it, "
                    "and try again (or type the value)"))
    return problems


@dataclass
class RawWorkbook:
    """What a workbook holds: the tables of declared sheets and the user's own sheets."""

    tables: dict[str, RawTable]
    """Worksheet title -> table, for sheets whose name the schema declares."""
    others: dict[str, list[tuple[Any, ...]]]
    """Worksheet title -> values of its used range, for every other sheet."""
    sha256: str = ""
    problems: list[Problem] = field(default_factory=list)
    """Problems of the file itself (formulas without values, merged cells, size)."""
    notes: list[str] = field(default_factory=list)
    """Things the user should know that do not stop the run (macros ignored)."""


def read_workbook(path: Path) -> RawWorkbook:
    """Read every worksheet; sheets the schema declares are read as tables."""
    path = Path(path)
    content = read_checked(path)
    declared = {sheet.name.lower() for sheet in SHEETS}
    wb = open_workbook(path, content)
    try:
        book = RawWorkbook({}, {}, hashlib.sha256(content).hexdigest())
        for ws in wb.worksheets:
            if ws.title.strip().lower() in declared:
                book.tables[ws.title] = table = read_table(ws)
                book.problems += table_problems(ws, table)
            else:
                book.others[ws.title] = list(ws.iter_rows(values_only=True))
        book.problems = _empty_formulas(content, book.tables) + book.problems
        if has_macros(content):
            book.notes.append(f"{path.name}: macros are ignored; only cell values are read")
        return book
    finally:
        wb.close()
