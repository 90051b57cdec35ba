"""Diversification rules on the stage tally and on acquisitions (SPEC §3).

Every row is written as `lhs ≤ 0` against the per-stage tally variables, so a row
has one term per country (or per supplier) rather than one per offer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyomo.environ as pyo

from models.chain import CHAIN, UNKNOWN
from models.data import SHARE_KINDS, Rule
from models.tally import total


def _items(m: pyo.ConcreteModel, rule: Rule) -> tuple[str, ...]:
    return (rule.item,) if rule.item is not None else m.data.elements


def _stages(rule: Rule) -> tuple[str, ...]:
    return (rule.stage,) if rule.stage is not None else CHAIN


def _recycled_stage(m: pyo.ConcreteModel, rule: Rule) -> str:
    """The rule's stage; blank: the item's own stage, or separation for an element."""
    if rule.stage is not None:
        return rule.stage
    material = m.data.materials.get(rule.item or "")
    return material.stage if material and material.stage in CHAIN else "separation"


def _rows(m: pyo.ConcreteModel, rule: Rule, s: str, t: str) -> Iterator[tuple[object, object]]:
    """(lhs, volume) of each row `lhs ≤ 0` of rule in scenario s and period t."""
    v = rule.value
    for k in _items(m, rule):
        if rule.kind == "max_supplier_share":
            parts = m.tally_by_supplier.get((s, k, t), {})
            everything = sum(parts.values())
            for supplier, amount in parts.items():
                if rule.supplier in (None, supplier):
                    yield amount - v * everything, amount
            continue
        stages = (_recycled_stage(m, rule),) if rule.kind == "min_recycled_share" \
            else _stages(rule)
        for g in stages:
            present = m.tally_countries.get((s, k, g, t), [])
            if not present:
                continue
            whole = total(m, s, k, g, t)
            if rule.countries is None:  # every country; unknown origin is not a country
                named = [c for c in present if c != UNKNOWN]
            else:
                named = [c for c in present if c in rule.countries]
            if rule.kind == "max_share":
                for c in named:
                    yield m.tally[s, k, g, c, t] - v * whole, m.tally[s, k, g, c, t]
            elif rule.kind == "max_group_share" and named:
                amount = sum(m.tally[s, k, g, c, t] for c in named)
                yield amount - v * whole, amount
            elif rule.kind == "min_share":
                amount = sum(m.tally[s, k, g, c, t] for c in named)
                yield v * whole - amount, amount
            elif rule.kind == "min_recycled_share":
                amount = m.tally_recycled.get((s, k, g, t), 0)
                yield v * whole - amount, amount


def _can_bind(rule: Rule) -> bool:
    """A cap of 100 % or a floor of 0 % can never bind; it gets no rows."""
    if rule.kind.startswith("max"):
        return rule.value < 1.0
    return rule.value > 0.0


def add_share_rules(m: pyo.ConcreteModel) -> None:
    """One row per rule, scenario, period, item, stage and named country or supplier.

        max_share:          tally[s,k,g,c,t] ≤ value · Σ_c' tally[s,k,g,c',t] + v
        max_group_share:    Σ_{c∈group} tally[s,k,g,c,t] ≤ value · Σ_c' tally + v
        min_share:          Σ_{c∈named} tally[s,k,g,c,t] + v ≥ value · Σ_c' tally
        min_recycled_share: recycled[s,k,g,t] + v ≥ value · Σ_c' tally[s,k,g,c',t]
        max_supplier_share: acq[s,k,sp,t] ≤ value · Σ_sp' acq[s,k,sp',t] + v

    v ≥ 0 exists only for soft rules (priced by the penalty). Blank item: every
    element on its own; blank stage: every chain stage on its own.
    """
    rows = []
    for rule in (r for r in m.data.rules if r.kind in SHARE_KINDS and _can_bind(r)):
        for s in m.S:
            for t in rule.periods:
                if rule.applies(s, t):
                    rows += [(rule, s, t, lhs, vol) for lhs, vol in _rows(m, rule, s, t)]
    m.SHARE_ROWS = pyo.RangeSet(len(rows))
    soft = [i for i, row in enumerate(rows, start=1) if row[0].soft]
    m.V_share = pyo.Set(initialize=soft, ordered=True, doc="rows of soft share rules")
    m.v_share = pyo.Var(m.V_share, domain=pyo.NonNegativeReals, doc="share rule violation, t")
    m.share_rule = pyo.Constraint(
        m.SHARE_ROWS, doc="diversification rule",
        rule=lambda m, i: rows[i - 1][3] - (m.v_share[i] if i in m.V_share else 0) <= 0)
    for i, (rule, s, t, _, volume) in enumerate(rows, start=1):
        m.rulebook.add(rule, s, t, constraint=m.share_rule[i], volume=volume,
                       violation=m.v_share[i] if i in m.V_share else None)
