"""Schema-driven validation: raw tables in, typed records out, every problem at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from openpyxl.utils.cell import range_boundaries

from planner.workbook.cells import PARSERS, CellError, Unreadable, label, parse
from planner.workbook.checks import CHECKS
from planner.workbook.countries import suggest_country
from planner.workbook.problems import InputError, Problem, cell_ref
from planner.workbook.reader import (
    RawTable,
    RawWorkbook,
    collector_paused,
    header_unit,
    normalise_header,
    unit_matches,
)
from planner.workbook.schema import (
    DEFAULT_SCENARIO,
    SETTINGS_BY_KEY,
    SHEETS,
    UNKNOWN_COUNTRY,
    Column,
    Sheet,
)
from planner.workbook.schema import sheet as declared_sheet
from planner.workbook.tables import Record, Tables


def _suggest(value: str, choices: Iterable[str]) -> str:
    choices = sorted(set(choices))
    close = [c for c in choices if c.lower() == value.lower()]
    close = close or difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _near(name: str, choices: Iterable[str], cutoff: float) -> str | None:
    """The choice closest to name, ignoring case, if it is close enough."""
    by_lower = {c.strip().lower(): c for c in choices}
    close = difflib.get_close_matches(name.strip().lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None


class _Validator:
    def __init__(self, raw: dict[str, RawTable], others: Iterable[str] = ()):
        self.raw = raw
        self.others = list(others)
        """Titles of the user's own sheets (to suggest for a misspelt sheet name)."""
        self.problems: list[Problem] = []
        self.reported: set[str] = set()
        """Cells already given a problem; a later check of the same cell says nothing."""
        self.incomplete: set[str] = set()
        self.notes: list[str] = []
        self.tables = Tables(records={}, settings={})

    def add(self, where: str, what: str, fix: str = "") -> None:
        if where not in self.reported:  # a cell the file check already named
            self.problems.append(Problem(where, what, fix))

    # -- sheets, headers and cells -------------------------------------------------
    def find_sheet(self, sheet: Sheet) -> RawTable | None:
        by_name = {title.strip().lower(): table for title, table in self.raw.items()}
        table = by_name.get(sheet.name.lower())
        if table is None and sheet.required:
            columns = ", ".join(c.name for c in sheet.columns if c.required)
            near = _near(sheet.name, self.others, 0.6)
            hint = f" (did you mean the sheet '{near}'? rename it to {sheet.name})" if near else ""
            self.add(sheet.name, "required sheet is missing",
                     f"add a sheet named {sheet.name} with the columns {columns}{hint}")
        elif table is None:
            near = _near(sheet.name, self.others, 0.85)
            if near:
                self.notes.append(f"the sheet '{near}' is read as your own sheet and ignored; "
                                  f"rename it to {sheet.name} if it is meant to be that sheet")
        return table

    def map_columns(self, sheet: Sheet, table: RawTable) -> dict[str, int] | None:
        """Column name -> column number; None when a required column is missing."""
        declared = {col.name: col for col in sheet.columns}
        found: dict[str, int] = {}
        unknown: dict[str, int] = {}
        for number, header in table.headers.items():
            name = normalise_header(header)
            if name not in declared:
                unknown[header] = number  # the user's own columns are kept and ignored
                continue
            if name in found:
                self.add(table.ref(number, table.header_row),
                         f"column '{name}' appears twice (also in "
                         f"{table.ref(found[name], table.header_row).split('!')[1]})",
                         "delete or rename one of them")
                continue
            found[name] = number
            self.check_unit(table, number, header, declared[name])
        free = table.next_free_column()
        complete = True
        for col in sheet.columns:
            if col.required and col.name not in found:
                near = _near(col.name, unknown, 0.6)
                if near is not None:
                    self.add(table.ref(unknown.pop(near), table.header_row),
                             f"required column '{col.name}' is missing, and the header "
                             f"'{near}' here is not a column of {sheet.name}",
                             f"rename it to '{col.name}' ({col.description}) if that is "
                             "what it holds")
                else:
                    self.add(table.ref(free, table.header_row),
                             f"required column '{col.name}' is missing",
                             f"add the header '{col.name}' ({col.description}) to row "
                             f"{table.header_row}")
                    free += 1
                complete = False
        for header, number in unknown.items():
            near = _near(header, [c.name for c in sheet.columns if c.name not in found], 0.8)
            if near is not None:
                self.notes.append(f"{table.ref(number, table.header_row)}: the header "
                                  f"'{header}' is not a column of {sheet.name} and is "
                                  f"ignored; rename it to '{near}' if it is meant to be that")
        for col in sheet.columns:  # where an absent optional column would be added
            if col.name not in found and not col.required:
                found[col.name] = free
                free += 1
        return found if complete else None

    def check_unit(self, table: RawTable, number: int, header: str, col: Column) -> None:
        """A unit in the header must be the column's own: values are never converted.
        (Columns without a unit take any note in parentheses.)"""
        unit = header_unit(header)
        if unit is None or not col.unit or unit_matches(unit, col.unit):
            return
        self.add(table.ref(number, table.header_row),
                 f"the header says '{unit}', but {col.name} is in {col.unit}",
                 f"give the values in {col.unit} and write the header "
                 f"'{col.name} ({col.unit})' or '{col.name}'")

    def read_records(self, sheet: Sheet, table: RawTable, columns: dict[str, int]) -> None:
        records = []
        plan = [(col, columns.get(col.name), PARSERS[col.kind]) for col in sheet.columns]
        for raw_row in table.rows:
            record: Record = {"_row": raw_row.row}
            values = raw_row.values
            for col, number, parser in plan:
                value = values.get(number) if number else None
                if value is not None and not isinstance(value, Unreadable):
                    try:  # the common case, without cell()'s calls
                        record[col.name] = parser(value, col)
                        continue
                    except CellError:
                        pass  # cell() reports it
                record[col.name] = self.cell(table, col, number, raw_row.row, value)
            records.append(record)
        self.tables.records[sheet.name] = records
        if len(records) < sheet.min_rows:
            self.add(table.ref(), f"the sheet has no {sheet.key[0]} rows",
                     f"add at least {sheet.min_rows} row below the header")

    def cell(self, table: RawTable, col: Column, number: int | None, row: int,
             value: Any) -> Any:
        if value is None:
            if col.required:
                self.add(table.ref(number, row), f"{col.name} is required",
                         f"enter the {col.description}")
            return col.default
        try:
            return parse(value, col)
        except CellError as err:
            self.add(table.ref(number, row), err.what, err.fix)
            self.reported.add(table.ref(number, row))
            return None

    def check_keys(self, sheet: Sheet) -> None:
        if not sheet.key:  # a sheet of events: rows need not be unique
            return
        seen: dict[tuple, int] = {}
        for record in self.tables.records[sheet.name]:
            key = tuple(record[name] for name in sheet.key)
            if any(part is None and sheet.column(name).required  # reported already
                   for name, part in zip(sheet.key, key, strict=True)):
                continue
            if key in seen:  # optional key columns blank in every row are not named
                named = [name for name in sheet.key if any(
                    r[name] is not None for r in self.tables.records[sheet.name])]
                shown = ", ".join(f"{name} '{part}'" if part is not None else f"{name} blank"
                                  for name, part in zip(sheet.key, key, strict=True)
                                  if name in named)
                self.add(self.tables.where(sheet.name, record["_row"], sheet.key[0]),
                         f"{shown} is a duplicate of row {seen[key]}",
                         f"each {' + '.join(named)} must appear once; merge or delete a row")
            else:
                seen[key] = record["_row"]

    # -- Settings -------------------------------------------------------------------
    def read_settings(self) -> None:
        settings = {key: col.default for key, col in SETTINGS_BY_KEY.items()}
        for record in self.tables.records.get("Settings", []):
            key = record["key"]
            if key is None or record["value"] is None:
                continue
            self.tables.settings_rows[key] = record["_row"]
            try:
                settings[key] = parse(record["value"], SETTINGS_BY_KEY[key])
            except CellError as err:
                where = self.tables.where("Settings", record["_row"], "value")
                self.add(where, f"Setting {err.what}", err.fix)
                self.reported.add(where)
        self.tables.settings = settings

    # -- references and windows ------------------------------------------------------
    def declared(self, ref: str) -> set[str]:
        sheet_name, _, column = ref.partition(".")
        records = self.tables.records.get(sheet_name, [])
        if not column:
            values = {r[declared_sheet(sheet_name).key[0]] for r in records}
        else:
            values = set()
            for r in records:
                value = r.get(column)
                values.update(value if isinstance(value, tuple) else [value])
        values.discard(None)
        if sheet_name == "Countries":
            values.add(UNKNOWN_COUNTRY)
        if sheet_name == "Scenarios" and not records:
            values.add(DEFAULT_SCENARIO)
        return values

    def unreadable(self, ref: str) -> bool:
        """The referenced sheet could not be read (missing, incomplete or empty), so
        checking references to it would only repeat that problem."""
        name = ref.partition(".")[0]
        sheet = declared_sheet(name)
        return (name in self.incomplete
                or len(self.tables.records.get(name, [])) < max(sheet.min_rows, 0)
                or (sheet.required and name not in self.tables.titles))

    def check_references(self) -> None:
        cache: dict[tuple[str, ...], set[str]] = {}
        for sheet in SHEETS:
            for col in sheet.columns:
                if not col.ref or any(self.unreadable(r) for r in col.ref):
                    continue
                if col.ref not in cache:
                    cache[col.ref] = set().union(*(self.declared(r) for r in col.ref))
                names = cache[col.ref]
                for record in self.tables.records.get(sheet.name, []):
                    value = record[col.name]
                    if value is not None and value not in names:  # where only if needed
                        self.check_reference(col, value, names, self.tables.where(
                            sheet.name, record["_row"], col.name))
        for key, col in SETTINGS_BY_KEY.items():
            value = self.tables.settings.get(key)
            if col.ref and value is not None and key in self.tables.settings_rows:
                names = set().union(*(self.declared(r) for r in col.ref))
                self.check_reference(col, value, names, self.tables.setting_where(key))

    def check_reference(self, col: Column, value: Any, names: set[str], where: str) -> None:
        if value is None or value in names:
            return
        sheets = " or ".join(r.replace(".", " column ") for r in col.ref)
        if col.ref == ("Countries",):
            countries = {r["country"]: r["name"] or "" for r in self.tables.records["Countries"]
                         if r["country"]}
            near = suggest_country(value, {UNKNOWN_COUNTRY: "", **countries})
            hint = f" (did you mean '{near}'?)" if near else ""
        else:
            hint = _suggest(value, names)
        self.add(where, f"{col.name} '{value}' is not declared in {sheets}",
                 f"declare it there or correct the id{hint}")

    def check_windows(self, sheet: Sheet) -> None:
        order = {r["period"]: i for i, r in enumerate(self.tables.records.get("Periods", []))}
        for first, last in sheet.ordered:
            for record in self.tables.records.get(sheet.name, []):
                a, b = record[first], record[last]
                if a in order and b in order and order[a] > order[b]:
                    self.add(self.tables.where(sheet.name, record["_row"], first),
                             f"{first} {a} comes after {last} {b}",
                             f"swap them or correct one; {first} must not be later than {last}")

    # -- the whole workbook -------------------------------------------------------
    def run(self) -> Tables:
        for sheet in SHEETS:
            self.tables.records[sheet.name] = []
            table = self.find_sheet(sheet)
            if table is None:
                continue
            self.tables.titles[sheet.name] = table.title
            if table.truncated:  # the reader said so once; its rows are not checked
                self.incomplete.add(sheet.name)
                continue
            columns = self.map_columns(sheet, table)
            if columns is None:
                self.incomplete.add(sheet.name)
                continue
            self.tables.columns[sheet.name] = columns
            self.read_records(sheet, table, columns)
            self.check_keys(sheet)
        self.read_settings()
        self.check_meaning()
        if self.problems:
            raise InputError(sorted(set(self.problems), key=reading_order))
        return self.tables

    def check_meaning(self) -> None:
        """References, period windows and the cross-sheet checks (blank values skipped)."""
        self.check_references()
        for sheet in SHEETS:
            self.check_windows(sheet)
        for check in CHECKS:
            for problem in check(self.tables):
                self.add(problem.where, problem.what, problem.fix)


def recheck(tables: Tables) -> list[Problem]:
    """The reference, window and cross-sheet problems of tables changed after loading
    (a sweep point), in reading order."""
    validator = _Validator({})
    validator.tables = tables
    validator.check_meaning()
    return sorted(set(validator.problems), key=reading_order)


def reading_order(problem: Problem) -> tuple:
    """Problems sorted by sheet order, then row, then column, as a user reads them."""
    sheet_order = {s.name.lower(): i for i, s in enumerate(SHEETS)}
    sheet_part, _, cell = problem.where.partition("!")
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (sheet_order.get(sheet_part.lower(), len(sheet_order)), sheet_part,
            int(digits) if digits else 0, len(letters), letters, problem.what)


def _cells_of(where: str) -> list[str]:
    """'Sheet!B3:C4' -> every cell it covers; anything else as it is."""
    sheet, _, cells = where.partition("!")
    if ":" not in cells:
        return [where]
    min_col, min_row, max_col, max_row = range_boundaries(cells)
    return [cell_ref(sheet, c, r) for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)]


def validate(workbook: RawWorkbook) -> Tables:
    """Typed, checked tables from a workbook; raises InputError listing every problem
    (the file's own problems first)."""
    validator = _Validator(workbook.tables, workbook.others)
    validator.problems = list(workbook.problems)
    validator.reported = {cell for p in workbook.problems for cell in _cells_of(p.where)}
    try:
        with collector_paused():
            return validator.run()
    finally:
        workbook.notes += [n for n in validator.notes if n not in workbook.notes]


__all__ = ["Record", "Tables", "label", "validate"]
