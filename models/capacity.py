"""Capacity limits of offers and processes, after licences."""

from __future__ import annotations

import pyomo.environ as pyo


def add_offer_capacity(m: pyo.ConcreteModel) -> None:
    """Purchases stay within the offer's capacity, reduced by hard licences.

        x[s,o,t] ≤ capacity[o] · Π_{licences r on o} value[r]      for (s,o,t) in X
    """
    capacity = {o.id: o.capacity for o in m.data.offers}
    factor = m.terms.capacity_factor
    m.offer_capacity = pyo.Constraint(
        m.X, rule=lambda m, s, o, t: m.x[s, o, t] <= capacity[o] * factor[s, o, t],
        doc="offer capacity")


def add_process_capacity(m: pyo.ConcreteModel) -> None:
    """Processing stays within the process's capacity, reduced by hard licences.

        y[s,p,t] ≤ capacity[p] · Π_{licences r on p} value[r]      for (s,p,t) in Y
    """
    capacity = {p.id: p.capacity for p in m.data.processes}
    factor = m.terms.capacity_factor
    m.process_capacity = pyo.Constraint(
        m.Y, rule=lambda m, s, p, t: m.y[s, p, t] <= capacity[p] * factor[s, p, t],
        doc="process capacity")
