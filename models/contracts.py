"""Minimum orders and contracts: the lumpy side of sourcing (MILP)."""

from __future__ import annotations

import pyomo.environ as pyo


def add_orders_and_contracts(m: pyo.ConcreteModel) -> None:
    """An order, once placed, is at least the minimum order; it needs the contract.

        x[s,o,t] ≥ min_order[o] · w[s,o,t]        for (s,o,t) in W
        w[s,o,t] ≤ z[o]                           for (s,o,t) in W with o in Z

    The upper side x ≤ capacity · w is the offer capacity row.
    """
    minimum = {o.id: o.min_order for o in m.data.offers}
    m.min_order = pyo.Constraint(
        m.W, rule=lambda m, s, o, t: m.x[s, o, t] >= minimum[o] * m.w[s, o, t],
        doc="minimum order")
    m.order_needs_contract = pyo.Constraint(
        [k for k in m.W if k[1] in m.Z], rule=lambda m, s, o, t: m.w[s, o, t] <= m.z[o],
        doc="order needs the contract")
