"""Supplier counts: at least N distinct suppliers of an item in each period (MILP)."""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import COUNT_KINDS
from models.linear import linear, variables
from models.sites import rule_items


def min_suppliers_row(m: pyo.ConcreteModel, s: str, r: str, k: str, t: str):
    """The row (s, r, k, t); the rule's value is read from m.data when called."""
    counts = variables(m.b)
    chosen = [counts[s, r, k, sp, t] for sp in m.count_specs[s, r, k, t][3]]
    return linear([1.0] * (len(chosen) + 1), [*chosen, variables(m.v_count)[s, r, k, t]]) \
        >= m.data.rule_by_id[r].value


def add_min_suppliers(m: pyo.ConcreteModel) -> None:
    """A supplier counts when it delivers at least min_supplier_quantity t of the item.

        delivered[s,k,sp,t] ≥ q_min · b[s,r,k,sp,t]          for each supplier sp of item k
        Σ_sp b[s,r,k,sp,t] + v[s,r,k,t] ≥ value[r]

    delivered is the content-weighted t of item k bought from or processed by sp
    (models.tally); b is binary; v ≥ 0 counts missing suppliers, priced by the
    penalty of a soft rule and fixed at 0 for a hard one. Blank item: every element
    on its own.
    """
    data = m.data
    counted, floors = [], {}
    for rule in (r for r in data.rules if r.kind in COUNT_KINDS):
        items = rule_items(data, rule)
        for s in m.S:
            for t in rule.periods:
                if not rule.applies(s, t):
                    continue
                for k in items:
                    sellers = sorted(m.sellers.get((s, k, t), []))
                    counted += [(s, rule.id, k, sp, t) for sp in sellers]
                    floors[s, rule.id, k, t] = (rule, k, t, sellers)
    m.B = pyo.Set(initialize=counted, dimen=5, ordered=True,
                  doc="(scenario, rule, item, supplier, period) that may count")
    m.b = pyo.Var(m.B, domain=pyo.Binary, doc="supplier counted for min_suppliers")
    counts, delivered = variables(m.b), m.delivered_vars
    m.supplier_counts = pyo.Constraint(
        m.B, doc="a counted supplier delivers the least quantity",
        rule=lambda m, s, r, k, sp, t: linear(
            [1.0, -m.data.min_supplier_quantity],
            [delivered[s, k, sp, t], counts[s, r, k, sp, t]]) >= 0.0)
    m.COUNT_ROWS = pyo.Set(initialize=list(floors), dimen=4, ordered=True,
                           doc="(scenario, rule, item, period) of each supplier-count row")
    m.v_count = pyo.Var(
        m.COUNT_ROWS, domain=pyo.NonNegativeReals, doc="suppliers missing",
        bounds=lambda _, *index: (0, None if floors[index][0].soft else 0))
    missing = variables(m.v_count)

    m.count_specs = floors
    """COUNT_ROWS index -> (rule, item, period, suppliers) of each count row."""
    m.min_suppliers = pyo.Constraint(m.COUNT_ROWS, rule=min_suppliers_row,
                                     doc="least number of suppliers")
    for index, (count, k, t, sellers) in floors.items():
        s = index[0]
        chosen = [counts[s, count.id, k, sp, t] for sp in sellers]
        m.rulebook.add(count, s, t, constraint=m.min_suppliers[index],
                       violation=missing[index] if count.soft else None,
                       volume=linear([1.0] * len(chosen), chosen))
