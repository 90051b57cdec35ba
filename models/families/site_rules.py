"""Rules that name a site, and the costs of delivering to sites.

A ban, tariff or licence with Rules.site acts only on what is delivered to that site
(models/families/sites.py removes what hard site bans forbid and multiplies tariffs into the
site's price factor); share and count rules with a site tally the deliveries to it
(models/rules/tally.py). Without sites nothing here is indexed or priced.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.investments import added_capacity
from models.families.linear import Sums, linear, variables
from models.families.sites import outputs
from models.input.terms import BAN_KINDS, LICENCE_KINDS


def _delivered(m: pyo.ConcreteModel) -> dict:
    return variables(m.r) | variables(m.ry)


def _quantity(m: pyo.ConcreteModel, s: str, a: str, k: str, t: str):
    """r (an offer) or ry (a process) of (s, a, k, t)."""
    return variables(m.r if a in m.data.offer_by_id else m.ry)[s, a, k, t]


def site_licence_limit(m: pyo.ConcreteModel, s: str, a: str, k: str,
                       t: str) -> tuple[float, list[float], list]:
    """(constant, coefs, unit variables) of capacity[a] · f[s,a,t] · f_k[s,a,k,t] (with a
    process's built units): what the site's hard licences let through."""
    factor = m.terms.capacity_factor[s, a, t] * m.site_terms.capacity_factor[s, a, k, t]
    if a in m.data.offer_by_id:
        return factor * m.data.offer_by_id[a].capacity, [], []
    coefs, units = added_capacity(m, s, a, t)
    return factor * m.data.process_by_id[a].capacity, [factor * c for c in coefs], units


def site_licence_row(m: pyo.ConcreteModel, s: str, a: str, k: str, t: str):
    """The hard licence row of (s, a, k, t); numbers are read from m.data and m.terms."""
    limit, coefs, units = site_licence_limit(m, s, a, k, t)
    return linear([1.0, *(-c for c in coefs)], [_quantity(m, s, a, k, t), *units]) <= limit


def soft_site_licence_row(m: pyo.ConcreteModel, s: str, r: str, a: str, k: str, t: str):
    """The soft licence row of rule r on (s, a, k, t); numbers are read when called."""
    limit, coefs, units = site_licence_limit(m, s, a, k, t)
    value = m.data.rule_by_id[r].value
    return linear([1.0, -1.0, *(-value * c for c in coefs)],
                  [_quantity(m, s, a, k, t), variables(m.v_site_licence)[s, r, a, k, t],
                   *units]) <= value * limit


def site_tariff_cost(m: pyo.ConcreteModel, s: str, a: str, k: str, t: str) -> float:
    """δ_t · price · τ[s,a,t] · (τ_k[s,a,k,t] − 1): what a t delivered to site k pays
    for the site's tariffs, beyond the price of x or y."""
    record = m.data.acquisition(a)
    price = record.price if a in m.data.offer_by_id else record.cost
    return (m.data.discount_factor(t) * price * m.terms.price_factor[s, a, t]
            * (m.site_terms.price_factor[s, a, k, t] - 1.0))


def add_site_rules(m: pyo.ConcreteModel) -> None:
    """Licences that name a site, and the rule-book entries of every site rule.

        hard licences:  q[s,a,k,t] ≤ capacity[a] · f[s,a,t] · Π value[r]
        soft licence r: q[s,a,k,t] ≤ capacity[a] · f[s,a,t] · f_k · value[r] + v[s,r,a,k,t]
        soft ban r:     violation = q[s,a,k,t]

    where q is r (offers) or ry (processes), f the capacity factor of the rules and
    events without a site and f_k the product of the site's hard licences; a
    process's capacity includes its built units.
    """
    found = m.site_terms
    quantity = _delivered(m)
    hard = [key for key, acting in found.acting.items()
            if any(rule.kind in LICENCE_KINDS and not rule.soft for rule in acting)]
    soft = [(key[0], rule.id, *key[1:]) for key, acting in found.acting.items()
            for rule in acting if rule.kind in LICENCE_KINDS and rule.soft]
    m.site_licence = pyo.Constraint(hard, rule=site_licence_row, doc="licence at a site")
    m.V_site_licence = pyo.Set(initialize=soft, dimen=5, ordered=True,
                               doc="(scenario, rule, offer/process, site, period)")
    m.v_site_licence = pyo.Var(m.V_site_licence, domain=pyo.NonNegativeReals,
                               doc="t beyond a soft licence at a site")
    excess = variables(m.v_site_licence)
    m.soft_site_licence = pyo.Constraint(m.V_site_licence, rule=soft_site_licence_row,
                                         doc="soft licence at a site")
    book = m.rulebook
    for key, acting in found.acting.items():
        s, a, k, t = key
        for rule in acting:
            parts = {"volume": quantity[key]}
            if rule.kind in LICENCE_KINDS and rule.soft:
                parts |= {"constraint": m.soft_site_licence[s, rule.id, a, k, t],
                          "violation": excess[s, rule.id, a, k, t]}
            elif rule.kind in LICENCE_KINDS:
                parts["constraint"] = m.site_licence[key]
            elif rule.kind in BAN_KINDS:  # soft: hard site bans leave no delivery
                parts["violation"] = quantity[key]
            book.add(rule, s, t, **parts)
    for key, count in found.removed.items():
        book.removed[key] = book.removed.get(key, 0) + count


def add_site_costs(m: pyo.ConcreteModel, costs: Sums) -> None:
    """The cost terms of sites, added to the objective's sums:

        transport[s] = Σ δ_t · cost[lane(o,k)] · r[s,o,k,t]
                       + Σ δ_t · Σ_m out[p,m] · cost[lane(p,k,m)] · ry[s,p,k,t]
        purchase[s], processing[s] += Σ δ_t · price · τ[s,a,t] · (τ_k[s,a,k,t] − 1) · q
        holding[s]  += Σ δ_t · holding[m,k] · Ik[s,m,k,t]

    with τ_k the product of the site's tariff factors (1 + value): a delivery pays
    the tariffs without a site (on x or y) and those of its site.
    """
    data, found = m.data, m.site_terms
    for (s, a, k, t), q in _delivered(m).items():
        delta = data.discount_factor(t)
        kind = m.terms.available[s, a, t].kind
        made = outputs(data, a) if kind == "process" else {data.offer_by_id[a].material: 1.0}
        fare = sum(share * lane.cost for material, share in made.items()
                   if (lane := found.lanes[a, k, material]) is not None)
        if fare:
            costs.add(("transport", s), delta * fare, q)
        if found.price_factor[s, a, k, t] != 1.0:
            costs.add(("purchase" if kind == "offer" else "processing", s),
                      site_tariff_cost(m, s, a, k, t), q)
    for (s, mat, k, t), stock in variables(m.Ik).items():
        row = data.site_stockpiles.get((mat, k))
        if row is not None and row.holding_cost:
            costs.add(("holding", s),
                      data.discount_factor(t) * row.holding_cost * data.per_period(t), stock)
