"""Minimum orders and contracts: the lumpy side of sourcing (MILP)."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import linear, variables
from models.families.takeorpay import in_force


def add_orders_and_contracts(m: pyo.ConcreteModel) -> None:
    """An order, once placed, is at least the minimum order; it needs the contract.

        x[s,o,t] ≥ ρ_t · min_order[o] · w[s,o,t]        for (s,o,t) in W
        w[s,o,t] ≤ z[o]                           for (s,o,t) in W with o in Z
        w[s,o,t] ≤ active[o,t]                    instead, for a contract with a start

    (the first row only where min_order > 0: an offer in W for its order cost alone
    needs no floor). The upper side x ≤ capacity · w is the offer capacity row.
    """
    x, w, z = variables(m.x), variables(m.w), variables(m.z)
    offer = m.data.offer_by_id
    m.min_order = pyo.Constraint(
        [k for k in m.W if offer[k[1]].min_order > 0], doc="minimum order",
        rule=lambda m, s, o, t: linear([1.0, -offer[o].min_order * m.data.per_period(t)],
                                       [x[s, o, t], w[s, o, t]]) >= 0.0)

    def needs_contract(m, s, o, t):
        gate = in_force(m, o, t)
        if gate is None:
            return linear([1.0, -1.0], [w[s, o, t], z[o]]) <= 0.0
        return linear([1.0] + [-1.0] * len(gate), [w[s, o, t], *gate]) <= 0.0

    m.order_needs_contract = pyo.Constraint(
        [k for k in m.W if k[1] in z], doc="order needs the contract", rule=needs_contract)
