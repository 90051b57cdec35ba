"""Read a solved model back into plain numbers: no Pyomo objects leave this module."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo

from models.families.rulebook import RuleEntry
from models.solving.solver import Duals, Solution, SolveResult

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
    traced_tally: dict[tuple[str, str, str, str, str, str], float] = \
        field(default_factory=dict)
    """(scenario, rule, item, stage, country bucket, period) -> t delivered plus net
    change of stock (share rules with trace = TRUE; may be negative)."""
    contracts: dict[str, float] = field(default_factory=dict)
    """Offer -> 1 if its contract is signed (offers with a contract cost, take-or-pay
    or a term)."""
    orders: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, offer, period) -> 1 if an order is placed (offers with a minimum order
    or an order cost)."""
    units: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, investment, period) -> units built."""
    starts: dict[tuple[str, str], int] = field(default_factory=dict)
    """(offer, period) -> 1 if its contract starts then (contracts with a start)."""
    take_or_pay: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, offer, period) -> t paid for under take-or-pay but not taken."""
    sales: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, sale, period) -> t sold."""
    disposal: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, material, period) -> t discarded."""
    served_by_class: dict[tuple[str, str, str, str, str], float] = field(
        default_factory=dict)
    """(scenario, material, class, segment, period) -> t of traced material served."""
    held_by_class: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, material, class, period) -> closing t of traced material."""
    backlog: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, material, period) -> t of demand carried at the end of the period to be
    served later (materials with a backorder cost)."""
    lost_backlog: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(scenario, material, last period) -> t of backlog still open at the end of the
    horizon: lost, like unmet demand."""
    qualifications: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(scenario, offer or process, period) -> 1 where its qualification starts."""
    deliveries: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, offer, site, period ordered) -> t delivered to the site (with sites)."""
    site_runs: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, process, site, period) -> t of output made for the site."""
    site_stock: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, material, site, period) -> closing t at the site."""
    site_unmet: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, material, site, period) -> t not served, where demand is at several
    sites (elsewhere the unmet demand is the site's)."""
    site_disposal: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, material, site, period) -> t discarded, with several sites."""
    site_sales: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, sale, site, period) -> t sold, with several sites."""
    site_backlog: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    """(scenario, material, site, period) -> t of the site's demand carried, where the
    material is demanded at several sites (elsewhere the backlog is its one site's)."""
    segment_backlog: dict[tuple, float] = field(default_factory=dict)
    """(scenario, traced material, segment, (site,) period) -> t of the segment's demand
    carried, where its place has demand of several segments (elsewhere the backlog is
    its one segment's)."""
    scenario_costs: dict[str, dict[str, float]] = field(default_factory=dict)
    """Scenario -> cost term -> discounted value."""
    costs: dict[str, float] = field(default_factory=dict)
    """Cost term -> expected discounted value."""
    rules: list[RuleOutcome] = field(default_factory=list)


def _values(solution: Solution, var: pyo.Var, whole: bool = False) -> dict:
    """Index -> value of a Var component, read from its block of columns."""
    values = _cleaned(solution.values(var))
    if whole:
        values = np.round(values)
    return dict(zip(var.keys(), values.tolist(), strict=True))


def _cleaned(values: np.ndarray) -> np.ndarray:
    return np.where(np.abs(values) < TINY, 0.0, values)


def _clean(value: float | None) -> float:
    return 0.0 if value is None or abs(value) < TINY else float(value)


def extract_plan(m: pyo.ConcreteModel, result: SolveResult | None = None, *,
                 scenario_costs: dict[tuple[str, str], float] | None = None) -> Plan:
    """The plan of a solve of m (result's, or the last one kept in m.solution), with
    the rule report from its duals. scenario_costs gives the value of each (cost term,
    scenario) when a re-solve priced the model differently from its expressions."""
    solution = result.solution if result is not None else getattr(m, "solution", None)
    if solution is None:
        raise ValueError("the model has no solution to extract")
    probability = m.data.probability
    memo: dict = {}
    if scenario_costs is None:
        scenario_costs = {(term, s): solution.value(m.cost[term, s], memo)
                          for term in m.COST_TERMS for s in m.S}
    scenario_costs = {s: {term: _clean(scenario_costs[term, s]) for term in m.COST_TERMS}
                      for s in m.S}
    return Plan(
        purchases=_values(solution, m.x),
        processing=_values(solution, m.y),
        inventory=_values(solution, m.I),
        unmet=_values(solution, m.u),
        tally=_values(solution, m.tally),
        traced_tally=_values(solution, m.ttally),
        sales=_values(solution, m.sell),
        disposal=_values(solution, m.dispose),
        served_by_class=_values(solution, m.sv),
        held_by_class=_values(solution, m.Ic),
        deliveries=_values(solution, m.r),
        site_runs=_values(solution, m.ry),
        site_stock=_values(solution, m.Ik),
        site_unmet=_values(solution, m.uk),
        site_disposal=_values(solution, m.qk),
        site_sales=_values(solution, m.zk),
        site_backlog=_values(solution, m.backlogk),
        segment_backlog=_values(solution, m.backlogg),
        contracts={o: int(v) for o, v in _values(solution, m.z, whole=True).items()},
        orders={k: int(v) for k, v in _values(solution, m.w, whole=True).items()},
        units={k: int(v) for k, v in _values(solution, m.n, whole=True).items()},
        starts={k: int(v) for k, v in _values(solution, m.start, whole=True).items()},
        take_or_pay=_values(solution, m.short),
        **_time_values(m, solution),
        scenario_costs=scenario_costs,
        costs={term: sum(probability[s] * scenario_costs[s][term] for s in m.S)
               for term in m.COST_TERMS},
        rules=rule_outcomes(m, result.duals if result else {}, solution),
    )


def _time_values(m: pyo.ConcreteModel, solution: Solution) -> dict[str, dict]:
    """The backlog (and what of it is lost at the horizon's end) and the periods in
    which qualifications start."""
    backlog = _values(solution, m.backlog)
    last = m.data.period_ids[-1]
    return {"backlog": backlog,
            "lost_backlog": {k: v for k, v in backlog.items() if k[2] == last and v},
            "qualifications": {k: int(v) for k, v in _values(solution, m.qualify,
                                                             whole=True).items() if v}}


def scenario_weights(m: pyo.ConcreteModel, duals: Mapping) -> dict[str, float]:
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


def _entry_values(solution: Solution, entries: list[RuleEntry], part: str) -> np.ndarray:
    """The cleaned value of each entry's volume or violation (0 where it has none)."""
    values = np.zeros(len(entries))
    present = [i for i, e in enumerate(entries) if getattr(e, part) is not None]
    if present:
        values[present] = _cleaned(solution.evaluate([getattr(entries[i], part)
                                                      for i in present]))
    return values


def _rule_rows(solution: Solution, entries: list[RuleEntry],
               duals: Mapping) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per entry: its row (−1 without one), |dual| of that row, whether the row holds
    with equality (at its lower or upper bound)."""
    matrix = solution.matrix
    rows = np.full(len(entries), -1, dtype=np.int64)
    with_row = [i for i, e in enumerate(entries) if e.constraint is not None]
    rows[with_row] = matrix.rows_of([entries[i].constraint for i in with_row])
    dual = np.zeros(len(entries))
    if isinstance(duals, Duals) and duals.solution is solution:
        if solution.row_dual is not None:
            dual[with_row] = np.abs(solution.row_dual[rows[with_row]])
    elif duals:
        dual[with_row] = [abs(duals.get(entries[i].constraint, 0.0)) for i in with_row]
    active = np.zeros(len(entries), dtype=bool)
    if with_row:
        chosen = rows[with_row]
        body = solution.activity[chosen]
        for bound in (matrix.row_lower[chosen], matrix.row_upper[chosen]):
            finite = np.isfinite(bound)
            close = np.abs(body - np.where(finite, bound, 0.0)) <= 1e-6 * np.maximum(
                1.0, np.abs(np.where(finite, bound, 0.0)))
            active[with_row] |= finite & close
    return rows, dual, active


def rule_outcomes(m: pyo.ConcreteModel, duals: Mapping,
                  solution: Solution | None = None) -> list[RuleOutcome]:
    """One outcome per rule, scenario and period in which the rule applies."""
    solution = solution if solution is not None else m.solution
    data, book = m.data, m.rulebook
    entries = book.entries
    volumes = _entry_values(solution, entries, "volume")
    violations = _entry_values(solution, entries, "violation")
    rows, dual, active = _rule_rows(solution, entries, duals)
    weight = scenario_weights(m, duals)
    discount = {t: data.discount_factor(t) for t in data.period_ids}
    grouped: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        grouped[entry.rule.id, entry.scenario, entry.period].append(i)
    outcomes = []
    for rule in data.rules:
        for s in m.S:
            for t in rule.periods:
                if not rule.applies(s, t):
                    continue
                found = grouped.get((rule.id, s, t), [])
                with_rows = [i for i in found if rows[i] >= 0]
                volume = float(volumes[found].sum()) if found else 0.0
                violation = float(violations[found].sum()) if found else 0.0
                removed = book.removed.get((rule.id, s, t), 0)
                scale = discount[t] * weight[s]
                marginal = None
                if with_rows and duals and scale > 0:
                    marginal = _clean(float(dual[with_rows].max()) / scale)
                if with_rows:
                    binding = bool(marginal) or bool(
                        (active[with_rows] & (volumes[with_rows] != 0)).any())
                else:
                    binding = removed > 0 or bool(found)
                outcomes.append(RuleOutcome(rule.id, rule.kind, s, t, binding, violation,
                                            marginal, volume, removed))
    return outcomes
