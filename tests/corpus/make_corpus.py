"""Build the bad-input corpus: malformed and hostile workbooks with the exact messages
each must produce. Run from the repository root:

    python tests/corpus/make_corpus.py

It writes one file per case into tests/corpus/files/ and the expected messages into
tests/corpus/manifest.json (both committed). The messages are written here by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.conftest import base_sheets, write_workbook  # noqa: E402

FILES = HERE / "files"
CASES: list[tuple[str, Callable[[Path], None], list[str] | dict]] = []
"""(file name, builder, expected messages; or for an infeasible plan {"exit": 4,
"lines": what explain says})."""
FIX_XLSX = "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)"


def case(name: str, *expected: str):
    def register(build: Callable[[Path], None]):
        CASES.append((name, build, list(expected)))
        return build

    return register


def edited(change: Callable[[dict], None]) -> Callable[[Path], None]:
    """A valid base workbook with one change to its records."""
    def build(path: Path) -> None:
        sheets = base_sheets()
        change(sheets)
        write_workbook(path, sheets)

    return build


def cells(sheet: str, **values) -> Callable[[Path], None]:
    """A valid base workbook with raw cell values written over it (by openpyxl)."""
    def build(path: Path) -> None:
        write_workbook(path, base_sheets())
        wb = openpyxl.load_workbook(path)
        for ref, value in values.items():
            wb[sheet][ref] = value
        wb.save(path)

    return build


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def zipped(parts: dict[str, bytes]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)

    return build


def repacked(change: Callable[[dict[str, bytes]], None]) -> Callable[[Path], None]:
    """A valid base workbook whose zip parts are changed."""
    def build(path: Path) -> None:
        write_workbook(path, base_sheets())
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        change(parts)
        zipped(parts)(path)

    return build


# -- not a workbook at all ----------------------------------------------------------------
case("not_a_zip.xlsx", f"not_a_zip.xlsx: not an .xlsx workbook — {FIX_XLSX}")(
    raw(b"period,quantity\n2026,5\n"))
case("empty_file.xlsx", "empty_file.xlsx: the file is empty — save the workbook again from "
     "Excel")(raw(b""))
case("legacy.xls", f"legacy.xls: a legacy .xls workbook (Excel 97-2003), not .xlsx — "
     f"{FIX_XLSX}")(raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024))
case("password.xlsx", "password.xlsx: the workbook is password-protected (encrypted) — open "
     "it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx")(
    raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode(
        "utf-16-le") + b"\0" * 512))
case("not_excel.xlsx", "not_excel.xlsx: a zip file but not an Excel workbook — save the "
     "data as Excel Workbook (.xlsx)")(zipped({"notes.txt": b"hello"}))
case("truncated.xlsx", f"truncated.xlsx: not an .xlsx workbook — {FIX_XLSX}")(
    lambda path: (cells("Offers")(path), path.write_bytes(path.read_bytes()[:900])))
case("zip_bomb.xlsx", "zip_bomb.xlsx: the workbook unpacks to 64 MB, a part compressed more "
     "than 200:1 — the planner reads workbooks up to 256 MB of ordinary content; remove "
     "unused sheets, images and formatted empty rows")(repacked(lambda parts: parts.update(
         {"xl/media/padding.bin": b"\0" * (64 * 2**20)})))
case("binary.xlsx", "binary.xlsx: a binary .xlsb workbook, not .xlsx — open it in Excel and "
     "save it as Excel Workbook (.xlsx)")(zipped({"xl/workbook.bin": b"\0" * 64}))

# -- hostile or damaged XML -----------------------------------------------------------------
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')


def _entities(parts: dict[str, bytes]) -> None:
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = LAUGHS + sheet[sheet.index(b"<worksheet"):]


case("entity_expansion.xlsx", "entity_expansion.xlsx: the part xl/worksheets/sheet1.xml "
     "declares a DOCTYPE (XML entity definitions), which is not allowed — save the workbook "
     "again from Excel or LibreOffice")(repacked(_entities))


def _formula(path: Path) -> None:
    cells("Offers", D2="=5*2", E3="=SUM(1,2)")(path)


case("formula_without_value.xlsx",
     "Offers!D2: formula without a computed value — open and recalculate the workbook in "
     "Excel or LibreOffice, save it, and try again (or type the value)",
     "Offers!E3: formula without a computed value — open and recalculate the workbook in "
     "Excel or LibreOffice, save it, and try again (or type the value)")(_formula)


def _merged(path: Path) -> None:
    write_workbook(path, base_sheets())
    wb = openpyxl.load_workbook(path)
    wb["Offers"].merge_cells("B3:C3")
    wb.save(path)


case("merged_cells.xlsx", "Offers!B3:C3: merged cells in the table — unmerge them and put "
     "the value in each cell")(_merged)


def _error_value(path: Path) -> None:
    write_workbook(path, base_sheets())
    wb = openpyxl.load_workbook(path)
    cell = wb["Offers"]["D2"]
    cell.value, cell.data_type = "#DIV/0!", "e"
    wb.save(path)


case("excel_error.xlsx", "Offers!D2: holds the Excel error #DIV/0! — fix the formula in "
     "Excel, or type the value")(_error_value)

# -- wrong kinds of value ---------------------------------------------------------------------
NUMBER = "type a number in this cell"
case("date_as_price.xlsx", "Offers!D2: price must be a number, got the date/time "
     f"2026-01-05T00:00:00 — {NUMBER}")(cells("Offers", D2=dt.datetime(2026, 1, 5)))
case("boolean_as_capacity.xlsx", "Offers!E2: capacity must be a number, got the true/false "
     f"value TRUE — {NUMBER}")(cells("Offers", E2=True))
case("thousands_separator.xlsx", "Demand!C2: quantity must be a number, got text '1,500' "
     "with a thousands separator — type the number without separators, as a number cell")(
    cells("Demand", C2="1,500"))
case("text_as_price.xlsx", f"Offers!D3: price must be a number, got text 'n/a' — {NUMBER}")(
    cells("Offers", D3="n/a"))
case("negative_capacity.xlsx", "Offers!E3: capacity must be ≥ 0, got -5 — enter a "
     "non-negative number")(cells("Offers", E3=-5))
case("fraction_above_one.xlsx", "Settings!B3: Setting mip_gap must be ≤ 1, got 5 — enter a "
     "number no larger than 1")(edited(lambda s: s["Settings"].append(
         {"key": "mip_gap", "value": 5})))
case("non_integer_threads.xlsx", "Settings!B3: Setting threads must be a whole number, got "
     "2.5 — enter a whole number")(edited(lambda s: s["Settings"].append(
         {"key": "threads", "value": 2.5})))
case("bad_boolean.xlsx", "Offers!F2: recycled must be true or false, got text 'maybe' — "
     "enter TRUE or FALSE")(edited(lambda s: s["Offers"][0].update(recycled="maybe")))

# -- structure ----------------------------------------------------------------------------------
case("missing_sheet.xlsx", "Demand: required sheet is missing — add a sheet named Demand "
     "with the columns material, period, quantity")(edited(lambda s: s.pop("Demand")))
case("missing_column.xlsx", "Offers!E1: required column 'capacity' is missing — add the "
     "header 'capacity' (most that can be bought per period) to row 1")(
    edited(lambda s: [o.pop("capacity") for o in s["Offers"]]))
case("duplicate_header.xlsx", "Offers!F1: column 'price' appears twice (also in D1) — "
     "delete or rename one of them")(cells("Offers", F1="Price", F2=3, F3=4))
case("header_in_row_two.xlsx",
     "Periods!A1: required column 'period' is missing — add the header 'period' (period "
     "label, e.g. 2026) to row 1")(
    lambda path: (write_workbook(path, base_sheets()), _shift_header(path)))
case("no_periods.xlsx", "Periods: the sheet has no period rows — add at least 1 row below "
     "the header")(cells("Periods", A2=None, A3=None))


def _shift_header(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    wb["Periods"].insert_rows(1)
    wb.save(path)


# -- meaning ------------------------------------------------------------------------------------
ID_FIX = "declare it there or correct the id"
case("duplicate_offer.xlsx", "Offers!A3: offer 'O1' is a duplicate of row 2 — each offer "
     "must appear once; merge or delete a row")(cells("Offers", A3="O1"))
case("unknown_supplier.xlsx", f"Offers!B2: supplier 's1' is not declared in Suppliers — "
     f"{ID_FIX} (did you mean 'S1'?)")(cells("Offers", B2="s1"))
case("unknown_period.xlsx", f"Demand!B3: period '2031' is not declared in Periods — {ID_FIX}")(
    cells("Demand", B3=2031))
case("unknown_country.xlsx", f"Suppliers!B3: country 'Australia' is not declared in Countries "
     f"— {ID_FIX} (did you mean 'AU'?)")(cells("Suppliers", B3="Australia"))
case("unknown_stage.xlsx", "Materials!B2: stage 'refining' is not allowed — use one of: "
     "mining, separation, metal, magnet, scrap")(cells("Materials", B2="refining"))
case("window_reversed.xlsx", "Offers!F2: from_period 2027 comes after to_period 2026 — swap "
     "them or correct one; from_period must not be later than to_period")(
    edited(lambda s: s["Offers"][0].update(from_period=2027, to_period=2026)))
case("unknown_setting.xlsx", "Settings!A3: key 'timelimit' is not allowed — use one of: "
     "currency, shortfall_cost, time_limit_s, mip_gap, threads, discount_rate, risk_measure, "
     "cvar_alpha, cvar_weight, decision_period, min_supplier_quantity")(
    edited(lambda s: s["Settings"].append({"key": "timelimit", "value": 5})))
case("no_shortfall_cost.xlsx", "Materials!C2: material 'A' has demand but no shortfall_cost — "
     "enter its cost per t of unmet demand here, or a shortfall_cost in Settings")(
    cells("Materials", C2=None))
case("probabilities.xlsx", "Scenarios!B3: scenario probabilities add up to 0.9, not 1 — "
     "adjust them so that they sum to 1")(edited(lambda s: s.update(Scenarios=[
         {"scenario": "calm", "probability": 0.6}, {"scenario": "ban", "probability": 0.3}])))
case("rule_kind.xlsx", "Rules!B2: kind 'embargo' is not allowed — use one of: ban, tariff, "
     "licence, max_share, min_share, max_group_share, max_supplier_share, min_suppliers, "
     "min_recycled_share")(edited(lambda s: s.update(Rules=[{"rule": "r", "kind": "embargo"}])))
case("content_above_one.xlsx", "Content!C3: the fractions of A add up to 1.1 t per t — "
     "fractions are t of element per t of material; their sum must be ≤ 1")(
    edited(lambda s: s.update(Content=[{"material": "A", "element": "Nd", "fraction": 0.6},
                                       {"material": "A", "element": "Pr", "fraction": 0.5}])))
case("order_above_capacity.xlsx", "Offers!F3: min_order 50 exceeds the capacity 10 of offer "
     "'O2' — lower the minimum order or raise the capacity")(
    edited(lambda s: s["Offers"][1].update(min_order=50)))


# -- archive faults --------------------------------------------------------------------------
AGAIN = "open it in Excel or LibreOffice and save it again as .xlsx"
SHEET = "xl/worksheets/sheet6.xml"
"""The Offers sheet's part in a base workbook."""


def _base_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "base.xlsx", base_sheets())
        return path.read_bytes()


def patched_entry(name: str, *, flags: int = 0, method: int | None = None,
                  garble: bool = False, size: int | None = None) -> Callable[[Path], None]:
    """A base workbook whose zip headers of one part say something else: flag bits
    set (0x1: encrypted), another compression method, a size it does not have, or
    damaged compressed data."""
    def build(path: Path) -> None:
        data = bytearray(_base_bytes())
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            info = archive.getinfo(name)
        local = info.header_offset
        central = data.index(b"PK\x01\x02")
        while data[central + 46:central + 46 + len(name)] != name.encode():
            central = data.index(b"PK\x01\x02", central + 4)
        for flag_at, method_at in ((local + 6, local + 8), (central + 8, central + 10)):
            data[flag_at:flag_at + 2] = (int.from_bytes(data[flag_at:flag_at + 2], "little")
                                         | flags).to_bytes(2, "little")
            if method is not None:
                data[method_at:method_at + 2] = method.to_bytes(2, "little")
        if size is not None:  # the uncompressed size, in the local and the central header
            data[local + 22:local + 26] = size.to_bytes(4, "little")
            data[central + 24:central + 28] = size.to_bytes(4, "little")
        if garble:
            name_length = int.from_bytes(data[local + 26:local + 28], "little")
            extra_length = int.from_bytes(data[local + 28:local + 30], "little")
            start = local + 30 + name_length + extra_length + info.compress_size // 3
            data[start:start + 16] = b"\xff" * 16
        path.write_bytes(bytes(data))

    return build


def duplicated(name: str) -> Callable[[Path], None]:
    """A base workbook whose archive holds a second, different copy of one part."""
    def build(path: Path) -> None:
        path.write_bytes(_base_bytes())
        with zipfile.ZipFile(path) as archive:
            data = archive.read(name)
        with warnings.catch_warnings(), zipfile.ZipFile(path, "a") as archive:
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name, rightly
            archive.writestr(name, data.replace(b"O2", b"O3"))

    return build


def _declares_utf7(parts: dict[str, bytes]) -> None:
    parts[SHEET] = b'<?xml version="1.0" encoding="UTF-7"?>' + parts[SHEET]


def _upper_case_part_with_doctype(parts: dict[str, bytes]) -> None:
    """Demand's part renamed xl/worksheets/Demand.XML (as a hand-made file may have
    it), with entity definitions."""
    old, new = "xl/worksheets/sheet7.xml", "xl/worksheets/Demand.XML"
    sheet = parts.pop(old)
    parts[new] = LAUGHS + sheet[sheet.index(b"<worksheet"):]
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet7.xml", b"worksheets/Demand.XML")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"/xl/worksheets/sheet7.xml", b"/xl/worksheets/Demand.XML")


case("corrupt_deflate.xlsx", f"corrupt_deflate.xlsx: the part {SHEET} is damaged: it does "
     f"not unpack — {AGAIN}")(patched_entry(SHEET, garble=True))
case("zipcrypto.xlsx", f"zipcrypto.xlsx: the part {SHEET} is password-encrypted inside the "
     "archive, which Excel never writes — open the original in Excel and save it without a "
     "password as .xlsx")(patched_entry(SHEET, flags=0x1))
case("deflate64.xlsx", f"deflate64.xlsx: the part {SHEET} is compressed with Deflate64, which "
     f"Excel never writes and the planner cannot read — {AGAIN}")(patched_entry(SHEET, method=9))
case("duplicate_part.xlsx", f"duplicate_part.xlsx: the archive holds the part {SHEET} twice (a "
     f"damaged or tampered file) — {AGAIN}")(duplicated(SHEET))
case("utf7_part.xlsx", f"utf7_part.xlsx: the part {SHEET} declares the text encoding UTF-7, "
     f"not UTF-8 or UTF-16 as every Excel workbook does — {AGAIN}")(repacked(_declares_utf7))
case("upper_case_doctype.xlsx", "upper_case_doctype.xlsx: the part xl/worksheets/Demand.XML "
     "declares a DOCTYPE (XML entity definitions), which is not allowed — save the workbook "
     "again from Excel or LibreOffice")(repacked(_upper_case_part_with_doctype))
case("opendocument.ods", "opendocument.ods: an OpenDocument spreadsheet (.ods), not an Excel "
     "workbook — open it in LibreOffice Calc and save it as Excel 2007-365 (.xlsx) (File > "
     "Save As, file type Excel 2007-365)")(zipped({
         "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
         "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office='
                        b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'}))


# -- size before content ------------------------------------------------------------------------
def sheet_xml(part: str, rows: bytes, dimension: bytes | None = None) -> Callable[[Path], None]:
    """A base workbook with raw rows added to the end of a sheet's XML."""
    def change(parts: dict[str, bytes]) -> None:
        xml = parts[part].replace(b"</sheetData>", rows + b"</sheetData>")
        if dimension is not None:
            xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + dimension + b'"', xml)
        parts[part] = xml

    return repacked(change)


case("far_cell.xlsx",
     "Demand!B1048576: period is required — enter the period",
     "Demand!C1048576: quantity is required — enter the quantity required")(sheet_xml(
         "xl/worksheets/sheet7.xml",
         b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>A</t></is></c>'
         b'<c r="XFD1048576" s="1"/></row>', b"A1:XFD1048576"))

case("declares_2500_mb.xlsx", "declares_2500_mb.xlsx: the workbook unpacks to 2,384 MB, a part "
     "compressed more than 200:1 — the planner reads workbooks up to 256 MB of ordinary "
     "content; remove unused sheets, images and formatted empty rows")(
    patched_entry(SHEET, size=2_500_000_000))

# -- cells that are not numbers -----------------------------------------------------------------
case("beyond_last_column.xlsx", "Offers!XFE2: a cell beyond Excel's last row (1,048,576) or "
     f"column (XFD): the file was not saved by Excel — {AGAIN}")(sheet_xml(
         SHEET, b'<row r="2"><c r="XFE2"><v>1</v></c></row>'))
case("beyond_last_row.xlsx", "Offers!A1048577: a cell beyond Excel's last row (1,048,576) or "
     f"column (XFD): the file was not saved by Excel — {AGAIN}")(sheet_xml(
         SHEET, b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>O9</t></is></c></row>'))
case("huge_integer.xlsx", "Offers!D2: price holds 100000000000…000000 (401 digits), which is "
     "not a number Excel can store — type the number again in Excel")(repacked(
         lambda parts: parts.update({SHEET: re.sub(
             rb'(<c r="D2"[^>]*>)<v>[^<]*</v>', rb"\1<v>1" + b"0" * 400 + b"</v>",
             parts[SHEET])})))
case("duration.xlsx", "Offers!D2: price must be a number, got the duration 1:30:00 (the cell "
     "is formatted as a time) — format the cell as Number and type the number")(
    cells("Offers", D2=dt.timedelta(hours=1, minutes=30)))
case("infinite_cost.xlsx", "Materials!C2: shortfall_cost 1e+308 is too large: the solver "
     "treats 1e+20 and above as infinite — enter a value below 1e+20 (in t or currency units)")(
    cells("Materials", C2=1e308))


# -- sheets -----------------------------------------------------------------------------------
def _case_twin(path: Path) -> None:
    sheets = base_sheets()
    sheets["Notes"] = [{"note": "a sheet of the user's own"}]
    write_workbook(path, sheets)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="Notes"',
                                                                b'name="offers"')
    zipped(parts)(path)


case("sheets_differ_in_case.xlsx", "offers: a second sheet named like 'Offers' (sheet names "
     "that differ only in case are one sheet to Excel) — rename or delete one of them")(
    _case_twin)
case("misspelt_sheet.xlsx", "Offers: required sheet is missing — add a sheet named Offers with "
     "the columns offer, supplier, material, price, capacity (did you mean the sheet 'Offer'? "
     "rename it to Offers)")(edited(lambda s: s.update(Offer=s.pop("Offers"))))
case("misspelt_header.xlsx", "Offers!D1: required column 'price' is missing, and the header "
     "'prise' here is not a column of Offers — rename it to 'price' (price) if that is what it "
     "holds")(cells("Offers", D1="prise"))


# -- processes that make material from nothing ------------------------------------------------
def _with_processes(inputs: list[tuple[str, str, float]]) -> Callable[[dict], None]:
    def change(s: dict) -> None:
        s["Materials"].append({"material": "B", "stage": "separation"})
        s["Processes"] = [{"process": "p1", "supplier": "S1", "output": "B", "capacity": 10,
                           "cost": 1},
                          {"process": "p2", "supplier": "S2", "output": "A", "capacity": 10,
                           "cost": 1}]
        s["ProcessInputs"] = [{"process": p, "material": m, "quantity": q}
                              for p, m, q in inputs]

    return change


case("self_consuming_process.xlsx", "ProcessInputs!C2: process 'p2' consumes its own output A — "
     "a process turns inputs into another material; remove this row or correct the material")(
    edited(_with_processes([("p2", "A", 0.5)])))
case("process_cycle.xlsx", "ProcessInputs!C2: processes p1, p2 turn 1 t of A into 1.25 t of it "
     "(A → B → A; their input quantities multiply to 0.8, below 1): the plan could make "
     "material from nothing — check the quantities (t of input per t of output) in "
     "ProcessInputs!C2, ProcessInputs!C3")(
    edited(_with_processes([("p1", "A", 0.5), ("p2", "B", 1.6)])))

# -- checks and messages -------------------------------------------------------------------------
case("stockpile_above_max.xlsx", "Stockpile!B2: the target 50 t of A is above its max 40 t — "
     "lower the target or raise the max")(edited(lambda s: s.update(
         Stockpile=[{"material": "A", "target": 50, "max": 40}])))
case("target_days_above_max.xlsx", "Stockpile!B2: target_days 400 make a target of 13.15 t of A "
     "in 2027 (400/365 × 12 t of demand), above its max 10 t — lower target_days or raise the "
     "max")(edited(lambda s: s.update(
         Stockpile=[{"material": "A", "target_days": 400, "max": 10}])))
case("iso3_country.xlsx", f"Suppliers!B3: country 'AUS' is not declared in Countries — {ID_FIX} "
     "(did you mean 'AU'?)")(cells("Suppliers", B3="AUS"))
case("percent_as_text.xlsx", "Rules!C2: value must be a number, got text '65%' — type 0.65 (a "
     "share is a fraction: 65% is 0.65)")(edited(lambda s: s.update(
         Rules=[{"rule": "cap", "kind": "max_share", "value": "65%"}])))

# -- infeasible: explained, exit code 4 ------------------------------------------------------------
INFEASIBLE: dict[str, list[str]] = {}


def infeasible(name: str, *lines: str):
    """A valid workbook whose plan is infeasible; lines are what explain says."""
    def register(build: Callable[[Path], None]):
        CASES.append((name, build, {"exit": 4, "lines": list(lines)}))
        return build

    return register


infeasible(
    "min_suppliers_after_ban.xlsx",
    "The plan is infeasible: this row cannot hold (found by the irreducible infeasible "
    "subset):",
    "  Rules!D2, Rules!A3: min_suppliers rule two for A in 2026: at least 2 suppliers must "
    "each deliver 1 t; 1 can (S2); banned there: S1 (O1) by no_CN",
    "Change one of them (a target, a maximum, a capacity, a rule or an investment's timing) "
    "and solve again.")(edited(lambda s: s.update(
        Periods=[{"period": 2026}], Demand=[{"material": "A", "period": 2026, "quantity": 8}],
        Rules=[{"rule": "two", "kind": "min_suppliers", "item": "A", "value": 2},
               {"rule": "no_CN", "kind": "ban", "country": "CN"}])))


def build() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    manifest = {}
    for name, make, expected in CASES:
        make(FILES / name)
        manifest[name] = expected
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False)
                                        + "\n")
    print(f"{len(CASES)} cases written to {FILES}")


if __name__ == "__main__":
    build()
