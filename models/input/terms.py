"""What each scenario and period looks like: the terms of every offer and process,
the demand, and how much of a stockpile target is released.

Bans remove combinations (a banned offer gets no variable), tariffs multiply the
price or cost by (1 + value), licences multiply the capacity by value; capacity and
price events multiply them too, and every factor compounds. Soft bans and soft
licences keep the volume available and are priced by their penalty in the model.
Demand events scale demand; release events lower the stockpile target. An indexed
offer's price follows its index, clipped to its floor and cap (models/input/prices.py),
and the tariffs and events above multiply the clipped price.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models.input.arrival import order_periods
from models.input.chain import Acquisition, acquisitions, contains, describe, matches
from models.input.data import TRACED_KINDS, TRADE_KINDS, Event, ModelData, Rule, Stockpile
from models.input.prices import apply_indexed_prices

BAN_KINDS = ("ban", "traced_ban")
LICENCE_KINDS = ("licence", "traced_licence")
"""A traced ban or licence acts on an offer or process like a ban or licence when the
stages it performs itself (an offer: its declared history) match; models/rules/traced.py
follows the rest."""
Key = tuple[str, str, str]
"""(scenario, offer or process id, period)."""


@dataclass(frozen=True)
class Exclusion:
    """An offer or process that a hard ban removes."""

    id: str
    kind: str
    rule: str
    scenario: str
    periods: tuple[str, ...]
    reason: str


@dataclass
class Terms:
    available: dict[Key, Acquisition] = field(default_factory=dict)
    """Combinations that get a variable."""
    capacity_factor: dict[Key, float] = field(default_factory=dict)
    price_factor: dict[Key, float] = field(default_factory=dict)
    soft_licences: list[tuple[Rule, Key]] = field(default_factory=list)
    """Soft licences and the combinations they act on (their rows are in the model)."""
    matched: dict[str, list[Key]] = field(default_factory=dict)
    """Rule id -> available combinations it acts on (for the rule report)."""
    excluded: list[Exclusion] = field(default_factory=list)
    demand: dict[Key, float] = field(default_factory=dict)
    """(scenario, material, period) -> t demanded, where positive."""
    release: dict[Key, float] = field(default_factory=dict)
    """(scenario, material, period) -> t of stockpile target released (inf = all)."""
    target: dict[Key, float] = field(default_factory=dict)
    """(scenario, material, period) -> least closing inventory, where positive."""
    banned: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    """Combinations that hard bans remove, kept (with their bans) in a study model so
    that lifting a ban is a bound change; empty otherwise."""


def scenario_terms(data: ModelData, keep_banned: bool = False) -> Terms:
    """Rules and events of data applied to every scenario and period.

    keep_banned keeps what hard bans remove as available combinations, listed in
    terms.banned (a study model fixes them at 0 and can lift a ban by a bound)."""
    terms = trade_terms(data, keep_banned)
    _apply_events(data, terms)
    apply_indexed_prices(data, terms.price_factor)  # price events on an index act here
    for s in data.scenarios:
        for material in data.stockpiles:
            for t in data.period_ids:
                target = stockpile_target(data, terms, s.id, material, t)
                if target > 0:
                    terms.target[s.id, material, t] = target
    return terms


def stockpile_target(data: ModelData, terms: Terms, s: str, material: str, period: str) -> float:
    """Least closing inventory of material in scenario s and period, in t.

    0 before target_from. target_days converts to t as days/365 × d[s,m,t] / years[t]
    (the scenario's demand); when both target and target_days are given the larger
    applies. A release event lowers the target by the t it releases (all if blank).
    """
    return row_target(data, data.stockpile(material), period,
                      lambda: terms.demand.get((s, material, period), 0.0),
                      terms.release.get((s, material, period), 0.0))


def row_target(data: ModelData, stock: Stockpile, period: str, demand: Callable[[], float],
               released: float) -> float:
    """Least closing inventory that one Stockpile row asks in period, in t: 0 before
    its target_from, else the larger of target and target_days of demand() (the t
    demanded where the row holds, asked only with target_days), less released."""
    position = data.position
    if stock.target_from and position[period] < position[stock.target_from]:
        return 0.0
    target = stock.target or 0.0
    if stock.target_days:
        years = data.periods[position[period]].years
        target = max(target, days_of_demand(stock.target_days, demand(), years))
    return max(0.0, target - released)


def days_of_demand(days: float, demand: float, years: float) -> float:
    """t that `days` of a period's demand make: days/365 × demand / years."""
    return days / 365.0 * demand / years if years else 0.0


def event_matches(event: Event, acq: Acquisition, data: ModelData) -> bool:
    """A capacity or price event acts on acq: item contained, supplier, supplier country."""
    return (contains(data, acq.material, event.item)
            and event.supplier in (None, acq.supplier)
            and event.country in (None, acq.country))


def _apply_events(data: ModelData, terms: Terms) -> None:
    events = {e.kind: [] for e in data.events}
    for event in data.events:
        events[event.kind].append(event)
    for key, acq in terms.available.items():
        s, _, t = key
        for event in events.get("capacity", ()):
            if event.scenario == s and t in event.periods and event_matches(event, acq, data):
                terms.capacity_factor[key] *= event.value
        for event in events.get("price", ()):
            if event.scenario == s and t in event.periods and event_matches(event, acq, data):
                terms.price_factor[key] *= event.value
    for scenario in data.scenarios:
        s = scenario.id
        for (material, t), row in data.demand.items():
            factor = 1.0
            for event in events.get("demand", ()):
                if (event.scenario == s and t in event.periods
                        and contains(data, material, event.item)):
                    factor *= event.value
            if row.quantity * factor > 0:
                terms.demand[s, material, t] = row.quantity * factor
        for event in events.get("release", ()):
            if event.scenario != s:
                continue
            for material in data.materials:
                if contains(data, material, event.item):
                    for t in event.periods:
                        amount = event.value if event.value is not None else float("inf")
                        terms.release[s, material, t] = terms.release.get((s, material, t),
                                                                          0.0) + amount


def _banned(rule: Rule) -> str:
    return "banned by its traced history" if rule.kind == "traced_ban" else "banned"


def trade_terms(data: ModelData, keep_banned: bool = False) -> Terms:
    """Apply every ban, tariff and licence of data to every offer and process."""
    terms = Terms()
    rules = {r.id: r for r in data.rules if r.site is None and (
        r.kind in TRADE_KINDS or (r.kind in TRACED_KINDS and r.segment is None))}
    periods_of = {r.id: order_periods(data, r) for r in (*data.offers, *data.processes)}
    for acq in acquisitions(data):
        acting = [r for r in rules.values() if matches(r, acq, data)]
        for scenario in data.scenarios:
            removed: dict[str, list[str]] = {}
            for t in periods_of[acq.id]:
                key = (scenario.id, acq.id, t)
                here = [r for r in acting if r.applies(scenario.id, t)]
                bans = [r for r in here if r.kind in BAN_KINDS and not r.soft]
                if bans:
                    for rule in bans:
                        removed.setdefault(rule.id, []).append(t)
                    if not keep_banned:
                        continue
                    terms.banned[key] = tuple(rule.id for rule in bans)
                terms.available[key] = acq
                capacity, price = data.per_period(t), 1.0  # a yearly rate × years
                for rule in here:
                    if rule in bans:
                        continue
                    terms.matched.setdefault(rule.id, []).append(key)
                    if rule.soft and rule.kind in LICENCE_KINDS:
                        terms.soft_licences.append((rule, key))
                    elif rule.soft:
                        pass  # a soft ban keeps the volume; trade.py prices each t bought
                    elif rule.kind in LICENCE_KINDS:
                        capacity *= rule.value
                    elif rule.kind == "tariff":
                        price *= 1.0 + rule.value
                terms.capacity_factor[key] = capacity
                terms.price_factor[key] = price
            for rule_id, periods in removed.items():
                terms.excluded.append(Exclusion(
                    acq.id, acq.kind, rule_id, scenario.id, tuple(periods),
                    f"{_banned(rules[rule_id])}: {describe(rules[rule_id], acq, data)}"))
    return terms
