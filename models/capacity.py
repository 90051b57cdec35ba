"""Capacity limits of offers."""

from __future__ import annotations

import pyomo.environ as pyo


def add_offer_capacity(m: pyo.ConcreteModel) -> None:
    """Purchases stay within the offer's capacity in each period of its window.

        x[o,t] ≤ capacity[o]        for every (o,t) in OT
    """
    capacity = {o.id: o.capacity for o in m.data.offers}
    m.offer_capacity = pyo.Constraint(
        m.OT, rule=lambda m, o, t: m.x[o, t] <= capacity[o], doc="offer capacity"
    )
