"""Backorders on traced materials: the backlog follows the demand segments.

A traced material's demand is served by origin class, segment by segment (the
served split of models/rules/traced.py). Its backlog B[s,m,t] (models/families/backorders.py;
with sites the backlog carried at each site, models/families/site_backorders.py) is split
the same way, so that what a segment waits for is served to that segment later, by
the classes allowed to serve it in the period it is served: a defence segment under
a traced ban waits for clean lots. Without a traced material with a backorder cost
nothing here is indexed.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.backorders import backlog_bound
from models.families.linear import Sums, variables
from models.rules.traced_sites import cell_demand, cell_key, demand_cells

Cells = dict[tuple[str, str, str], list[tuple[str, str | None]]]
"""(scenario, material, period) -> the (segment, site or None) cells served in it."""


def _place_backlog(m: pyo.ConcreteModel, s: str, mat: str, k: str | None, t: str):
    """The backlog carried at place k (None: no sites) at the end of t, or None."""
    if k is None:
        return variables(m.backlog).get((s, mat, t))
    return m.site_backlog.get((s, mat, k, t))


def add_segment_backlog(m: pyo.ConcreteModel) -> None:
    """Bg[s,m,g,(k,)t] ≥ 0, the t of segment g's demand (at site k) carried at the end
    of t, for traced materials with a backorder cost whose place (the one implicit
    site, or a site) has demand of several segments over the horizon:

        0 ≤ Bg[s,m,g,(k,)t] ≤ Σ_{τ=t−L+1..t} d[s,m,g,(k,)τ]
        Σ_g Bg[s,m,g,(k,)t] = B[s,m,t]   (with sites: the site's backlog Bk[s,m,k,t])

    (L = max_backorder_periods, so no t of a segment waits more than L periods). At
    a place with one segment Bg is the place's backlog itself. Bg enters the served
    split of its segment (models/rules/traced.py):

        Σ_c sv[s,m,c,g,(k,)t] + u[s,m,g,(k,)t] + Bg[t] − Bg[t−1] = d[s,m,g,(k,)t]

    and a segment carried into a period without demand of its own has a served
    split there too (no u: nothing of it is due then but what waited). Summed over
    segments it is the material's (site's) balance: Σ_{c,g} sv = d − u − B[t] + B[t−1].
    m.segment_backlog maps each served split row to its Bg; m.served_cells lists the
    rows per (s, m, t): those with demand, then those only carried into t.
    """
    data = m.data
    costly = [mat for mat in m.M
              if m.classes.traced(mat) and data.materials[mat].backorder_cost is not None]
    segments: dict[tuple[str, str | None], list[str]] = {}
    for (mat, t) in data.demand:
        if mat in costly:
            for g, k in demand_cells(m, mat, t):
                found = segments.setdefault((mat, k), [])
                if g not in found:
                    found.append(g)
    carried, bounds, whole_of = {}, {}, {}
    for s in m.S:
        for (mat, k), found in segments.items():
            for t in m.T:
                whole = _place_backlog(m, s, mat, k, t)
                if whole is None:
                    continue
                if len(found) == 1:
                    carried[cell_key(s, mat, found[0], k, t)] = whole
                    continue
                whole_of[(s, mat, t) if k is None else (s, mat, k, t)] = whole
                for g in found:
                    bound = backlog_bound(m, s, mat, t, lambda tau, s=s, mat=mat, g=g, k=k:
                                          cell_demand(m, s, mat, g, *((k,) if k else ()),
                                                      tau))
                    if bound > 0:
                        bounds[cell_key(s, mat, g, k, t)] = bound
    m.BACKLOGG = pyo.Set(initialize=list(bounds), dimen=5 if data.sites else 4,
                         ordered=True, doc="(scenario, material, segment, (site,) period) "
                         "where a segment's demand may wait")
    m.backlogg = pyo.Var(m.BACKLOGG, domain=pyo.NonNegativeReals,
                         doc="demand of a segment carried to be served later, t",
                         bounds=lambda m, *key: (0.0, bounds[key]))
    parts, split = variables(m.backlogg), Sums()
    for key, var in parts.items():
        split.add((key[0], key[1], *key[3:]), 1.0, var)
    m.backlog_segment_split = pyo.Constraint(
        list(whole_of), doc="backlog by segment",
        rule=lambda m, *key: split.take(key, [-1.0], [whole_of[key]]) == 0.0)
    m.segment_backlog = carried | parts
    m.served_cells = _served_cells(m)


def _served_cells(m: pyo.ConcreteModel) -> Cells:
    """(s, traced m, t) -> the cells served in t: those with demand (in the order of
    demand_cells), then those whose segment only carries a backlog into t."""
    cells: Cells = {}
    for s, mat, t in m.D:
        if m.classes.traced(mat):
            cells[s, mat, t] = list(demand_cells(m, mat, t))
    following = dict(zip(m.data.period_ids[:-1], m.data.period_ids[1:], strict=False))
    for key in m.segment_backlog:
        t = following.get(key[-1])
        if t is None:
            continue
        s, mat, g = key[:3]
        cell = (g, key[3] if len(key) == 5 else None)
        found = cells.setdefault((s, mat, t), [])
        if cell not in found:
            found.append(cell)
    return cells


def backlog_terms(m: pyo.ConcreteModel, row: tuple) -> tuple[list[float], list]:
    """(coefs, variables) of + Bg[t] − Bg[t−1] in the served split row (s, m, g, (k,) t)."""
    periods = m.data.period_ids
    coefs, found = [], []
    now = m.segment_backlog.get(row)
    if now is not None:
        coefs.append(1.0)
        found.append(now)
    position = m.data.position[row[-1]]
    before = periods[position - 1] if position else None
    carried = m.segment_backlog.get((*row[:-1], before)) if before else None
    if carried is not None:
        coefs.append(-1.0)
        found.append(carried)
    return coefs, found


def segment_backlog_terms(m: pyo.ConcreteModel, s: str, mat: str, g: str,
                          site: str | None, t: str) -> tuple[list[float], list]:
    """+ Bg[t] − Bg[t−1] of segment g summed over its places (only at site, when one is
    named): the demand of g due in t is d[s,m,g,t] − (this)."""
    coefs, found = [], []
    for g2, k in m.served_cells.get((s, mat, t), ()):
        if g2 == g and (site is None or k == site):
            more = backlog_terms(m, cell_key(s, mat, g, k, t))
            coefs += more[0]
            found += more[1]
    return coefs, found
