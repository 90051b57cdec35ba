"""Cost terms and the objective: every term discounted to the first period."""

from __future__ import annotations

import pyomo.environ as pyo


def add_objective(m: pyo.ConcreteModel) -> None:
    """Minimise the discounted total cost, kept as named components.

        purchase  = Σ_{o,t} δ_t · price[o] · x[o,t]
        holding   = Σ_{m,t} δ_t · holding[m] · I[m,t]
        shortfall = Σ_{m,t} δ_t · shortfall_cost[m] · u[m,t]
        min  purchase + holding + shortfall

    with δ_t = 1 / (1 + discount_rate)^(years elapsed before t).
    """
    data = m.data
    delta = {t: data.discount_factor(t) for t in m.T}
    price = {o.id: o.price for o in data.offers}
    m.cost_purchase = pyo.Expression(
        expr=sum(delta[t] * price[o] * m.x[o, t] for o, t in m.OT), doc="purchases")
    m.cost_holding = pyo.Expression(
        expr=sum(delta[t] * data.stockpile(mat).holding_cost * m.I[mat, t]
                 for mat in m.M for t in m.T if data.stockpile(mat).holding_cost),
        doc="stockpile holding")
    m.cost_shortfall = pyo.Expression(
        expr=sum(delta[t] * data.materials[mat].shortfall_cost * m.u[mat, t] for mat, t in m.D),
        doc="unmet demand")
    m.COST_TERMS = ("purchase", "holding", "shortfall")
    m.total_cost = pyo.Objective(
        expr=sum(getattr(m, f"cost_{term}") for term in m.COST_TERMS), sense=pyo.minimize)
