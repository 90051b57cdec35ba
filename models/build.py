"""Assemble the Pyomo model from typed data: index sets, variables, then each family.

Only combinations that exist are indexed: an offer has a purchase variable only in
the periods of its validity window, unmet demand only where there is demand.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models import balance, capacity, objective, stockpile
from models.data import ModelData


def build_model(data: ModelData) -> pyo.ConcreteModel:
    """The sourcing-and-stockpile model for data; solve it with models.solver.solve."""
    m = pyo.ConcreteModel(name="procurement")
    m.data = data  # kept for the constraint families and solution extraction

    m.T = pyo.Set(initialize=data.period_ids, ordered=True, doc="periods")
    materials = sorted(_active_materials(data))
    m.M = pyo.Set(initialize=materials, ordered=True, doc="materials with a balance")
    m.O = pyo.Set(initialize=[o.id for o in data.offers], ordered=True, doc="offers")
    m.OT = pyo.Set(
        dimen=2, ordered=True, doc="(offer, period) where the offer is valid",
        initialize=[(o.id, t) for o in data.offers for t in o.periods],
    )
    m.D = pyo.Set(
        dimen=2, ordered=True, doc="(material, period) with demand",
        initialize=[key for key, d in data.demand.items() if d.quantity > 0],
    )

    m.x = pyo.Var(m.OT, domain=pyo.NonNegativeReals, doc="t bought per offer and period")
    m.I = pyo.Var(m.M, m.T, domain=pyo.NonNegativeReals, doc="closing inventory, t")
    m.u = pyo.Var(m.D, domain=pyo.NonNegativeReals, doc="unmet demand, t",
                  bounds=lambda _, mat, t: (0.0, data.demand_of(mat, t)))

    balance.add_balance(m)
    capacity.add_offer_capacity(m)
    stockpile.add_stockpile_bounds(m)
    objective.add_objective(m)
    return m


def _active_materials(data: ModelData) -> set[str]:
    """Materials that can be bought, demanded or held."""
    active = {o.material for o in data.offers}
    active |= {d.material for d in data.demand.values() if d.quantity > 0}
    active |= {s.material for s in data.stockpiles.values()}
    return active
