"""Read large plain worksheets with python-calamine; everything else streams.

python-calamine (Rust) reads a sheet about five times faster than the streaming
reader (planner.workbook.xlsx), but it reads differently: it builds a dense grid of
the sheet's whole range (a value at A1 and one at XFD1048576 abort the process),
gives '' for Excel errors and formulas without a value, inf for a 400-digit number,
float for every number, dates by its own reading of number formats, and decodes
`_x000D_` escapes. So a sheet takes the fast path only when a scan of its bytes
proves it plain, and calamine's answer is checked against that scan:

- the sheet's rows are exactly a run of `<row r="N">` elements in increasing order,
  each cell `<c r="..N">` with its row's number, at most two column letters, an
  optional style and one of: a number of at most 15 integer digits, a shared-string
  index, a boolean 0/1, a simple inline string of plain text, or nothing;
- no decimal literal is a whole number (so calamine's floats give back exactly the
  ints and floats the streaming reader makes), no cell has a date or duration style,
  the sheet has at most max_rows rows and a small grid for its cells;
- the shared strings (if any) hold no phonetic runs, escapes or character references;
- what lies outside the sheet's rows (merged cells, Excel Tables) is read by the
  streaming reader itself from the sheet with its rows left out;
- after reading, every value is text, a number or a boolean (a date means calamine
  read a format differently), and the cells holding values are exactly as many as
  the scan found.

Any doubt sends the sheet to the streaming reader, which every sheet under FAST_BYTES
takes anyway. tests/test_fast_read.py shows both paths give the same tables.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from planner.workbook.xlsx import EXCEL_ROWS, Damaged, Package, SheetCells

FAST_BYTES = 1 << 20
"""Sheets whose XML is smaller than this are streamed (calamine would not pay)."""
MAX_GRID = 8_000_000
"""Most cells of the dense grid calamine may build for one sheet."""

_CHARS = rb"[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f_]*+"
_TEXT = _CHARS + rb"(?:(?:&(?:amp|lt|gt|quot|apos);|_(?!x[0-9A-Fa-f]{4}_))" + _CHARS + rb")*+"
"""Plain XML text: no control characters, carriage returns (XML parsers rewrite them,
calamine does not), character references or `_xHHHH_` escapes (calamine decodes those)."""
_CELL = (rb'<c r="[A-Z]{1,2}+\1"(?: s="(?:0|[1-9]\d{0,4}+)")?(?>'
         rb' t="inlineStr"><is><t(?: xml:space="preserve")?>' + _TEXT + rb"</t></is></c>"
         rb'|(?: t="n")?><v>-?\d{1,15}+(?:\.\d++)?</v></c>'
         rb'|(?: t="(?:n|s|b|inlineStr)")? ?(?:/>|></c>)'
         rb'| t="s"><v>\d{1,9}+</v></c>'
         rb'| t="b"><v>[01]</v></c>)')
_ROW = re.compile(rb'<row r="([1-9]\d{0,6}+)"(?: [A-Za-z:]++="[^"<&]*+")*+ ?(?:/>|>(?:'
                  + _CELL + rb")*+</row>)")
_DECIMAL = re.compile(rb"<v>(-?\d+\.\d+)</v>")
_TWO_LETTERS = re.compile(rb'<c r="([A-Z]{2})')
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")
_PREFIXED_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:")
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_KINDS = frozenset({str, float, int, bool})


@dataclass(frozen=True)
class Scan:
    """What the bytes of a plain sheet promise."""

    last_row: int
    columns: int
    """At least the sheet's last column."""
    values: int
    """Cells holding a value or inline text."""
    outside: bytes | bytearray
    """The sheet without its rows (for merged cells and Excel Tables)."""


def _utf8(data: bytes | bytearray) -> bool:
    """Whether the part is UTF-8 as declared (or ASCII), as calamine reads it."""
    if data.isascii():
        return True
    declared = _DECLARED.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def scan(data: bytes | bytearray, dates: frozenset[int], max_rows: int) -> Scan | None:
    """The promise of a plain sheet's bytes, or None when the sheet is not plain."""
    if not _utf8(data):
        return None
    start = data.find(b"<sheetData")
    if start < 0:
        return None
    if data.startswith(b"<sheetData/>", start):
        return Scan(0, 0, 0, data) if data.find(b"<sheetData", start + 1) < 0 else None
    end = data.rfind(b"</sheetData>")  # the rows' scan shows no other inside
    if not data.startswith(b"<sheetData>", start) or end < start \
            or data.find(b"<sheetData", end) >= 0:
        return None
    start += len(b"<sheetData>")
    position, last, rows = start, 0, 0
    for found in _ROW.finditer(data, start, end):
        number = int(found.group(1))
        if found.start() != position or number <= last or rows == max_rows:
            return None  # not plain, or more rows than the streaming reader reads
        position, last, rows = found.end(), number, rows + 1
    if position != end or last > EXCEL_ROWS:
        return None
    if any(float(text).is_integer() for text in _DECIMAL.findall(data, start, end)):
        return None  # "5.0" is a float to the streaming reader, 5 to calamine
    if dates and re.search(rb' s="(?:%b)"' % b"|".join(b"%d" % d for d in sorted(dates)),
                           data[start:end]):
        return None
    two = _TWO_LETTERS.findall(data, start, end)
    columns = 26 if not two else 26 * (ord(max(two)[:1]) - 64) + ord(max(two)[1:]) - 64
    if last * columns > min(MAX_GRID, max(1 << 20, 2 * (end - start) // 11)):
        return None  # a sparse sheet: calamine's dense grid would not pay
    values = data.count(b"<v>", start, end) + data.count(b"<is>", start, end)
    return Scan(last, columns, values, data[:start - 1] + b"/>" + data[end + 12:])


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_rows: int) -> bytearray | None:
    """The part's bytes, or None as soon as it holds more rows than max_rows (the
    streaming reader stops there, so a sheet of a million rows is not unpacked whole)."""
    data = bytearray()
    rows = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            start = max(0, len(data) - 4)  # a "<row " cut by the chunk's start
            data += chunk
            rows += data.count(b"<row ", start)
            if rows > max_rows:
                return None
    return data


def plain_strings(data: bytes) -> bool:
    """Whether calamine reads these shared strings as the streaming reader does."""
    return (b"<rPh" not in data and b"\r" not in data and b"&#" not in data
            and _ESCAPE.search(data) is None and _PREFIXED_TAG.search(data) is None
            and _utf8(data))


class FastSheets:
    """Large plain worksheets of one workbook, read with python-calamine."""

    def __init__(self, content: bytes, package: Package):
        self.content = content
        self.package = package
        self._book = None
        self._usable: bool | None = None
        self._blank_strings = True

    def _workbook(self):
        """The calamine workbook, or None if this workbook must stream."""
        if self._usable is None:
            self._usable = self._open()
        return self._book if self._usable else None

    def _open(self) -> bool:
        package = self.package
        names = [n.lower() for n in package.archive.namelist()]
        if len(names) != len(set(names)):
            return False  # two parts of one name: which one calamine reads is unknown
        strings = package.strings_part
        if strings and strings.lower() in package.names \
                and not plain_strings(package.archive.read(package._part(strings))):
            return False
        try:
            from python_calamine import CalamineWorkbook, SheetTypeEnum

            book = CalamineWorkbook.from_filelike(io.BytesIO(self.content))
            titles = [sheet.name for sheet in book.sheets_metadata
                      if sheet.typ == SheetTypeEnum.WorkSheet]
        except BaseException as err:  # the streaming reader will explain what it is
            _reraise_interrupt(err)
            return False
        if titles != [title for title, _ in package.sheets]:
            return False
        self._blank_strings = any(not text.strip() for text in package.strings)
        self._book = book
        return True

    def read_sheet(self, title: str, part: str, max_rows: int) -> SheetCells | None:
        """The cells of a large plain sheet as the streaming reader gives them, or
        None: the sheet is small or not plain, or calamine read it otherwise."""
        package = self.package
        info = package.archive.getinfo(package._part(part))
        if info.file_size < FAST_BYTES or self._workbook() is None:
            return None
        data = _unpacked(package.archive, info, max_rows)
        found = None if data is None else scan(data, package.dates, max_rows)
        del data  # the rows' text is not needed beyond the scan
        if found is None:
            return None
        try:
            cells = package.read_sheet(part, max_rows, source=found.outside)
        except Damaged:
            return None  # the streaming reader says where, in the whole part
        if cells.rows or cells.empty_formulas or cells.beyond:
            return None  # rows outside sheetData: leave them to the streaming reader
        if found.values:
            rows = self._rows(title, found)
            if rows is None:
                return None
            cells.rows = rows
        cells.blank_text = self._blank_strings  # inline text of spaces alone fails _rows
        return cells

    def _rows(self, title: str, found: Scan) -> list[tuple[int, dict]] | None:
        try:
            grid = self._book.get_sheet_by_name(title).to_python(skip_empty_area=False)
        except BaseException as err:
            _reraise_interrupt(err)
            return None
        if len(grid) > found.last_row:
            return None
        rows: list[tuple[int, dict]] = []
        count = 0
        for number, row in enumerate(grid, 1):
            if len(row) > found.columns or not set(map(type, row)) <= _KINDS:
                return None
            values = {}
            for column, value in enumerate(row, 1):
                if value.__class__ is float:
                    values[column] = int(value) if value.is_integer() else value
                elif value != "":
                    values[column] = value
            if values:
                rows.append((number, values))
                count += len(values)
        return rows if count == found.values else None


def _reraise_interrupt(err: BaseException) -> None:
    """Let an interrupt through; any other failure of calamine, even a Rust panic
    (pyo3's PanicException derives from BaseException), only means: stream the sheet."""
    if isinstance(err, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise err
