"""Qualification: a new source delivers only once it is qualified, and qualifying it
is a decision taken once, with its cost (MILP)."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.capacity import offer_limit
from models.families.groups import run_bound
from models.families.linear import Sums, linear, variables
from models.input.arrival import order_periods
from models.input.data import ModelData, Offer, Process


def to_qualify(data: ModelData) -> list[Offer | Process]:
    """Offers and processes that need a qualification before they deliver."""
    return [r for r in (*data.offers, *data.processes) if r.qualification_periods > 0]


def start_periods(data: ModelData, record: Offer | Process) -> tuple[str, ...]:
    """Periods in which a qualification of record may start: any period of the horizon
    (also before its window opens) from which it is finished in time for a period in
    which record may be ordered or run."""
    usable = order_periods(data, record)
    if not usable:
        return ()
    latest = data.position[usable[-1]] - record.qualification_periods
    return data.period_ids[:latest + 1]


def add_qualification_variables(m: pyo.ConcreteModel) -> None:
    """q[s,a,τ] ∈ {0, 1}: the qualification of offer or process a starts in τ."""
    data = m.data
    keys = [(s, r.id, tau) for s in m.S for r in to_qualify(data)
            for tau in start_periods(data, r)]
    m.QUALIFY = pyo.Set(initialize=keys, dimen=3, ordered=True,
                        doc="(scenario, offer or process, period) where a qualification "
                        "may start")
    m.qualify = pyo.Var(m.QUALIFY, domain=pyo.Binary, doc="qualification started")


def qualification_limit(m: pyo.ConcreteModel, s: str, a: str, t: str) -> float:
    """The most a qualified source delivers in t: capacity · f for an offer; for a
    process its data bound M[s,p,t] (models.families.groups.run_bound: the units that
    can be in place by t counted at max_units)."""
    if a in m.data.offer_by_id:
        return offer_limit(m, s, a, t)
    return run_bound(m, s, a, t)


def _started(m: pyo.ConcreteModel) -> dict[tuple[str, str], list[tuple[int, object]]]:
    """(scenario, source) -> [(position of τ, q[s,a,τ])] in period order."""
    found: dict[tuple[str, str], list[tuple[int, object]]] = {}
    for (s, a, tau), q in variables(m.qualify).items():
        found.setdefault((s, a), []).append((m.data.position[tau], q))
    return found


def qualified_row(m: pyo.ConcreteModel, s: str, a: str, t: str):
    """x (or y)[s,a,t] − limit · Σ_{τ ≤ t − Q} q[s,a,τ] ≤ 0."""
    flow = variables(m.x).get((s, a, t))
    if flow is None:
        flow = variables(m.y)[s, a, t]
    done = m.data.position[t] - m.data.acquisition(a).qualification_periods
    started = [q for position, q in _started(m).get((s, a), ()) if position <= done]
    limit = qualification_limit(m, s, a, t)
    return linear([1.0, *(-limit for _ in started)], [flow, *started]) <= 0.0


def add_qualification(m: pyo.ConcreteModel) -> None:
    """A source with qualification_periods Q > 0 delivers only once qualified:

        Σ_τ q[s,a,τ] ≤ 1                                       (qualified at most once)
        x[s,a,t] ≤ capacity[a] · f[s,a,t] · Σ_{τ ≤ t − Q} q[s,a,τ]   (offers; processes:
                   y ≤ M[s,a,t] · Σ q, M the process's bound of models.families.groups)

    A qualification started in τ is finished at the end of τ + Q − 1, so the source may
    deliver from τ + Q on. It may start in any period, also before the source's window
    opens; q follows the non-anticipativity of its period (models/families/stochastic.py), so a
    qualification started in the first stage is one decision for every scenario.
    """
    data = m.data
    needing = {r.id for r in to_qualify(data)}
    once = Sums()
    for (s, a, _), q in variables(m.qualify).items():
        once.add((s, a), 1.0, q)
    m.qualify_once = pyo.Constraint(list(once.keys()), doc="qualified at most once",
                                    rule=lambda m, s, a: once.take((s, a)) <= 1.0)
    rows = [k for k in (*m.X, *m.Y) if k[1] in needing]
    m.qualified = pyo.Constraint(rows, rule=qualified_row,
                                 doc="delivers only once qualified")


def add_qualification_costs(m: pyo.ConcreteModel, costs: Sums) -> None:
    """qualification[s] = Σ_{a,τ} δ_τ · qualification_cost[a] · q[s,a,τ]."""
    data = m.data
    for (s, a, tau), q in variables(m.qualify).items():
        cost = data.acquisition(a).qualification_cost
        if cost:
            costs.add(("qualification", s), data.discount_factor(tau) * cost, q)
