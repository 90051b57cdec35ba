"""Stage accounting by mass balance (SPEC §3): the tally per item, stage and country.

In each scenario and period every acquisition adds weight[m,k] · quantity of each
item k it contains (an element, by its content fraction; or a material named by a
rule, with weight 1) to every stage it carries, under the country where that stage
was done, and to the owner pseudo-stage under the supplier's owner country.
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from models.chain import CHAIN, item_weight
from models.data import COUNT_KINDS, SHARE_KINDS

TallyKey = tuple[str, str, str, str, str]
"""(scenario, item, stage, country, period)."""


def tally_items(m: pyo.ConcreteModel) -> tuple[str, ...]:
    """Every element, plus each material that a share or count rule names as its item."""
    items = dict.fromkeys(m.data.elements)
    for rule in m.data.rules:
        if rule.kind in (*SHARE_KINDS, *COUNT_KINDS) and rule.item is not None:
            items[rule.item] = None
    return tuple(items)


def add_tally(m: pyo.ConcreteModel) -> None:
    """Tally variables and their definitions, for combinations with a contribution.

        tally[s,k,g,c,t] = Σ_{a carries stage g in country c} weight[m(a),k] · q[s,a,t]

    q is x for offers and y for processes; g runs over the chain stages and `owner`.
    Also kept for the share rules: the recycled part of each tally (an expression) and
    the contributions of each supplier (lists of terms).
    """
    data, terms = m.data, m.terms
    items = tally_items(m)
    terms_of: dict[TallyKey, list] = defaultdict(list)
    recycled: dict[tuple[str, str, str, str], list] = defaultdict(list)
    by_supplier: dict[tuple[str, str, str], dict[str, list]] = defaultdict(
        lambda: defaultdict(list))
    for (s, a, t), acq in terms.available.items():
        q = m.x[s, a, t] if acq.kind == "offer" else m.y[s, a, t]
        for k in items:
            weight = item_weight(data, acq.material, k)
            if weight <= 0:
                continue
            by_supplier[s, k, t][acq.supplier].append(weight * q)
            for stage, country in acq.tally_stages():
                terms_of[s, k, stage, country, t].append(weight * q)
                if acq.recycled:
                    recycled[s, k, stage, t].append(weight * q)
    m.K = pyo.Set(initialize=items, ordered=True, doc="tally items (elements, materials)")
    m.TALLY = pyo.Set(initialize=sorted(terms_of, key=_order(m)), dimen=5, ordered=True,
                      doc="(scenario, item, stage, country, period) with a contribution")
    m.tally = pyo.Var(m.TALLY, domain=pyo.NonNegativeReals, doc="stage tally, t of item")
    m.tally_def = pyo.Constraint(
        m.TALLY, rule=lambda m, *key: m.tally[key] == sum(terms_of[key]), doc="stage tally")
    countries: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for s, k, stage, c, t in m.TALLY:
        countries[s, k, stage, t].append(c)
    m.tally_countries = dict(countries)
    """(scenario, item, stage, period) -> countries with a tally."""
    m.tally_recycled = {key: sum(parts) for key, parts in recycled.items()}
    m.tally_by_supplier = {key: {sp: sum(parts) for sp, parts in sellers.items()}
                           for key, sellers in by_supplier.items()}
    """(scenario, item, period) -> supplier -> t of item it delivers."""


def total(m: pyo.ConcreteModel, s: str, k: str, stage: str, t: str):
    """Total tally of item k at stage in scenario s and period t (0 if none)."""
    return sum(m.tally[s, k, stage, c, t] for c in m.tally_countries.get((s, k, stage, t), ()))


def _order(m: pyo.ConcreteModel):
    stages = {g: i for i, g in enumerate((*CHAIN, "owner"))}
    periods = {t: i for i, t in enumerate(m.data.period_ids)}

    def key(k: TallyKey) -> tuple:
        s, item, stage, country, t = k
        return (s, periods[t], item, stages[stage], country)

    return key
