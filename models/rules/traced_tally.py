"""Traced stage tallies: share rules with trace = TRUE count the history of lots.

A share rule with trace = TRUE tallies, per item k, stage g and country, the content
of k in what is delivered to demand plus the net change of stock in the period, by
the country of stage g in each lot's traced history (tags in the classes,
models/input/classes.py). Without such a rule nothing here is indexed.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import Sums, variables
from models.input.chain import item_weight
from models.input.classes import NONE, label
from models.rules.traced_sites import acts_at, initial_stock, site_label


def add_traced_tally(m: pyo.ConcreteModel) -> None:
    """Traced tallies, free variables defined by equality rows, for the buckets some
    reachable class carries (b: a country, `other`, or `in` for a rule's named group):

        ttally[s,r,k,g,b,t] = Σ_{m, c ∋ tag(r,k,g)=b} w[m,k] · ( Σ_seg sv[s,m,c,seg,t]
                                                   + Ic[s,m,c,t] − Ic[s,m,c,t−1] )

    with Ic[s,m,c,0] the initial stock in its class, w[m,k] the t of item k per t of
    m (1 for a material item, counted on that material alone), and tag(r,k,g) the
    bucket of the country where stage g was done for the lot's content of k (a rule
    naming a site: the classes kept at that site, its deliveries and stock, alone). Lots
    whose content has not been through g (or never will: the mining stage of recycled
    content) are in bucket `none`, which no tally counts. A net change of stock can be
    negative, so ttally is free.
    """
    classes, data = m.classes, m.data
    stock, served = variables(m.Ic), variables(m.sv)
    previous = dict(zip(data.period_ids[1:], data.period_ids[:-1], strict=False))
    terms = Sums()
    m.ttally_initial = {}
    """TT index -> (material, w, site) of the initial stock its first period's change starts
    from."""
    by_tag: dict[tuple[str, str], list[tuple[str, str, float]]] = {}
    for (material, c), marks in m.index_of_class.items():
        if material not in classes.reachable:
            continue
        for mark in marks:
            key = classes.tag_of.get(mark)
            if key is None or mark.endswith("=" + NONE):
                continue
            rule, k, g = classes.tag_keys[key]
            w = item_weight(data, material, k)
            if w > 0 and (k not in data.materials or material == k):
                by_tag.setdefault((material, c), []).append(
                    ((rule.id, k, g, mark.rpartition("=")[2]), w))
    applies = {r.id: r for r in classes.tagged}
    site_of = m.site_of_class
    for (s, material, c, t), var in stock.items():
        for (r, k, g, b), w in by_tag.get((material, c), ()):
            if not applies[r].applies(s, t) or t not in applies[r].periods \
                    or not acts_at(applies[r].site, site_of[material, c]):
                continue
            key = (s, r, k, g, b, t)
            terms.add(key, w, var)
            site = site_of[material, c]
            if t in previous:
                terms.add(key, -w, stock[s, material, c, previous[t]])
            elif site_label(site, label(classes.initial_class(material))) == c:
                m.ttally_initial.setdefault(key, []).append((material, w, site))
    for (s, material, c, _, t), var in served.items():
        for (r, k, g, b), w in by_tag.get((material, c), ()):
            if (s, r, k, g, b, t) in terms.rows and acts_at(applies[r].site,
                                                            site_of[material, c]):
                terms.add((s, r, k, g, b, t), w, var)
    keys = list(terms.keys())
    m.TT = pyo.Set(initialize=keys, dimen=6, ordered=True,
                   doc="(scenario, rule, item, stage, country bucket, period) of traced tallies")
    m.ttally = pyo.Var(m.TT, domain=pyo.Reals, doc="traced tally, t (net of stock drawn)")
    tt = variables(m.ttally)
    m.ttally_def = pyo.Constraint(
        m.TT, doc="traced tally",
        rule=lambda m, *key: terms.take(key, [-1.0], [tt[key]]) == traced_tally_rhs(m, *key))
    m.ttally_buckets: dict[tuple, list[str]] = {}
    """(scenario, rule, item, stage, period) -> buckets with a traced tally."""
    for s, r, k, g, b, t in keys:
        m.ttally_buckets.setdefault((s, r, k, g, t), []).append(b)


def traced_tally_rhs(m: pyo.ConcreteModel, *key: str) -> float:
    """Σ w · initial stock, in the first period, of the classes the initial stock is in."""
    return sum(w * initial_stock(m.data, material, site)
               for material, w, site in m.ttally_initial.get(key, ()))
