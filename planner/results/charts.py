"""Native Excel charts of the plan (the Charts sheet) and the small tables they draw
(the ChartData sheet).

The long result tables are summed into ChartData once, so re-sorting or filtering a
result sheet leaves every chart right; cost by scenario draws ScenarioCosts itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from xlsxwriter.chart import Chart
from xlsxwriter.worksheet import Worksheet

from models.input.data import ModelData
from planner.results import chartdata
from planner.results.columns import COST_TERMS, summary_label
from planner.results.formats import number_format, with_unit
from planner.results.layout import HEADING, TITLE, TableNames, print_setup, write_table
from planner.results.xlsx_out import Book, put, row_columns

WIDTH, HEIGHT = 605, 340
"""Chart size in pixels (16 by 9 cm); two charts side by side fit a landscape page."""
ROWS_PER_CHART, SECOND_COLUMN, COLUMN_WIDTH = 19, 9, 10.0
"""Charts sit in two columns (A and J); the sheet's columns get a fixed width so every
spreadsheet program places them alike."""
PRINT_SCALE = 64
"""Percent: two charts and the gap (about 34 cm) across a landscape A4 page."""
RED_DASH = {"color": "#C00000", "dash_type": "dash"}


@dataclass(frozen=True)
class DataBlock:
    """Where a ChartData table landed: header row, last row, and its columns (rows and
    columns from 0)."""

    sheet: str
    header_row: int
    last_row: int
    columns: int


class ChartData:
    """The ChartData sheet: titled tables one under the other."""

    def __init__(self, book: Book, ws: Worksheet, names: TableNames, currency: str):
        self.book, self.ws, self.names, self.currency, self.row = book, ws, names, currency, 0
        print_setup(ws, repeat_header=False)

    def add(self, title: str, frame: pd.DataFrame, unit: str) -> DataBlock:
        """frame's index becomes the first column; every value column has `unit`."""
        put(self.book, self.ws, self.row, 0, title, **HEADING)
        header = [str(frame.index.name or ""), *[with_unit(str(c), unit, self.currency)
                                                 for c in frame.columns]]
        rows = [[str(i), *[None if pd.isna(v) else float(v) for v in values]]
                for i, values in zip(frame.index, frame.to_numpy(), strict=True)]
        fmt = number_format(unit)
        write_table(self.book, self.ws, header, row_columns(rows, len(header)),
                    [None, *[fmt] * len(frame.columns)], self.names, first_row=self.row + 1)
        block = DataBlock(self.ws.name, self.row + 1, self.row + 1 + len(rows), len(header))
        self.row = block.last_row + 3
        return block


def literal(text: str) -> str:
    """A chart's title or series name as text: XlsxWriter takes any name like
    'Sheet!A1' for a reference, so a word joiner (shown as nothing) follows its '!'."""
    return _REFERENCE.sub("!\u2060", text) if _LOOKS_LIKE_REFERENCE.match(text) else text


_LOOKS_LIKE_REFERENCE = re.compile(r"^=?[^!]+!\$?[A-Z]+\$?\d+")
"""What XlsxWriter (chart.py, _process_names) reads as a reference."""
_REFERENCE = re.compile(r"!(?=\$?[A-Z]+\$?\d)")


def _money_axis(chart: Chart, largest: float, currency: str, what: str) -> None:
    """Money in k or M on the axis when the figures are large."""
    if largest >= 1e7:
        shown, unit = '#,##0,,"M"', f"million {currency}"
    elif largest >= 1e4:
        shown, unit = '#,##0,"k"', f"thousand {currency}"
    else:
        shown, unit = "#,##0.##", currency
    chart.set_y_axis({"num_format": shown, "name": literal(f"{what} ({unit})")})


def _new(book: Book, kind: str, title: str | None, subtype: str | None = None) -> Chart:
    """A chart with a 12 pt bold title (the default is large enough to wrap), its
    size, and the legend at the bottom."""
    chart = book.workbook.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
    if title is not None:
        chart.set_title({"name": literal(title), "name_font": {"size": 12, "bold": True},
                         "overlay": False})
        chart.set_size({"width": WIDTH, "height": HEIGHT})
        chart.set_legend({"position": "bottom"})
    return chart


def _series(chart: Chart, block: DataBlock, names: list[str], first: int = 1,
            last: int | None = None, **options: object) -> None:
    """One series per column of a ChartData block, named without the unit."""
    for col, name in zip(range(first, (last or block.columns - 1) + 1), names, strict=False):
        chart.add_series({
            "name": literal(name), **options,
            "values": [block.sheet, block.header_row + 1, col, block.last_row, col],
            "categories": [block.sheet, block.header_row + 1, 0, block.last_row, 0]})


def spend_chart(book: Book, data_sheet: ChartData, table: pd.DataFrame) -> Chart:
    block = data_sheet.add("Spend by supplier country per period (discounted, expected)",
                           table, "currency")
    chart = _new(book, "column", "Spend by supplier country per period", "stacked")
    _series(chart, block, list(map(str, table.columns)), overlap=100)
    _money_axis(chart, float(table.sum(axis=1).max()), data_sheet.currency, "spend")
    chart.set_x_axis({"name": "period"})
    return chart


def stock_chart(book: Book, data_sheet: ChartData, material: str,
                table: pd.DataFrame) -> Chart:
    block = data_sheet.add(f"Stock of {material} against its target", table, "t")
    chart = _new(book, "line", f"Stock of {material} against target")
    for col, name in enumerate(map(str, table.columns), start=1):
        _series(chart, block, [name], first=col, last=col, smooth=False,
                **({"line": RED_DASH} if name.startswith("target") else {}))
    chart.set_y_axis({"name": "closing stock (t)", "num_format": "#,##0.#", "min": 0})
    chart.set_x_axis({"name": "period"})
    return chart


def cap_chart(book: Book, data_sheet: ChartData, rule: str, table: pd.DataFrame) -> Chart:
    """Columns: each capped country's highest share per stage; a line: the cap."""
    block = data_sheet.add(f"Highest share per stage under {rule}", table, "fraction")
    bars = _new(book, "column", f"Highest share per stage against the cap of {rule}")
    _series(bars, block, list(map(str, table.columns)), last=block.columns - 2)
    line = _new(book, "line", None)
    _series(line, block, ["cap"], first=block.columns - 1, line=RED_DASH,
            marker={"type": "dash", "size": 20})
    bars.set_y_axis({"num_format": "0%", "name": "share of the stage", "min": 0, "max": 1})
    bars.set_x_axis({"name": "stage"})
    bars.combine(line)
    return bars


def scenario_chart(book: Book, sheet: str, costs: pd.DataFrame, summary: dict) -> Chart:
    """Stacked columns of each scenario's cost terms, drawn from ScenarioCosts itself."""
    chart = _new(book, "column", "Cost by scenario", "stacked")
    columns = list(costs.columns)
    last, category = len(costs), columns.index("scenario")
    for key in COST_TERMS:
        if key in columns and costs[key].abs().sum() > 0:
            col = columns.index(key)
            chart.add_series({"name": literal(summary_label(key, summary)), "overlap": 100,
                              "values": [sheet, 1, col, last, col],
                              "categories": [sheet, 1, category, last, category]})
    _money_axis(chart, float(costs["cost"].max()), str(summary.get("currency", "")),
                "cost")
    chart.set_x_axis({"name": "scenario"})
    return chart


def add_charts(book: Book, charts: Worksheet, data_ws: Worksheet,
               tables: dict[str, pd.DataFrame], data: ModelData,
               groups: dict[str, str], names: TableNames, scenario_sheet: bool) -> None:
    """Fill the Charts sheet (and ChartData with what the charts draw); scenario_sheet
    says whether the workbook has a ScenarioCosts sheet to draw from."""
    summary = dict(zip(tables["Summary"]["key"], tables["Summary"]["value"], strict=True))
    currency = str(summary.get("currency", ""))
    store = ChartData(book, data_ws, names, currency)
    periods = data.period_ids
    made = []
    rows = chartdata.spend(tables["Purchases"], tables["Processing"], data.probability)
    if not rows.empty:
        made.append(spend_chart(book, store, chartdata.spend_by_period(rows, periods)))
    for material, table in chartdata.stock_levels(tables["Inventory"], periods,
                                                          data.probability).items():
        made.append(stock_chart(book, store, material, table))
    capped = chartdata.capped_shares(tables["Shares"], data, groups)
    for rule, part in capped.groupby("rule", sort=False):
        table = part.pivot_table(index="stage", columns="country", values="share",
                                 sort=False).reindex(list(dict.fromkeys(part["stage"])))
        table["cap"] = float(part["cap"].iloc[0])
        table.index.name, table.columns.name = "stage", None
        made.append(cap_chart(book, store, str(rule), table))
    costs = tables.get("ScenarioCosts")
    if costs is not None and len(costs) > 1 and scenario_sheet:
        made.append(scenario_chart(book, "ScenarioCosts", costs, summary))
    put(book, charts, 0, 0, "Charts of the plan", **TITLE)
    put(book, charts, 1, 0, "Drawn from the ChartData sheet (sums of the result sheets as "
                            "solved) and from ScenarioCosts.")
    for i, chart in enumerate(made):
        charts.insert_chart(3 + ROWS_PER_CHART * (i // 2), 0 if i % 2 == 0 else SECOND_COLUMN,
                            chart)
    # Four charts a printed page, none cut: a break after every second pair.
    charts.set_h_pagebreaks([3 + 2 * ROWS_PER_CHART * page
                             for page in range(1, (len(made) + 3) // 4)])
    for c in range(20):
        book.set_width(charts, c, COLUMN_WIDTH)
    # Fitting to the page would ignore the breaks: a fixed scale keeps two charts across
    # and two down on each landscape page, none cut in half.
    print_setup(charts, repeat_header=False, fit_width=False)
    charts.set_print_scale(PRINT_SCALE)
    charts.hide_gridlines(2)
