"""Strategic stockpile bounds: a target to hold and a maximum to respect."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import variables


def add_stockpile_bounds(m: pyo.ConcreteModel) -> None:
    """Closing inventory between target and max, in every scenario.

        target[s,m,t] ≤ I[s,m,t] ≤ max[m]      (only where a target or a max is set)
    """
    data, inventory = m.data, variables(m.I)
    upper = [key for key in inventory if data.stockpile(key[1]).max is not None]
    m.stock_target = pyo.Constraint(
        [key for key in m.terms.target if key[1] in m.M], doc="stockpile target",
        rule=stock_target_row)
    m.stock_max = pyo.Constraint(upper, rule=stock_max_row, doc="stockpile maximum")


def stock_target_row(m: pyo.ConcreteModel, s: str, mat: str, t: str):
    return variables(m.I)[s, mat, t] >= m.terms.target[s, mat, t]


def stock_max_row(m: pyo.ConcreteModel, s: str, mat: str, t: str):
    return variables(m.I)[s, mat, t] <= m.data.stockpile(mat).max
