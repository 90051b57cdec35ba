"""Bans, tariffs and licences in the model: soft versions and their rule-book entries.

Hard bans, tariffs and hard licences are already in the terms (models/terms.py): a
banned combination has no variable, a tariff is in the price, a licence in the
capacity row. This family adds the rows of soft rules and records every rule's
entries in the rule book.
"""

from __future__ import annotations

import pyomo.environ as pyo


def add_trade_rules(m: pyo.ConcreteModel) -> None:
    """Soft licences and soft bans, priced by their penalty.

        soft licence r:  q[s,a,t] ≤ capacity[a] · f[s,a,t] · value[r] + v[r,s,a,t]
        soft ban r:      v[r,s,a,t] = q[s,a,t]        (every t bought is a violation)

    where q is x for offers and y for processes and f the hard capacity factor.
    """
    terms, book = m.terms, m.rulebook
    capacity = {r.id: r.capacity for r in (*m.data.offers, *m.data.processes)}

    def quantity(key: tuple[str, str, str]):
        return m.x[key] if key in m.X else m.y[key]

    m.V_licence = pyo.Set(initialize=[(rule.id, *key) for rule, key in terms.soft_licences],
                          dimen=4, ordered=True, doc="(rule, scenario, offer/process, period)")
    m.v_licence = pyo.Var(m.V_licence, domain=pyo.NonNegativeReals,
                          doc="t beyond a soft licence")
    rules = {r.id: r for r in m.data.rules}
    m.soft_licence = pyo.Constraint(
        m.V_licence, doc="soft licence",
        rule=lambda m, r, s, a, t: quantity((s, a, t)) <= capacity[a]
        * terms.capacity_factor[s, a, t] * rules[r].value + m.v_licence[r, s, a, t])

    for rule_id, keys in terms.matched.items():
        rule = rules[rule_id]
        for key in keys:
            s, a, t = key
            parts = {"volume": quantity(key)}
            if rule.kind == "licence" and rule.soft:
                parts |= {"constraint": m.soft_licence[rule_id, s, a, t],
                          "violation": m.v_licence[rule_id, s, a, t]}
            elif rule.kind == "licence":
                parts["constraint"] = (m.offer_capacity[key] if key in m.X
                                       else m.process_capacity[key])
            elif rule.kind == "ban":  # soft: hard bans leave nothing to match
                parts["violation"] = quantity(key)
            book.add(rule, s, t, **parts)
    for exclusion in terms.excluded:
        for t in exclusion.periods:
            key = (exclusion.rule, exclusion.scenario, t)
            book.removed[key] = book.removed.get(key, 0) + 1

