"""Backorders with sites: demand waits, and is served later, at its own site.

The backlog B[s,m,t] (models/families/backorders.py) keeps its meaning, its bound and its
costs; with sites it enters the balance of the site whose demand waits. A material
demanded at one site only carries B there; a material demanded at several sites
splits it by site, as unmet demand is split (models/families/sites.py).
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.backorders import backlog_bound, demand_sites
from models.families.linear import Sums, variables
from models.families.sites import site_demand


def add_site_backlog(m: pyo.ConcreteModel) -> None:
    """Bk[s,m,k,t] ≥ 0, the t of site k's demand carried at the end of t, for
    materials with a backorder cost demanded at several sites, wherever the site's
    demand may still wait:

        0 ≤ Bk[s,m,k,t] ≤ Σ_{τ=t−L+1..t} d[s,m,k,τ]        Σ_k Bk[s,m,k,t] = B[s,m,t]

    (L = max_backorder_periods). m.site_backlog maps each site balance key (s, m, k, t)
    to the backlog carried there: Bk, or B itself at a material's one demand site.
    Built before the site balances (models/families/sites.py), which take it in.
    """
    data = m.data
    where = {mat: demand_sites(data, mat) for mat in m.M
             if data.materials[mat].backorder_cost is not None} if data.sites else {}
    bounds = {}
    for s, mat, t in m.BACKLOG:
        if len(where.get(mat, ())) < 2:
            continue
        for k in where[mat]:
            bound = backlog_bound(m, s, mat, t, lambda tau, s=s, mat=mat, k=k:
                                  _demand(m, s, mat, k, tau))
            if bound > 0:
                bounds[s, mat, k, t] = bound
    m.BACKLOGK = pyo.Set(initialize=list(bounds), dimen=4, ordered=True,
                         doc="(scenario, material, site, period) where a site's demand "
                         "may wait")
    m.backlogk = pyo.Var(m.BACKLOGK, domain=pyo.NonNegativeReals,
                         doc="demand carried at a site to be served later, t",
                         bounds=lambda m, *key: (0.0, bounds[key]))
    parts, carried = Sums(), variables(m.backlog)
    for (s, mat, _, t), var in variables(m.backlogk).items():
        parts.add((s, mat, t), 1.0, var)
    rows = [key for key in carried if len(where.get(key[1], ())) > 1]
    m.backlog_site_split = pyo.Constraint(
        rows, doc="backlog by site",
        rule=lambda m, *key: parts.take(key, [-1.0], [carried[key]]) == 0.0)
    m.site_backlog = variables(m.backlogk) | {
        (s, mat, where[mat][0], t): var for (s, mat, t), var in carried.items()
        if len(where.get(mat, ())) == 1}


def _demand(m: pyo.ConcreteModel, s: str, mat: str, k: str, t: str) -> float:
    return site_demand(m, s, mat, k, t) if (mat, t) in m.data.demand else 0.0
