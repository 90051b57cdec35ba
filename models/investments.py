"""Capacity investments: whole units built for a process, usable after a lead time."""

from __future__ import annotations

import pyomo.environ as pyo


def _built_by(m: pyo.ConcreteModel, s: str, investment: str, last: int):
    """Units of investment built in scenario s in periods 0..last (by position)."""
    periods = m.data.period_ids
    return sum(m.n[s, investment, periods[k]] for k in range(last + 1)
               if (s, investment, periods[k]) in m.N)


def added_capacity(m: pyo.ConcreteModel, s: str, process: str, t: str):
    """t/period that built units add to process in period t (0 without investments)."""
    position = m.data.position[t]
    return sum(i.capacity * _built_by(m, s, i.id, position - i.lead_periods)
               for i in m.data.investments_of(process) if position - i.lead_periods >= 0)


def units_in_place(m: pyo.ConcreteModel, s: str, investment: str, t: str):
    """Units built so far (from their build period on, for the fixed cost)."""
    return _built_by(m, s, investment, m.data.position[t])


def add_unit_limits(m: pyo.ConcreteModel) -> None:
    """At most max_units units of an investment over the horizon.

        Σ_t n[s,i,t] ≤ max_units[i]           (only where max_units is set)
    """
    limited = [(s, i.id) for s in m.S for i in m.data.investments
               if i.max_units is not None and i.periods]
    max_units = {i.id: i.max_units for i in m.data.investments}
    m.unit_limit = pyo.Constraint(
        limited, doc="most units of an investment",
        rule=lambda m, s, i: _built_by(m, s, i, len(m.T) - 1) <= max_units[i])
