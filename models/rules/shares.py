"""Diversification rules on the stage tally and on acquisitions (SPEC §3).

Every row is written as `lhs ≤ 0` against the per-stage tally variables (or the
deliveries of each supplier), so a row has one term per country (or per supplier)
rather than one per offer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyomo.environ as pyo

from models.families.linear import linear, variables
from models.families.sites import rule_items
from models.input.chain import CHAIN, UNKNOWN
from models.input.classes import IN, OTHER
from models.input.data import SHARE_KINDS, Rule

Row = tuple[str, list[float], list, float, tuple, tuple[list[float], list]]
"""A row `sign · (Σ coefs · variables − value · whole[key]) ≤ 0`: (the country or
supplier it caps, or '' for a group; coefs, variables, sign, whole key, (coefs,
variables) of its volume)."""
SUPPLIERS = "suppliers"
"""The stage of a whole that counts deliveries by supplier (max_supplier_share)."""


def _items(m: pyo.ConcreteModel, rule: Rule) -> tuple[str, ...]:
    return rule_items(m.data, rule)


def _stages(rule: Rule) -> tuple[str, ...]:
    return (rule.stage,) if rule.stage is not None else CHAIN


def _recycled_stage(m: pyo.ConcreteModel, rule: Rule) -> str:
    """The rule's stage; blank: the item's own stage, or separation for an element."""
    if rule.stage is not None:
        return rule.stage
    material = m.data.materials.get(rule.item or "")
    return material.stage if material and material.stage in CHAIN else "separation"


def traced_share_rows(m: pyo.ConcreteModel, rule: Rule, s: str, t: str) -> Iterator[Row]:
    """Rows of a share rule with trace = TRUE, on the traced tallies
    (models/rules/traced_tally.py): a country's bucket for max_share, the bucket `in` of the
    named group for min_share and max_group_share. A rule naming a site has tallies
    of that site's classes alone, under the item itself."""
    tally = variables(m.ttally)
    for k in (rule.item,) if rule.item is not None else m.data.elements:
        for g in _stages(rule):
            present = m.ttally_buckets.get((s, rule.id, k, g, t), [])
            if not present:
                continue
            whole = (s, k, f"{g} traced by {rule.id}", t)
            m.traced_wholes[whole] = (rule.id, k, g)
            if rule.kind == "max_share":
                capped = [b for b in present if b not in (UNKNOWN, OTHER)]
                for b in capped:
                    var = tally[s, rule.id, k, g, b, t]
                    yield b, [1.0], [var], 1.0, whole, ([1.0], [var])
                continue
            named = [tally[s, rule.id, k, g, b, t] for b in present if b == IN]
            ones = [1.0] * len(named)
            if rule.kind == "max_group_share" and named:
                yield "", ones, named, 1.0, whole, (ones, named)
            elif rule.kind == "min_share":
                yield "", ones, named, -1.0, whole, (ones, named)


def share_rows(m: pyo.ConcreteModel, rule: Rule, s: str, t: str) -> Iterator[Row]:
    """Each row of rule in scenario s and period t, with its volume."""
    if rule.trace:
        yield from traced_share_rows(m, rule, s, t)
        return
    tally = m.tally_vars
    for k in _items(m, rule):
        if rule.kind == "max_supplier_share":
            for supplier in m.sellers.get((s, k, t), []):
                if rule.supplier in (None, supplier):
                    var = m.delivered_vars[s, k, supplier, t]
                    yield supplier, [1.0], [var], 1.0, (s, k, SUPPLIERS, t), ([1.0], [var])
            continue
        stages = (_recycled_stage(m, rule),) if rule.kind == "min_recycled_share" \
            else _stages(rule)
        for g in stages:
            present = m.tally_countries.get((s, k, g, t), [])
            if not present:
                continue
            whole = (s, k, g, t)
            if rule.countries is None:  # every country; unknown origin is not a country
                countries = [c for c in present if c != UNKNOWN]
            else:
                countries = [c for c in present if c in rule.countries]
            named = [tally[s, k, g, c, t] for c in countries]
            ones = [1.0] * len(named)
            if rule.kind == "max_share":
                for c, var in zip(countries, named, strict=True):
                    yield c, [1.0], [var], 1.0, whole, ([1.0], [var])
            elif rule.kind == "max_group_share" and named:
                yield "", ones, named, 1.0, whole, (ones, named)
            elif rule.kind == "min_share":
                yield "", ones, named, -1.0, whole, (ones, named)
            elif rule.kind == "min_recycled_share":
                coefs, parts = m.tally_recycled.terms((s, k, g, t))
                yield "", coefs, parts, -1.0, whole, (coefs, parts)


def add_wholes(m: pyo.ConcreteModel, keys: list[tuple]) -> None:
    """The whole that a share is taken of, one variable per row group:

        whole[s,k,g,t] = Σ_c tally[s,k,g,c,t]                 (g a stage)
        whole[s,k,suppliers,t] = Σ_sp delivered[s,k,sp,t]
        whole[s,k,g traced by r,t] = Σ_b ttally[s,r,k,g,b,t]      (free: net of stock)

    so each share row has two terms, and the sum is written once per group.
    """
    m.WHOLE = pyo.Set(initialize=keys, dimen=4, ordered=True,
                      doc="(scenario, item, stage or 'suppliers', period) a share is taken of")
    m.whole = pyo.Var(m.WHOLE, domain=pyo.Reals, doc="t a share is taken of",
                      bounds=lambda m, *key: (None if key in m.traced_wholes else 0.0, None))
    whole = variables(m.whole)

    def rule(m: pyo.ConcreteModel, s: str, k: str, g: str, t: str):
        if (s, k, g, t) in m.traced_wholes:
            r, item, stage = m.traced_wholes[s, k, g, t]
            tally = variables(m.ttally)
            parts = [tally[s, r, item, stage, b, t]
                     for b in m.ttally_buckets[s, r, item, stage, t]]
        elif g == SUPPLIERS:
            parts = [m.delivered_vars[s, k, sp, t] for sp in m.sellers[s, k, t]]
        else:
            parts = [m.tally_vars[s, k, g, c, t] for c in m.tally_countries[s, k, g, t]]
        return linear([*([1.0] * len(parts)), -1.0], [*parts, whole[s, k, g, t]]) == 0.0

    m.whole_def = pyo.Constraint(m.WHOLE, rule=rule, doc="the whole of a share")


def _can_bind(rule: Rule) -> bool:
    """A cap of 100 % or a floor of 0 % can never bind; it gets no rows."""
    if rule.kind.startswith("max"):
        return rule.value < 1.0
    return rule.value > 0.0


def share_rule_row(m: pyo.ConcreteModel, *index: str):
    """The row (s, rule, t, k, g, country or supplier); the rule's value is read from
    m.data when called."""
    share, _, coefs, parts, sign, key, _ = m.share_specs[index]
    value = m.data.rule_by_id[share.id].value
    coefs = [*(sign * c for c in coefs), -sign * value]
    parts = [*parts, variables(m.whole)[key]]
    slack = variables(m.v_share)
    if index in slack:
        return linear([*coefs, -1.0], [*parts, slack[index]]) <= 0.0
    return linear(coefs, parts) <= 0.0


def add_share_rules(m: pyo.ConcreteModel) -> None:
    """One row per rule, scenario, period, item, stage and named country or supplier.

        max_share:          tally[s,k,g,c,t] ≤ value · whole[s,k,g,t] + v
        max_group_share:    Σ_{c∈group} tally[s,k,g,c,t] ≤ value · whole[s,k,g,t] + v
        min_share:          Σ_{c∈named} tally[s,k,g,c,t] + v ≥ value · whole[s,k,g,t]
        min_recycled_share: recycled[s,k,g,t] + v ≥ value · whole[s,k,g,t]
        max_supplier_share: delivered[s,k,sp,t] ≤ value · whole[s,k,suppliers,t] + v

    with whole the stage's (or the suppliers') total (add_wholes). v ≥ 0 exists only
    for soft rules (priced by the penalty). Blank item: every element on its own;
    blank stage: every chain stage on its own. A row is indexed by what it limits
    (scenario, rule, period, item, stage, and the country or supplier it caps).
    """
    m.tally_vars, m.delivered_vars = variables(m.tally), variables(m.delivered)
    m.traced_wholes = {}
    """Whole key of a traced share rule -> (rule, item, stage)."""
    rows: dict[tuple[str, int], tuple] = {}
    for rule in (r for r in m.data.rules if r.kind in SHARE_KINDS and _can_bind(r)):
        for s in m.S:
            for t in rule.periods:
                if rule.applies(s, t):
                    for capped, *row in share_rows(m, rule, s, t):
                        whole = row[3]
                        stage = m.traced_wholes.get(whole, (None, None, whole[2]))[2]
                        rows[s, rule.id, t, whole[1], stage, capped] = (rule, t, *row)
    add_wholes(m, list(dict.fromkeys(row[5] for row in rows.values())))
    m.SHARE_ROWS = pyo.Set(
        initialize=list(rows), dimen=6, ordered=True,
        doc="(scenario, rule, period, item, stage, country or supplier; '' for a group)")
    m.V_share = pyo.Set(initialize=[key for key, row in rows.items() if row[0].soft],
                        dimen=6, ordered=True, doc="rows of soft share rules")
    m.v_share = pyo.Var(m.V_share, domain=pyo.NonNegativeReals, doc="share rule violation, t")
    slack = variables(m.v_share)
    m.share_specs = rows
    """SHARE_ROWS index -> (rule, period, coefs, variables, sign, whole key, volume)."""
    m.share_rule = pyo.Constraint(m.SHARE_ROWS, rule=share_rule_row, doc="diversification rule")
    for index, (share, t, *_, volume) in rows.items():
        m.rulebook.add(share, index[0], t, constraint=m.share_rule[index],
                       volume=linear(*volume), violation=slack.get(index))
