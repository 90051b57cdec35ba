"""Traced licences on the class flows: the share of matched volume that may pass.

Offers whose declared history matches, and processes whose own stage matches, are
licensed like any licensed offer or process (models/input/terms.py: their capacity is
multiplied by the value). This family adds the rows for what only the traced history
shows: runs that make matched lots from matched inputs, and, for a rule with a
segment, the matched lots served to that segment.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.investments import added_capacity
from models.families.linear import linear, variables
from models.rules.traced_backorders import segment_backlog_terms
from models.rules.traced_sites import acts_at, cell_demand


def traced_licence_row(m: pyo.ConcreteModel, *index: str):
    """The row of one rule, scenario and run or segment (index: s, r, p or material,
    segment or '', t); numbers are read from m.data and m.terms when called."""
    s, r, where, segment, t = index
    value = m.data.rule_by_id[r].value
    parts = m.traced_licence_parts[index]
    slack = variables(m.v_traced_licence)
    extra = ([-1.0], [slack[index]]) if index in slack else ([], [])
    ones = [1.0] * len(parts)
    if segment:
        site = m.data.rule_by_id[r].site
        demand = cell_demand(m, s, where, segment, *((site,) if site else ()), t)
        coefs, carried = segment_backlog_terms(m, s, where, segment, site, t)
        return linear([*ones, *(value * c for c in coefs), *extra[0]],
                      [*parts, *carried, *extra[1]]) <= value * demand
    factor = m.terms.capacity_factor[s, where, t]
    coefs, units = added_capacity(m, s, where, t)
    return linear([*ones, *(-value * factor * c for c in coefs), *extra[0]],
                  [*parts, *units, *extra[1]]) \
        <= value * factor * m.data.process_by_id[where].capacity


def add_traced_licences(m: pyo.ConcreteModel) -> None:
    """Matched volume within the licensed share, per scenario and period of the rule.

        run p:      Σ_{c∋r} yc[s,p,c,t] ≤ value[r] · f[s,p,t] · (capacity[p] + built units)
                    + v                      (p's own stage does not match: its inputs do)
        segment g:  Σ_{c∋r} sv[s,m,c,g,t] ≤ value[r] · d[s,m,g,t] + v

    f the hard capacity factor of p, d the segment's demand (with backorders the
    demand due in t, d[s,m,g,t] + Bg[t−1] − Bg[t]: models/rules/traced_backorders.py);
    v ≥ 0 only for a soft rule. A run with a de-minimis label (r~) is not matched. A
    rule naming a site counts the runs for that site and the service of its demand
    there (d the segment's demand at the site) only.
    """
    classes, of, site_of = m.classes, m.index_of_class, m.site_of_class
    rules = [r for r in classes.rules if r.kind == "traced_licence"]
    parts: dict[tuple, list] = {}
    for rule in rules:
        if rule.segment is None:
            for (s, p, c, t), var in variables(m.yc).items():
                process = m.data.process_by_id[p]
                if (rule.id in of[p, c] and rule.applies(s, t)
                        and acts_at(rule.site, site_of[p, c])
                        and classes.acts(rule, process.output)
                        and rule.id not in classes.process_marks(process)):
                    parts.setdefault((s, rule.id, p, "", t), []).append(var)
        else:
            for (s, mat, c, g, t), var in variables(m.sv).items():
                if (g == rule.segment and rule.id in of[mat, c] and rule.applies(s, t)
                        and acts_at(rule.site, site_of[mat, c]) and classes.acts(rule, mat)):
                    parts.setdefault((s, rule.id, mat, g, t), []).append(var)
    m.traced_licence_parts = parts
    """(scenario, rule, process or material, segment or '', period) -> matched volumes."""
    m.TRACED_LICENCE = pyo.Set(initialize=list(parts), dimen=5, ordered=True,
                               doc="(scenario, rule, process or material, segment, period)")
    m.V_traced_licence = pyo.Set(initialize=[k for k in parts if m.data.rule_by_id[k[1]].soft],
                                 dimen=5, ordered=True, doc="rows of soft traced licences")
    m.v_traced_licence = pyo.Var(m.V_traced_licence, domain=pyo.NonNegativeReals,
                                 doc="t beyond a soft traced licence")
    m.traced_licence = pyo.Constraint(m.TRACED_LICENCE, rule=traced_licence_row,
                                      doc="traced licence")
    slack = variables(m.v_traced_licence)
    for key, found in parts.items():
        m.rulebook.add(m.data.rule_by_id[key[1]], key[0], key[4],
                       constraint=m.traced_licence[key],
                       volume=linear([1.0] * len(found), found), violation=slack.get(key))
