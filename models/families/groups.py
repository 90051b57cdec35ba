"""Capacity shared by several offers and processes, and minimum runs of a process (MILP)."""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from models.families.investments import built_by
from models.families.linear import Sums, linear, variables
from models.input.data import ModelData
from models.input.network import CapacityGroup


def group_members(data: ModelData, group: CapacityGroup) -> set[str]:
    """Offer and process ids of a group; a supplier member stands for all of its own."""
    found: set[str] = set()
    for member in group.members:
        if member in data.offer_by_id or member in data.process_by_id:
            found.add(member)
        else:
            found |= {a.id for a in (*data.offers, *data.processes) if a.supplier == member}
    return found


def add_capacity_groups(m: pyo.ConcreteModel) -> None:
    """The offers and processes of a group share its capacity in each period of its
    window, in every scenario.

        Σ_{o ∈ g} x[s,o,t] + Σ_{p ∈ g} y[s,p,t] ≤ ρ_t · capacity[g]     for t in window[g]

    A supplier member stands for every offer and process of that supplier. Licences
    and capacity events scale the members' own capacities, not the group's: it is a
    physical limit. Only (s, g, t) with a volume in the sum get a row.
    """
    data = m.data
    groups_of: dict[str, list[CapacityGroup]] = defaultdict(list)
    for group in data.capacity_groups:
        for member in group_members(data, group):
            groups_of[member].append(group)
    sums = Sums()
    if groups_of:
        for (s, a, t), volume in (variables(m.x) | variables(m.y)).items():
            for group in groups_of.get(a, ()):
                if t in group.periods:
                    sums.add((s, group.id, t), 1.0, volume)
    order = {g.id: i for i, g in enumerate(data.capacity_groups)}
    keys = sorted(sums.keys(), key=lambda k: (k[0], order[k[1]], data.position[k[2]]))
    capacity = {g.id: g.capacity for g in data.capacity_groups}
    m.CG = pyo.Set(initialize=keys, dimen=3, ordered=True,
                   doc="(scenario, capacity group, period) with a volume in the group")
    m.capacity_group = pyo.Constraint(
        m.CG, doc="capacity group",
        rule=lambda m, s, g, t: sums.take((s, g, t)) <= capacity[g] * data.per_period(t))


def run_bound(m: pyo.ConcreteModel, s: str, p: str, t: str) -> float:
    """M[s,p,t] = f[s,p,t] · (capacity[p] + Σ_i unit[i] · max_units[i]): the most the
    process can make in t, over the investments whose units can be in place by t.
    Validation requires max_units of every investment in a process with a min_run or
    a qualification (models/families/qualification.py uses the same bound)."""
    data = m.data
    most = data.process_by_id[p].capacity
    for i in data.investments_of(p):
        if built_by(m, s, i.id, data.position[t] - i.lead_periods):
            if i.max_units is None:
                raise ValueError(f"investment {i.id} of process {p} needs max_units "
                                 "for a bound on what the process makes")
            most += i.capacity * i.max_units
    return m.terms.capacity_factor[s, p, t] * most


def add_min_runs(m: pyo.ConcreteModel) -> None:
    """A process with a min_run makes at least that much in a period where it runs.

        y[s,p,t] ≥ ρ_t · min_run[p] · r[s,p,t]          r binary, for (s,p,t) in R
        y[s,p,t] ≤ M[s,p,t] · r[s,p,t]            M = run_bound: its data bound

    r follows y (r = 1 exactly when y > 0), so the non-anticipativity of y holds
    for r too. Where M < min_run (a licence, say) the process cannot run.
    """
    process = m.data.process_by_id
    m.RUNS = pyo.Set(initialize=[k for k in m.Y if process[k[1]].min_run > 0], dimen=3,
                  ordered=True, doc="(scenario, process, period) with a minimum run")
    m.runs = pyo.Var(m.RUNS, domain=pyo.Binary, doc="process runs")
    y, r = variables(m.y), variables(m.runs)
    m.run_floor = pyo.Constraint(
        m.RUNS, doc="minimum run",
        rule=lambda m, s, p, t: linear([1.0, -process[p].min_run * m.data.per_period(t)],
                                       [y[s, p, t], r[s, p, t]]) >= 0.0)
    m.run_gate = pyo.Constraint(m.RUNS, rule=run_gate_row, doc="runs only when r = 1")


def run_gate_row(m: pyo.ConcreteModel, s: str, p: str, t: str):
    """The row y ≤ M · r of (s, p, t); numbers are read from m.data and m.terms."""
    y, r = variables(m.y), variables(m.runs)
    return linear([1.0, -run_bound(m, s, p, t)], [y[s, p, t], r[s, p, t]]) <= 0.0
