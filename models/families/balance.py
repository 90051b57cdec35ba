"""Material balance: what comes in, what is consumed, what is kept."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.backorders import add_backlog_flows
from models.families.linear import Sums, variables
from models.input.arrival import arrival


def add_balance(m: pyo.ConcreteModel) -> None:
    """Inventory balance per scenario s, material m and period t.

        I[s,m,t-1] + Σ_{o sells m} x[s,o,t−L_o] + Σ_{p makes m} out[p,m] · y[s,p,t−L_p]
            − Σ_p input[p,m] · y[s,p,t] − d[s,m,t] + u[s,m,t]
            − B[s,m,t-1] + B[s,m,t] − q[s,m,t] − Σ_{k sells m} z[s,k,t] = I[s,m,t]

with out[p,m] = 1 for the main output and the ProcessOutputs quantity for a
co-product, q ≥ 0 the t discarded (only where the material has a disposal cost)
and z the t sold (Sales, 0 ≤ z ≤ capacity). L is the lead time of an offer or a
process (models/input/arrival.py: an order arrives L periods after it is placed) and B the
backlog of demand served late (models/families/backorders.py; only for materials with a
backorder cost).

    with I[s,m,0] = initial stock, d[s,m,t] the demand after the scenario's demand
    events and 0 ≤ u[s,m,t] ≤ d[s,m,t] (unmet demand, priced at the material's
    shortfall cost in the objective). Written with every variable on the left:
    flows − I[s,m,t] + I[s,m,t-1] + u = d − initial (initial in the first period only).
    """
    data = m.data
    if data.sites:  # the balances by site (models/families/sites.py) sum to it
        m.balance = pyo.Constraint([], doc="material balance (by site: site_balance)")
        return
    flows = Sums()
    for (s, o, t), x in variables(m.x).items():
        flows.add((s, data.offer_by_id[o].material, arrival(data, o, t)), 1.0, x)
    for (s, p, t), y in variables(m.y).items():
        process = data.process_by_id[p]
        ready = arrival(data, p, t)
        flows.add((s, process.output, ready), 1.0, y)
        for material, quantity in process.outputs.items():
            flows.add((s, material, ready), quantity, y)
        for material, quantity in process.inputs.items():
            flows.add((s, material, t), -quantity, y)
    for key, discarded in variables(m.dispose).items():
        flows.add(key, -1.0, discarded)
    sold_material = {sale.id: sale.material for sale in data.sales}
    for (s, k, t), sold in variables(m.sell).items():
        flows.add((s, sold_material[k], t), -1.0, sold)
    inventory = variables(m.I)
    previous = dict(zip(data.period_ids[1:], data.period_ids[:-1], strict=False))
    for (s, mat, t), closing in inventory.items():
        flows.add((s, mat, t), -1.0, closing)
        if t in previous:
            flows.add((s, mat, t), 1.0, inventory[s, mat, previous[t]])
    for key, unmet in variables(m.u).items():
        flows.add(key, 1.0, unmet)
    add_backlog_flows(m, flows)
    m.balance = pyo.Constraint(
        m.S, m.M, m.T, doc="material balance",
        rule=lambda m, s, mat, t: flows.take((s, mat, t)) == balance_rhs(m, s, mat, t))


def balance_rhs(m: pyo.ConcreteModel, s: str, mat: str, t: str) -> float:
    """d[s,m,t] − the initial stock (in the first period): the balance's right side."""
    rhs = m.terms.demand.get((s, mat, t), 0.0)
    if m.data.position[t] == 0:
        rhs -= m.data.stockpile(mat).initial
    return rhs
