"""Stage accounting by mass balance (SPEC §3): the tally per item, stage and country.

In each scenario and period every acquisition adds weight[m,k] · quantity of each
item k it contains (an element, by its content fraction; or a material named by a
rule, with weight 1) to every stage it carries, under the country where that stage
was done, and to the owner pseudo-stage under the supplier's owner country.
"""

from __future__ import annotations

import dataclasses

import pyomo.environ as pyo

from models.families.linear import Sums, term, variables
from models.families.sites import rule_items, scoped_item
from models.input.chain import CHAIN, Acquisition, item_weight, process_acquisition
from models.input.data import COUNT_KINDS, SHARE_KINDS

TallyKey = tuple[str, str, str, str, str]
"""(scenario, item, stage, country, period)."""


def tally_items(m: pyo.ConcreteModel) -> tuple[str, ...]:
    """Every element, plus each material that a share or count rule names as its item."""
    items = dict.fromkeys(m.data.elements)
    for rule in m.data.rules:
        if rule.kind in (*SHARE_KINDS, *COUNT_KINDS) and rule.item is not None \
                and rule.site is None:
            items[rule.item] = None
    return tuple(items)


def site_items(m: pyo.ConcreteModel) -> dict[str, tuple[str, ...]]:
    """Site -> items whose deliveries to that site a share or count rule tallies."""
    found: dict[str, dict[str, None]] = {}
    for rule in m.data.rules:
        if rule.kind in (*SHARE_KINDS, *COUNT_KINDS) and rule.site is not None \
                and not rule.trace:  # a traced rule tallies its site's classes
            items = (rule.item,) if rule.item is not None else m.data.elements
            found.setdefault(rule.site, {}).update(dict.fromkeys(items))
    return {site: tuple(items) for site, items in found.items()}


def supplier_items(m: pyo.ConcreteModel) -> set[str]:
    """Items whose deliveries by supplier a rule counts (max_supplier_share,
    min_suppliers; a blank item: every element)."""
    items: set[str] = set()
    for rule in m.data.rules:
        if rule.kind in ("max_supplier_share", *COUNT_KINDS):
            items |= set(rule_items(m.data, rule))
    return items


def _contributions(m: pyo.ConcreteModel, acq: Acquisition,
                   items: tuple[str, ...]) -> list[tuple[str, float, tuple]]:
    """(item, weight, (stage, country) pairs) of everything acq adds to the tally:
    a process's co-products too (out[p,m] t per t of output, at their own stage)."""
    stages = acq.tally_stages()
    found = [(k, w, stages) for k in items
             if (w := item_weight(m.data, acq.material, k)) > 0]
    if acq.kind == "process":
        process = m.data.process_by_id[acq.id]
        for material, quantity in process.outputs.items():
            made = process_acquisition(dataclasses.replace(process, output=material), m.data)
            found += [(k, quantity * w, made.tally_stages()) for k in items
                      if (w := item_weight(m.data, material, k)) > 0]
    return found


def add_tally(m: pyo.ConcreteModel) -> None:
    """Tally variables and their definitions, for combinations with a contribution.

        tally[s,k,g,c,t] = Σ_{a carries stage g in country c} weight[m(a),k] · q[s,a,t]

    (a process's co-products add out[p,m] · weight[m,k] · y at their own stage).

    q is x for offers and y for processes; g runs over the chain stages and `owner`.
    Also kept for the share rules: the recycled part of each stage's tally (terms of
    q), and, when a supplier rule needs them, the deliveries of each supplier:

        delivered[s,k,sp,t] = Σ_{a of supplier sp} weight[m(a),k] · q[s,a,t]

    so that supplier rows have one term per supplier rather than one per offer.

    A share or count rule naming a site k tallies the deliveries to k alone, as the
    item k@site: the same sums over r[s,o,k,t] and ry[s,p,k,t] (models/families/sites.py).
    """
    items = tally_items(m)
    quantity = variables(m.x) | variables(m.y)
    counted = supplier_items(m)
    tallied, recycled, delivered = Sums(), Sums(), Sums()
    rows, recycled_rows, delivered_rows = tallied.rows, recycled.rows, delivered.rows
    contributions: dict[str, list] = {}

    def gather(s: str, t: str, acq: Acquisition, q, found: list) -> None:
        for k, weight, stages in found:
            taken, added = term(-weight, q), term(weight, q)  # shared by every stage
            for stage, country in stages:
                rows[s, k, stage, country, t].append(taken)
                if acq.recycled:
                    recycled_rows[s, k, stage, t].append(added)
            if k in counted:
                delivered_rows[s, k, acq.supplier, t].append(added)

    for (s, a, t), acq in m.terms.available.items():
        if a not in contributions:
            contributions[a] = _contributions(m, acq, items)
        gather(s, t, acq, quantity[s, a, t], contributions[a])
    scoped = site_items(m)
    for (s, a, site, t), q in (variables(m.r) | variables(m.ry)).items():
        if site in scoped:
            acq = m.terms.available[s, a, t]
            if (a, site) not in contributions:
                contributions[a, site] = [(scoped_item(k, site), w, stages) for k, w, stages
                                          in _contributions(m, acq, scoped[site])]
            gather(s, t, acq, q, contributions[a, site])
    items = (*items, *(scoped_item(k, site) for site, found in scoped.items() for k in found))
    m.K = pyo.Set(initialize=items, ordered=True, doc="tally items (elements, materials)")
    m.TALLY = pyo.Set(initialize=sorted(tallied.keys(), key=_order(m)), dimen=5, ordered=True,
                      doc="(scenario, item, stage, country, period) with a contribution")
    m.tally = pyo.Var(m.TALLY, domain=pyo.NonNegativeReals, doc="stage tally, t of item")
    tally = variables(m.tally)
    m.tally_def = pyo.Constraint(
        m.TALLY, rule=lambda m, *key: tallied.take(key, [1.0], [tally[key]]) == 0.0,
        doc="stage tally")
    countries: dict[tuple[str, str, str, str], list[str]] = {}
    for s, k, stage, c, t in m.TALLY:
        countries.setdefault((s, k, stage, t), []).append(c)
    m.tally_countries = countries
    """(scenario, item, stage, period) -> countries with a tally."""
    m.tally_recycled = recycled
    """(scenario, item, stage, period) -> terms of the recycled part of the tally."""
    m.DELIVERED = pyo.Set(initialize=list(delivered.keys()), dimen=4, ordered=True,
                          doc="(scenario, item, supplier, period) a supplier rule counts")
    m.delivered = pyo.Var(m.DELIVERED, domain=pyo.NonNegativeReals,
                          doc="t of item delivered by a supplier")
    supplied = variables(m.delivered)
    m.delivered_def = pyo.Constraint(
        m.DELIVERED, doc="deliveries of a supplier",
        rule=lambda m, *key: delivered.take(key, [-1.0], [supplied[key]]) == 0.0)
    sellers: dict[tuple[str, str, str], list[str]] = {}
    for s, k, supplier, t in m.DELIVERED:
        sellers.setdefault((s, k, t), []).append(supplier)
    m.sellers = sellers
    """(scenario, item, period) -> suppliers that deliver the item (for supplier rules)."""


def total(m: pyo.ConcreteModel, s: str, k: str, stage: str,
          t: str) -> tuple[list[str], list]:
    """(countries, tally variables) of item k at stage in scenario s and period t."""
    present = m.tally_countries.get((s, k, stage, t), [])
    return present, [m.tally[s, k, stage, c, t] for c in present]


def _order(m: pyo.ConcreteModel):
    stages = {g: i for i, g in enumerate((*CHAIN, "owner"))}
    periods = m.data.position

    def key(k: TallyKey) -> tuple:
        s, item, stage, country, t = k
        return (s, periods[t], item, stages[stage], country)

    return key
