"""The Qualification result sheet: when each new source's qualification starts and
finishes, from when it may deliver, and what it costs."""

from __future__ import annotations

import pandas as pd

from models.input.data import ModelData
from models.readback.solution import Plan
from planner.results.columns import names

QUALIFICATION_COLUMNS = names("Qualification")


def qualification_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """One row per scenario and source whose qualification starts in the plan (a source
    never qualified has no row)."""
    periods = data.period_ids
    rows = []
    for (s, a, started), _ in sorted(plan.qualifications.items(), key=lambda kv: (
            [sc.id for sc in data.scenarios].index(kv[0][0]), data.position[kv[0][2]],
            kv[0][1])):
        record = data.acquisition(a)
        ready = data.position[started] + record.qualification_periods
        cost = record.qualification_cost
        rows.append([s, a, "offer" if a in data.offer_by_id else "process", started,
                     periods[ready - 1],
                     periods[ready] if ready < len(periods) else "after the horizon",
                     cost, cost * data.discount_factor(started)])
    return pd.DataFrame(rows, columns=QUALIFICATION_COLUMNS)
