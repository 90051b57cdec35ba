"""Result rows of a plan with sites: purchases by site and lane, inventory by site."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace

from models.families.backorders import demand_sites
from models.families.sites import SiteTerms, lane_label, outputs, site_demand, site_target
from models.input.data import ModelData
from models.input.terms import Terms
from models.readback.solution import Plan


def purchase_rows(data: ModelData, plan: Plan, price_factor: dict,
                  sites: SiteTerms) -> list[list]:
    """One row per scenario, offer, site and period ordered with a delivery: price
    after the tariffs without a site and those of the site, lane and arrival. What
    take-or-pay has paid for but not taken goes to no site: it has a row of its own,
    blank site, lane and arrival, quantity 0, at the price without site tariffs."""
    rows = []
    for key, quantity in positive(plan.deliveries):
        s, o, k, t = key
        offer = data.offer_by_id[o]
        price = offer.price * price_factor.get((s, o, t), 1.0) * sites.price_factor[key]
        lane = sites.lanes[o, k, offer.material]
        rows.append([s, t, o, offer.supplier, offer.country, offer.material, quantity,
                     price, price * quantity, price * quantity * data.discount_factor(t),
                     *_terms(plan, s, o, t), 0.0, 0.0, k,
                     lane_label(lane, offer.country, k), sites.arrives[key, offer.material],
                     (lane.cost if lane else 0.0) * quantity])
    for (s, o, t), unused in positive(plan.take_or_pay):
        offer = data.offer_by_id[o]
        price = offer.price * price_factor.get((s, o, t), 1.0)
        rows.append([s, t, o, offer.supplier, offer.country, offer.material, 0.0, price,
                     0.0, 0.0, *_terms(plan, s, o, t), unused, price * unused, None, None,
                     None, 0.0])
    return rows


def positive(values: dict) -> Iterator[tuple[tuple, float]]:
    """The (index, quantity) of a plan's values with a positive quantity."""
    return ((key, quantity) for key, quantity in values.items() if quantity > 0)


def _terms(plan: Plan, s: str, o: str, t: str) -> tuple[str | None, str | None]:
    """The contract and order columns of a purchase row."""
    return ("signed" if plan.contracts.get(o) else None,
            "placed" if plan.orders.get((s, o, t)) else None)


def processing_rows(data: ModelData, plan: Plan, price_factor: dict,
                    sites: SiteTerms) -> list[list]:
    """One row per scenario, process, site and period run for the site: cost after
    the tariffs without a site and those of the site; arrival of the main output at
    the site (process lead + lane lead)."""
    rows = []
    for key, quantity in positive(plan.site_runs):
        s, p, k, t = key
        process = data.process_by_id[p]
        cost = process.cost * price_factor.get((s, p, t), 1.0) * sites.price_factor[key] \
            * quantity
        rows.append([s, t, p, process.supplier, process.country, process.output, quantity,
                     cost, cost * data.discount_factor(t), sites.arrives[key, process.output],
                     k])
    return rows


def inventory_rows(data: ModelData, plan: Plan, terms: Terms,
                   sites: SiteTerms) -> list[list]:
    """Per scenario, material, site and period: opening + acquired − consumed − served
    = closing at the site (acquired: what arrives there, bought and made), and demand
    + the site's backlog carried in − served − shortfall = its backlog carried out
    (the backlog open at the end of the horizon is lost: shown as shortfall)."""
    flows: dict[tuple[str, str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (s, o, k, t), quantity in plan.deliveries.items():
        material = data.offer_by_id[o].material
        flows[s, material, k, sites.arrives[(s, o, k, t), material]][0] += quantity
    for (s, p, k, t), quantity in plan.site_runs.items():
        for material, per_t in outputs(data, p).items():
            when = sites.arrives.get(((s, p, k, t), material))
            if when is not None:
                flows[s, material, k, when][0] += per_t * quantity
        for material, per_t in data.process_by_id[p].inputs.items():
            flows[s, material, k, t][1] += per_t * quantity
    single = data.sites[0].id if len(data.sites) == 1 else None
    sold = {sale.id: sale.material for sale in data.sales}
    for (s, mat, t), quantity in plan.disposal.items() if single else ():
        flows[s, mat, single, t][1] += quantity
    for (s, j, t), quantity in plan.sales.items() if single else ():
        flows[s, sold[j], single, t][1] += quantity
    for (s, mat, k, t), quantity in plan.site_disposal.items():
        flows[s, mat, k, t][1] += quantity
    for (s, j, k, t), quantity in plan.site_sales.items():
        flows[s, sold[j], k, t][1] += quantity
    seen = SimpleNamespace(data=data, terms=terms)
    last = data.period_ids[-1]
    waits = {mat: demand_sites(data, mat) for mat in data.materials}
    rows = []
    for scenario in data.scenarios:
        s = scenario.id
        for material in sorted({mat for _, mat, _, _ in plan.site_stock}):
            for site in data.sites:
                k = site.id
                stock = data.site_stockpiles.get((material, k))
                opening, waiting = (stock.initial if stock else 0.0), 0.0
                for t in data.period_ids:
                    demand = site_demand(seen, s, material, k, t) \
                        if (material, t) in data.demand else 0.0
                    carried = _backlog(plan, waits[material], s, material, k, t)
                    lost = carried if t == last else 0.0
                    backlog = carried - lost
                    shortfall = _unmet(data, plan, s, material, k, t) + lost
                    closing = plan.site_stock[s, material, k, t]
                    acquired, consumed = flows.get((s, material, k, t), (0.0, 0.0))
                    rows.append([s, t, material, opening, acquired, consumed, demand,
                                 demand + waiting - backlog - shortfall, shortfall, closing,
                                 site_target(seen, s, material, k, t), backlog, k])
                    opening, waiting = closing, backlog
    return rows


def _backlog(plan: Plan, sites: tuple[str, ...], s: str, material: str, k: str,
             t: str) -> float:
    """The site's backlog: its own part where the material is demanded at several
    sites (sites: where it is demanded), else all of it at its one site."""
    if len(sites) > 1:
        return plan.site_backlog.get((s, material, k, t), 0.0)
    return plan.backlog.get((s, material, t), 0.0) if sites == (k,) else 0.0


def _unmet(data: ModelData, plan: Plan, s: str, material: str, k: str, t: str) -> float:
    """The site's unmet demand: its own part where demand is at several sites."""
    if (s, material, k, t) in plan.site_unmet:
        return plan.site_unmet[s, material, k, t]
    row = data.demand.get((material, t))
    if row and len(row.sites) == 1 and row.sites[0][0] == k:
        return plan.unmet.get((s, material, t), 0.0)
    return 0.0


def site_share_rows(data: ModelData, plan: Plan, totals: dict) -> list[list]:
    """Shares rows of the tallies of deliveries to one site (kept where a share or
    count rule names a site: the item k@site), with the site in its own column."""
    sites = {site.id for site in data.sites}
    rows = []
    for (s, name, g, c, t), value in plan.tally.items():
        item, _, site = name.rpartition("@")
        if site in sites and item and value > 0:
            whole = totals[s, name, g, t]
            rows.append([s, t, item, g, c, value, value / whole if whole else 0.0, False,
                         None, site])
    return rows
