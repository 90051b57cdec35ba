"""Traced provenance site by site: where each traced class is held, used and served.

Without sites (data.sites empty) nothing here changes a model: every place is the one
implicit site (None) and a class is indexed by its marks alone. With sites the class
index c of the traced flows (models/rules/traced.py) is the pair (site k, marks), written
'k|marks' (label), so that each site keeps its own class stock:

    Ic[s,m,(k,c),t]       closing stock of class c at site k
    yc[s,p,(k,c),t]       a run for site k (ry[s,p,k,t]) making class c
    cc[s,p,(k,c),i,(k,c'),t]  its input drawn from site k's class stock
    sv[s,m,(k,c),g,t]     site k's demand of segment g served by class c

A delivery r[s,o,k,t] enters site k's class balance in the offer's class at its
arrival (models/families/sites.py SiteTerms.arrives: order period + the offer's lead + the
lane's lead); a run's outputs enter site k's balance at theirs.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.input.arrival import arrival
from models.input.data import ModelData

SEPARATOR = "|"
"""Between the site and the marks in a class index with sites."""


def places(data: ModelData) -> tuple[str | None, ...]:
    """The sites a traced class is kept apart at: (None,) without sites."""
    return tuple(k.id for k in data.sites) or (None,)


def site_label(site: str | None, text: str) -> str:
    """The class index of marks text at site (text itself without sites)."""
    return text if site is None else f"{site}{SEPARATOR}{text}"


def split_label(data: ModelData, c: str) -> tuple[str | None, str]:
    """(site or None, marks text) of a class index."""
    for site in sorted((k.id for k in data.sites), key=len, reverse=True):
        if c.startswith(site + SEPARATOR):
            return site, c[len(site) + len(SEPARATOR):]
    return None, c


def acts_at(rule_site: str | None, site: str | None) -> bool:
    """A traced rule naming a site acts on lots used or served there only."""
    return rule_site is None or rule_site == site


def demand_cells(m: pyo.ConcreteModel, mat: str, t: str) -> list[tuple[str, str | None]]:
    """(segment, site) with demand of mat in t (site None without sites)."""
    row = m.data.demand.get((mat, t))
    if row is None:
        return []
    if not m.data.sites:
        return [(g, None) for g, q in row.by_segment().items() if q > 0]
    return [(g, k) for g, k, q in row.cells if q > 0]


def cell_key(s: str, mat: str, g: str, k: str | None, t: str) -> tuple:
    """A served split cell: (s, m, g, t), with sites (s, m, g, k, t)."""
    return (s, mat, g, t) if k is None else (s, mat, g, k, t)


def cell_demand(m: pyo.ConcreteModel, s: str, mat: str, g: str, *rest: str) -> float:
    """d[s,m,g,(k,)t]: the scenario's demand d[s,m,t] times the share of segment g
    (at site k, when given) in the workbook's demand (demand events scale every
    segment and site alike; 0 in a period without demand of mat)."""
    t = rest[-1]
    row = m.data.demand.get((mat, t))
    if row is None:
        return 0.0
    if len(rest) == 1:
        split = row.by_segment()
        part, total = split.get(g, 0.0), sum(split.values())
    else:
        part = sum(q for g2, k, q in row.cells if (g2, k) == (g, rest[0]))
        total = sum(q for *_, q in row.cells)
    return m.terms.demand.get((s, mat, t), 0.0) * part / total if total else 0.0


def initial_stock(data: ModelData, mat: str, site: str | None) -> float:
    """Initial stock of mat (at site, with sites)."""
    if site is None:
        return data.stockpile(mat).initial
    row = data.site_stockpiles.get((mat, site))
    return row.initial if row else 0.0


def unmet_target(m: pyo.ConcreteModel, s: str, mat: str, site: str | None, t: str):
    """The unmet demand variable that the segments of a place add up to: uk at a site
    when demand is at several sites, else u."""
    if site is not None and (s, mat, site, t) in m.uk:
        return m.uk[s, mat, site, t]
    return m.u[s, mat, t]


def run_places(m: pyo.ConcreteModel):
    """(scenario, process, period, site, run variable): y without sites, the run split
    ry with sites."""
    if not m.data.sites:
        for s, p, t in m.Y:
            yield s, p, t, None, m.y[s, p, t]
    else:
        for s, p, k, t in m.RY:
            yield s, p, t, k, m.ry[s, p, k, t]


def delivery_places(m: pyo.ConcreteModel):
    """(scenario, offer, site, arrival period, delivered variable) of every purchase:
    x at its arrival without sites, each delivery r at its site and arrival with."""
    data = m.data
    if not data.sites:
        for (s, o, t) in m.X:
            yield s, o, None, arrival(data, o, t), m.x[s, o, t]
    else:
        arrives = m.site_terms.arrives
        for (s, o, k, t) in m.R:
            yield s, o, k, arrives[(s, o, k, t), data.offer_by_id[o].material], m.r[s, o, k, t]


def output_arrival(m: pyo.ConcreteModel, s: str, p: str, site: str | None, t: str,
                   material: str) -> str | None:
    """When output material of a run of p in t arrives (at site, with sites)."""
    if site is None:
        return arrival(m.data, p, t)
    return m.site_terms.arrives.get(((s, p, site, t), material))
