"""The results workbook: Overview, Summary and Charts first, then the result sheets,
the tables the charts draw, and a values-only copy of every input sheet.

Every table is an Excel Table with units in its headers and number formats by unit,
frozen under its header and set up to print one page wide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.results.charts import add_charts
from planner.results.columns import ANNOTATION_COLUMNS, column_unit
from planner.results.formats import number_format, with_unit
from planner.results.front import overview_sheet, summary_sheet
from planner.results.layout import TableNames, print_setup, table_sheet
from planner.results.overview import blocks
from planner.results.xlsx_out import Book, frame_columns, no_collection, plain, put, row_columns
from planner.workbook.cells import label
from planner.workbook.excel import save_atomically
from planner.workbook.inputs import Inputs
from planner.workbook.reader import RawTable, header_unit, normalise_header
from planner.workbook.schema import SHEETS_BY_NAME

RESULT_SHEETS = ("Overview", "Summary", "Charts", "Purchases", "Processing", "Inventory",
                 "SalesPlan", "Provenance", "Shares", "RuleReport", "RuleCosts", "InvestmentPlan",
                 "Excluded", "ScenarioCosts", "ChartData", "NodeDecisions", "Stress", "StressBans",
                 "Contracts", "GroupUse",
                 "Qualification")
"""Sheets a results workbook adds; a previous run's copies are replaced, not kept."""


@dataclass(frozen=True)
class Annotation:
    """Result columns appended to the copy of an input sheet, matched on its key."""

    key: str
    columns: pd.DataFrame
    """Indexed by the key's values; one column per appended result."""


def _copy_table(table: RawTable, note: Annotation | None) -> tuple[list[str], list[list]]:
    """Header and rows of an input table; annotated columns replace any older copies."""
    added = [] if note is None else [str(c) for c in note.columns.columns]
    replaced = {a.lower() for a in added}
    columns = [c for c in sorted(table.headers)
               if normalise_header(table.headers[c]) not in replaced]
    header = [table.headers[c] for c in columns]
    rows = [[row.values.get(c) for c in columns] for row in table.rows]
    if note is not None:
        key_column = next((c for c in columns if normalise_header(table.headers[c]) == note.key),
                          None)
        for row, raw in zip(rows, table.rows, strict=True):
            key = label(raw.values.get(key_column)) if key_column else None
            found = note.columns.loc[key] if key in note.columns.index else None
            row += [None if found is None else plain(found[a]) for a in added]
        header += added
    return header, rows


def _input_units(title: str, header: list[str]) -> list[str]:
    """The declared unit of each column of an input sheet's copy ("" if none)."""
    name = title.strip().lower()
    sheet = next((s for s in SHEETS_BY_NAME.values() if s.name.lower() == name), None)
    declared = {c.name: c.unit for c in sheet.columns} if sheet else {}
    extra = {c.name: c.unit for c in ANNOTATION_COLUMNS.get(sheet.name if sheet else "", ())}
    return [declared.get(normalise_header(h), extra.get(normalise_header(h), ""))
            for h in header]


def _unit_header(header: list[str], units: list[str], currency: str) -> list[str]:
    """Headers with their unit, unless the header already names one."""
    return [h if header_unit(h) is not None else with_unit(h, u, currency)
            for h, u in zip(header, units, strict=True)]


def write_results(path: Path, results: Mapping[str, pd.DataFrame], inputs: Inputs,
                  annotations: Mapping[str, Annotation] | None = None, *,
                  force: bool = False) -> None:
    """The results workbook, written atomically.

    Declared input sheets are copied as their tables (header in row 1, units added),
    so the results workbook can be edited and solved again; annotations append result
    columns to an input sheet's copy (they are ignored when it is read again).
    """
    def write(temp: Path) -> None:
        with no_collection():
            book = Book(temp)
            _fill(book, results, inputs, {k.lower(): v for k, v in (annotations or {}).items()})
            book.close()

    save_atomically(write, path, force=force)


def _fill(book: Book, results: Mapping[str, pd.DataFrame], inputs: Inputs,
          annotations: Mapping[str, Annotation]) -> None:
    summary = dict(zip(results["Summary"]["key"], results["Summary"]["value"], strict=True))
    currency = str(summary.get("currency", ""))
    names = TableNames()
    story = blocks(dict(results), inputs.data)
    if story:
        overview_sheet(book, book.sheet("Overview"), summary, story)
    summary_sheet(book, book.sheet("Summary"), results["Summary"], names)
    charts = book.sheet("Charts") if story else None
    sheets = {}
    for name, frame in results.items():
        if name == "Summary":
            continue
        units = [column_unit(name, str(c)) for c in frame.columns]
        sheets[name] = book.sheet(name)
        table_sheet(book, sheets[name], [with_unit(str(c), u, currency) for c, u in
                                         zip(frame.columns, units, strict=True)],
                    frame_columns(frame), [number_format(u) for u in units], names)
    if charts is not None:
        groups = {r["rule"]: r["group"] for r in inputs.tables.records.get("Rules", [])
                  if r.get("group")}
        add_charts(book, charts, book.sheet("ChartData"), dict(results), inputs.data,
                   groups, names, "ScenarioCosts" in sheets)
    replaced = {name.lower() for name in RESULT_SHEETS}
    for title, table in inputs.workbook.tables.items():
        header, rows = _copy_table(table, annotations.get(title.strip().lower()))
        units = _input_units(title, header)
        table_sheet(book, book.sheet(title), _unit_header(header, units, currency),
                    row_columns(rows, len(header)), [number_format(u) for u in units], names)
    for title, raw_rows in inputs.workbook.others.items():
        if title.strip().lower() in replaced:
            continue
        ws = book.sheet(title)
        for row in raw_rows:
            for c, value in row.values.items():
                put(book, ws, row.row - 1, c - 1, value)
        print_setup(ws, repeat_header=False)
