"""Sites and transport: where bought and made material is delivered, held and used.

Without sites (data.sites empty) nothing here is indexed: the model is the one of a
single implicit site. With sites the aggregate variables keep their meaning (x
bought, y processed, I the total closing stock, u the total unmet demand) and are
split by site, as traced flows refine them by class (models/rules/traced.py):

    r[s,o,k,t]   t bought from offer o in t for site k, arriving in t + lead(o,k)
    ry[s,p,k,t]  t of output of process p run in t for site k: its inputs are drawn
                 from k's stock in t, its outputs arrive at k in t + lead(p,k,m)
    Ik[s,m,k,t]  closing stock of material m at site k

A lane (from_country, to_site, material or blank) gives the cost per t and the
periods in transit from a supplier country to a site; a lane naming the material
wins over a lane for every material; where no lane is declared, delivery is free
and immediate. Rules naming a site (Rules.site) act on what is delivered there
(models/families/site_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyomo.environ as pyo

from models.families.backorders import add_backlog_flows
from models.families.linear import Sums, variables
from models.input.arrival import arrival
from models.input.chain import Acquisition, describe, matches
from models.input.data import TRACED_KINDS, ModelData, Rule
from models.input.network import Lane
from models.input.terms import BAN_KINDS, LICENCE_KINDS, Exclusion, row_target

SiteKey = tuple[str, str, str, str]
"""(scenario, offer or process, site, period)."""
SITE_RULE_KINDS = ("ban", "tariff", "licence")
"""Trade rules that may name a site (share and count rules may too: models/rules/tally.py;
a traced ban or licence without a segment acts like a ban or licence at its site on
the offers and processes whose own stages match, and on the traced classes kept at
its site: models/rules/traced_sites.py)."""


def lane_table(data: ModelData) -> dict[tuple[str, str, str | None], Lane]:
    """(from_country, to_site, material or None) -> its lane."""
    return {(lane.from_country, lane.to_site, lane.material): lane for lane in data.lanes}


def find_lane(lanes: dict, country: str, site: str, material: str) -> Lane | None:
    """The lane from country to site that carries material: one naming the material
    wins over one for every material; None: no lane (free and immediate)."""
    return lanes.get((country, site, material)) or lanes.get((country, site, None))


def lane_label(lane: Lane | None, country: str, site: str) -> str:
    """A readable name of the way material travels, e.g. 'CN→EU (NdPr_oxide)'."""
    text = f"{country}→{site}"
    if lane is None:
        return f"{text} (no lane: free, immediate)"
    return f"{text} ({lane.material})" if lane.material else text


def outputs(data: ModelData, process: str) -> dict[str, float]:
    """Material -> t made per t of a process's main output (co-products included)."""
    record = data.process_by_id[process]
    return {record.output: 1.0, **record.outputs}


def scoped_item(item: str, site: str) -> str:
    """The tally item of what is delivered to one site, e.g. 'NdPr@US'."""
    return f"{item}@{site}"


def unscoped(item: str, site: str | None) -> str:
    """The item a tally item of a rule with site counts: 'NdPr@US' -> 'NdPr'."""
    return item.removesuffix(f"@{site}") if site else item


def rule_items(data: ModelData, rule: Rule) -> tuple[str, ...]:
    """Tally items a share or count rule looks at: its item or every element, each
    counted on the deliveries to the rule's site when it names one."""
    items = (rule.item,) if rule.item is not None else data.elements
    return tuple(scoped_item(k, rule.site) for k in items) if rule.site else items


def site_demand(m: pyo.ConcreteModel, s: str, mat: str, k: str, t: str) -> float:
    """d[s,m,k,t] = d[s,m,t] · (the site's share of the workbook's demand)."""
    split = dict(m.data.demand[mat, t].sites)
    total = sum(split.values())
    return m.terms.demand.get((s, mat, t), 0.0) * split.get(k, 0.0) / total if total else 0.0


def site_target(m: pyo.ConcreteModel, s: str, mat: str, k: str, t: str) -> float:
    """Least closing stock of mat at site k, as models.input.terms.stockpile_target does it
    for one site: its own target and target_days (of the site's demand), less what a
    release event releases (each site's target is lowered by it)."""
    stock = m.data.site_stockpiles.get((mat, k))
    if stock is None:
        return 0.0
    return row_target(m.data, stock, t, lambda: site_demand(m, s, mat, k, t),
                      m.terms.release.get((s, mat, t), 0.0))


@dataclass
class SiteTerms:
    """Where each available offer and process may deliver, and the site rules on it."""

    lanes: dict[tuple[str, str, str], Lane | None] = field(default_factory=dict)
    """(offer or process, site, material) -> its lane (None: free and immediate)."""
    arrives: dict[tuple[SiteKey, str], str] = field(default_factory=dict)
    """(delivery key, material) -> period in which the material arrives."""
    price_factor: dict[SiteKey, float] = field(default_factory=dict)
    """Delivery key -> product of the site's tariff factors (1 + value)."""
    capacity_factor: dict[SiteKey, float] = field(default_factory=dict)
    """Delivery key -> product of the values of the site's hard licences."""
    acting: dict[SiteKey, list[Rule]] = field(default_factory=dict)
    """Delivery key -> the site rules acting on it (hard bans excepted)."""
    excluded: list[Exclusion] = field(default_factory=list)
    removed: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(rule, scenario, period) -> deliveries a hard site ban removed."""


def site_terms(m: pyo.ConcreteModel) -> SiteTerms:
    """The deliveries that exist: to every site, from every available offer and
    process, unless a hard ban of the site removes it or the main material arrives
    after the horizon."""
    data, found = m.data, SiteTerms()
    lanes = lane_table(data)
    rules = [r for r in data.rules if r.site is not None and (
        r.kind in SITE_RULE_KINDS or (r.kind in TRACED_KINDS and r.segment is None))]
    matched: dict[tuple[str, str], list[Rule]] = {}
    for (s, a, t), acq in m.terms.available.items():
        if a not in matched:
            matched[a] = [r for r in rules if matches(r, acq, data)]
        made = outputs(data, a) if acq.kind == "process" else {acq.material: 1.0}
        for site in data.sites:
            k = site.id
            key = (s, a, k, t)
            here = [r for r in matched[a] if r.site == k and r.applies(s, t)]
            bans = [r for r in here if r.kind in BAN_KINDS and not r.soft]
            if bans:
                for rule in bans:
                    _exclude(found, rule, acq, key, data)
                continue
            for material in made:
                if (a, k, material) not in found.lanes:
                    found.lanes[a, k, material] = find_lane(lanes, acq.country, k, material)
            lane = found.lanes[a, k, acq.material]
            when = arrival(data, a, t, lane.lead_periods if lane else 0)
            if when is None:
                continue
            for material in made:
                other = found.lanes[a, k, material]
                later = arrival(data, a, t, other.lead_periods if other else 0)
                if later is not None:
                    found.arrives[key, material] = later
            price = capacity = 1.0
            for rule in here:
                if rule.kind == "tariff":
                    price *= 1.0 + rule.value
                elif rule.kind in LICENCE_KINDS and not rule.soft:
                    capacity *= rule.value
            found.price_factor[key] = price
            found.capacity_factor[key] = capacity
            found.acting[key] = here
    return found


def _exclude(found: SiteTerms, rule: Rule, acq: Acquisition, key: SiteKey,
             data: ModelData) -> None:
    s, _, k, t = key
    found.removed[rule.id, s, t] = found.removed.get((rule.id, s, t), 0) + 1
    found.excluded.append(Exclusion(acq.id, acq.kind, rule.id, s, (t,),
                                    f"banned at site {k}: {describe(rule, acq, data)}"))


def add_site_flows(m: pyo.ConcreteModel) -> None:
    """Deliveries, stock and demand by site (only with sites).

        delivery split:  Σ_k r[s,o,k,t] = x[s,o,t]
        run split:       Σ_k ry[s,p,k,t] = y[s,p,t]
        site balance:    Ik[s,m,k,t-1] + Σ_{o sells m, τ+lead(o,k)=t} r[s,o,k,τ]
                         + Σ_{p makes m, τ+lead(p,k,m)=t} out[p,m] · ry[s,p,k,τ]
                         − Σ_p input[p,m] · ry[s,p,k,t] − d[s,m,k,t] + uk[s,m,k,t]
                         − Bk[s,m,k,t−1] + Bk[s,m,k,t]
                         − qk[s,m,k,t] − Σ_{j sells m} zk[s,j,k,t] = Ik[s,m,k,t]
        total stock:     Σ_k Ik[s,m,k,t] = I[s,m,t]
        unmet split:     Σ_k uk[s,m,k,t] = u[s,m,t]     (demand at several sites)
        disposal, sales: Σ_k qk = q,  Σ_k zk = z         (several sites)
        site stock:      target[s,m,k,t] ≤ Ik[s,m,k,t] ≤ max[m,k]

    with Ik[s,m,k,0] the site's initial stock, d[s,m,k,t] the site's part of the
    scenario's demand and 0 ≤ uk ≤ d[s,m,k,t]. With one site, or demand at one site,
    uk, qk and zk are u, q and z themselves; Bk is the backlog carried at the site
    (models/families/site_backorders.py). The aggregate material balance is not
    written with sites: the site balances sum to it. Lead: what is ordered in τ
    arrives in τ + lead; an order that would arrive after the horizon has no r.
    """
    data = m.data
    sites = [k.id for k in data.sites]
    m.site_terms = found = site_terms(m) if sites else SiteTerms()
    keys = list(found.price_factor)
    m.R = pyo.Set(initialize=[k for k in keys if k[1] in data.offer_by_id], dimen=4,
                  ordered=True, doc="(scenario, offer, site, period) delivered to a site")
    m.RY = pyo.Set(initialize=[k for k in keys if k[1] in data.process_by_id], dimen=4,
                   ordered=True, doc="(scenario, process, site, period) run for a site")
    m.IK = pyo.Set(initialize=[(s, mat, k, t) for s in m.S for mat in m.M for k in sites
                               for t in m.T], dimen=4, ordered=True,
                   doc="(scenario, material, site, period) of site stock")
    several = len(sites) > 1
    m.UK = pyo.Set(initialize=[(s, mat, k, t) for s, mat, t in m.D
                               for k, q in data.demand[mat, t].sites
                               if q > 0 and len(data.demand[mat, t].sites) > 1],
                   dimen=4, ordered=True, doc="(scenario, material, site, period) of "
                   "demand at several sites")
    m.QK = pyo.Set(initialize=[(s, mat, k, t) for s, mat, t in m.DISPOSE for k in sites]
                   if several else [], dimen=4, ordered=True,
                   doc="(scenario, material, site, period) discarded")
    m.ZK = pyo.Set(initialize=[(s, j, k, t) for s, j, t in m.SELL for k in sites]
                   if several else [], dimen=4, ordered=True,
                   doc="(scenario, sale, site, period) sold")
    m.r = pyo.Var(m.R, domain=pyo.NonNegativeReals, doc="t delivered to a site")
    m.ry = pyo.Var(m.RY, domain=pyo.NonNegativeReals, doc="t of output made for a site")
    m.Ik = pyo.Var(m.IK, domain=pyo.NonNegativeReals, doc="closing stock at a site, t")
    m.uk = pyo.Var(m.UK, domain=pyo.NonNegativeReals, doc="unmet demand at a site, t",
                   bounds=lambda m, *key: (0.0, site_demand(m, *key)))
    m.qk = pyo.Var(m.QK, domain=pyo.NonNegativeReals, doc="t discarded at a site")
    m.zk = pyo.Var(m.ZK, domain=pyo.NonNegativeReals, doc="t sold from a site")
    _add_splits(m)
    _add_site_balance(m)
    _add_site_stock(m)


def _split(m: pyo.ConcreteModel, name: str, parts: pyo.Var, whole: pyo.Var,
           every: bool, doc: str) -> None:
    """Σ over sites of parts (the site third in their index) = whole: a row for
    every index of whole when every (with sites; none reachable forces it to 0),
    else for those that are split."""
    sums = Sums()
    for (s, a, _, t), var in variables(parts).items():
        sums.add((s, a, t), 1.0, var)
    aggregate = variables(whole)
    rows = list(aggregate) if every and m.data.sites else list(sums.keys())
    setattr(m, name, pyo.Constraint(
        rows, doc=doc,
        rule=lambda m, *key: sums.take(key, [-1.0], [aggregate[key]]) == 0.0))


def _add_splits(m: pyo.ConcreteModel) -> None:
    _split(m, "delivery_split", m.r, m.x, True, "deliveries of a purchase by site")
    _split(m, "run_site_split", m.ry, m.y, True, "runs of a process by site")
    _split(m, "unmet_site_split", m.uk, m.u, False, "unmet demand by site")
    _split(m, "disposal_site_split", m.qk, m.dispose, False, "disposal by site")
    _split(m, "sales_site_split", m.zk, m.sell, False, "sales by site")


def _add_site_balance(m: pyo.ConcreteModel) -> None:
    data, found = m.data, m.site_terms
    flows = Sums()
    for (s, o, k, t), var in variables(m.r).items():
        material = data.offer_by_id[o].material
        flows.add((s, material, k, found.arrives[(s, o, k, t), material]), 1.0, var)
    for (s, p, k, t), var in variables(m.ry).items():
        process = data.process_by_id[p]
        for material, quantity in outputs(data, p).items():
            when = found.arrives.get(((s, p, k, t), material))
            if when is not None:
                flows.add((s, material, k, when), quantity, var)
        for material, quantity in process.inputs.items():
            flows.add((s, material, k, t), -quantity, var)
    single = data.sites[0].id if len(data.sites) == 1 else None
    for (s, mat, t), var in variables(m.dispose).items():
        if single:
            flows.add((s, mat, single, t), -1.0, var)
    for (s, mat, k, t), var in variables(m.qk).items():
        flows.add((s, mat, k, t), -1.0, var)
    sold = {sale.id: sale.material for sale in data.sales}
    for (s, j, t), var in variables(m.sell).items():
        if single:
            flows.add((s, sold[j], single, t), -1.0, var)
    for (s, j, k, t), var in variables(m.zk).items():
        flows.add((s, sold[j], k, t), -1.0, var)
    unmet = variables(m.uk)
    for (s, mat, t), var in (variables(m.u).items() if data.sites else ()):
        split = data.demand[mat, t].sites
        if len(split) == 1:
            flows.add((s, mat, split[0][0], t), 1.0, var)
    for key, var in unmet.items():
        flows.add(key, 1.0, var)
    add_backlog_flows(m, flows, m.site_backlog)  # models/families/site_backorders.py
    stock = variables(m.Ik)
    previous = dict(zip(data.period_ids[1:], data.period_ids[:-1], strict=False))
    total = Sums()
    for (s, mat, k, t), var in stock.items():
        flows.add((s, mat, k, t), -1.0, var)
        total.add((s, mat, t), 1.0, var)
        if t in previous:
            flows.add((s, mat, k, t), 1.0, stock[s, mat, k, previous[t]])
    m.site_balance = pyo.Constraint(
        m.IK, doc="material balance at a site",
        rule=lambda m, *key: flows.take(key) == site_balance_rhs(m, *key))
    inventory = variables(m.I)
    m.site_total_stock = pyo.Constraint(
        list(total.keys()), doc="stock of every site together",
        rule=lambda m, *key: total.take(key, [-1.0], [inventory[key]]) == 0.0)


def site_balance_rhs(m: pyo.ConcreteModel, s: str, mat: str, k: str, t: str) -> float:
    """d[s,m,k,t] − the site's initial stock (in the first period)."""
    rhs = site_demand(m, s, mat, k, t) if (mat, t) in m.data.demand else 0.0
    if m.data.position[t] == 0:
        stock = m.data.site_stockpiles.get((mat, k))
        rhs -= stock.initial if stock else 0.0
    return rhs


def _add_site_stock(m: pyo.ConcreteModel) -> None:
    stock, data = variables(m.Ik), m.data
    targets = {key: value for key in stock if (value := site_target(m, *key)) > 0}
    upper = [key for key in stock if (row := data.site_stockpiles.get(key[1:3])) is not None
             and row.max is not None]
    m.site_stock_target = pyo.Constraint(
        list(targets), doc="stockpile target at a site",
        rule=lambda m, *key: stock[key] >= targets[key])
    m.site_stock_max = pyo.Constraint(
        upper, doc="stockpile maximum at a site",
        rule=lambda m, s, mat, k, t: stock[s, mat, k, t] <= data.site_stockpiles[mat, k].max)
