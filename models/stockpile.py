"""Strategic stockpile bounds: a target to hold and a maximum to respect."""

from __future__ import annotations

import pyomo.environ as pyo

from models.linear import variables


def add_stockpile_bounds(m: pyo.ConcreteModel) -> None:
    """Closing inventory between target and max, in every scenario.

        target[s,m,t] ≤ I[s,m,t] ≤ max[m]      (only where a target or a max is set)
    """
    data, inventory = m.data, variables(m.I)
    upper = [key for key in inventory if data.stockpile(key[1]).max is not None]
    m.stock_target = pyo.Constraint(
        [key for key in m.terms.target if key[1] in m.M], doc="stockpile target",
        rule=lambda m, *key: inventory[key] >= m.terms.target[key])
    m.stock_max = pyo.Constraint(
        upper, rule=lambda m, *key: inventory[key] <= m.data.stockpile(key[1]).max,
        doc="stockpile maximum")
