"""Strategic stockpile bounds: a target to hold and a maximum to respect."""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData


def stockpile_target(data: ModelData, material: str, period: str) -> float:
    """Least closing inventory of material in period, in t (0 before target_from).

    target_days converts to t as days/365 × demand[m,t] / years[t]; when both target
    and target_days are given the larger applies.
    """
    stock = data.stockpile(material)
    periods = data.period_ids
    if stock.target_from and periods.index(period) < periods.index(stock.target_from):
        return 0.0
    target = stock.target or 0.0
    if stock.target_days:
        years = next(p.years for p in data.periods if p.id == period)
        yearly_demand = data.demand_of(material, period) / years if years else 0.0
        target = max(target, stock.target_days / 365.0 * yearly_demand)
    return target


def add_stockpile_bounds(m: pyo.ConcreteModel) -> None:
    """Closing inventory between target and max, in every scenario.

        target[m,t] ≤ I[s,m,t] ≤ max[m]      (only where a target or a max is set)
    """
    data = m.data
    lower = [(s, mat, t) for s in m.S for mat in m.M for t in m.T
             if stockpile_target(data, mat, t) > 0]
    upper = [(s, mat, t) for s in m.S for mat in m.M for t in m.T
             if data.stockpile(mat).max is not None]
    m.stock_target = pyo.Constraint(
        lower, rule=lambda m, s, mat, t: m.I[s, mat, t] >= stockpile_target(data, mat, t),
        doc="stockpile target")
    m.stock_max = pyo.Constraint(
        upper, rule=lambda m, s, mat, t: m.I[s, mat, t] <= data.stockpile(mat).max,
        doc="stockpile maximum")
