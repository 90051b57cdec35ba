"""Material balance: what comes in, what is consumed, what is kept."""

from __future__ import annotations

import pyomo.environ as pyo


def add_balance(m: pyo.ConcreteModel) -> None:
    """Inventory balance per material m and period t.

        I[m,t-1] + Σ_{o sells m} x[o,t] − d[m,t] + u[m,t] = I[m,t]

    with I[m,0] = initial stock and 0 ≤ u[m,t] ≤ d[m,t] (unmet demand, priced at the
    material's shortfall cost in the objective).
    """
    data = m.data
    offers_of: dict[str, list[str]] = {}
    for offer in data.offers:
        offers_of.setdefault(offer.material, []).append(offer.id)
    periods = list(m.T)

    def rule(m: pyo.ConcreteModel, mat: str, t: str) -> pyo.Expression:
        i = periods.index(t)
        opening = m.I[mat, periods[i - 1]] if i > 0 else data.stockpile(mat).initial
        bought = sum(m.x[o, t] for o in offers_of.get(mat, ()) if (o, t) in m.OT)
        unmet = m.u[mat, t] if (mat, t) in m.D else 0.0
        return opening + bought - data.demand_of(mat, t) + unmet == m.I[mat, t]

    m.balance = pyo.Constraint(m.M, m.T, rule=rule, doc="material balance")
