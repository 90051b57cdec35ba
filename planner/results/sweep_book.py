"""The sweep results workbook: one row per point and native Excel charts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import Reference, ScatterChart, Series

from planner.studies.sweep import SweepResult
from planner.workbook.excel import fill_sheet, frame_rows, save_atomically


def _chart(ws, table: pd.DataFrame, x: str, y: str, group: str | None, title: str,
           y_title: str) -> ScatterChart:
    chart = ScatterChart()
    chart.title, chart.style = title, 13
    chart.x_axis.title, chart.y_axis.title = x, y_title
    chart.x_axis.delete = chart.y_axis.delete = False  # newer Excel hides them otherwise
    chart.height, chart.width = 9, 16
    columns = list(table.columns)
    x_col, y_col = columns.index(x) + 1, columns.index(y) + 1
    groups = [(None, 0, len(table))]
    if group is not None:
        groups, start = [], 0
        for value, part in table.groupby(group, sort=False):
            groups.append((value, start, start + len(part)))
            start += len(part)
    _readable_axis(chart, table[y])
    for value, first, last in groups:
        xs = Reference(ws, min_col=x_col, min_row=first + 2, max_row=last + 1)
        ys = Reference(ws, min_col=y_col, min_row=first + 2, max_row=last + 1)
        series = Series(ys, xs, title=y if value is None else f"{group} = {value}")
        series.marker.symbol = "circle"
        chart.series.append(series)
    return chart


def _readable_axis(chart: ScatterChart, values: pd.Series) -> None:
    """A flat curve (e.g. no shortfall at any point) gets an axis from 0 to a little
    above it, not one zoomed into rounding noise; large figures get separators."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty:
        return
    low, high = float(numbers.min()), float(numbers.max())
    if high - low <= 1e-9 * max(1.0, abs(high)):
        chart.y_axis.scaling.min = min(0.0, low * 1.2)
        chart.y_axis.scaling.max = max(0.0, high * 1.2) or 1.0
    chart.y_axis.number_format = "#,##0" if max(abs(low), abs(high)) >= 100 else "#,##0.0#"


def write_sweep(path: Path, result: SweepResult, input_name: str, currency: str, *,
                force: bool = False) -> None:
    """Sweep sheet (points and charts of expected cost and shortfall) and a Summary."""
    names = [p.name for p in result.parameters]
    table = result.table
    if len(names) == 2:  # contiguous rows per value of the second parameter, for series
        table = table.sort_values([names[1], names[0]], kind="stable").reset_index(drop=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sweep"
    fill_sheet(ws, [str(c) for c in table.columns], frame_rows(table))
    group = names[1] if len(names) == 2 else None
    anchor = chr(ord("A") + min(len(table.columns) + 1, 25))
    if "expected_cost" in table.columns:
        ws.add_chart(_chart(ws, table, names[0], "expected_cost", group,
                            "Expected cost against " + names[0],
                            f"expected discounted cost ({currency})"), f"{anchor}2")
    if "expected_shortfall_t" in table.columns:
        ws.add_chart(_chart(ws, table, names[0], "expected_shortfall_t", group,
                            "Expected shortfall against " + names[0],
                            "expected unmet demand (t)"), f"{anchor}21")
    failed = int(table["status"].astype(str).str.startswith("failed").sum())
    summary = pd.DataFrame({"key": ["input_file", *[f"parameter_{i + 1}" for i in
                                                     range(len(names))],
                                    "points", "failed", "run_on", "sweep_seconds"],
                            "value": [input_name, *[p.text for p in result.parameters],
                                      len(table), failed, result.workers,
                                      round(result.seconds, 2)]})
    fill_sheet(wb.create_sheet("Summary"), ["key", "value"], frame_rows(summary))
    save_atomically(wb, path, force=force)
