"""Read a solved model back into plain numbers: no Pyomo objects leave this module."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyomo.environ as pyo

_TINY = 1e-9
"""Values below this (solver noise) are reported as 0."""


@dataclass
class Plan:
    """Decision values and cost components of a solved model."""

    purchases: dict[tuple[str, str], float] = field(default_factory=dict)
    """(offer, period) -> t bought."""
    inventory: dict[tuple[str, str], float] = field(default_factory=dict)
    """(material, period) -> closing t."""
    unmet: dict[tuple[str, str], float] = field(default_factory=dict)
    """(material, period) -> t of demand not served."""
    costs: dict[str, float] = field(default_factory=dict)
    """Cost component -> discounted value."""


def _values(var: pyo.Var) -> dict:
    return {index: _clean(v.value) for index, v in var.items()}


def _clean(value: float | None) -> float:
    return 0.0 if value is None or abs(value) < _TINY else float(value)


def extract_plan(m: pyo.ConcreteModel) -> Plan:
    """The plan loaded in m's variables."""
    return Plan(
        purchases=_values(m.x),
        inventory=_values(m.I),
        unmet=_values(m.u),
        costs={term: _clean(pyo.value(getattr(m, f"cost_{term}"))) for term in m.COST_TERMS},
    )
