"""Infeasible plans explained by workbook row: which rows cannot all hold."""

from __future__ import annotations

import pyomo.environ as pyo

from models.readback.iis import Conflict, explain_infeasibility
from models.readback.origins import Origin
from planner.workbook.inputs import Inputs
from planner.workbook.problems import Problem, cell_ref
from planner.workbook.validate import reading_order


def _cell(inputs: Inputs, source: str, column: str | None) -> str:
    """The workbook cell of a record's column (source is the record's first cell)."""
    title, _, cell = source.partition("!")
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0)
    tables = inputs.tables
    sheet = next((name for name, t in tables.titles.items() if t == title), title)
    number = tables.columns.get(sheet, {}).get(column) if column else None
    if number is None:
        return source if column is None else cell_ref(title, None, row)
    return cell_ref(title, number, row)


def _value(inputs: Inputs, source: str, column: str | None) -> object:
    title, _, cell = source.partition("!")
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0)
    sheet = next((n for n, t in inputs.tables.titles.items() if t == title), title)
    record = next((r for r in inputs.tables.records.get(sheet, []) if r["_row"] == row), {})
    return record.get(column) if column else None


def _line(inputs: Inputs, origin: Origin, detail: bool) -> tuple[str, str]:
    cells = list(dict.fromkeys(_cell(inputs, src, col) for src, col in origin.sources))
    where = ", ".join(cells) if cells else "(model)"
    text = f"  {where}: {origin.text}"
    if detail:
        shown = [f"{_cell(inputs, src, col)} = {_value(inputs, src, col)!r}"
                 for src, col in origin.sources if col]
        if shown:
            text += "\n      " + "; ".join(shown)
    return cells[0] if cells else "~", text


def explanation(inputs: Inputs, conflict: Conflict | None, detail: bool = False) -> list[str]:
    """The conflict as lines of text, ordered as the workbook reads."""
    if conflict is None or not conflict.origins:
        return ["The plan is infeasible, and no smaller set of conflicting rows was found.",
                "Check stockpile targets against their max and against the supply that "
                "bans, licences and investments leave."]
    lines = [_line(inputs, origin, detail) for origin in conflict.origins]
    lines.sort(key=lambda pair: reading_order(Problem(pair[0], "")))
    if conflict.method == "elastic model":  # a MILP: the rows it had to relax
        head = (f"The plan is infeasible: it becomes possible once these {len(lines)} "
                "row(s) are relaxed (found by an elastic model of the integer plan; "
                "other rows may take part in the conflict):")
    else:
        rows = "this row cannot hold" if len(lines) == 1 else \
            f"these {len(lines)} rows cannot all hold"
        head = f"The plan is infeasible: {rows} (found by the {conflict.method}):"
    tail = ("Change one of them (a target, a maximum, a capacity, a rule or an "
            "investment's timing) and solve again.")
    return [head, *[text for _, text in lines], tail]


def conflicts(inputs: Inputs, model: pyo.ConcreteModel, detail: bool = False) -> list[str]:
    """The rows of an infeasible model that conflict, as lines by workbook cell."""
    return explanation(inputs, explain_infeasibility(model), detail)
