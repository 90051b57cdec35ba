"""Bans, tariffs and licences in the model: soft versions and their rule-book entries.

Hard bans, tariffs and hard licences are already in the terms (models/input/terms.py): a
banned combination has no variable, a tariff is in the price, a licence in the
capacity row. This family adds the rows of soft rules and records every rule's
entries in the rule book.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import linear, variables
from models.input.terms import LICENCE_KINDS


def soft_licence_limit(m: pyo.ConcreteModel, s: str, r: str, a: str, t: str) -> float:
    """capacity[a] · f[s,a,t] · value[r]: what a soft licence lets through, in t."""
    return (m.data.acquisition(a).capacity * m.terms.capacity_factor[s, a, t]
            * m.data.rule_by_id[r].value)


def soft_licence_row(m: pyo.ConcreteModel, s: str, r: str, a: str, t: str):
    """The row of (s, r, a, t); numbers are read from m.data and m.terms when called."""
    quantity = variables(m.x if (s, a, t) in m.x else m.y)
    return linear([1.0, -1.0], [quantity[s, a, t], variables(m.v_licence)[s, r, a, t]]) \
        <= soft_licence_limit(m, s, r, a, t)


def add_trade_rules(m: pyo.ConcreteModel) -> None:
    """Soft licences and soft bans, priced by their penalty.

        soft licence r:  q[s,a,t] ≤ capacity[a] · f[s,a,t] · value[r] + v[s,r,a,t]
        soft ban r:      violation = q[s,a,t]          (every t bought is a violation)

    where q is x for offers and y for processes and f the hard capacity factor.
    """
    terms, book = m.terms, m.rulebook
    quantity = variables(m.x) | variables(m.y)
    m.V_licence = pyo.Set(initialize=[(key[0], rule.id, *key[1:])
                                      for rule, key in terms.soft_licences],
                          dimen=4, ordered=True, doc="(scenario, rule, offer/process, period)")
    m.v_licence = pyo.Var(m.V_licence, domain=pyo.NonNegativeReals,
                          doc="t beyond a soft licence")
    excess = variables(m.v_licence)
    m.soft_licence = pyo.Constraint(m.V_licence, rule=soft_licence_row, doc="soft licence")

    rules = m.data.rule_by_id
    for rule_id, keys in terms.matched.items():
        rule = rules[rule_id]
        for key in keys:
            s, a, t = key
            parts = {"volume": quantity[key]}
            if rule.kind in LICENCE_KINDS and rule.soft:
                parts |= {"constraint": m.soft_licence[s, rule_id, a, t],
                          "violation": excess[s, rule_id, a, t]}
            elif rule.kind in LICENCE_KINDS:
                parts["constraint"] = (m.offer_capacity[key] if key in m.X
                                       else m.process_capacity[key])
            elif rule.kind in ("ban", "traced_ban"):  # soft: hard bans leave nothing
                parts["violation"] = quantity[key]
            book.add(rule, s, t, **parts)
    for exclusion in terms.excluded:
        for t in exclusion.periods:
            key = (exclusion.rule, exclusion.scenario, t)
            book.removed[key] = book.removed.get(key, 0) + 1
