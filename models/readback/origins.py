"""Where every row and bound of the model comes from: the one map from model rows to
the data records (and so to the workbook cells) that created them.

Each constraint family's rows, and each variable bound that comes from data, has a
describer here; `origin_of` turns a row or bound into an Origin that names it in
words and lists the `source` labels of the records behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyomo.environ as pyo

from models.families.stochastic import COUPLING_ROWS
from models.input.chain import contains
from models.input.data import GENERAL
from models.input.terms import event_matches


@dataclass(frozen=True)
class Origin:
    text: str
    """The row in words, e.g. 'stockpile target of Dy_oxide: at least 12 t in 2027'."""
    sources: tuple[tuple[str, str | None], ...] = ()
    """(record source label, column that matters or None) of the records behind it,
    e.g. ("Stockpile!A4", "target")."""


Describer = Callable[[pyo.ConcreteModel, tuple], Origin]


def _in(s: str, m: pyo.ConcreteModel) -> str:
    return f" in scenario {s}" if len(m.S) > 1 else ""


def _balance(m, index) -> Origin:
    s, mat, t = index
    data = m.data
    row = data.demand.get((mat, t))
    sources = [(row.source, "quantity")] if row else []
    if mat in data.stockpiles:
        sources.append((data.stockpiles[mat].source, "initial"))
    delivers = {o.id for o in data.offers if o.material == mat}
    delivers |= {p.id for p in data.processes if p.output == mat}
    bans: dict[str, list[str]] = {}
    for exclusion in m.terms.excluded:
        if exclusion.id in delivers and exclusion.scenario == s and t in exclusion.periods:
            bans.setdefault(exclusion.rule, []).append(exclusion.id)
    rules = {r.id: r for r in data.rules}
    sources += [(rules[rule].source, None) for rule in bans]
    text = (f"balance of {mat} in {t}{_in(s, m)}: what is bought and made, less what is "
            "used, is held (stock cannot be discarded)")
    if bans:
        text += "; banned there: " + "; ".join(
            f"{', '.join(ids)} by {rule}" for rule, ids in bans.items())
    return Origin(text, tuple(sources))


def _acquisition_sources(m, s, a, t) -> list[tuple[str, str | None]]:
    """The record of an offer or process and the licences and events acting on it."""
    data = m.data
    record = next(r for r in (*data.offers, *data.processes) if r.id == a)
    sources: list[tuple[str, str | None]] = [(record.source, "capacity")]
    rules = {r.id: r for r in data.rules}
    sources += [(rules[rid].source, "value") for rid, keys in m.terms.matched.items()
                if (s, a, t) in keys and rules[rid].kind in ("licence", "traced_licence")]
    acq = m.terms.available[s, a, t]
    sources += [(e.source, "value") for e in data.events if e.kind == "capacity"
                and e.scenario == s and t in e.periods and event_matches(e, acq, data)]
    return sources


def _offer_capacity(m, index) -> Origin:
    s, o, t = index
    limit = next(x.capacity for x in m.data.offers if x.id == o) * m.terms.capacity_factor[index]
    return Origin(f"capacity of offer {o}: at most {limit:g} t in {t}{_in(s, m)}",
                  tuple(_acquisition_sources(m, s, o, t)))


def _process_capacity(m, index) -> Origin:
    s, p, t = index
    process = next(x for x in m.data.processes if x.id == p)
    sources = _acquisition_sources(m, s, p, t)
    text = f"capacity of process {p}: {process.capacity:g} t in {t}{_in(s, m)}"
    for inv in (i for i in m.data.investments if i.process == p):
        sources.append((inv.source, "earliest_period"))
        start = inv.periods[0] if inv.periods else "never"
        text += (f", plus units of {inv.id} built from {start} and working "
                 f"{inv.lead_periods} period(s) later")
    return Origin(text, tuple(sources))


def _offer(m, index) -> Origin:
    o = index[1] if len(index) == 3 else index[0]
    offer = next(x for x in m.data.offers if x.id == o)
    return Origin(f"minimum order {offer.min_order:g} t and contract of offer {o}",
                  ((offer.source, "min_order"),))


def _contract(m, index) -> Origin:
    """A contract's start, term or take-or-pay row: index (s, o) or (s, o, t)."""
    offer = m.data.offer_by_id[index[1]]
    term = f"{offer.term_periods} periods" if offer.term_periods else "the rest of its window"
    return Origin(f"contract of offer {offer.id}: starts once, binds for {term}, "
                  f"takes or pays {offer.min_take:g} t per period",
                  ((offer.source, "min_take"), (offer.source, "term_periods")))


def _capacity_group(m, index) -> Origin:
    s, g, t = index
    group = next(x for x in m.data.capacity_groups if x.id == g)
    return Origin(f"capacity group {g}: {', '.join(group.members)} together at most "
                  f"{group.capacity:g} t in {t}{_in(s, m)}", ((group.source, "capacity"),))


def _min_run(m, index) -> Origin:
    s, p, t = index
    process = m.data.process_by_id[p]
    sources = [(process.source, "min_run"), *_acquisition_sources(m, s, p, t)[1:]]
    sources += [(i.source, "max_units") for i in m.data.investments_of(p)]
    return Origin(f"minimum run of process {p}: none or at least {process.min_run:g} t in "
                  f"{t}{_in(s, m)}", tuple(sources))


def _investment(m, index) -> Origin:
    inv = next(i for i in m.data.investments if i.id == index[1])
    return Origin(f"at most {inv.max_units} units of {inv.id}", ((inv.source, "max_units"),))


def _stock(kind: str) -> Describer:
    def describe(m, index) -> Origin:
        s, mat, t = index
        stock = m.data.stockpile(mat)
        events = [(e.source, "value") for e in m.data.events if e.kind == "release"
                  and e.scenario == s and t in e.periods and contains(m.data, mat, e.item)]
        if kind == "target":
            column = "target" if stock.target else "target_days"
            return Origin(f"stockpile target of {mat}: at least "
                          f"{m.terms.target[index]:g} t at the end of {t}{_in(s, m)}",
                          ((stock.source, column), *events))
        return Origin(f"stockpile maximum of {mat}: at most {stock.max:g} t",
                      ((stock.source, "max"),))

    return describe


def _rule_row(m, rule, s, t, what: str = "") -> Origin:
    scope = f" for {rule.item}" if rule.item else ""
    return Origin(f"{rule.kind} rule {rule.id}{scope}{what} in {t}{_in(s, m)}",
                  ((rule.source, "value"),))


def _entry_of(m, constraint) -> Origin:
    for entry in m.rulebook.entries:
        if entry.constraint is constraint:
            return _rule_row(m, entry.rule, entry.scenario, entry.period)
    return Origin(constraint.name)


def _same(m, index) -> Origin:
    return Origin("decisions up to the decision period are the same in every scenario "
                  "(Settings decision_period)")


def _identity(text: str) -> Describer:
    return lambda m, index: Origin(text)


def _supplier_count(m, index) -> Origin:
    """A min_suppliers row and the bound that makes it hard are one limit: the same
    Origin, naming the suppliers that can count and the bans that removed others."""
    rule, item, t, sellers = m.count_specs[index]
    s = index[0]
    data = m.data
    rules = data.rule_by_id
    supplier_of = {a.id: a.supplier for a in (*data.offers, *data.processes)}
    material_of = {**{o.id: o.material for o in data.offers},
                   **{p.id: p.output for p in data.processes}}
    bans: dict[str, list[str]] = {}
    for exclusion in m.terms.excluded:
        if (exclusion.scenario == s and t in exclusion.periods
                and contains(data, material_of.get(exclusion.id, ""), item)
                and supplier_of.get(exclusion.id) not in sellers):
            bans.setdefault(exclusion.rule, []).append(
                f"{supplier_of.get(exclusion.id)} ({exclusion.id})")
    can = ", ".join(sellers) if sellers else "none"
    text = (f"min_suppliers rule {rule.id} for {item} in {t}{_in(s, m)}: at least "
            f"{rule.value:g} suppliers must each deliver {data.min_supplier_quantity:g} t; "
            f"{len(sellers)} can ({can})")
    sources = [(rule.source, "value")]
    if bans:
        text += "; banned there: " + "; ".join(
            f"{', '.join(dict.fromkeys(names))} by {ban}" for ban, names in bans.items())
        sources += [(rules[ban].source, None) for ban in bans]
    return Origin(text, tuple(sources))


def _unmet_bound(m, index) -> Origin:
    s, mat, t = index
    row = m.data.demand.get((mat, t))
    return Origin(f"unmet demand of {mat} in {t}{_in(s, m)} is at most its demand",
                  ((row.source, "quantity"),) if row else ())


def _qualified(m, index) -> Origin:
    s, a, t = index
    record = m.data.acquisition(a)
    return Origin(f"{a} delivers in {t}{_in(s, m)} only once qualified, "
                  f"{record.qualification_periods} period(s) after its qualification "
                  "starts", ((record.source, "qualification_periods"),))


def _backlog_bound(m, index) -> Origin:
    s, mat, t = index
    material = m.data.materials[mat]
    most = material.max_backorder_periods
    wait = f"at most {most} period(s)" if most else "until the end of the horizon"
    return Origin(f"demand of {mat} carried at the end of {t}{_in(s, m)} may wait {wait}",
                  ((material.source, "max_backorder_periods"),))


def _class_balance(m, index) -> Origin:
    """A traced class's balance, with the traced rules its class matches and those
    that bar it here."""
    s, mat, c, t = index
    marks = m.index_of_class.get((mat, c), frozenset())
    site = m.site_of_class.get((mat, c))
    rules = [r for r in m.classes.rules if r.id in marks]
    barred = [r.id for r in rules if r.kind == "traced_ban" and not r.soft
              and r.applies(s, t) and m.classes.acts(r, mat) and r.site in (None, site)]
    what = f"lots matching {', '.join(sorted(marks))}" if marks else "lots matching no " \
        "traced rule"
    at = f" at site {site}" if site else ""
    text = (f"balance of {mat} {what}{at} in {t}{_in(s, m)}: what is bought and made of "
            "them, less what is used, is held")
    if barred:
        text += f"; barred from use there by {', '.join(barred)}"
    origin = _balance(m, (s, mat, t))
    return Origin(text, (*origin.sources, *((r.source, None) for r in rules)))


def _served(m, index) -> Origin:
    """Demand served by class, with the traced bans that bar some class here."""
    s, mat, g, *site, t = index  # with sites: (s, mat, g, site, t)
    row = m.data.demand.get((mat, t))
    marks = set().union(*m.classes.reachable.get(mat, [set()]))
    barred = [r for r in m.classes.rules if r.id in marks and r.kind == "traced_ban"
              and not r.soft and r.applies(s, t) and m.classes.acts(r, mat)
              and r.segment in (None, g) and r.site in (None, *site)]
    whose = f" ({g})" if g != GENERAL or len(row.by_segment()) > 1 else ""
    at = f" at site {site[0]}" if site else ""
    text = f"demand{whose} of {mat}{at} in {t}{_in(s, m)} is served from lots of the " \
        "traced classes allowed there, or unmet"
    if barred:
        text += f"; lots matching {', '.join(r.id for r in barred)} are barred"
    sources = ((row.source, "quantity"),) if row else ()
    return Origin(text, (*sources, *((r.source, None) for r in barred)))


def _site_balance(m, index) -> Origin:
    """A site's balance, with its demand and stock rows and the site bans there."""
    s, mat, k, t = index
    data = m.data
    row = data.demand.get((mat, t))
    sources = [(row.source, "quantity")] if row else []
    stock = data.site_stockpiles.get((mat, k))
    if stock is not None:
        sources.append((stock.source, "initial"))
    banned = {e.rule for e in m.site_terms.excluded
              if e.scenario == s and t in e.periods and e.reason.startswith(f"banned at site {k}:")}
    sources += [(data.rule_by_id[r].source, None) for r in sorted(banned)]
    text = (f"balance of {mat} at site {k} in {t}{_in(s, m)}: what arrives there, less what "
            "is used there, is held there")
    return Origin(text + (f"; banned there by {', '.join(sorted(banned))}" if banned else ""),
                  tuple(sources))


def _site_stock(kind: str) -> Describer:
    def describe(m, index) -> Origin:
        s, mat, k, t = index
        stock = m.data.site_stockpiles[mat, k]
        if kind == "target":
            column = "target" if stock.target else "target_days"
            return Origin(f"stockpile target of {mat} at site {k}: at least the target at "
                          f"the end of {t}{_in(s, m)}", ((stock.source, column),))
        return Origin(f"stockpile maximum of {mat} at site {k}: at most {stock.max:g} t",
                      ((stock.source, "max"),))
    return describe


DESCRIBERS: dict[str, Describer] = {
    "balance": _balance,
    "offer_capacity": _offer_capacity,
    "process_capacity": _process_capacity,
    "min_order": _offer,
    "order_needs_contract": _offer,
    "unit_limit": lambda m, index: _investment(m, (None, index[1])),
    "capacity_group": _capacity_group,
    "run_floor": _min_run,
    "run_gate": _min_run,
    "soft_licence": lambda m, index: _entry_of(m, m.soft_licence[index]),
    "stock_target": _stock("target"),
    "stock_max": _stock("max"),
    "tally_def": _identity("stage tally definition"),
    "delivered_def": _identity("deliveries of a supplier"),
    "whole_def": _identity("the total a share is taken of"),
    "ttally_def": _identity("traced stage tally definition"),
    "share_rule": lambda m, index: _entry_of(m, m.share_rule[index]),
    "supplier_counts": lambda m, index: _rule_row(
        m, m.data.rule_by_id[index[1]], index[0], index[4],
        f": supplier {index[3]} counts only when it delivers"),
    "min_suppliers": _supplier_count,
    "contract_start": _contract,
    "take_or_pay": _contract,
    "most_counts": lambda m, index: _rule_row(
        m, m.data.rule_by_id[index[1]], index[0], index[4],
        f": supplier {index[3]} delivers only when counted"),
    "max_suppliers": lambda m, index: _rule_row(m, m.data.rule_by_id[index[1]], index[0],
                                                index[3]),
    "v_most": lambda m, index: _rule_row(m, m.data.rule_by_id[index[1]], index[0], index[3]),
    "disposal_split": _identity("disposal by class"),
    "sales_split": _identity("sales by class"),
    "class_balance": _class_balance,
    "served_split": _served,
    "run_split": _identity("runs of a traced output by class"),
    "input_split": _identity("traced inputs of a run by class"),
    "unmet_split": _identity("unmet demand by segment"),
    "blend": lambda m, index: _entry_of(m, m.blend[index]),
    "traced_licence": lambda m, index: _entry_of(m, m.traced_licence[index]),
    "ug": lambda m, index: _unmet_bound(m, (index[0], index[1], index[3])),
    "site_balance": _site_balance,
    "site_total_stock": _identity("stock of every site together"),
    "delivery_split": _identity("deliveries of a purchase by site"),
    "run_site_split": _identity("runs of a process by site"),
    "unmet_site_split": _identity("unmet demand by site"),
    "disposal_site_split": _identity("disposal by site"),
    "sales_site_split": _identity("sales by site"),
    "backlog_site_split": _identity("backlog by site"),
    "backlog_segment_split": _identity("backlog by segment"),
    "site_stock_target": _site_stock("target"),
    "site_stock_max": _site_stock("max"),
    "site_licence": lambda m, index: _entry_of(m, m.site_licence[index]),
    "soft_site_licence": lambda m, index: _entry_of(m, m.soft_site_licence[index]),
    "uk": lambda m, index: _unmet_bound(m, (index[0], index[1], index[3])),
    "tail": _identity("CVaR tail"),
    "worst": _identity("CVaR worst case"),
    # variable bounds that come from data
    "u": _unmet_bound,
    "backlog": _backlog_bound,
    "backlogk": lambda m, index: _backlog_bound(m, (index[0], index[1], index[3])),
    "backlogg": lambda m, index: _backlog_bound(m, (index[0], index[1], index[-1])),
    "qualified": _qualified,
    "qualify_once": lambda m, index: Origin(f"{index[1]} is qualified at most once"),
    **{name: _same for name in COUPLING_ROWS},
    "v_count": _supplier_count,
    "n": lambda m, index: _investment(m, index),
}


def origin_of(m: pyo.ConcreteModel, component_data) -> Origin:
    """The Origin of a constraint row or of a variable's bound."""
    parent = component_data.parent_component()
    index = component_data.index()
    index = index if isinstance(index, tuple) else (index,)
    describe = DESCRIBERS.get(parent.local_name)
    if describe is None:
        return Origin(f"{parent.local_name}{list(index)}")
    return describe(m, index)
