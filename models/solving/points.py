"""A sweep point as a variant of the workbook's own model (models.solving.variants): the rows,
bounds and costs whose numbers differ are changed in the HiGHS model already built.

A point re-solves warm when it changes only numbers: demand, stock targets (target,
target_days, target_from, release events), stock maxima and initial stock, offer and
process capacities, prices and costs, price indices (their values and the offers'
index, floor and cap), take-or-pay volumes (min_take) and order costs, licence,
traced licence, tariff, share and count values, and capacity, price and demand
event values. Anything that decides which rows or columns exist (or a number
this module does not follow) is refused with its reason, and the caller builds
a model for the point.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from models.families.backorders import backlog_bound
from models.families.balance import balance_rhs
from models.families.stockpile import stock_max_row, stock_target_row
from models.families.takeorpay import take_or_pay_row
from models.input.data import COUNT_KINDS, SHARE_KINDS, TRADE_KINDS, ModelData
from models.input.terms import scenario_terms
from models.rules.shares import share_rule_row
from models.rules.suppliers import max_suppliers_row, min_suppliers_row
from models.rules.traced import class_balance_rhs
from models.rules.traced_licences import traced_licence_row
from models.rules.traced_sites import cell_demand
from models.rules.traced_tally import traced_tally_rhs
from models.solving.variants import Seen, Warm, refresh_trade


def _without(record, *fields: str):
    return dataclasses.replace(record, **{f: None for f in fields})


def _valued(data: ModelData) -> tuple:
    """Prices and costs, where thresholds by value weigh inputs by them."""
    if data.threshold_basis != "value" or not any(r.threshold for r in data.rules):
        return ()
    return (tuple(o.price for o in data.offers), tuple(p.cost for p in data.processes))


def _structure(data: ModelData) -> tuple:
    """Everything of data that decides which rows and columns exist (and the numbers
    this module does not re-solve)."""
    return (
        data.periods, data.materials, data.content, data.scenarios, data.investments,
        data.decision_period, data.risk_measure, data.cvar_alpha, data.cvar_weight,
        data.min_supplier_quantity, data.discount_rate, data.rates_per_year,
        tuple((_without(o, "capacity", "price", "min_take", "order_cost", "index",
                        "floor", "cap"), o.min_take > 0, o.order_cost > 0)
              for o in data.offers),
        tuple(_without(p, "capacity", "cost") for p in data.processes),
        tuple(_without(r, "value") if r.kind in (*TRADE_KINDS, *SHARE_KINDS, *COUNT_KINDS,
                                                 "traced_licence")
              else r for r in data.rules),
        tuple(_without(e, "value") if e.value is not None else e for e in data.events),
        tuple(data.demand),
        tuple((k, tuple(g for g, _ in d.segments)) for k, d in data.demand.items()
              if d.segments),
        data.sales, data.threshold_basis, _valued(data),
        tuple((k, s.holding_cost, s.max is None) for k, s in data.stockpiles.items()),
        data.capacity_groups,
        data.sites, data.lanes, data.site_stockpiles,
        tuple((k, d.sites) for k, d in data.demand.items() if d.sites),
    )


def _contract_values(warm: Warm, seen: Seen) -> None:
    """Take-or-pay rows whose min_take changed, and the costs of orders whose
    order_cost changed."""
    m, new, old = warm.model, seen.data.offer_by_id, warm.model.data.offer_by_id
    taken = {o for o in new if new[o].min_take != old[o].min_take}
    warm.set_rows(m.take_or_pay, [k for k in m.SHORT if k[1] in taken], seen, take_or_pay_row)
    ordered = {o for o in new if new[o].order_cost != old[o].order_cost}
    for s in m.S:
        keys = [k for k in m.W if k[0] == s and k[1] in ordered]
        if keys:
            delta = [seen.data.discount_factor(t) * (new[o].order_cost - old[o].order_cost)
                     for _, o, t in keys]
            warm.change_cost(s, "ordering", warm.cols(m.w, keys), np.array(delta))


def _traced_rows(warm: Warm, seen: Seen, demand: list, initial: set[str]) -> None:
    """Right sides of the traced rows whose demand or initial stock changed."""
    m = warm.model
    changed = set(demand)
    segment_rows = [k for k in m.served_split if (k[0], k[1], k[3]) in changed]
    if segment_rows:  # and the bounds of a segment's unmet demand
        unmet = [k for k in segment_rows if k in m.ug]
        cols = warm.cols(m.ug, unmet)
        warm.solver.set_col_bounds(cols, np.zeros(len(cols)),
                                   np.array([cell_demand(seen, *k) for k in unmet]))
    for component, keys, rhs in (
            (m.served_split, segment_rows, cell_demand),
            (m.class_balance, [k for k in m.class_balance if k[1] in initial
                               and m.data.position[k[3]] == 0], class_balance_rhs),
            (m.ttally_def, [k for k, parts in m.ttally_initial.items()
                            if any(mat in initial for mat, *_ in parts)], traced_tally_rhs)):
        if keys:
            rows = warm.matrix.rows_of([component[k] for k in keys])
            values = np.array([rhs(seen, *k) for k in keys])
            warm.solver.set_row_bounds(rows, values, values)


def _backlog_bounds(warm: Warm, seen: Seen, changed: set[tuple[str, str]]) -> None:
    """Bounds of the backlog (and of its segments' parts) of (scenario, material) pairs
    whose demand changed."""
    keys = [k for k in warm.model.BACKLOG if k[:2] in changed]
    if keys:
        cols = warm.cols(warm.model.backlog, keys)
        warm.solver.set_col_bounds(cols, np.zeros(len(cols)),
                                   np.array([backlog_bound(seen, *k) for k in keys]))
    parts = [k for k in warm.model.BACKLOGG if k[:2] in changed]  # (s, m, g, t): no sites
    if parts:
        cols = warm.cols(warm.model.backlogg, parts)
        warm.solver.set_col_bounds(cols, np.zeros(len(cols)), np.array([
            backlog_bound(seen, s, mat, t, lambda tau, s=s, mat=mat, g=g:
                          cell_demand(seen, s, mat, g, tau)) for s, mat, g, t in parts]))


def apply_data(warm: Warm, data: ModelData) -> str | None:
    """The model as data would build it, if data differs only in numbers."""
    m = warm.model
    if _structure(data) != _structure(m.data):
        return "it changes more than demand, stock levels, capacities, prices and rule values"
    if data.sites:  # the balances, stock rows and costs by site are not followed here
        return "the workbook has sites"
    terms = scenario_terms(data, warm.keep_banned)
    if set(terms.demand) != set(m.terms.demand) or set(terms.target) != set(m.terms.target):
        return "it changes which periods have demand or a stockpile target"
    reason = refresh_trade(warm, data, terms)
    if reason:
        return reason
    seen, old = Seen(m, data, terms), m.terms
    initial = {k for k, s in data.stockpiles.items()
               if s.initial != m.data.stockpile(k).initial}
    first = data.period_ids[0]
    balance = [k for k in old.demand if old.demand[k] != terms.demand[k]]
    balance += [(s, mat, first) for s in m.S for mat in initial if mat in m.M]
    balance = list(dict.fromkeys(balance))
    if balance:
        rows = warm.matrix.rows_of([m.balance[k] for k in balance])
        rhs = np.array([balance_rhs(seen, *k) for k in balance])
        warm.solver.set_row_bounds(rows, rhs, rhs)
    demand = [k for k in old.demand if old.demand[k] != terms.demand[k]]
    _traced_rows(warm, seen, demand, initial)
    if demand:
        cols = warm.cols(m.u, demand)
        warm.solver.set_col_bounds(cols, np.zeros(len(cols)),
                                   np.array([terms.demand[k] for k in demand]))
        _backlog_bounds(warm, seen, {k[:2] for k in demand})
    warm.set_rows(m.stock_target, [k for k in old.target if old.target[k] != terms.target[k]
                                   and k in m.stock_target], seen, stock_target_row)
    maxima = {k for k, s in data.stockpiles.items() if s.max != m.data.stockpile(k).max}
    warm.set_rows(m.stock_max, [k for k in m.stock_max if k[1] in maxima], seen,
                  stock_max_row)
    values = {r.id for r in data.rules if r.value != m.data.rule_by_id[r.id].value}
    warm.set_rows(m.share_rule, [k for k, spec in m.share_specs.items()
                                 if spec[0].id in values], seen, share_rule_row)
    warm.set_rows(m.min_suppliers, [k for k, spec in m.count_specs.items()
                                    if spec[0].id in values], seen, min_suppliers_row)
    warm.set_rows(m.max_suppliers, [k for k, spec in m.most_specs.items()
                                    if spec[0].id in values], seen, max_suppliers_row)
    _contract_values(warm, seen)
    changed = set(demand)  # (refresh_trade has followed the capacities of traced runs)
    warm.set_rows(m.traced_licence, [
        k for k in m.traced_licence_parts if k[1] in values or (
            k[3] and (k[0], k[2], k[4]) in changed)], seen, traced_licence_row)
    return None
