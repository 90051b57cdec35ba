"""Capacity investments: whole units built for a process, usable after a lead time."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import linear, variables


def built_by(m: pyo.ConcreteModel, s: str, investment: str, last: int) -> list:
    """Unit variables n[s,i,τ] of investment built in scenario s in periods 0..last
    (by position)."""
    units = _units(m)
    return [n for position, n in units.get((s, investment), ()) if position <= last]


def _units(m: pyo.ConcreteModel) -> dict[tuple[str, str], list[tuple[int, object]]]:
    """(scenario, investment) -> [(period position, n)] in period order (cached)."""
    if not hasattr(m, "_unit_vars"):
        found: dict[tuple[str, str], list[tuple[int, object]]] = {}
        for (s, i, t), n in variables(m.n).items():
            found.setdefault((s, i), []).append((m.data.position[t], n))
        m._unit_vars = found
    return m._unit_vars


def added_capacity(m: pyo.ConcreteModel, s: str, process: str,
                   t: str) -> tuple[list[float], list]:
    """(unit[i] per unit, n) terms of the t/period that built units add to process in
    period t: Σ_i unit[i] · Σ_{τ ≤ t − lead[i]} n[s,i,τ] ([] without investments)."""
    position = m.data.position[t]
    coefs, units = [], []
    for i in m.data.investments_of(process):
        built = built_by(m, s, i.id, position - i.lead_periods)
        coefs += [i.capacity] * len(built)
        units += built
    return coefs, units


def units_in_place(m: pyo.ConcreteModel, s: str, investment: str, t: str) -> list:
    """Unit variables built so far (from their build period on, for the fixed cost)."""
    return built_by(m, s, investment, m.data.position[t])


def add_unit_limits(m: pyo.ConcreteModel) -> None:
    """At most max_units units of an investment over the horizon.

        Σ_t n[s,i,t] ≤ max_units[i]           (only where max_units is set)
    """
    limited = [(s, i.id) for s in m.S for i in m.data.investments
               if i.max_units is not None and i.periods]
    last = len(m.T) - 1

    def rule(m: pyo.ConcreteModel, s: str, i: str):
        built = built_by(m, s, i, last)
        return linear([1.0] * len(built), built) <= m.data.investment_by_id[i].max_units

    m.unit_limit = pyo.Constraint(limited, rule=rule, doc="most units of an investment")
