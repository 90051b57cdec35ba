"""Read the cells of an .xlsx archive (already checked by safety.py), streaming.

Only cells that hold a value are kept, row by row, so neither a declared dimension,
a formatted empty cell near XFD1048576 nor a million formatted rows makes the
reader build a grid; a sheet stops being read once it has more rows holding values
than the planner reads. Values are what Excel last computed (a formula gives its
cached value); numbers formatted as dates or durations become datetimes or
timedeltas, as Excel shows them. A value that cannot be a number Excel stores is
kept as Unreadable so that validation names its cell.

The parts are parsed with the standard library's (C) parser: safety.py has already
refused any part that declares a DOCTYPE, so no entity can be defined, let alone
expanded, and defusedxml's pure-Python parser would read five times slower.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from planner.workbook.cells import Unreadable

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
_DIGITS = "0123456789"


_LOCAL: dict[str, str] = {}


def _local(tag: str) -> str:
    """A tag without its namespace (SpreadsheetML has a transitional and a strict one)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL) < 4096:
            _LOCAL[tag] = name
    return name


def _relationship(element) -> str | None:
    """The r:id of an element, in the transitional or the strict namespace."""
    return next((v for k, v in element.attrib.items() if k.endswith("}id")), None)


class Damaged(Exception):
    """A part is missing or is not the XML it should be."""


@dataclass
class SheetCells:
    """The cells of one worksheet that hold a value, and what lies around them."""

    rows: list[tuple[int, dict[int, Any]]] = field(default_factory=list)
    """(row number, {column number: value}) of every row holding a value, in order."""
    truncated: bool = False
    """Reading stopped: the sheet has more rows holding values than were asked for."""
    merged: list[str] = field(default_factory=list)
    empty_formulas: list[tuple[int, int]] = field(default_factory=list)
    """(row, column) of formula cells without a computed value."""
    beyond: str | None = None
    """The first cell beyond Excel's last row or column, if any."""
    table_ids: list[str] = field(default_factory=list)
    """Relationship ids of the sheet's Excel Tables."""
    blank_text: bool = True
    """Some value may be text of spaces alone (False only when known not to be)."""


@dataclass(frozen=True)
class TablePart:
    ref: str
    totals: int


class Package:
    """An .xlsx archive: its sheets, shared strings and date styles."""

    def __init__(self, content: bytes):
        self.archive = zipfile.ZipFile(io.BytesIO(content))
        self.names = {n.lower(): n for n in self.archive.namelist()}
        workbook = self._part("xl/workbook.xml")
        root = self._tree(workbook)
        rels = self._rels(workbook)
        self.epoch = CALENDAR_WINDOWS_1900
        self.sheets: list[tuple[str, str]] = []
        """(title, part) of every worksheet, in workbook order (chart sheets aside)."""
        for element in root.iter():
            tag = _local(element.tag)
            if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif tag == "sheet":
                kind, target = rels.get(_relationship(element), ("", ""))
                if kind == "worksheet" and target:
                    self.sheets.append((element.get("name") or "", target))
        by_kind = {kind: target for kind, target in rels.values()}
        self.strings_part = by_kind.get("sharedStrings")
        self.strings = self._strings(self.strings_part)
        self.dates, self.durations = self._styles(by_kind.get("styles"))

    def close(self) -> None:
        self.archive.close()

    # -- parts --------------------------------------------------------------------
    def _part(self, name: str) -> str:
        found = self.names.get(name.lower())
        if found is None:
            raise Damaged(f"the part {name} is missing")
        return found

    def _open(self, part: str):
        return self.archive.open(self._part(part))

    def _tree(self, part: str):
        try:
            return ElementTree.fromstring(self.archive.read(self._part(part)))
        except ElementTree.ParseError as err:
            raise Damaged(f"the part {part} is not well-formed XML ({err})") from err

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (kind, target part) of a part's relationships."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if rels_part.lower() not in self.names:
            return {}
        found = {}
        for rel in self._tree(rels_part):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            target = target[1:] if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found[rel.get("Id")] = (rel.get("Type", "").rpartition("/")[2], target)
        return found

    def _strings(self, part: str | None) -> list[str]:
        if part is None or part.lower() not in self.names:
            return []
        strings = []
        for _, element in self._iterparse(part):
            if _local(element.tag) == "si":
                if len(element) == 1 and element[0].tag == element.tag[:-2] + "t":
                    strings.append(element[0].text or "")  # plain text, the common case
                else:
                    strings.append(_text(element))
                element.clear()
        return strings

    def _styles(self, part: str | None) -> tuple[frozenset[int], frozenset[int]]:
        """Style ids whose number format shows a date, and those that show a duration."""
        if part is None or part.lower() not in self.names:
            return frozenset(), frozenset()
        root = self._tree(part)
        formats = dict(BUILTIN_FORMATS)
        dates, durations = set(), set()
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                try:
                    formats[int(element.get("numFmtId", ""))] = element.get("formatCode", "")
                except ValueError:
                    continue
        for block in root:
            if _local(block.tag) != "cellXfs":
                continue
            for index, xf in enumerate(block):
                try:
                    code = formats.get(int(xf.get("numFmtId", "0")), "")
                except ValueError:
                    continue
                if code and is_date_format(code):
                    dates.add(index)
                    if is_timedelta_format(code):
                        durations.add(index)
        return frozenset(dates), frozenset(durations)

    def _iterparse(self, part: str,
                   source: bytes | bytearray | None = None) -> Iterator[tuple[str, Any]]:
        try:
            with self._open(part) if source is None else io.BytesIO(source) as stream:
                yield from ElementTree.iterparse(stream, events=("end",))
        except ElementTree.ParseError as err:
            raise Damaged(f"the part {part} is not well-formed XML ({err})") from err

    # -- worksheets ------------------------------------------------------------------
    def read_sheet(self, part: str, max_rows: int,
                   source: bytes | bytearray | None = None) -> SheetCells:
        """The cells holding values of a worksheet part; stops after max_rows such rows.
        source, if given, stands for the part's bytes."""
        sheet = SheetCells()
        row_number = 0
        for _, element in self._iterparse(part, source):
            tag = _local(element.tag)
            if tag == "row":
                try:
                    row_number = int(element.get("r") or row_number + 1)
                except ValueError:
                    row_number += 1
                values = self._row(element, row_number, sheet)
                element.clear()
                if values:
                    if len(sheet.rows) == max_rows:
                        sheet.truncated = True
                        break
                    sheet.rows.append((row_number, values))
            elif tag == "mergeCell" and element.get("ref"):
                sheet.merged.append(element.get("ref"))
            elif tag == "tablePart" and _relationship(element):
                sheet.table_ids.append(_relationship(element))
        return sheet

    def _row(self, row, number: int, sheet: SheetCells) -> dict[int, Any]:
        """The values of one row element (a cell's place comes from the row's number
        and the column letters of its reference)."""
        ns = row.tag[:-3]  # the row's namespace, as "{...}"
        v_tag, f_tag, is_tag = ns + "v", ns + "f", ns + "is"
        values: dict[int, Any] = {}
        column = 0
        for cell in row:
            ref = cell.get("r")
            column = _column(ref.rstrip(_DIGITS)) if ref else column + 1
            kind = cell.get("t")
            found = cell.find(v_tag)
            text = None if found is None else found.text
            inline = cell.find(is_tag) if kind == "inlineStr" else None
            if text is None and inline is None:
                if cell.find(f_tag) is not None:
                    sheet.empty_formulas.append((number, column))
                continue  # a formatted empty cell
            if not (0 < number <= EXCEL_ROWS and 0 < column <= EXCEL_COLUMNS):
                sheet.beyond = sheet.beyond or ref or f"row {number}"
                continue
            if kind is None or kind == "n":
                value = self._number(text, cell.get("s"))
            elif inline is not None:
                value = inline[0].text if len(inline) == 1 and inline[0].tag == ns + "t" \
                    else _text(inline)
            else:
                value = self._value(kind, text)
            if value is not None and value != "":
                values[column] = value
        return values

    def _number(self, text: str | None, style: str | None) -> Any:
        if text is None:
            return None
        number = _number(text)
        if style is None or not self.dates or isinstance(number, Unreadable):
            return number
        try:
            index = int(style)
        except ValueError:
            return number
        if index not in self.dates:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=index in self.durations)
        except (OverflowError, ValueError):
            return Unreadable(f"holds {text}, formatted as a date but outside the calendar",
                              "format the cell as a number, or enter a date")

    def _value(self, kind: str, text: str | None) -> Any:
        if text is None:
            return None
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                return Unreadable("refers to text the workbook does not hold (a damaged "
                                  "file)", "open it in Excel or LibreOffice and save it again")
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return from_ISO8601(text)
            except ValueError:
                return Unreadable(f"holds the date '{text}', which is not a date",
                                  "enter a date or a number")
        return text  # str (a formula's text) and e (an Excel error such as #DIV/0!)

    def tables(self, part: str, ids: list[str]) -> list[TablePart]:
        """The Excel Tables (ListObjects) of a worksheet part."""
        rels = self._rels(part)
        found = []
        for rid in ids:
            kind, target = rels.get(rid, ("", ""))
            if kind != "table" or target.lower() not in self.names:
                continue
            root = self._tree(target)
            try:
                totals = int(root.get("totalsRowCount") or 0)
            except ValueError:
                totals = 0
            if root.get("ref"):
                found.append(TablePart(root.get("ref"), totals))
        return found


_COLUMNS: dict[str, int] = {}


def _column(letters: str) -> int:
    """Column number of letters (cached: a sheet repeats a few columns many times);
    0 for letters that name no column (reported as beyond Excel's columns)."""
    number = _COLUMNS.get(letters)
    if number is None:
        try:
            number = column_index_from_string(letters.upper()) if letters.isalpha() else 0
        except ValueError:
            number = EXCEL_COLUMNS + 1
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = number
    return number


def _text(element) -> str:
    """Text of a shared or inline string: its runs, without phonetic guides (rPh)."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def _number(text: str) -> Any:
    """A number cell's value: int for a whole literal, float otherwise."""
    text = text.strip()
    try:
        if "." in text or "e" in text or "E" in text:
            number: Any = float(text)
        else:
            number = int(text)
            float(number)  # an integer too large for a float raises OverflowError
    except (ValueError, OverflowError):
        shown = text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text)} digits)"
        return Unreadable(f"holds {shown}, which is not a number Excel can store",
                          "type the number again in Excel")
    if number != number or number in (float("inf"), float("-inf")):
        return Unreadable(f"holds {text}, which is not a finite number", "type a number")
    return number
