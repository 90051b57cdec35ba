"""The GroupUse result sheet: how much of each capacity group the plan uses."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from models.families.groups import group_members
from models.input.data import ModelData
from models.readback.solution import Plan
from planner.results.columns import names

GROUP_USE_COLUMNS = names("GroupUse")
BINDING = 1e-6
"""t below the capacity at which a group counts as binding."""


def group_use_table(data: ModelData, plan: Plan, rows: list[tuple[str, str, str]]
                    ) -> pd.DataFrame:
    """One row per (scenario, group, period) of the model's group rows: the members'
    volume (t bought plus t of output made), the capacity and whether it binds."""
    groups = {g.id: g for g in data.capacity_groups}
    members = {g.id: group_members(data, g) for g in data.capacity_groups}
    volume: dict[tuple[str, str, str], float] = defaultdict(float)
    for (s, a, t), q in (*plan.purchases.items(), *plan.processing.items()):
        volume[s, a, t] += q
    table = []
    for s, g, t in rows:
        used = sum(volume.get((s, a, t), 0.0) for a in members[g])
        capacity = groups[g].capacity * data.per_period(t)
        table.append([s, t, g, used, capacity, used >= capacity - BINDING])
    return pd.DataFrame(table, columns=GROUP_USE_COLUMNS)
