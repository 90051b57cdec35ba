"""Build the bad-input corpus: malformed and hostile workbooks with the exact messages
each must produce. Run from the repository root:

    python tests/corpus/make_corpus.py

It writes one file per case into tests/corpus/files/ and the expected messages into
tests/corpus/manifest.json (both committed). The messages are written here by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.conftest import base_sheets, write_workbook  # noqa: E402

FILES = HERE / "files"
CASES: list[tuple[str, Callable[[Path], None], list[str]]] = []
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
     f"— {ID_FIX}")(cells("Suppliers", B3="Australia"))
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
