"""The small tables that charts draw, computed from the result tables.

The results workbook's charts (planner.results.charts) and the HTML report
(planner.results.html) draw the same tables, so the two always agree. Money is
expected (probability-weighted over scenarios) and discounted, like the Summary.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import pandas as pd

from models.input.chain import CHAIN, UNKNOWN
from models.input.data import ModelData

FLOW_COLUMNS = ["element", "from_stage", "from_country", "to_stage", "to_country", "tonnes"]
"""The hand-over to the flow (Sankey) diagram: expected tonnes of an element that
moved from a country at one stage to a country at the next, over the horizon.
Stage accounting gives it today (stage_flows); traced provenance can give the same
table, with the links it traced instead of proportional ones."""

OTHERS = "other countries"
SHOWN_COUNTRIES = 8
"""Countries shown one by one in spend charts; the rest are summed as OTHERS."""


def _expected(frame: pd.DataFrame, value: str, probability: dict[str, float]) -> pd.Series:
    return frame[value] * frame["scenario"].map(probability).fillna(0.0)


def spend(purchases: pd.DataFrame, processing: pd.DataFrame,
          probability: dict[str, float]) -> pd.DataFrame:
    """Expected discounted spend rows (period, country, material, spend) of both tables."""
    parts = [pd.DataFrame({"period": f["period"].astype(str), "country": f["country"],
                           "material": f[column],
                           "spend": _expected(f, "discounted_cost", probability)})
             for f, column in ((purchases, "material"), (processing, "output")) if not f.empty]
    if not parts:
        return pd.DataFrame(columns=["period", "country", "material", "spend"])
    return pd.concat(parts, ignore_index=True)


def spend_by_period(rows: pd.DataFrame, periods: tuple[str, ...]) -> pd.DataFrame:
    """Period x supplier country (largest first; beyond SHOWN_COUNTRIES summed)."""
    table = rows.pivot_table(index="period", columns="country", values="spend",
                             aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=list(periods), fill_value=0.0)
    order = table.sum().sort_values(ascending=False).index
    table = table[order]
    if len(order) > SHOWN_COUNTRIES + 1:
        kept = table.iloc[:, :SHOWN_COUNTRIES]
        table = kept.assign(**{OTHERS: table.iloc[:, SHOWN_COUNTRIES:].sum(axis=1)})
    table.index.name, table.columns.name = "period", None
    return table


def spend_by_country_stage(rows: pd.DataFrame, data: ModelData) -> pd.DataFrame:
    """Supplier country x stage of the material bought or made, with total and share."""
    stage = {m: mat.stage for m, mat in data.materials.items()}
    table = rows.assign(stage=rows["material"].map(stage)).pivot_table(
        index="country", columns="stage", values="spend", aggfunc="sum", fill_value=0.0)
    table = table[[g for g in (*CHAIN, "scrap") if g in table.columns]]
    table["total"] = table.sum(axis=1)
    whole = table["total"].sum()
    table["share"] = table["total"] / whole if whole else 0.0
    table = table.sort_values("total", ascending=False)
    table.index.name, table.columns.name = "country", None
    return table


def stock_levels(inventory: pd.DataFrame, periods: tuple[str, ...],
                 probability: dict[str, float]) -> dict[str, pd.DataFrame]:
    """Per material that is stocked or has a target: period x closing stock of each
    scenario, then the target (the expected target where scenarios differ)."""
    levels = {}
    frame = inventory.assign(period=inventory["period"].astype(str))
    for material, rows in frame.groupby("material", sort=True):
        if not ((rows["closing"] > 1e-9).any() or (rows["target"] > 1e-9).any()):
            continue
        closing = rows.pivot_table(index="period", columns="scenario", values="closing",
                                   aggfunc="sum", sort=False)
        target = rows.pivot_table(index="period", columns="scenario", values="target",
                                  aggfunc="sum", sort=False)
        scenarios = list(dict.fromkeys(rows["scenario"]))
        table = closing[scenarios].copy()
        table.columns = [f"closing {s}" for s in scenarios] if len(scenarios) > 1 \
            else ["closing"]
        if all(target[s].equals(target[scenarios[0]]) for s in scenarios):
            table["target"] = target[scenarios[0]]
        else:
            table["target (expected)"] = sum(target[s] * probability.get(s, 0.0)
                                             for s in scenarios)
        table = table.reindex(index=list(periods))
        table.index.name, table.columns.name = "period", None
        levels[str(material)] = table
    return levels


CAPPED_KINDS = ("max_share", "max_group_share")


def capped_shares(shares: pd.DataFrame, data: ModelData,
                  groups: dict[str, str] | None = None) -> pd.DataFrame:
    """For each cap on a country's (or a group's) share of a stage tally: per stage,
    the highest share it reached in any period, scenario and element the rule covers.

    A rule that caps every country shows, per stage, the country closest to the cap.
    Rows: rule, cap, stage, country, share, element, period, scenario.
    """
    groups = groups or {}
    columns = ["rule", "cap", "stage", "country", "share", "element", "period", "scenario"]
    rows: list[list] = []
    frame = shares.assign(period=shares["period"].astype(str))
    if "traced" not in frame:  # a results workbook written before traced tallies
        frame = frame.assign(traced=False, rule=None)
    untraced = frame[~frame["traced"].astype(bool)]
    for rule in data.rules:
        if rule.kind not in CAPPED_KINDS or rule.value is None or rule.value >= 1:
            continue
        if rule.item is not None and rule.item not in data.elements and not rule.trace:
            continue  # a material's own tally is not in the Shares sheet
        stages = (rule.stage,) if rule.stage else CHAIN
        source = frame[frame["rule"] == rule.id] if rule.trace else untraced
        pick = source[source["stage"].isin(stages)
                     & source["period"].isin(rule.periods)
                     & (source["scenario"] == rule.scenario if rule.scenario else True)
                     & (source["element"] == rule.item if rule.item else True)]
        if rule.trace:  # the rule's own buckets: capped countries, or its group ('in')
            pick = pick[~pick["country"].isin((UNKNOWN, "other"))]
        elif rule.countries is not None:
            pick = pick[pick["country"].isin(rule.countries)]
        else:
            pick = pick[pick["country"] != UNKNOWN]
        if pick.empty:
            continue
        if rule.kind == "max_group_share":
            name = groups.get(rule.id) or "+".join(sorted(rule.countries or ()))
            pick = (pick.groupby(["scenario", "period", "element", "stage"], as_index=False)
                    ["share"].sum().assign(country=name))
        best = pick.loc[pick.groupby(["stage", "country"])["share"].idxmax()]
        if rule.countries is None:  # every country: the one closest to the cap per stage
            best = best.loc[best.groupby("stage")["share"].idxmax()]
        for row in best.itertuples():
            rows.append([rule.id, rule.value, row.stage, row.country, row.share,
                         row.element, row.period, row.scenario])
    order = {g: i for i, g in enumerate((*CHAIN, "owner"))}
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["rule", "stage"], key=lambda c: c.map(order) if c.name == "stage"
                             else c, kind="stable").reset_index(drop=True)


def stage_flows(shares: pd.DataFrame, probability: dict[str, float]) -> pd.DataFrame:
    """FLOW_COLUMNS from the stage accounting: per scenario, period and element, the
    tonnes common to two consecutive stages are split in proportion to both stages'
    country shares; what one stage has more than the other comes from, or goes to,
    the node RECYCLED / USED.
    """
    tally: dict[tuple, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for row in shares.itertuples(index=False):
        if row.stage in CHAIN and not getattr(row, "traced", False):
            tally[row.scenario, str(row.period), row.element][row.stage][row.country] = \
                float(row.tally)
    flows: dict[tuple[str, str, str, str, str], float] = defaultdict(float)
    for (s, _, k), stages in tally.items():
        weight = probability.get(s, 0.0)
        for g, h in pairwise(CHAIN):
            up, down = stages.get(g, {}), stages.get(h, {})
            a, b = sum(up.values()), sum(down.values())
            common = min(a, b)
            for c, x in up.items():
                for d, y in down.items():
                    flows[k, g, c, h, d] += weight * common * (x / a) * (y / b)
            if b > a:
                for d, y in down.items():
                    flows[k, g, RECYCLED, h, d] += weight * (b - a) * y / b
            elif a > b:
                for c, x in up.items():
                    flows[k, g, c, h, USED] += weight * (a - b) * x / a
    rows = [[*key, tonnes] for key, tonnes in flows.items() if tonnes > 1e-9]
    return pd.DataFrame(rows, columns=FLOW_COLUMNS)


RECYCLED = "no earlier stage (recycled, or from stock)"
USED = "not processed further (used or stocked)"
"""The two balancing nodes of stage_flows (they are not countries)."""
