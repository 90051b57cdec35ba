"""`planner report`: one self-contained HTML file of a results workbook (plotly.js
embedded, so it opens with no network), and each figure as a PNG for slides.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from planner.results import chartdata, plots
from planner.results.columns import column_unit, summary_label, summary_unit
from planner.results.formats import quantity, shown_unit, with_unit
from planner.results.front import block_header
from planner.results.overview import Block, blocks, solved_line, status_words
from planner.results.readback import Results
from planner.workbook.excel import write_atomically

PNG_WIDTH = 1200
"""Pixels (at scale 1; PNGs are drawn at twice that for slides)."""


class ReportError(Exception):
    """The report could not be made as asked (e.g. no browser for PNGs)."""


@dataclass
class Figure:
    """A figure of the report: its file name (for PNGs), heading and Plotly figure."""

    name: str
    heading: str
    figure: go.Figure
    note: str = ""


def figures(results: Results) -> list[Figure]:
    """Every figure the plan has: flows, stock, caps, scenario costs, spend."""
    tables, data = results.tables, results.inputs.data
    if "Purchases" not in tables:
        return []
    summary = results.summary
    currency = str(summary.get("currency", ""))
    made = []
    flows = flow_table(results)
    totals = flows.groupby("element")["tonnes"].sum().sort_values(ascending=False)
    for element in totals.index:
        made.append(Figure(
            f"flows-{_slug(element)}", f"Where the {element} comes from",
            plots.sankey(flows, element),
            "Node sizes are the stage accounting (t of the element by country, expected, "
            "summed over the periods). Links split each stage's tonnes in proportion to "
            "the next stage's countries: stage accounting does not trace which lot went "
            "where."))
    levels = chartdata.stock_levels(tables["Inventory"], data.period_ids, data.probability)
    if levels:
        made.append(Figure("stock", "Stock against target", plots.stock(levels)))
    groups = {r["rule"]: r["group"] for r in results.inputs.tables.records.get("Rules", [])
              if r.get("group")}
    capped = chartdata.capped_shares(tables["Shares"], data, groups)
    if not capped.empty:
        made.append(Figure("caps", "Shares against caps", plots.caps(capped),
                           "The highest share in any period, scenario and element the "
                           "rule covers; a rule that caps every country shows the country "
                           "closest to the cap at each stage."))
    costs = tables.get("ScenarioCosts")
    if costs is not None and len(costs) > 1:
        made.append(Figure("scenarios", "Cost by scenario", plots.scenarios(costs, summary)))
    rows = chartdata.spend(tables["Purchases"], tables["Processing"], data.probability)
    if not rows.empty:
        made.append(Figure("spend", "Spend by supplier country",
                           plots.spend(chartdata.spend_by_period(rows, data.period_ids),
                                       currency)))
    return made


def flow_table(results: Results) -> pd.DataFrame:
    """The flows the Sankey draws (chartdata.FLOW_COLUMNS). From the stage accounting
    of the Shares sheet; a traced-provenance sheet can hand over the same columns."""
    return chartdata.stage_flows(results.tables["Shares"], results.inputs.data.probability)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def _cell(value: Any, unit: str, currency: str) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool) and unit:
        text = quantity(value, unit, currency)
        shown = shown_unit(unit, currency)
        return text.removesuffix(f" {shown}") if shown and shown != "%" else text
    return "" if value is None else str(value)


def block_html(block: Block, currency: str) -> str:
    header = "".join(f"<th>{html.escape(h)}</th>" for h in block_header(block, currency))
    body = []
    for values, units in zip(block.rows, block.units, strict=True):
        cells = [f"<td class='{'num' if isinstance(v, int | float) else 'text'}'>"
                 f"{html.escape(_cell(v, u, currency))}</td>"
                 for v, u in zip(values, units, strict=True)]
        strong = " class='total'" if str(values[0]) in ("total", "expected") else ""
        body.append(f"<tr{strong}>{''.join(cells)}</tr>")
    note = f"<p class='note'>{html.escape(block.note)}</p>" if block.note else ""
    return (f"<h3>{html.escape(block.title)}</h3><table><thead><tr>{header}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{note}")


def table_html(frame: pd.DataFrame, sheet: str, currency: str, table_id: str) -> str:
    """A result table whose columns sort on a click (numbers as numbers)."""
    header = "".join(f"<th data-col='{i}' title='click to sort'>"
                     f"{html.escape(with_unit(c, column_unit(sheet, c), currency))}</th>"
                     for i, c in enumerate(frame.columns))
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            unit = column_unit(sheet, column)
            if isinstance(value, bool) or value is None or pd.isna(value):
                cells.append(f"<td>{'' if value is None or pd.isna(value) else value}</td>")
            elif isinstance(value, int | float):
                cells.append(f"<td class='num' data-v='{float(value)!r}'>"
                             f"{html.escape(_cell(value, unit, currency))}</td>")
            else:
                cells.append(f"<td>{html.escape(str(value))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<table class='sortable' id='{table_id}'><thead><tr>{header}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


SORT_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0], col = +th.dataset.col;
    var up = th.dataset.dir !== 'up';
    table.querySelectorAll('th').forEach(function (h) { delete h.dataset.dir; });
    th.dataset.dir = up ? 'up' : 'down';
    var key = function (row) {
      var cell = row.cells[col];
      return cell.dataset.v !== undefined ? parseFloat(cell.dataset.v) : cell.textContent;
    };
    var rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = (typeof x === 'number' && typeof y === 'number') ? x - y
        : String(x).localeCompare(String(y), undefined, {numeric: true});
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px;
       color: #222; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .status { font-size: 1.1rem; margin: 0.3rem 0; }
.meta, .note { color: #666; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.5rem 0 0.3rem; font-size: 0.9rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
th { background: #dce6f1; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
table.sortable th { cursor: pointer; }
table.sortable th[data-dir=up]::after { content: " ▲"; }
table.sortable th[data-dir=down]::after { content: " ▼"; }
.blocks { display: flex; flex-wrap: wrap; gap: 0 2.5rem; }
.figure { margin: 1.5rem 0; } .scroll { max-height: 32rem; overflow: auto; }
"""


def report_html(results: Results, made: list[Figure]) -> str:
    """The whole report as one HTML document."""
    summary = results.summary
    currency = str(summary.get("currency", ""))
    story = blocks(results.tables, results.inputs.data)
    parts = [f"<h1>Sourcing plan: {html.escape(str(summary.get('input_file', '')))}</h1>",
             f"<p class='status'>{html.escape(status_words(summary))}</p>",
             f"<p class='meta'>{html.escape(solved_line(summary))}</p>",
             "<h2>Summary</h2><div class='blocks'>",
             *[f"<div>{block_html(b, currency)}</div>" for b in story], "</div>"]
    for i, item in enumerate(made):
        config = {"displaylogo": False, "responsive": True}
        div = pio.to_html(item.figure, full_html=False, include_plotlyjs=False,
                          div_id=f"figure-{i}", config=config)
        note = f"<p class='note'>{html.escape(item.note)}</p>" if item.note else ""
        parts.append(f"<div class='figure'><h2>{html.escape(item.heading)}</h2>{div}"
                     f"{note}</div>")
    report = results.tables.get("RuleReport")
    if report is not None and not report.empty:
        parts.append("<h2>Rules, period by period</h2><p class='note'>Click a heading to "
                     "sort.</p><div class='scroll'>"
                     + table_html(report, "RuleReport", currency, "rule-report") + "</div>")
    parts.append("<h2>Every Summary figure</h2>" + _summary_table(summary))
    title = html.escape(f"Sourcing plan: {summary.get('input_file', '')}")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title}</title><style>{STYLE}</style>"
            f"<script>{get_plotlyjs()}</script></head><body>{''.join(parts)}"
            f"<script>{SORT_SCRIPT}</script></body></html>")


def _summary_table(summary: dict[str, Any]) -> str:
    currency = str(summary.get("currency", ""))
    rows = "".join(
        f"<tr><td>{html.escape(key)}</td><td>{html.escape(summary_label(key, summary))}</td>"
        f"<td class='num'>{html.escape(quantity(value, summary_unit(key), currency))}</td>"
        "</tr>" for key, value in summary.items())
    return f"<table><thead><tr><th>key</th><th>figure</th><th>value</th></tr></thead>" \
           f"<tbody>{rows}</tbody></table>"


def write_report(results: Results, output: Path) -> list[Figure]:
    """Write the HTML report atomically; returns its figures."""
    made = figures(results)
    text = report_html(results, made)
    write_atomically(lambda temp: temp.write_text(text, encoding="utf-8"), output)
    return made


def write_pngs(made: list[Figure], folder: Path) -> list[Path]:
    """Each figure as a PNG for slides (kaleido, which drives Chrome or Chromium)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{item.name}.png" for item in made]
    if not made:
        return []
    try:
        pio.write_images([item.figure for item in made], paths, width=PNG_WIDTH,
                         height=[item.figure.layout.height or 500 for item in made], scale=2)
    except Exception as err:  # kaleido reports a missing browser in several ways
        raise ReportError(f"could not render PNGs ({type(err).__name__}: {err}); they need "
                          "Chrome or Chromium: install the chromium package") from err
    return paths
