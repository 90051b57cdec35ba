"""Supplier counts: at least N distinct suppliers of an item in each period (MILP)."""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import COUNT_KINDS


def add_min_suppliers(m: pyo.ConcreteModel) -> None:
    """A supplier counts when it delivers at least min_supplier_quantity t of the item.

        acq[s,k,sp,t] ≥ q_min · b[r,s,k,sp,t]          for each supplier sp of item k
        Σ_sp b[r,s,k,sp,t] + v[r,s,k,t] ≥ value[r]

    acq is the content-weighted t of item k bought from or processed by sp; b is
    binary; v ≥ 0 counts missing suppliers, priced by the penalty of a soft rule and
    fixed at 0 for a hard one. Blank item: every element on its own.
    """
    data = m.data
    counted, floors = [], []
    for rule in (r for r in data.rules if r.kind in COUNT_KINDS):
        items = (rule.item,) if rule.item is not None else data.elements
        for s in m.S:
            for t in rule.periods:
                if not rule.applies(s, t):
                    continue
                for k in items:
                    sellers = sorted(m.tally_by_supplier.get((s, k, t), {}))
                    counted += [(rule.id, s, k, sp, t) for sp in sellers]
                    floors.append((rule, s, k, t, sellers))
    m.B = pyo.Set(initialize=counted, dimen=5, ordered=True,
                  doc="(rule, scenario, item, supplier, period) that may count")
    m.b = pyo.Var(m.B, domain=pyo.Binary, doc="supplier counted for min_suppliers")
    m.supplier_counts = pyo.Constraint(
        m.B, doc="a counted supplier delivers the least quantity",
        rule=lambda m, r, s, k, sp, t: m.tally_by_supplier[s, k, t][sp]
        >= data.min_supplier_quantity * m.b[r, s, k, sp, t])
    m.COUNT_ROWS = pyo.RangeSet(len(floors))
    m.v_count = pyo.Var(
        m.COUNT_ROWS, domain=pyo.NonNegativeReals, doc="suppliers missing",
        bounds=lambda _, i: (0, None if floors[i - 1][0].soft else 0))
    m.min_suppliers = pyo.Constraint(
        m.COUNT_ROWS, doc="least number of suppliers",
        rule=lambda m, i: sum(m.b[floors[i - 1][0].id, floors[i - 1][1], floors[i - 1][2], sp,
                                  floors[i - 1][3]] for sp in floors[i - 1][4])
        + m.v_count[i] >= floors[i - 1][0].value)
    m.count_rows = {i: (rule.id, s, k, t, tuple(sellers))
                    for i, (rule, s, k, t, sellers) in enumerate(floors, start=1)}
    """COUNT_ROWS index -> (rule, scenario, item, period, suppliers that can count)."""
    for i, (rule, s, k, t, sellers) in enumerate(floors, start=1):
        m.rulebook.add(rule, s, t, constraint=m.min_suppliers[i],
                       violation=m.v_count[i] if rule.soft else None,
                       volume=sum(m.b[rule.id, s, k, sp, t] for sp in sellers))
