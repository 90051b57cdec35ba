"""Result tables (pandas DataFrames) from the model data and the solved plan."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from models.families.sites import SiteTerms
from models.input.arrival import arrival
from models.input.chain import CHAIN, OWNER
from models.input.data import ModelData
from models.input.terms import Exclusion, Terms
from models.readback.figures import scenario_shortfall
from models.readback.solution import Plan
from planner.results.columns import names
from planner.results.site_tables import (
    inventory_rows,
    processing_rows,
    purchase_rows,
    site_share_rows,
)

PURCHASE_COLUMNS = names("Purchases")
INVESTMENT_COLUMNS = names("InvestmentPlan")
PROCESSING_COLUMNS = names("Processing")
INVENTORY_COLUMNS = names("Inventory")
SHARES_COLUMNS = names("Shares")
RULE_COLUMNS = names("RuleReport")
EXCLUDED_COLUMNS = names("Excluded")


def purchases_table(data: ModelData, plan: Plan, price_factor: dict,
                    sites: SiteTerms | None = None) -> pd.DataFrame:
    """One row per scenario, offer and period with a purchase or a take-or-pay payment;
    price after tariffs (with sites: one row per site delivered to, with its lane and
    arrival). Columns of features the workbook does not use are left out: take-or-pay
    (t paid for but not taken, and what it cost, undiscounted) without a min_take,
    site, lane and transport cost without sites, arrival without lead times."""
    offers = {o.id: o for o in data.offers}
    if data.sites and sites is not None:
        rows = purchase_rows(data, plan, price_factor, sites)
        return _sorted(_without_unused(pd.DataFrame(rows, columns=PURCHASE_COLUMNS), data,
                                   data.offers), data, "offer")
    rows = []
    for (s, o, t), quantity in plan.purchases.items():
        unused = plan.take_or_pay.get((s, o, t), 0.0)
        if quantity <= 0 and unused <= 0:
            continue
        offer = offers[o]
        price = offer.price * price_factor.get((s, o, t), 1.0)
        contract = "signed" if plan.contracts.get(o) else None
        order = "placed" if plan.orders.get((s, o, t)) else None
        rows.append([s, t, o, offer.supplier, offer.country, offer.material, quantity,
                     price, price * quantity, price * quantity * data.discount_factor(t),
                     contract, order, unused, price * unused, None, None,
                     arrival(data, o, t), 0.0])
    return _sorted(_without_unused(pd.DataFrame(rows, columns=PURCHASE_COLUMNS), data,
                                   data.offers), data, "offer")


def processing_table(data: ModelData, plan: Plan, price_factor: dict,
                     sites: SiteTerms | None = None) -> pd.DataFrame:
    """One row per scenario, process and period that runs; cost after tariffs (with
    sites: one row per site run for, with the site's tariffs and the arrival there)."""
    if data.sites and sites is not None:
        rows = processing_rows(data, plan, price_factor, sites)
    else:
        rows = []
        for (s, p, t), quantity in plan.processing.items():
            if quantity <= 0:
                continue
            process = data.process_by_id[p]
            cost = process.cost * price_factor.get((s, p, t), 1.0) * quantity
            rows.append([s, t, p, process.supplier, process.country, process.output,
                         quantity, cost, cost * data.discount_factor(t),
                         arrival(data, p, t), None])
    return _without_unused(_sorted(pd.DataFrame(rows, columns=PROCESSING_COLUMNS), data,
                                   "process"), data, data.processes)


def _sorted(frame: pd.DataFrame, data: ModelData, key: str) -> pd.DataFrame:
    order = {t: i for i, t in enumerate(data.period_ids)}
    scenarios = {s.id: i for i, s in enumerate(data.scenarios)}
    frame = frame.assign(_s=frame["scenario"].map(scenarios), _t=frame["period"].map(order))
    return (frame.sort_values(["_s", "_t", key], kind="stable")
            .drop(columns=["_s", "_t"]).reset_index(drop=True))


def investments_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """One row per scenario, investment and period in which units are built."""
    investments = {i.id: i for i in data.investments}
    periods = data.period_ids
    rows = []
    for (s, i, t), units in plan.units.items():
        if units <= 0:
            continue
        inv = investments[i]
        ready = periods.index(t) + inv.lead_periods
        capex = units * inv.capex
        rows.append([s, i, inv.process, t, units, units * inv.capacity,
                     periods[ready] if ready < len(periods) else "after the horizon",
                     capex, capex * data.discount_factor(t)])
    return _sorted(pd.DataFrame(rows, columns=INVESTMENT_COLUMNS), data, "investment")


def investment_columns(data: ModelData, plan_table: pd.DataFrame) -> pd.DataFrame:
    """Per investment: units built, when, and capex (expected over scenarios), for the
    copy of the Investments input sheet."""
    probability = data.probability
    several = len(data.scenarios) > 1
    rows = {}
    for inv in data.investments:
        built = plan_table[plan_table.investment == inv.id]
        weights = built.scenario.map(probability)
        when = "; ".join(f"{r.scenario} {r.period}: {r.units:g}" if several
                         else f"{r.period}: {r.units:g}" for r in built.itertuples())
        rows[inv.id] = {"units_built": float((built.units * weights).sum()),
                        "built_in": when or None,
                        "capacity_added": float((built.capacity_added * weights).sum()),
                        "capex_spent": float((built.capex * weights).sum())}
    return pd.DataFrame.from_dict(rows, orient="index")


def inventory_table(data: ModelData, plan: Plan, terms: Terms,
                    sites: SiteTerms | None = None) -> pd.DataFrame:
    """Per scenario, material and period: opening + acquired − consumed − served = closing
    (acquired: bought and made, co-products included, in the period it arrives;
    consumed: used by processes, sold and discarded) and demand + the backlog carried in
    − served − shortfall = backlog (carried out; backlog left at the end of the horizon
    is lost and shown as shortfall); with sites, per site as well. The backlog column
    only with backorders, the site column only with sites."""
    if data.sites and sites is not None:
        return _without_unused(pd.DataFrame(inventory_rows(data, plan, terms, sites),
                                               columns=INVENTORY_COLUMNS), data)
    flows: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    material_of = {o.id: o.material for o in data.offers}
    for (s, o, t), quantity in plan.purchases.items():
        flows[s, material_of[o], arrival(data, o, t)][0] += quantity
    for process in data.processes:
        for t in process.periods:
            for scenario in data.scenarios:
                quantity = plan.processing.get((scenario.id, process.id, t), 0.0)
                if quantity:
                    ready = arrival(data, process.id, t)
                    flows[scenario.id, process.output, ready][0] += quantity
                    for material, per_t in process.outputs.items():
                        flows[scenario.id, material, ready][0] += per_t * quantity
                    for material, per_t in process.inputs.items():
                        flows[scenario.id, material, t][1] += per_t * quantity
    for (s, mat, t), quantity in plan.disposal.items():  # discarded and sold: consumed
        flows[s, mat, t][1] += quantity
    sold = {sale.id: sale.material for sale in data.sales}
    for (s, k, t), quantity in plan.sales.items():
        flows[s, sold[k], t][1] += quantity
    materials = sorted({mat for _, mat, _ in plan.inventory})
    rows = []
    for scenario in data.scenarios:
        s = scenario.id
        for material in materials:
            opening, waiting = data.stockpile(material).initial, 0.0
            for t in data.period_ids:
                demand = terms.demand.get((s, material, t), 0.0)
                lost = plan.lost_backlog.get((s, material, t), 0.0)
                shortfall = plan.unmet.get((s, material, t), 0.0) + lost
                backlog = plan.backlog.get((s, material, t), 0.0) - lost
                closing = plan.inventory[s, material, t]
                acquired, consumed = flows.get((s, material, t), (0.0, 0.0))
                rows.append([s, t, material, opening, acquired, consumed, demand,
                             demand + waiting - backlog - shortfall, shortfall, closing,
                             terms.target.get((s, material, t), 0.0), backlog, None])
                opening, waiting = closing, backlog
    return _without_unused(pd.DataFrame(rows, columns=INVENTORY_COLUMNS), data)


def _without_unused(frame: pd.DataFrame, data: ModelData, records=()) -> pd.DataFrame:
    """frame without the columns of features the workbook does not use, so that a
    workbook without them keeps its result sheets' shape. records: the offers or
    processes of the sheet, whose lead times decide the arrival column."""
    sites = bool(data.sites)
    take_or_pay = any(o.min_take > 0 for o in data.offers)
    used = {"take_or_pay_shortfall": take_or_pay, "take_or_pay_cost": take_or_pay,
            "site": sites, "lane": sites, "transport_cost": sites,
            "arrival": sites or any(r.lead_periods for r in records),
            "backlog": any(m.backorder_cost is not None for m in data.materials.values())}
    return frame.drop(columns=[c for c, on in used.items() if c in frame and not on])



def shares_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """Stage accounting of every element: tally per country and its share of the stage;
    then (traced = TRUE) the traced tally of each share rule with trace = TRUE, per
    country as the rule tells them apart (`other`, or `in` for its named group)."""
    elements = set(data.elements)
    totals: dict[tuple[str, str, str, str], float] = defaultdict(float)
    for (s, k, g, _, t), value in plan.tally.items():
        totals[s, k, g, t] += value
    stages = {g: i for i, g in enumerate((*CHAIN, OWNER))}
    periods = {t: i for i, t in enumerate(data.period_ids)}
    rows = [[s, t, k, g, c, value, value / totals[s, k, g, t] if totals[s, k, g, t] else 0.0,
             False, None, None]
            for (s, k, g, c, t), value in plan.tally.items() if k in elements and value > 0]
    rows += site_share_rows(data, plan, totals)
    traced: dict[tuple[str, str, str, str, str], float] = defaultdict(float)
    for (s, r, k, g, _, t), value in plan.traced_tally.items():
        traced[s, r, k, g, t] += value
    rows += [[s, t, k, g, b, value,
              value / traced[s, r, k, g, t] if traced[s, r, k, g, t] > 0 else 0.0, True, r,
              data.rule_by_id[r].site]  # a traced rule with a site tallies that site
             for (s, r, k, g, b, t), value in plan.traced_tally.items() if value != 0]
    rows.sort(key=lambda r: (r[0], periods[r[1]], r[7], r[8] or "", r[9] or "", r[2],
                             stages[r[3]], -r[5], r[4]))
    return pd.DataFrame(rows, columns=SHARES_COLUMNS)


def rule_report_table(plan: Plan, integer: bool) -> pd.DataFrame:
    """Per rule, scenario and period; marginal costs say where they come from."""
    basis = "LP with integer decisions fixed" if integer else "LP duals"
    rows = [[r.rule, r.kind, r.scenario, r.period, r.binding, r.violation, r.marginal_cost,
             basis if r.marginal_cost is not None else None, r.volume, r.removed]
            for r in plan.rules]
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def excluded_table(exclusions: list[Exclusion]) -> pd.DataFrame:
    rows = [[e.id, e.kind, e.rule, e.scenario, _span(e.periods), e.reason] for e in exclusions]
    return pd.DataFrame(rows, columns=EXCLUDED_COLUMNS)


def _span(periods: tuple[str, ...]) -> str:
    return periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]} ({len(periods)})"


def scenario_costs_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """Per scenario: probability, discounted cost (and its terms), unmet demand."""
    shortfall = scenario_shortfall(plan)
    rows = [{"scenario": sc.id, "probability": sc.probability,
             "cost": sum(plan.scenario_costs[sc.id].values()), "shortfall_t": shortfall[sc.id],
             **{f"cost_{term}": value for term, value in plan.scenario_costs[sc.id].items()}}
            for sc in data.scenarios]
    return pd.DataFrame(rows)


def summary_table(entries: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({"key": list(entries), "value": list(entries.values())})
