"""Backorders: demand not served in its period may be served later, at a cost per t
and period late, instead of being lost at the shortfall cost."""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from models.families.linear import Sums, variables
from models.input.data import ModelData


def backlog_bound(m: pyo.ConcreteModel, s: str, mat: str, t: str,
                  demand: Callable[[str], float] | None = None) -> float:
    """Σ_{τ=t−L+1..t} d[s,m,τ]: the most demand that may still wait at the end of t
    (L = max_backorder_periods; every period up to t when blank). demand(τ) gives
    d[s,m,τ] of one site instead (models/families/site_backorders.py)."""
    data = m.data
    periods = data.period_ids
    position = data.position[t]
    most = data.materials[mat].max_backorder_periods
    first = 0 if most is None else max(0, position - most + 1)
    if demand is None:
        return sum(m.terms.demand.get((s, mat, tau), 0.0)
                   for tau in periods[first:position + 1])
    return sum(demand(tau) for tau in periods[first:position + 1])


def demand_sites(data: ModelData, material: str) -> tuple[str, ...]:
    """The sites at which material is demanded in some period, in the Sites order
    (empty without sites)."""
    found = {k for (mat, _), row in data.demand.items() if mat == material
             for k, q in row.sites if q > 0}
    return tuple(site.id for site in data.sites if site.id in found)


def add_backlog_variables(m: pyo.ConcreteModel) -> None:
    """B[s,m,t] ≥ 0, the t of demand carried at the end of t to be served later, for
    materials with a backorder cost and only where demand may wait (a positive bound):

        0 ≤ B[s,m,t] ≤ Σ_{τ=t−L+1..t} d[s,m,τ]

    With first-in-first-out service the backlog at the end of t is the latest unserved
    demand, so this bound is exactly "no t waits more than L periods".
    """
    data = m.data
    keys, bounds = [], {}
    for s in m.S:
        for mat in m.M:
            if data.materials[mat].backorder_cost is None:
                continue
            for t in m.T:
                bound = backlog_bound(m, s, mat, t)
                if bound > 0:
                    keys.append((s, mat, t))
                    bounds[s, mat, t] = bound
    m.BACKLOG = pyo.Set(initialize=keys, dimen=3, ordered=True,
                        doc="(scenario, material, period) where demand may wait")
    m.backlog = pyo.Var(m.BACKLOG, domain=pyo.NonNegativeReals,
                        doc="demand carried to be served later, t",
                        bounds=lambda m, *key: (0.0, bounds[key]))


def add_backlog_flows(m: pyo.ConcreteModel, flows: Sums,
                      backlog: dict[tuple, object] | None = None) -> None:
    """− B[s,m,t−1] + B[s,m,t] in the balance of (s, m, t): demand carried out of t is
    not served in t; what was carried into t must be served (or carried again).
    backlog: balance key (its period last; with sites (s, m, k, t)) -> the variable
    carried there, instead of B itself."""
    following = dict(zip(m.data.period_ids[:-1], m.data.period_ids[1:], strict=False))
    for key, carried in (variables(m.backlog) if backlog is None else backlog).items():
        flows.add(key, 1.0, carried)
        if key[-1] in following:
            flows.add((*key[:-1], following[key[-1]]), -1.0, carried)


def add_backlog_costs(m: pyo.ConcreteModel, costs: Sums) -> None:
    """backorder[s] = Σ_{m,t<last} δ_t · ρ_t · backorder_cost[m] · B[s,m,t]; the backlog
    still open at the end of the horizon is lost demand:
    shortfall[s] += Σ_m δ_last · shortfall_cost[m] · B[s,m,last]."""
    data = m.data
    last = data.period_ids[-1]
    for (s, mat, t), carried in variables(m.backlog).items():
        material = data.materials[mat]
        if t == last:
            costs.add(("shortfall", s), data.discount_factor(t) * material.shortfall_cost,
                      carried)
        else:
            costs.add(("backorder", s), data.discount_factor(t) * data.per_period(t)
                      * material.backorder_cost, carried)
