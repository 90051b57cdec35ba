"""Supplier counts: at least (min_suppliers) or at most (max_suppliers) N distinct
suppliers of an item in each period (MILP)."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import linear, variables
from models.families.sites import rule_items, unscoped
from models.input.chain import item_weight


def count_rows(m: pyo.ConcreteModel, kind: str) -> tuple[list[tuple], dict[tuple, tuple]]:
    """The (scenario, rule, item, supplier, period) that a count rule of kind may count,
    and per (scenario, rule, item, period) its (rule, item, period, suppliers). Blank
    item: every element on its own."""
    data = m.data
    counted, rows = [], {}
    for rule in (r for r in data.rules if r.kind == kind):
        items = rule_items(data, rule)
        for s in m.S:
            for t in rule.periods:
                if not rule.applies(s, t):
                    continue
                for k in items:
                    sellers = sorted(m.sellers.get((s, k, t), []))
                    counted += [(s, rule.id, k, sp, t) for sp in sellers]
                    rows[s, rule.id, k, t] = (rule, k, t, sellers)
    return counted, rows


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
    (models.rules.tally); b is binary; v ≥ 0 counts missing suppliers, priced by the
    penalty of a soft rule and fixed at 0 for a hard one. Blank item: every element
    on its own.
    """
    counted, floors = count_rows(m, "min_suppliers")
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
    _record(m, floors, m.min_suppliers, counts, missing)


def _record(m: pyo.ConcreteModel, rows: dict, constraint: pyo.Constraint, chosen: dict,
            violation: dict) -> None:
    """Rule report entries of count rows: the row, its violation (soft rules) and the
    number of suppliers chosen."""
    for index, (rule, k, t, sellers) in rows.items():
        s = index[0]
        counted = [chosen[s, rule.id, k, sp, t] for sp in sellers]
        m.rulebook.add(rule, s, t, constraint=constraint[index],
                       violation=violation[index] if rule.soft else None,
                       volume=linear([1.0] * len(counted), counted))


def supplier_bound(m: pyo.ConcreteModel, s: str, k: str, sp: str, t: str) -> float:
    """The most t of item k that supplier sp can deliver in scenario s and period t:
    Σ over its offers of weight · capacity · f, and over its processes of the weights
    of their outputs · f · (capacity + what max_units of each investment could add)."""
    data, terms = m.data, m.terms
    bound = 0.0
    for a in m.acquired_by.get((s, sp, t), ()):
        factor = terms.capacity_factor[s, a, t]
        offer = data.offer_by_id.get(a)
        if offer is not None:
            bound += item_weight(data, offer.material, k) * offer.capacity * factor
            continue
        process = data.process_by_id[a]
        weight = item_weight(data, process.output, k) + sum(
            q * item_weight(data, mat, k) for mat, q in process.outputs.items())
        if not weight:
            continue
        capacity = process.capacity
        for i in data.investments_of(a):
            if i.periods and i.max_units is None:
                raise ValueError(f"max_suppliers needs max_units on investment {i.id}, "
                                 "which adds to a process of a supplier it counts")
            capacity += i.capacity * (i.max_units or 0)
        bound += weight * capacity * factor
    return bound


def max_suppliers_link_row(m: pyo.ConcreteModel, s: str, r: str, k: str, sp: str, t: str):
    """The row (s, r, k, sp, t); its big-M is read from m.data and m.terms when called
    (for a rule with a site, the bound of the item wherever it goes: what reaches the
    site is part of it)."""
    item = unscoped(k, m.data.rule_by_id[r].site)
    return linear([1.0, -supplier_bound(m, s, item, sp, t)],
                  [m.delivered_vars[s, k, sp, t], variables(m.c)[s, r, k, sp, t]]) <= 0.0


def max_suppliers_row(m: pyo.ConcreteModel, s: str, r: str, k: str, t: str):
    """The row (s, r, k, t); the rule's value is read from m.data when called."""
    used = variables(m.c)
    chosen = [used[s, r, k, sp, t] for sp in m.most_specs[s, r, k, t][3]]
    return linear([1.0] * len(chosen) + [-1.0], [*chosen, variables(m.v_most)[s, r, k, t]]) \
        <= m.data.rule_by_id[r].value


def add_max_suppliers(m: pyo.ConcreteModel) -> None:
    """At most value[r] distinct suppliers deliver the item (max_suppliers).

        delivered[s,k,sp,t] ≤ M[s,k,sp,t] · c[s,r,k,sp,t]      for each supplier sp of k
        Σ_sp c[s,r,k,sp,t] − v[s,r,k,t] ≤ value[r]

    c is binary: sp delivers any of k at all. M is the data bound of what sp can
    deliver of k in s and t (supplier_bound: content-weighted capacities after
    licences and capacity events, investments at their max_units). v ≥ 0 counts
    suppliers over the limit, priced by the penalty of a soft rule and fixed at 0
    for a hard one. Blank item: every element on its own.
    """
    acquired: dict[tuple[str, str, str], list[str]] = {}
    for (s, a, t), acq in m.terms.available.items():
        acquired.setdefault((s, acq.supplier, t), []).append(a)
    m.acquired_by = acquired
    """(scenario, supplier, period) -> its offers and processes available there."""
    linked, limits = count_rows(m, "max_suppliers")
    m.C = pyo.Set(initialize=linked, dimen=5, ordered=True,
                  doc="(scenario, rule, item, supplier, period) that may deliver")
    m.c = pyo.Var(m.C, domain=pyo.Binary, doc="supplier delivers, for max_suppliers")
    m.most_counts = pyo.Constraint(m.C, rule=max_suppliers_link_row,
                                   doc="a supplier delivers only when counted")
    m.MOST_ROWS = pyo.Set(initialize=list(limits), dimen=4, ordered=True,
                          doc="(scenario, rule, item, period) of each max_suppliers row")
    m.v_most = pyo.Var(
        m.MOST_ROWS, domain=pyo.NonNegativeReals, doc="suppliers over the limit",
        bounds=lambda _, *index: (0, None if limits[index][0].soft else 0))
    m.most_specs = limits
    """MOST_ROWS index -> (rule, item, period, suppliers) of each max_suppliers row."""
    m.max_suppliers = pyo.Constraint(m.MOST_ROWS, rule=max_suppliers_row,
                                     doc="most suppliers")
    _record(m, limits, m.max_suppliers, variables(m.c), variables(m.v_most))
