"""Read a solved model back into plain numbers: no Pyomo objects leave this module."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyomo.environ as pyo

from models.rulebook import RuleEntry
from models.solver import SolveResult

TINY = 1e-7
"""Values below this (solver noise) are reported as 0."""


@dataclass(frozen=True)
class RuleOutcome:
    """What one rule did in one scenario and period."""

    rule: str
    kind: str
    scenario: str
    period: str
    binding: bool
    violation: float
    marginal_cost: float | None
    """Currency per t (undiscounted, per scenario): the largest |dual| of the rule's rows
    in this scenario and period, for rules with rows; None otherwise."""
    volume: float
    """t bought or processed under the rule (or the tallied amount it limits)."""
    removed: int
    """Offers and processes a hard ban removed."""


@dataclass
class Plan:
    """Decision values and cost components of a solved model."""

    purchases: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, offer, period) -> t bought."""
    processing: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, process, period) -> t of output."""
    inventory: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, material, period) -> closing t."""
    unmet: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, material, period) -> t of demand not served."""
    tally: dict[tuple[str, str, str, str, str], float] = field(default_factory=dict)
    """(scenario, item, stage, country, period) -> t."""
    contracts: dict[str, float] = field(default_factory=dict)
    """Offer -> 1 if its contract is signed (offers with a contract cost)."""
    orders: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, offer, period) -> 1 if an order is placed (offers with a minimum order)."""
    units: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, investment, period) -> units built."""
    scenario_costs: dict[str, dict[str, float]] = field(default_factory=dict)
    """Scenario -> cost term -> discounted value."""
    costs: dict[str, float] = field(default_factory=dict)
    """Cost term -> expected discounted value."""
    rules: list[RuleOutcome] = field(default_factory=list)


def _values(var: pyo.Var) -> dict:
    return {index: _clean(v.value) for index, v in var.items()}


def _clean(value: float | None) -> float:
    return 0.0 if value is None or abs(value) < TINY else float(value)


def extract_plan(m: pyo.ConcreteModel, result: SolveResult | None = None) -> Plan:
    """The plan loaded in m's variables (and the rule report, using result's duals)."""
    probability = m.data.probability
    scenario_costs = {s: {term: _clean(pyo.value(m.cost[term, s])) for term in m.COST_TERMS}
                      for s in m.S}
    return Plan(
        purchases=_values(m.x),
        processing=_values(m.y),
        inventory=_values(m.I),
        unmet=_values(m.u),
        tally=_values(m.tally),
        contracts={o: round(v) for o, v in _values(m.z).items()},
        orders={k: round(v) for k, v in _values(m.w).items()},
        units={k: round(v) for k, v in _values(m.n).items()},
        scenario_costs=scenario_costs,
        costs={term: sum(probability[s] * scenario_costs[s][term] for s in m.S)
               for term in m.COST_TERMS},
        rules=rule_outcomes(m, result.duals if result else {}),
    )


def _active(entry: RuleEntry) -> bool:
    """The rule's row holds with equality (at its lower or upper bound)."""
    con = entry.constraint
    body = pyo.value(con.body)
    return any(bound is not None and abs(body - bound) <= 1e-6 * max(1.0, abs(bound))
               for bound in (pyo.value(con.lower), pyo.value(con.upper)))


def scenario_weights(m: pyo.ConcreteModel, duals: dict) -> dict[str, float]:
    """How much one more unit of a scenario's cost moves the objective.

    π_s for the expected cost; with a CVaR term, (1 − λ) π_s plus the shadow price of
    the scenario's CVaR tail row (its share of the tail). Dividing a dual by this
    weight (and δ_t) turns it into that scenario's own currency per t.
    """
    probability = m.data.probability
    if not hasattr(m, "tail"):
        return probability
    weight = m.data.risk_weight
    return {s: (1 - weight) * probability[s] + abs(duals.get(m.tail[s], 0.0)) for s in m.S}


def rule_outcomes(m: pyo.ConcreteModel, duals: dict) -> list[RuleOutcome]:
    """One outcome per rule, scenario and period in which the rule applies."""
    data, book = m.data, m.rulebook
    weight = scenario_weights(m, duals)
    discount = {t: data.discount_factor(t) for t in data.period_ids}
    grouped: dict[tuple[str, str, str], list[RuleEntry]] = defaultdict(list)
    for entry in book.entries:
        grouped[entry.rule.id, entry.scenario, entry.period].append(entry)
    outcomes = []
    for rule in data.rules:
        for s in m.S:
            for t in rule.periods:
                if not rule.applies(s, t):
                    continue
                entries = grouped.get((rule.id, s, t), [])
                rows = [e for e in entries if e.constraint is not None]
                volume = sum(_clean(pyo.value(e.volume)) for e in entries
                             if e.volume is not None)
                violation = sum(_clean(pyo.value(e.violation)) for e in entries
                                if e.violation is not None)
                removed = book.removed.get((rule.id, s, t), 0)
                scale = discount[t] * weight[s]
                marginal = None
                if rows and duals and scale > 0:
                    marginal = max(abs(duals.get(e.constraint, 0.0)) for e in rows) / scale
                    marginal = _clean(marginal)
                if rows:
                    binding = bool(marginal) or any(_active(e) and _clean(pyo.value(e.volume))
                                                    for e in rows)
                else:
                    binding = removed > 0 or bool(entries)
                outcomes.append(RuleOutcome(rule.id, rule.kind, s, t, binding, violation,
                                            marginal, volume, removed))
    return outcomes
