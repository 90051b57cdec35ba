"""The calamine fast path reads every workbook exactly as the streaming reader does:
the same values of the same types in the same cells, the same header rows, tables,
problems and truncation, or it leaves the sheet to the streaming reader."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.worksheet.table import Table

from planner.workbook import fastread
from planner.workbook.excel import write_tables
from planner.workbook.reader import read_workbook
from tests.conftest import base_sheets, write_workbook
from tests.reading import fast_bytes, reading, same_reading

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "files"

PLAIN_VALUES = [
    0, 5, -7, 123456789012345, 0.1, 2.5, -3.75, 1 / 3, 0.1 + 0.2, 1234.5678901234567,
    True, False, "", "  padded  ", "3.5", "12 %", "5", "ü€😀 漢字 ñ", "x" * 32_767,
    "a&b<c>\"'", "line1\nline2", "tab\there", "_x",
]
"""Values a plain sheet may hold: whole and fractional numbers, booleans, text that
looks like numbers, empty text, spaces around text, very long text and unicode
(calamine reads text of spaces alone as empty: such a sheet streams)."""


def tricky_workbook(path: Path, escape: bool = True) -> Path:
    """Plain sheets the fast path takes, and sheets it must leave to streaming (with
    escape, one holding an `_x000D_` escape)."""
    wb = Workbook()
    offers = wb.active
    offers.title = "Offers"
    offers.append(["offer", "supplier", "material", "price (USD/t)", "capacity", "note"])
    for i, value in enumerate(PLAIN_VALUES):
        offers.append([f"O{i}", "S1", "A", value, i * 0.25, value])
    offers["D30"] = 0.25
    offers["D30"].number_format = "0%"  # a percentage is a number with a format
    offers.merge_cells("F27:F28")
    # header in row 3 of an Excel Table, on a declared sheet
    suppliers = wb.create_sheet("Suppliers")
    suppliers["A1"] = "a title above the table"
    for r, row in enumerate([["supplier", "country"], ["S1", "CN"], ["S2", " AU "]], 3):
        for c, value in enumerate(row, 2):
            suppliers.cell(row=r, column=c, value=value)
    suppliers.add_table(Table(displayName="Suppliers", ref="B3:C5"))
    notes = wb.create_sheet("My notes")  # a user's own sheet
    notes["B2"] = "kept as it is"
    notes["AB7"] = 12
    # sheets the fast path must leave: dates, times, durations, exponents, "5.0",
    # 16-digit integers, formulas, Excel errors (openpyxl writes "#N/A" as one), a far
    # cell, escapes
    dates = wb.create_sheet("Dates")
    dates.append(["when", "at", "for"])
    dates.append([datetime.date(2026, 3, 31), datetime.time(12, 30), datetime.timedelta(hours=36)])
    dates.append([datetime.datetime(1900, 2, 28, 6), 1.5, "x"])
    for title, value in [("Exponent", 1e-05), ("Decimal whole", 5.0),
                         ("Sixteen digits", 1234567890123456), ("Formula", "=1+1"),
                         ("Error", "#N/A"), ("Blank text", " ")] \
            + [("Escape", "a_x000D_b")] * escape:
        sheet = wb.create_sheet(title)
        sheet.append(["value", "other"])
        sheet.append([value, 1])
    far = wb.create_sheet("Far")
    far["A1"] = "first"
    far["XFD1048576"] = "last"
    wb.save(path)
    _raw_edit(path, {"Decimal whole": (b"<v>5</v>", b"<v>5.0</v>")})
    return path


def _raw_edit(path: Path, edits: dict[str, tuple[bytes, bytes]]) -> None:
    """Replace bytes in the named sheets' XML (openpyxl writes 5.0 as 5)."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    book = parts["xl/workbook.xml"].decode()
    titles = re.findall(r'<sheet [^>]*name="([^"]*)"', book)
    for title, (old, new) in edits.items():
        part = f"xl/worksheets/sheet{titles.index(title) + 1}.xml"
        assert old in parts[part]
        parts[part] = parts[part].replace(old, new)
    _write(path, parts)


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


_INLINE = re.compile(rb' t="inlineStr"><is><t(?: xml:space="preserve")?>([^<]*)</t></is>')


def with_shared_strings(source: Path, target: Path) -> Path:
    """The workbook with its inline strings in a shared-string table, as Excel saves
    it; the first string is stored as two rich-text runs."""
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    strings: dict[bytes, int] = {}  # each text once, as Excel keeps it

    def shared(found: re.Match) -> bytes:
        return b' t="s"><v>%d</v>' % strings.setdefault(found.group(1), len(strings))

    for name in parts:
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = _INLINE.sub(shared, parts[name])
    items = [b'<si><t xml:space="preserve">%s</t></si>' % s for s in strings]
    first = next(iter(strings))
    items[0] = b"<si><r><t>%s</t></r><r><rPr><b/></rPr><t>%s</t></r></si>" % (
        first[:1], first[1:])
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
        % (len(items), len(items), b"".join(items)))
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", (
        b'<Relationship Id="rIdShared" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        b"</Relationships>"))
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    _write(target, parts)
    return target


def test_tricky_values_read_the_same_on_both_paths(tmp_path):
    path = tricky_workbook(tmp_path / "tricky.xlsx")
    used = same_reading(path)
    assert used == ["Offers", "Suppliers", "My notes"]
    with fast_bytes(0):
        book = read_workbook(path)
    offers, suppliers = book.tables["Offers"], book.tables["Suppliers"]
    prices = [row.values.get(4) for row in offers.rows]
    assert [(type(v), v) for v in prices[:3]] == [(int, 0), (int, 5), (int, -7)]
    assert prices[PLAIN_VALUES.index(True)] is True and 0.25 in prices
    assert prices[PLAIN_VALUES.index("5")] == "5" and PLAIN_VALUES.index("") not in [
        i for i, row in enumerate(offers.rows) if 4 in row.values]
    assert (suppliers.header_row, suppliers.first_column, suppliers.last_row) == (3, 2, 5)
    assert [r.values for r in suppliers.rows] == [{2: "S1", 3: "CN"}, {2: "S2", 3: " AU "}]
    assert [p.where for p in book.problems] == ["Offers!F27:F28"]  # merged in the table


def test_shared_strings_read_the_same_on_both_paths(tmp_path):
    path = with_shared_strings(tricky_workbook(tmp_path / "inline.xlsx", escape=False),
                               tmp_path / "shared.xlsx")
    assert b"<si><r>" in zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    # calamine keeps a shared text of spaces alone (not an inline one)
    assert same_reading(path) == ["Offers", "Suppliers", "My notes", "Blank text"]


def test_an_escape_in_shared_strings_leaves_the_workbook_to_streaming(tmp_path):
    """calamine decodes `_x000D_`, the streaming reader does not: every sheet streams."""
    path = with_shared_strings(tricky_workbook(tmp_path / "inline.xlsx"),
                               tmp_path / "shared.xlsx")
    assert same_reading(path) == []


def test_phonetic_runs_leave_shared_strings_to_streaming(tmp_path):
    path = with_shared_strings(tricky_workbook(tmp_path / "inline.xlsx", escape=False),
                               tmp_path / "shared.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        b"</r></si>", b"</r><rPh sb=\"0\" eb=\"1\"><t>yomi</t></rPh></si>", 1)
    _write(path, parts)
    assert same_reading(path) == []


def test_every_corpus_workbook_reads_the_same_on_both_paths():
    used = 0
    files = sorted(CORPUS.iterdir())
    for path in [*files, ROOT / "inputs" / "rare_earths.xlsx"]:
        used += len(same_reading(path))
    assert len(files) >= 61 and used >= 300  # most corpus sheets are plain


def test_a_generated_workbook_reads_the_same_on_both_paths(tmp_path):
    from planner.workbook.generate import generate

    path = tmp_path / "generated.xlsx"
    generate(path, elements=3, suppliers=20, periods=8, scenarios=2, integer=True)
    assert len(same_reading(path)) >= 12


def test_only_large_sheets_take_the_fast_path(tmp_path):
    """Below FAST_BYTES the streaming reader is as fast; an Offers sheet of 4,000 rows
    (about 1.6 MB of XML) is above it, the other sheets are below."""
    sheets = base_sheets()
    sheets["Offers"] = [{"offer": f"O{i}", "supplier": "S1", "material": "A",
                         "price": 10 + i / 8, "capacity": 5, "mined_in": "CN",
                         "separated_in": "AU", "metal_in": "CN", "recycled": False}
                        for i in range(4_000)]
    path = write_workbook(tmp_path / "large.xlsx", sheets)
    streamed, _ = reading(path, fast=False)
    assert reading(path, fast=None) == (streamed, ["Offers"])


def sheet_xml(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/>'
            b"<sheetData>" + rows + b"</sheetData></worksheet>")


PLAIN_ROWS = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>offer</t></is></c>'
              b'<c r="B1" t="s"><v>0</v></c></row>'
              b'<row r="2" spans="1:2"><c r="A2" s="3" t="n"><v>-2.5</v></c>'
              b'<c r="B2" t="b"><v>1</v></c><c r="C2" s="2"/></row><row r="4"/>')


def test_a_damaged_part_outside_the_rows_is_left_to_streaming(tmp_path):
    """The streaming reader's message names the place in the whole part."""
    path = tricky_workbook(tmp_path / "tricky.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    first = "xl/worksheets/sheet1.xml"
    parts[first] = parts[first].replace(b"<pageMargins", b"<pageMargins><oops", 1)
    _write(path, parts)
    streamed, _ = reading(path, fast=False)
    assert "is not well-formed XML" in streamed[0]
    assert reading(path, fast=True) == (streamed, [])


def test_the_scan_takes_a_plain_sheet():
    found = fastread.scan(sheet_xml(PLAIN_ROWS), frozenset(), 10)
    assert found is not None
    assert (found.last_row, found.columns, found.values) == (4, 26, 4)
    assert b"<sheetData/>" in found.outside and b"<row" not in found.outside


def test_the_scan_leaves_every_unusual_sheet_to_streaming():
    unusual = {
        "formula": (b"<v>-2.5</v>", b"<f>1+1</f><v>-2.5</v>"),
        "Excel error": (b't="b"><v>1</v>', b't="e"><v>#DIV/0!</v>'),
        "formula text": (b't="b"><v>1</v>', b't="str"><v>x</v>'),
        "ISO date": (b't="b"><v>1</v>', b't="d"><v>2026-01-01</v>'),
        "cell of another row": (b'<c r="B2" t="b">', b'<c r="B3" t="b">'),
        "cell without reference": (b'<c r="B2" t="b">', b'<c t="b">'),
        "three column letters": (b'<c r="C2" s="2"/>', b'<c r="XFD2" s="2"/>'),
        "rows out of order": (b'<row r="4"/>', b'<row r="2"/>'),
        "row beyond Excel": (b'<row r="4"/>', b'<row r="1048577"/>'),
        "decimal whole number": (b"<v>-2.5</v>", b"<v>-2.0</v>"),
        "exponent": (b"<v>-2.5</v>", b"<v>1E-5</v>"),
        "sixteen digits": (b"<v>-2.5</v>", b"<v>1234567890123456</v>"),
        "not a number": (b"<v>-2.5</v>", b"<v>inf</v>"),
        "spaces round a number": (b"<v>-2.5</v>", b"<v> 2</v>"),
        "boolean 2": (b't="b"><v>1</v>', b't="b"><v>2</v>'),
        "escape": (b"<t>offer</t>", b"<t>of_x000D_fer</t>"),
        "character reference": (b"<t>offer</t>", b"<t>of&#13;fer</t>"),
        "carriage return": (b"<t>offer</t>", b"<t>of\rfer</t>"),
        "rich inline text": (b"<is><t>offer</t></is>", b"<is><r><t>offer</t></r></is>"),
        "comment": (b'<row r="4"/>', b'<!-- x --><row r="4"/>'),
        "cell outside a row": (b'<row r="4"/>', b'<c r="A3"><v>1</v></c><row r="4"/>'),
        "prefixed tag": (b'<row r="4"/>', b'<x:row r="4"/>'),
        "style with leading zero": (b's="3"', b's="03"'),
    }
    for name, (old, new) in unusual.items():
        assert old in PLAIN_ROWS, name
        assert fastread.scan(sheet_xml(PLAIN_ROWS.replace(old, new)), frozenset(), 10) \
            is None, name
    assert fastread.scan(sheet_xml(PLAIN_ROWS), frozenset({3}), 10) is None  # a date style
    assert fastread.scan(sheet_xml(PLAIN_ROWS), frozenset(), 2) is None  # too many rows
    sparse = PLAIN_ROWS.replace(b'<row r="4"/>', b'<row r="900000"><c r="ZZ900000"/></row>')
    assert fastread.scan(sheet_xml(sparse), frozenset(), 10) is None  # a vast empty grid
    latin = sheet_xml(PLAIN_ROWS.replace(b"offer", "offér".encode("latin-1"))).replace(
        b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert fastread.scan(latin, frozenset(), 10) is None


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**15 + 1, 10**15 - 1),
                   st.floats(allow_nan=False, allow_infinity=False, width=64), _TEXT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_VALUE, min_size=1, max_size=5), min_size=1, max_size=12))
def test_any_values_read_the_same_on_both_paths(tmp_path, rows):
    path = tmp_path / "any.xlsx"
    width = max(len(row) for row in rows)
    frame = pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object)
    frame.columns = [f"c{i}" for i in frame.columns]
    sheets = {"Offers": frame, "Something else": frame}
    write_tables(path, sheets, force=True)
    same_reading(path)
