"""A second, lexicographic pass: the best recourse for every scenario.

The objective weighs a scenario by its probability (or, under CVaR or worst, not at
all outside the tail), so a scenario whose cost hardly moves the objective may come
back with any plan that keeps the objective optimal: stock held while demand goes
unmet, crops left unsold. The second pass keeps the objective at its optimum and
minimises the sum of the scenario costs without probabilities, so every scenario's
own cost terms count at full size, however unlikely the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyomo.environ as pyo

from models.solver import SolveOptions, SolveResult, duals_with_integers_fixed, solve
from models.stochastic import fix_here_and_now, here_and_now

RELATIVE_SLACK = 1e-9
"""Relative slack of the bound row on the objective."""
CHANGE = 1e-6
"""A scenario cost that moves by more than this (relative) counts as changed."""


@dataclass
class SecondPass:
    """What the second pass did."""

    status: str
    """"changed", "unchanged", or why it did not run to the end."""
    objective: float
    """The plan's objective after the pass (the first pass's when nothing changed)."""
    saving: float = 0.0
    """Σ_s cost[s] before the pass − after it (≥ 0)."""
    changed: dict[str, float] = field(default_factory=dict)
    """Scenario -> how much its cost fell."""
    seconds: float = 0.0
    duals: dict = field(default_factory=dict, repr=False)
    """Duals for the rule report (of the main objective), for the plan now loaded."""


def second_pass(m: pyo.ConcreteModel, first: SolveResult,
                options: SolveOptions | None = None) -> SecondPass:
    """Re-solve m with its plan kept, for the least probability-free sum of scenario
    costs; the better recourse is left loaded in m.

        q[s,a,t] = q*[a,t]    for the decisions of the root node (every t up to the
                              decision period, and contracts z)
        F(q) ≤ F* + ε,        ε = max(1e-9 · |F*|, F* − bound (a MILP's proven gap))
        min Σ_s cost[s]

    F is the model's objective and F* its first-pass value. With the root's decisions
    fixed, each scenario's own decisions minimise its own cost (in a scenario tree, the
    decisions of a node minimise the sum over the scenarios below it, as long as F
    stays within ε); F can only fall. The re-solve is warm (same HiGHS instance, the
    first pass's plan as a MIP start).
    """
    objective = first.objective
    slack = max(abs(objective) * RELATIVE_SLACK, 1e-9)
    if first.integer and first.bound is not None:
        slack = max(slack, objective - first.bound)
    before = _scenario_costs(m)
    saved = [(v, v.value) for v in m.component_data_objects(pyo.Var)]
    free = {id(v) for v, _ in saved if not v.fixed}
    fix_here_and_now(m, here_and_now(m))
    pinned = [v for v, _ in saved if v.fixed and id(v) in free]
    m.second_pass_bound = pyo.Constraint(expr=m.total_cost.expr <= objective + slack,
                                         doc="objective kept at its optimum")
    m.total_cost.deactivate()
    m.second_pass_objective = pyo.Objective(
        expr=sum(m.scenario_cost[s] for s in m.S), sense=pyo.minimize,
        doc="sum of the scenario costs, without probabilities")
    try:
        result = solve(m, options, warm=True)
    finally:
        m.del_component(m.second_pass_objective)
        m.del_component(m.second_pass_bound)
        m.total_cost.activate()
        for var in pinned:
            var.unfix()
    after = _scenario_costs(m) if result.status.has_plan else before
    saving = sum(before.values()) - sum(after.values())
    if not result.status.has_plan or saving < -CHANGE * max(1.0, abs(sum(before.values()))):
        for var, value in saved:  # keep the first pass's plan
            var.set_value(value, skip_validation=True)
        return SecondPass(f"not used ({result.status.value})", objective,
                          seconds=result.seconds, duals=first.duals)
    changed = {s: before[s] - after[s] for s in m.S
               if abs(before[s] - after[s]) > CHANGE * max(1.0, abs(before[s]))}
    duals = first.duals
    if changed and first.integer:
        duals = duals_with_integers_fixed(m, options)
    return SecondPass("changed" if changed else "unchanged", pyo.value(m.total_cost),
                      max(saving, 0.0) if changed else 0.0, changed, result.seconds, duals)


def _scenario_costs(m: pyo.ConcreteModel) -> dict[str, float]:
    return {s: pyo.value(m.scenario_cost[s]) for s in m.S}
