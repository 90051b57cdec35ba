"""Lead times: when what is ordered or processed in a period enters the buyer's stock.

Everything about an order (capacity, price, tariffs, bans, licences, tallies,
contracts) stays in the period it is placed; only the material balances (aggregate,
models/families/balance.py, and by origin class, models/rules/traced.py) see the material in its
arrival period. An order that would arrive after the horizon has no variable.
"""

from __future__ import annotations

from models.input.data import ModelData, Offer, Process


def arrival(data: ModelData, acquisition: str, period: str, lane_lead: int = 0) -> str | None:
    """The period in which what acquisition orders (an offer) or runs (a process) in
    period arrives: period + its lead_periods (+ the lead of the lane it travels, with
    sites); None after the horizon."""
    position = data.position[period] + data.acquisition(acquisition).lead_periods + lane_lead
    periods = data.period_ids
    return periods[position] if position < len(periods) else None


def order_periods(data: ModelData, record: Offer | Process) -> tuple[str, ...]:
    """Periods of record's window in which it may be ordered or run: its order arrives
    within the horizon, and a qualification started in the first period could be
    finished by then (models/families/qualification.py)."""
    last = len(data.period_ids) - record.lead_periods
    position = data.position
    return tuple(t for t in record.periods
                 if record.qualification_periods <= position[t] < last)
