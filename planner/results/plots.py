"""Plotly figures of a plan, for the HTML report and for slides (PNG).

Each figure draws a table of planner.results.chartdata, as the workbook's charts do.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from models.input.chain import CHAIN
from planner.results.chartdata import RECYCLED, USED
from planner.results.columns import COST_TERMS, summary_label

STAGE_TITLES = {"mining": "mined in", "separation": "separated in", "metal": "metal made in",
                "magnet": "magnet made in"}
PALETTE = qualitative.Plotly + qualitative.Safe
GREY = "#b0b0b0"
LAYOUT = {"template": "plotly_white", "margin": {"l": 70, "r": 30, "t": 70, "b": 60},
          "font": {"size": 13}}


def _colours(names: list[str]) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def sankey(flows: pd.DataFrame, element: str) -> go.Figure:
    """Tonnes of an element by country from stage to stage (FLOW_COLUMNS rows)."""
    part = flows[flows["element"] == element]
    node_of: dict[tuple[str, str], int] = {}
    size: dict[tuple[str, str], float] = {}
    links = []
    for row in part.itertuples():
        source, target = (row.from_stage, row.from_country), (row.to_stage, row.to_country)
        for node in (source, target):
            node_of.setdefault(node, len(node_of))
        size[source] = size.get(source, 0.0) + row.tonnes
        size[target] = size.get(target, 0.0) + row.tonnes
        links.append((node_of[source], node_of[target], row.tonnes))
    countries = sorted({c for _, c in node_of if c not in (RECYCLED, USED)})
    colour = _colours(countries)
    nodes = sorted(node_of, key=node_of.get)
    x, y = _positions(nodes, size)
    labels = [c for _, c in nodes]
    figure = go.Figure(go.Sankey(
        arrangement="snap", valueformat=",.1f", valuesuffix=" t",
        node={"label": labels, "x": x, "y": y, "pad": 12, "thickness": 16,
              "color": [colour.get(c, GREY) for c in labels],
              "customdata": [g for g, _ in nodes],
              "hovertemplate": "%{label} (%{customdata}): %{value}<extra></extra>"},
        link={"source": [s for s, _, _ in links], "target": [t for _, t, _ in links],
              "value": [v for _, _, v in links],
              "color": [_fade(colour.get(nodes[s][1], GREY)) for s, _, _ in links]}))
    for i, stage in enumerate(CHAIN):
        figure.add_annotation(x=i / (len(CHAIN) - 1), y=1.06, xref="paper", yref="paper",
                              text=f"<b>{STAGE_TITLES[stage]}</b>", showarrow=False)
    figure.update_layout(**LAYOUT, height=520,
                         title=f"{element}: expected tonnes by country from stage to stage")
    figure.update_layout(margin={"t": 100})
    return figure


def _positions(nodes: list[tuple[str, str]], size: dict) -> tuple[list[float], list[float]]:
    """Each node in its stage's column, stacked by size (the balancing nodes last)."""
    x, y = [0.0] * len(nodes), [0.0] * len(nodes)
    for i, stage in enumerate(CHAIN):
        column = [n for n in nodes if n[0] == stage]
        column.sort(key=lambda n: (n[1] in (RECYCLED, USED), -size[n]))
        whole = sum(size[n] for n in column) or 1.0
        top = 0.0
        for node in column:
            share = size[node] / whole
            x[nodes.index(node)] = min(max(i / (len(CHAIN) - 1), 0.001), 0.999)
            y[nodes.index(node)] = min(max(top + share / 2, 0.001), 0.999)
            top += share
    return x, y


def _fade(colour: str) -> str:
    """A link's colour: its source's, see-through."""
    if colour.startswith("#") and len(colour) == 7:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return f"rgba({r},{g},{b},0.45)"
    return "rgba(176,176,176,0.45)"


def spend(table: pd.DataFrame, currency: str) -> go.Figure:
    """Stacked columns: spend by supplier country per period."""
    figure = go.Figure([go.Bar(name=str(c), x=list(table.index), y=table[c].tolist(),
                               marker_color=PALETTE[i % len(PALETTE)])
                        for i, c in enumerate(table.columns)])
    figure.update_layout(**LAYOUT, barmode="stack", height=460,
                         title="Spend by supplier country per period (discounted, expected)",
                         yaxis_title=f"spend ({currency})", xaxis_title="period",
                         xaxis_type="category")
    return figure


def stock(levels: dict[str, pd.DataFrame]) -> go.Figure:
    """One panel per material: closing stock of each scenario and the target."""
    materials = list(levels)
    columns = 2 if len(materials) > 1 else 1
    rows = math.ceil(len(materials) / columns)
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=materials,
                           vertical_spacing=0.12 if rows > 1 else 0.2)
    scenarios = sorted({c for t in levels.values() for c in t.columns
                        if not c.startswith("target")}, key=str)
    colour = _colours(scenarios)
    for i, (_, table) in enumerate(levels.items()):
        r, c = i // columns + 1, i % columns + 1
        for name in table.columns:
            target = name.startswith("target")
            figure.add_trace(go.Scatter(
                x=list(table.index), y=table[name].tolist(), name=name, mode="lines",
                legendgroup=name, showlegend=i == 0,
                line={"dash": "dash", "color": "#c00000"} if target
                else {"color": colour[name]}), row=r, col=c)
        figure.update_yaxes(title_text="t", rangemode="tozero", row=r, col=c)
        figure.update_xaxes(type="category", row=r, col=c)
    figure.update_layout(**LAYOUT, height=max(380, 300 * rows),
                         title="Closing stock against target")
    return figure


def caps(capped: pd.DataFrame) -> go.Figure:
    """Per cap rule: each capped country's highest share per stage, and the cap."""
    rules = list(dict.fromkeys(capped["rule"]))
    figure = make_subplots(rows=1, cols=len(rules), subplot_titles=rules,
                           shared_yaxes=True)
    countries = list(dict.fromkeys(capped["country"]))
    colour = _colours(countries)
    for i, rule in enumerate(rules, start=1):
        part = capped[capped["rule"] == rule]
        stages = list(dict.fromkeys(part["stage"]))
        for country, rows in part.groupby("country", sort=False):
            figure.add_trace(go.Bar(
                x=rows["stage"].tolist(), y=rows["share"].tolist(), name=str(country),
                marker_color=colour[country], legendgroup=str(country),
                showlegend=i == _first(capped, country),
                customdata=rows[["element", "period", "scenario"]].to_numpy(),
                hovertemplate="%{y:.1%} (%{customdata[0]}, %{customdata[1]}, "
                              "%{customdata[2]})<extra>" + str(country) + "</extra>"),
                row=1, col=i)
        cap = float(part["cap"].iloc[0])
        figure.add_trace(go.Scatter(
            x=stages, y=[cap] * len(stages), mode="lines+markers", name="cap",
            legendgroup="cap", showlegend=i == 1,
            marker={"symbol": "line-ew-open", "size": 30, "color": "#c00000"},
            line={"dash": "dash", "color": "#c00000"}), row=1, col=i)
        figure.update_xaxes(type="category", row=1, col=i)
    figure.update_yaxes(tickformat=".0%", range=[0, 1.05], title_text="highest share", col=1)
    figure.update_layout(**LAYOUT, height=420, barmode="group",
                         title="Highest share of a stage against its cap")
    return figure


def _first(capped: pd.DataFrame, country: str) -> int:
    """The panel (1-based) where a country first appears, to show it once in the legend."""
    rules = list(dict.fromkeys(capped["rule"]))
    return rules.index(capped[capped["country"] == country]["rule"].iloc[0]) + 1


def scenarios(costs: pd.DataFrame, summary: dict) -> go.Figure:
    """Stacked columns: each scenario's cost by term."""
    currency = str(summary.get("currency", ""))
    bars = [go.Bar(name=summary_label(key, summary), x=costs["scenario"].astype(str).tolist(),
                   y=costs[key].tolist(), marker_color=PALETTE[i % len(PALETTE)])
            for i, key in enumerate(COST_TERMS)
            if key in costs.columns and costs[key].abs().sum() > 0]
    figure = go.Figure(bars)
    probability = costs["probability"].tolist()
    figure.add_trace(go.Scatter(
        x=costs["scenario"].astype(str).tolist(), y=costs["cost"].tolist(), mode="text",
        text=[f"{p:.0%}" for p in probability], textposition="top center",
        name="probability", showlegend=False, hoverinfo="skip"))
    figure.update_layout(**LAYOUT, barmode="stack", height=460,
                         title="Cost by scenario (discounted; probability on top)",
                         yaxis_title=f"cost ({currency})", xaxis_title="scenario")
    return figure
