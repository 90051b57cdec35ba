"""Native Excel charts of the plan (the Charts sheet) and the small tables they draw
(the ChartData sheet).

The long result tables are summed into ChartData once, so re-sorting or filtering a
result sheet leaves every chart right; cost by scenario draws ScenarioCosts itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from models.data import ModelData
from planner.results import chartdata
from planner.results.columns import COST_TERMS, summary_label
from planner.results.formats import number_format, with_unit
from planner.results.layout import HEADING_FONT, TITLE_FONT, TableNames, print_setup, write_table
from planner.workbook.excel import put

WIDTH, HEIGHT = 16.0, 9.0
"""Chart size in cm; two charts side by side fit a landscape page."""
ROWS_PER_CHART, SECOND_COLUMN, COLUMN_WIDTH = 19, "J", 10.0
"""Charts sit in two columns; the sheet's columns get a fixed width so every
spreadsheet program places them alike."""
PRINT_SCALE = 64
"""Percent: two charts and the gap (about 34 cm) across a landscape A4 page."""


@dataclass(frozen=True)
class DataBlock:
    """Where a ChartData table landed: header row, last row, and its columns."""

    sheet: Worksheet
    header_row: int
    last_row: int
    columns: int


class ChartData:
    """The ChartData sheet: titled tables one under the other."""

    def __init__(self, ws: Worksheet, names: TableNames, currency: str):
        self.ws, self.names, self.currency, self.row = ws, names, currency, 1
        print_setup(ws, title_rows=None)

    def add(self, title: str, frame: pd.DataFrame, unit: str) -> DataBlock:
        """frame's index becomes the first column; every value column has `unit`."""
        put(self.ws, self.row, 1, title)
        self.ws.cell(row=self.row, column=1).font = HEADING_FONT
        header = [str(frame.index.name or ""), *[with_unit(str(c), unit, self.currency)
                                                 for c in frame.columns]]
        rows = [[str(i), *[None if pd.isna(v) else float(v) for v in values]]
                for i, values in zip(frame.index, frame.to_numpy(), strict=True)]
        fmt = number_format(unit)
        write_table(self.ws, header, rows, [None, *[fmt] * len(frame.columns)], self.names,
                    first_row=self.row + 1)
        block = DataBlock(self.ws, self.row + 1, self.row + 1 + len(rows), len(header))
        self.row = block.last_row + 3
        return block


def _money_axis(chart: BarChart | LineChart, largest: float, currency: str,
                what: str) -> None:
    """Money in k or M on the axis when the figures are large."""
    if largest >= 1e7:
        chart.y_axis.number_format, unit = '#,##0,,"M"', f"million {currency}"
    elif largest >= 1e4:
        chart.y_axis.number_format, unit = '#,##0,"k"', f"thousand {currency}"
    else:
        chart.y_axis.number_format, unit = "#,##0.##", currency
    chart.y_axis.title = f"{what} ({unit})"


def _title(text: str) -> Title:
    """A chart title in 12 pt bold (the default is large enough to wrap)."""
    props = CharacterProperties(sz=1200, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props),
                          r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _frame(chart: BarChart | LineChart, title: str) -> None:
    chart.title, chart.width, chart.height = _title(title), WIDTH, HEIGHT
    chart.x_axis.delete = chart.y_axis.delete = False  # newer Excel hides them otherwise
    chart.legend.position = "b"


def _series(chart: BarChart | LineChart, block: DataBlock, names: list[str], first: int = 2,
            last: int | None = None) -> None:
    """One series per column of a ChartData block, named without the unit."""
    for col, name in zip(range(first, (last or block.columns) + 1), names, strict=False):
        series = Series(Reference(block.sheet, min_col=col, min_row=block.header_row + 1,
                                  max_row=block.last_row))
        series.tx = SeriesLabel(v=name)
        chart.series.append(series)
    chart.set_categories(Reference(block.sheet, min_col=1, min_row=block.header_row + 1,
                                   max_row=block.last_row))


def spend_chart(data_sheet: ChartData, table: pd.DataFrame) -> BarChart:
    block = data_sheet.add("Spend by supplier country per period (discounted, expected)",
                           table, "currency")
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    _frame(chart, "Spend by supplier country per period")
    _series(chart, block, list(map(str, table.columns)))
    _money_axis(chart, float(table.sum(axis=1).max()), data_sheet.currency, "spend")
    chart.x_axis.title = "period"
    return chart


def stock_chart(data_sheet: ChartData, material: str, table: pd.DataFrame) -> LineChart:
    block = data_sheet.add(f"Stock of {material} against its target", table, "t")
    chart = LineChart()
    _frame(chart, f"Stock of {material} against target")
    _series(chart, block, list(map(str, table.columns)))
    for series, name in zip(chart.series, table.columns, strict=True):
        series.smooth = False
        if str(name).startswith("target"):
            series.graphicalProperties.line.dashStyle = "dash"
            series.graphicalProperties.line.solidFill = "C00000"
    chart.y_axis.title, chart.x_axis.title = "closing stock (t)", "period"
    chart.y_axis.number_format = "#,##0.#"
    chart.y_axis.scaling.min = 0
    return chart


def cap_chart(data_sheet: ChartData, rule: str, table: pd.DataFrame) -> BarChart:
    """Columns: each capped country's highest share per stage; a line: the cap."""
    block = data_sheet.add(f"Highest share per stage under {rule}", table, "fraction")
    bars = BarChart()
    bars.type = "col"
    _frame(bars, f"Highest share per stage against the cap of {rule}")
    _series(bars, block, list(map(str, table.columns)), last=block.columns - 1)
    line = LineChart()
    _series(line, block, ["cap"], first=block.columns)
    cap = line.series[0]
    cap.graphicalProperties.line.solidFill = "C00000"
    cap.graphicalProperties.line.dashStyle = "dash"
    cap.marker.symbol, cap.marker.size = "dash", 20
    bars.y_axis.number_format, bars.y_axis.title = "0%", "share of the stage"
    bars.y_axis.scaling.min, bars.y_axis.scaling.max = 0, 1
    bars.x_axis.title = "stage"
    bars += line
    return bars


def scenario_chart(ws: Worksheet, costs: pd.DataFrame, summary: dict) -> BarChart:
    """Stacked columns of each scenario's cost terms, drawn from ScenarioCosts itself."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    _frame(chart, "Cost by scenario")
    columns = list(costs.columns)
    last = len(costs) + 1
    for key in COST_TERMS:
        if key in columns and costs[key].abs().sum() > 0:
            col = columns.index(key) + 1
            series = Series(Reference(ws, min_col=col, min_row=2, max_row=last))
            series.tx = SeriesLabel(v=summary_label(key, summary))
            chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=columns.index("scenario") + 1, min_row=2,
                                   max_row=last))
    _money_axis(chart, float(costs["cost"].max()), str(summary.get("currency", "")),
                "cost")
    chart.x_axis.title = "scenario"
    return chart


def add_charts(wb: Workbook, charts: Worksheet, data_ws: Worksheet,
               tables: dict[str, pd.DataFrame], data: ModelData,
               groups: dict[str, str], names: TableNames) -> None:
    """Fill the Charts sheet (and ChartData with what the charts draw)."""
    summary = dict(zip(tables["Summary"]["key"], tables["Summary"]["value"], strict=True))
    currency = str(summary.get("currency", ""))
    store = ChartData(data_ws, names, currency)
    periods = data.period_ids
    made = []
    rows = chartdata.spend(tables["Purchases"], tables["Processing"], data.probability)
    if not rows.empty:
        made.append(spend_chart(store, chartdata.spend_by_period(rows, periods)))
    for material, table in chartdata.stock_levels(tables["Inventory"], periods,
                                                          data.probability).items():
        made.append(stock_chart(store, material, table))
    capped = chartdata.capped_shares(tables["Shares"], data, groups)
    for rule, part in capped.groupby("rule", sort=False):
        table = part.pivot_table(index="stage", columns="country", values="share",
                                 sort=False).reindex(list(dict.fromkeys(part["stage"])))
        table["cap"] = float(part["cap"].iloc[0])
        table.index.name, table.columns.name = "stage", None
        made.append(cap_chart(store, str(rule), table))
    costs = tables.get("ScenarioCosts")
    if costs is not None and len(costs) > 1 and "ScenarioCosts" in wb.sheetnames:
        made.append(scenario_chart(wb["ScenarioCosts"], costs, summary))
    put(charts, 1, 1, "Charts of the plan")
    charts.cell(row=1, column=1).font = TITLE_FONT
    put(charts, 2, 1, "Drawn from the ChartData sheet (sums of the result sheets as "
                      "solved) and from ScenarioCosts.")
    for i, chart in enumerate(made):
        column = "A" if i % 2 == 0 else SECOND_COLUMN
        charts.add_chart(chart, f"{column}{4 + ROWS_PER_CHART * (i // 2)}")
    for page in range(1, (len(made) + 3) // 4):  # four charts a printed page, none cut
        charts.row_breaks.append(Break(id=3 + 2 * ROWS_PER_CHART * page))
    for c in range(1, 21):
        charts.column_dimensions[get_column_letter(c)].width = COLUMN_WIDTH
    print_setup(charts, title_rows=None)
    # Fitting to the page would ignore the breaks: a fixed scale keeps two charts across
    # and two down on each landscape page, none cut in half.
    charts.sheet_properties.pageSetUpPr.fitToPage = False
    charts.page_setup.scale = PRINT_SCALE
    charts.sheet_view.showGridLines = False
