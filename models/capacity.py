"""Capacity limits of offers and processes, after licences, orders and investments."""

from __future__ import annotations

import pyomo.environ as pyo

from models.investments import added_capacity


def add_offer_capacity(m: pyo.ConcreteModel) -> None:
    """Purchases stay within the offer's capacity, reduced by hard licences, and only
    flow once an order is placed or a contract signed (MILP).

        x[s,o,t] ≤ capacity[o] · f[s,o,t] · g[s,o,t]          for (s,o,t) in X

    f = Π value[r] over hard licences r on o; g = w[s,o,t] where the offer has a
    minimum order, else z[o] where it has a contract cost, else 1. capacity · f is
    the tightest bound the data give, so no other big-M is needed.
    """
    capacity = {o.id: o.capacity for o in m.data.offers}
    factor = m.terms.capacity_factor

    def rule(m: pyo.ConcreteModel, s: str, o: str, t: str):
        gate = m.w[s, o, t] if (s, o, t) in m.W else (m.z[o] if o in m.Z else 1)
        return m.x[s, o, t] <= capacity[o] * factor[s, o, t] * gate

    m.offer_capacity = pyo.Constraint(m.X, rule=rule, doc="offer capacity")


def add_process_capacity(m: pyo.ConcreteModel) -> None:
    """Processing stays within the process's capacity plus the units built for it,
    reduced by hard licences.

        y[s,p,t] ≤ f[s,p,t] · (capacity[p] + Σ_i unit[i] · Σ_{τ ≤ t − lead[i]} n[s,i,τ])
    """
    capacity = {p.id: p.capacity for p in m.data.processes}
    factor = m.terms.capacity_factor
    m.process_capacity = pyo.Constraint(
        m.Y, doc="process capacity",
        rule=lambda m, s, p, t: m.y[s, p, t]
        <= factor[s, p, t] * (capacity[p] + added_capacity(m, s, p, t)))
