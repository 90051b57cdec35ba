"""Indexed prices: an offer's price that follows a price index, clipped to a floor and cap.

    p[s,o,t] = min(cap[o], max(floor[o], price[o] · v[s,k,t] / value(k, t0)))
    v[s,k,t] = value(k, t) · Π_e value[e]     over the price events e of scenario s
                                              that name index k and period t

k is the offer's index, t0 the horizon's first period and value(k, t) the value
given for period t or, for a period without one, the last value given before it.
The base value(k, t0) is the value as given: an event in t0 moves that period's
price, not the base. Tariffs and the price events on the offer's material,
supplier or country multiply p afterwards, as they multiply a fixed price, so the
model's price factor of an indexed offer is p[s,o,t] / price[o] · τ[s,o,t].
"""

from __future__ import annotations

from collections import defaultdict

from models.input.data import Event, ModelData, Offer


def index_values(data: ModelData, index: str) -> dict[str, float]:
    """Period -> value of index, the last given value carried forward."""
    given = data.price_index[index]
    values, value = {}, None
    for t in data.period_ids:
        value = given.get(t, value)
        if value is None:
            raise ValueError(f"price index {index} has no value in the first period")
        values[t] = value
    return values


def is_index_event(event: Event, data: ModelData) -> bool:
    """A price event that moves a price index (its item names the index)."""
    return event.kind == "price" and event.item in data.price_index


def index_shocks(data: ModelData) -> dict[tuple[str, str, str], float]:
    """(scenario, index, period) -> product of the price events acting on the index."""
    shocks: dict[tuple[str, str, str], float] = defaultdict(lambda: 1.0)
    for event in data.events:
        if is_index_event(event, data):
            for t in event.periods:
                shocks[event.scenario, event.item, t] *= event.value
    return shocks


def clipped(offer: Offer, price: float) -> float:
    """price within the offer's floor and cap (either may be absent)."""
    if offer.floor is not None:
        price = max(price, offer.floor)
    if offer.cap is not None:
        price = min(price, offer.cap)
    return price


def indexed_prices(data: ModelData) -> dict[tuple[str, str, str], float]:
    """(scenario, offer, period) -> p[s,o,t] of every indexed offer in its periods."""
    offers = [o for o in data.offers if o.index]
    if not offers:
        return {}
    values = {k: index_values(data, k) for k in {o.index for o in offers}}
    shocks = index_shocks(data)
    first = data.period_ids[0]
    prices = {}
    for offer in offers:
        base = values[offer.index][first]
        for s in data.scenarios:
            for t in offer.periods:
                moved = values[offer.index][t] * shocks.get((s.id, offer.index, t), 1.0)
                prices[s.id, offer.id, t] = clipped(offer, offer.price * moved / base)
    return prices


def apply_indexed_prices(data: ModelData, price_factor: dict) -> None:
    """Multiply the price factor of every available indexed (s, o, t) by p / price[o].

    Validation refuses an index on an offer whose price is 0 (it would scale nothing)."""
    for key, price in indexed_prices(data).items():
        if key in price_factor:
            price_factor[key] *= price / data.offer_by_id[key[1]].price
