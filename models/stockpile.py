"""Strategic stockpile bounds: a target to hold and a maximum to respect."""

from __future__ import annotations

import pyomo.environ as pyo


def add_stockpile_bounds(m: pyo.ConcreteModel) -> None:
    """Closing inventory between target and max, in every scenario.

        target[s,m,t] ≤ I[s,m,t] ≤ max[m]      (only where a target or a max is set)
    """
    data = m.data
    targets = m.terms.target
    upper = [(s, mat, t) for s in m.S for mat in m.M for t in m.T
             if data.stockpile(mat).max is not None]
    m.stock_target = pyo.Constraint(
        [key for key in targets if key[1] in m.M], doc="stockpile target",
        rule=lambda m, *key: m.I[key] >= targets[key])
    m.stock_max = pyo.Constraint(
        upper, rule=lambda m, s, mat, t: m.I[s, mat, t] <= data.stockpile(mat).max,
        doc="stockpile maximum")
