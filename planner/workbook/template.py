"""A blank input workbook generated from the schema: every sheet, notes and drop-downs."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.workbook.declare import Column, Sheet
from planner.workbook.excel import fill_sheet, put, save_atomically
from planner.workbook.schema import SETTINGS_KEYS, SHEETS

TEMPLATE_ROWS = 1000
"""Rows (below the header) that carry the drop-down lists."""
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def column_note(col: Column) -> str:
    """The header comment of a column: meaning, unit, required/default, choices."""
    parts = [col.description]
    if col.unit:
        parts.append(f"Unit: {col.unit}")
    if col.required:
        parts.append("Required.")
    elif col.default not in (None, "", ()):
        parts.append(f"Default: {col.default}")
    if col.allowed:
        parts.append("One of: " + ", ".join(col.allowed))
    if col.ref:
        parts.append("Must be declared in " + " or ".join(r.replace(".", " column ")
                                                         for r in col.ref))
    return "\n".join(parts)


def _list_source(col: Column) -> str | None:
    """Formula of a drop-down list for the column, if it has one."""
    if col.allowed:
        return '"' + ",".join(col.allowed) + '"'
    if col.kind == "bool":
        return '"TRUE,FALSE"'
    if len(col.ref) == 1 and "." not in col.ref[0]:
        target = next(s for s in SHEETS if s.name == col.ref[0])
        letter = get_column_letter(target.columns.index(target.column(target.key[0])) + 1)
        return f"={target.name}!${letter}$2:${letter}${TEMPLATE_ROWS + 1}"
    return None


def _add_validations(ws, sheet: Sheet) -> None:
    for index, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        source = _list_source(col)
        if source:
            rule = DataValidation(type="list", formula1=source, allow_blank=True)
            rule.error = f"Choose a {col.name} from the list"
        elif col.kind in ("number", "integer") and col.minimum is not None:
            rule = DataValidation(type="decimal" if col.kind == "number" else "whole",
                                  operator="greaterThanOrEqual", formula1=f"{col.minimum:g}",
                                  allow_blank=True)
            rule.error = f"{col.name} must be a number ≥ {col.minimum:g}"
        else:
            continue
        rule.add(cells)
        ws.add_data_validation(rule)


def _guide(wb: Workbook) -> None:
    ws = wb.create_sheet("Guide")
    rows = [["Procurement planner input workbook"],
            ["Fill the sheets below (header in row 1, one record per row), then run "
             "`planner validate FILE` and `planner solve FILE`."],
            ["Required columns are shaded; hover over a header for its unit and meaning."],
            [],
            ["sheet", "required", "what it holds"]]
    rows += [[s.name, "yes" if s.required else "no", s.description] for s in SHEETS]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws[5]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["C"].width = 90


def write_template(path: Path, *, force: bool = False) -> None:
    """Write the blank input workbook to path (Settings filled with the defaults)."""
    wb = Workbook()
    wb.remove(wb.active)
    _guide(wb)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        rows: list[list] = []
        header = [c.name for c in sheet.columns]
        if sheet.name == "Settings":
            header.append("description")
            rows = [[k.name, k.default, column_note(k)] for k in SETTINGS_KEYS]
        fill_sheet(ws, header, rows)
        for index, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=index)
            cell.comment = Comment(column_note(col), "planner", width=300, height=140)
            if col.required:
                cell.fill = REQUIRED_FILL
        _add_validations(ws, sheet)
    save_atomically(wb, path, force=force)
