"""The Contracts sheet: what each contract committed to and what was taken of it."""

from __future__ import annotations

import pandas as pd

from models.families.takeorpay import committed_take
from models.input.data import ModelData, Offer
from models.input.terms import Terms
from models.readback.solution import Plan
from planner.results.columns import names

CONTRACT_COLUMNS = names("Contracts")


def _term(data: ModelData, offer: Offer, start: str | None) -> tuple[str, ...]:
    """Periods in which the contract is in force, from its start (its window when it
    has no start: a contract cost alone)."""
    if start is None:
        return offer.periods
    first = offer.periods.index(start)
    last = len(offer.periods) if offer.term_periods is None else first + offer.term_periods
    return offer.periods[first:last]


def contracts_table(data: ModelData, plan: Plan, terms: Terms) -> pd.DataFrame:
    """One row per scenario and offer that needs a signed contract: signed, first use
    (the start period; for a contract cost alone the first period something is
    bought), last period of the term, t committed under take-or-pay, t taken in the
    term, t paid for but not taken and what that cost (undiscounted)."""
    starts = {o: t for (o, t), v in plan.starts.items() if v}
    rows = []
    for scenario in data.scenarios:
        s = scenario.id
        for offer in data.offers:
            if offer.id not in plan.contracts:
                continue
            signed = bool(plan.contracts[offer.id])
            start = starts.get(offer.id)
            term = _term(data, offer, start) if signed else ()
            bought = [t for t in term if plan.purchases.get((s, offer.id, t), 0.0) > 0]
            first = start or (bought[0] if bought else None)
            committed = sum(committed_take(data, terms, s, offer.id, t)
                            for t in term if (s, offer.id, t) in plan.take_or_pay)
            taken = sum(plan.purchases.get((s, offer.id, t), 0.0) for t in term)
            unused = {t: plan.take_or_pay.get((s, offer.id, t), 0.0) for t in term}
            cost = sum(offer.price * terms.price_factor.get((s, offer.id, t), 1.0) * q
                       for t, q in unused.items())
            rows.append([s, offer.id, offer.supplier, signed, first,
                         term[-1] if term and first else None, committed, taken,
                         sum(unused.values()), cost])
    return pd.DataFrame(rows, columns=CONTRACT_COLUMNS)
