"""Capacity limits of offers and processes, after licences, orders and investments."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.investments import added_capacity
from models.families.linear import linear, variables
from models.families.takeorpay import in_force


def offer_limit(m: pyo.ConcreteModel, s: str, o: str, t: str) -> float:
    """capacity[o] · f[s,o,t]: the most that can be bought, in t."""
    return m.data.offer_by_id[o].capacity * m.terms.capacity_factor[s, o, t]


def add_offer_capacity(m: pyo.ConcreteModel) -> None:
    """Purchases stay within the offer's capacity, reduced by hard licences, and only
    flow once an order is placed or a contract signed (MILP).

        x[s,o,t] ≤ capacity[o] · f[s,o,t] · g[s,o,t]          for (s,o,t) in X

    f = ρ_t · Π value[r] over hard licences r on o; g = w[s,o,t] where the offer has a
    minimum order or an order cost, else active[o,t] (models.families.takeorpay) where the
    contract has a start (take-or-pay or a term), else z[o] where it has a contract
    cost, else 1. capacity · f is the tightest bound the data give, so no other big-M
    is needed.
    """
    m.offer_capacity = pyo.Constraint(m.X, rule=offer_capacity_row, doc="offer capacity")


def offer_capacity_row(m: pyo.ConcreteModel, s: str, o: str, t: str):
    """The row of (s, o, t); numbers are read from m.data and m.terms when called."""
    x, w, z = variables(m.x), variables(m.w), variables(m.z)
    limit = offer_limit(m, s, o, t)
    gate = [w[s, o, t]] if (s, o, t) in w else in_force(m, o, t)
    if gate is None:
        gate = [z[o]] if o in z else []
    if not gate:
        return x[s, o, t] <= limit
    return linear([1.0] + [-limit] * len(gate), [x[s, o, t], *gate]) <= 0.0


def add_process_capacity(m: pyo.ConcreteModel) -> None:
    """Processing stays within the process's capacity plus the units built for it,
    reduced by hard licences.

        y[s,p,t] ≤ f[s,p,t] · (capacity[p] + Σ_i unit[i] · Σ_{τ ≤ t − lead[i]} n[s,i,τ])
    """
    m.process_capacity = pyo.Constraint(m.Y, rule=process_capacity_row,
                                        doc="process capacity")


def process_capacity_row(m: pyo.ConcreteModel, s: str, p: str, t: str):
    """The row of (s, p, t); numbers are read from m.data and m.terms when called."""
    y = variables(m.y)
    factor = m.terms.capacity_factor[s, p, t]
    limit = factor * m.data.process_by_id[p].capacity
    coefs, units = added_capacity(m, s, p, t)
    if not units:
        return y[s, p, t] <= limit
    return linear([1.0, *(-factor * c for c in coefs)], [y[s, p, t], *units]) <= limit
