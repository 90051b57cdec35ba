"""The sweep results workbook: one row per point and native Excel charts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from xlsxwriter.chart import Chart
from xlsxwriter.worksheet import Worksheet

from planner.results.charts import HEIGHT, WIDTH, literal
from planner.results.layout import TableNames, write_table
from planner.results.xlsx_out import Book, frame_columns
from planner.studies.sweep import SweepResult
from planner.workbook.excel import save_atomically


def _chart(book: Book, ws: Worksheet, table: pd.DataFrame, x: str, y: str, group: str | None,
           title: str, y_title: str) -> Chart:
    chart = book.workbook.add_chart({"type": "scatter"})
    chart.set_title({"name": literal(title)})
    chart.set_style(13)
    chart.set_size({"width": WIDTH, "height": HEIGHT})
    chart.set_x_axis({"name": literal(x)})
    chart.set_y_axis({"name": literal(y_title), **_readable_axis(table[y])})
    columns = list(table.columns)
    x_col, y_col = columns.index(x), columns.index(y)
    groups = [(None, 0, len(table))]
    if group is not None:
        groups, start = [], 0
        for value, part in table.groupby(group, sort=False):
            groups.append((value, start, start + len(part)))
            start += len(part)
    for value, first, last in groups:
        chart.add_series({"name": literal(y if value is None else f"{group} = {value}"),
                          "categories": [ws.name, first + 1, x_col, last, x_col],
                          "values": [ws.name, first + 1, y_col, last, y_col],
                          "marker": {"type": "circle"}})
    return chart


def _readable_axis(values: pd.Series) -> dict[str, object]:
    """A flat curve (e.g. no shortfall at any point) gets an axis from 0 to a little
    above it, not one zoomed into rounding noise; large figures get separators."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty:
        return {}
    low, high = float(numbers.min()), float(numbers.max())
    axis: dict[str, object] = {
        "num_format": "#,##0" if max(abs(low), abs(high)) >= 100 else "#,##0.0#"}
    if high - low <= 1e-9 * max(1.0, abs(high)):
        axis["min"], axis["max"] = min(0.0, low * 1.2), max(0.0, high * 1.2) or 1.0
    return axis


def _plain_sheet(book: Book, ws: Worksheet, frame: pd.DataFrame) -> None:
    """A table with its header in row 1, frozen and filterable."""
    write_table(book, ws, [str(c) for c in frame.columns], frame_columns(frame),
                [], TableNames(), table=False)
    ws.freeze_panes(1, 0)


def write_sweep(path: Path, result: SweepResult, input_name: str, currency: str, *,
                force: bool = False) -> None:
    """Sweep sheet (points and charts of expected cost and shortfall) and a Summary."""
    names = [p.name for p in result.parameters]
    table = result.table
    if len(names) == 2:  # contiguous rows per value of the second parameter, for series
        table = table.sort_values([names[1], names[0]], kind="stable").reset_index(drop=True)
    failed = int(table["status"].astype(str).str.startswith("failed").sum())
    summary = pd.DataFrame({"key": ["input_file", *[f"parameter_{i + 1}" for i in
                                                     range(len(names))],
                                    "points", "failed", "run_on", "sweep_seconds"],
                            "value": [input_name, *[p.text for p in result.parameters],
                                      len(table), failed, result.workers,
                                      round(result.seconds, 2)]})

    def write(temp: Path) -> None:
        book = Book(temp)
        ws = book.sheet("Sweep")
        _plain_sheet(book, ws, table)
        group = names[1] if len(names) == 2 else None
        anchor = min(len(table.columns) + 1, 25)
        if "expected_cost" in table.columns:
            ws.insert_chart(1, anchor, _chart(book, ws, table, names[0], "expected_cost",
                                              group, "Expected cost against " + names[0],
                                              f"expected discounted cost ({currency})"))
        if "expected_shortfall_t" in table.columns:
            ws.insert_chart(20, anchor, _chart(book, ws, table, names[0],
                                               "expected_shortfall_t", group,
                                               "Expected shortfall against " + names[0],
                                               "expected unmet demand (t)"))
        _plain_sheet(book, book.sheet("Summary"), summary)
        book.close()

    save_atomically(write, path, force=force)
