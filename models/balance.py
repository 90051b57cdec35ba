"""Material balance: what comes in, what is consumed, what is kept."""

from __future__ import annotations

import pyomo.environ as pyo


def add_balance(m: pyo.ConcreteModel) -> None:
    """Inventory balance per scenario s, material m and period t.

        I[s,m,t-1] + Σ_{o sells m} x[s,o,t] + Σ_{p makes m} y[s,p,t]
            − Σ_p input[p,m] · y[s,p,t] − d[s,m,t] + u[s,m,t] = I[s,m,t]

    with I[s,m,0] = initial stock, d[s,m,t] the demand after the scenario's demand
    events and 0 ≤ u[s,m,t] ≤ d[s,m,t] (unmet demand, priced at the material's
    shortfall cost in the objective).
    """
    data = m.data
    inflow: dict[tuple[str, str, str], list] = {}
    outflow: dict[tuple[str, str, str], list] = {}
    offer_material = {o.id: o.material for o in data.offers}
    processes = {p.id: p for p in data.processes}
    for s, o, t in m.X:
        inflow.setdefault((s, offer_material[o], t), []).append(m.x[s, o, t])
    for s, p, t in m.Y:
        inflow.setdefault((s, processes[p].output, t), []).append(m.y[s, p, t])
        for material, quantity in processes[p].inputs.items():
            outflow.setdefault((s, material, t), []).append(quantity * m.y[s, p, t])
    previous = dict(zip(list(m.T)[1:], list(m.T)[:-1], strict=False))

    def rule(m: pyo.ConcreteModel, s: str, mat: str, t: str) -> pyo.Expression:
        opening = m.I[s, mat, previous[t]] if t in previous else data.stockpile(mat).initial
        unmet = m.u[s, mat, t] if (s, mat, t) in m.D else 0.0
        demand = m.terms.demand.get((s, mat, t), 0.0)
        return (opening + sum(inflow.get((s, mat, t), ())) - sum(outflow.get((s, mat, t), ()))
                - demand + unmet == m.I[s, mat, t])

    m.balance = pyo.Constraint(m.S, m.M, m.T, rule=rule, doc="material balance")
