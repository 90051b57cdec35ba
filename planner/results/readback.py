"""A results workbook read back: its inputs (it is an input workbook too) and its
result tables with their plain column names, as a solve made them.

This is what `planner report` draws, so it works on a results file made earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.results.columns import RESULT_COLUMNS
from planner.workbook.inputs import Inputs, load
from planner.workbook.problems import InputError, Problem
from planner.workbook.reader import RawRow, header_name

TABLE_SHEETS = ("Summary", *RESULT_COLUMNS)
"""Result sheets read back as tables (Overview, Charts, ChartData are drawings)."""


@dataclass
class Results:
    """A results workbook: the inputs it holds and its result tables."""

    inputs: Inputs
    tables: dict[str, pd.DataFrame]

    @property
    def summary(self) -> dict[str, Any]:
        frame = self.tables["Summary"]
        return dict(zip(frame["key"], frame["value"], strict=True))


def _frame(rows: list[RawRow]) -> pd.DataFrame:
    """A sheet's non-blank rows (header in its first row) as a DataFrame, units dropped
    from headers."""
    if not rows:
        return pd.DataFrame()
    header = {c: header_name(h) for c, h in rows[0].values.items() if header_name(h)}
    columns = sorted(header)
    records = [[row.values.get(c) for c in columns] for row in rows[1:]
               if any(row.values.get(c) is not None for c in columns)]
    return pd.DataFrame(records, columns=[header[c] for c in columns])


def _summary(frame: pd.DataFrame) -> pd.DataFrame:
    values = [v.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(v, dt.datetime) else v
              for v in frame["value"]]
    return pd.DataFrame({"key": frame["key"], "value": values})


def read_results(path: Path | str) -> Results:
    """Load a results workbook; InputError when it is not one (no Summary) or when its
    input sheets no longer validate."""
    path = Path(path)
    inputs = load(path)
    sheets = {title.strip().lower(): grid for title, grid in inputs.workbook.others.items()}
    if "summary" not in sheets:
        raise InputError([Problem(path.name, "this is not a results workbook (it has no "
                                  "Summary sheet)",
                                  "run planner solve on it first and report on its results")])
    tables = {}
    for name in TABLE_SHEETS:
        grid = sheets.get(name.lower())
        if grid is not None:
            tables[name] = _frame(grid)
    tables["Summary"] = _summary(tables["Summary"])
    for name, frame in tables.items():
        if name in RESULT_COLUMNS and "period" in frame.columns:
            tables[name] = frame.assign(period=frame["period"].astype(str))
    return Results(inputs, tables)
