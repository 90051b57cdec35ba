"""A second, lexicographic pass: the best recourse for every scenario.

The objective weighs a scenario by its probability (or, under CVaR or worst, not at
all outside the tail), so a scenario whose cost hardly moves the objective may come
back with any plan that keeps the objective optimal: stock held while demand goes
unmet, crops left unsold. The second pass keeps the objective at its optimum and
minimises the sum of the scenario costs without probabilities, so every scenario's
own cost terms count at full size, however unlikely the scenario.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo

from models.families.stochastic import period_decisions
from models.solving.matrix import Matrix
from models.solving.reading import Linear
from models.solving.solver import SolveOptions, SolveResult, SolverModel
from models.solving.values import Duals, Solution

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
    result: SolveResult | None = field(default=None, repr=False)
    """The solve result of the plan kept (the first pass's, or one with the second
    pass's values and the main objective's duals at them)."""


def second_pass(m: pyo.ConcreteModel, first: SolveResult,
                options: SolveOptions | None = None) -> SecondPass:
    """Re-solve m (solved by models.solving.solver.solve) with its plan kept, for the least
    probability-free sum of scenario costs (see lexicographic_pass)."""
    matrix = m.solver.matrix
    memo: dict = {}
    costs = {s: matrix.linear(m.scenario_cost[s], memo) for s in m.S}
    passed = lexicographic_pass(m.solver, first, costs, root_columns(m, matrix), options)
    if passed.result is not first:
        m.solution = passed.result.solution
    return passed


def lexicographic_pass(solver: SolverModel, first: SolveResult, costs: dict[str, Linear],
                       root: np.ndarray, options: SolveOptions | None = None) -> SecondPass:
    """The HiGHS model of solver, solved once (first), re-solved with its plan kept for
    the least probability-free sum of the scenario costs:

        q[s,a,t] = q*[a,t]    for the decisions of the root node (columns root: every
                              t up to the decision period, and contracts z)
        F(q) ≤ F* + ε,        ε = max(1e-9 · |F*|, F* − bound (a MILP's proven gap))
        min Σ_s cost[s]

    F is the model's objective as the solver now holds it and F* its first-pass value.
    With the root's decisions fixed, each scenario's own decisions minimise its own
    cost (in a scenario tree, the decisions of a node minimise the sum over the
    scenarios below it, as long as F stays within ε); F can only fall. The re-solve is
    warm: the bounds, a row and the costs are changed in the HiGHS model of the first
    pass (its plan is a MIP start) and reverted afterwards. When the first pass had
    duals, the plan kept has the main objective's duals at it.
    """
    objective, x0 = first.objective, first.solution.x
    slack = max(abs(objective) * RELATIVE_SLACK, 1e-9)
    if first.integer and first.bound is not None:
        slack = max(slack, objective - first.bound)
    matrix = solver.matrix
    before = {s: cost.value(x0) for s, cost in costs.items()}
    mark, kept = solver.mark(), solver.options
    main_costs = solver.col_cost.copy()
    try:
        solver.set_col_bounds(root, x0[root], x0[root])
        priced = np.flatnonzero(main_costs)
        solver.add_row(-np.inf, objective + slack - matrix.offset, priced, main_costs[priced])
        summed = np.zeros(len(matrix.columns))
        for cost in costs.values():
            np.add.at(summed, cost.cols, cost.coefs)
        solver.set_costs(np.arange(len(summed)), summed)
        result = solver.run(duals=False, start=x0, options=options)
    finally:
        solver.revert(mark)
        solver.set_options(kept)
    x = result.solution.x if result.status.has_plan else x0
    after = {s: cost.value(x) for s, cost in costs.items()}
    saving = sum(before.values()) - sum(after.values())
    if not result.status.has_plan or saving < -CHANGE * max(1.0, abs(sum(before.values()))):
        return SecondPass(f"not used ({result.status.value})", objective,
                          seconds=result.seconds, result=first)
    changed = {s: before[s] - after[s] for s in costs
               if abs(before[s] - after[s]) > CHANGE * max(1.0, abs(before[s]))}
    if not changed:
        return SecondPass("unchanged", objective, 0.0, {}, result.seconds, first)
    row_dual = first.solution.row_dual  # an LP's duals hold for every optimal plan
    if first.integer and row_dual is not None:
        row_dual = solver.duals_with_integers_fixed(x)
    solution = Solution(matrix, x, row_dual)
    final = float(main_costs @ x) + matrix.offset
    passed = dataclasses.replace(first, objective=final, solution=solution,
                                 duals=Duals(solution))
    return SecondPass("changed", final, max(saving, 0.0), changed, result.seconds, passed)


def root_columns(m: pyo.ConcreteModel, matrix: Matrix) -> np.ndarray:
    """Columns of the root node's decisions: contracts z and their starts, and every
    decision of a here-and-now period."""
    here = set(m.data.here_and_now)
    keys = [*m.z.values(), *m.start.values()]
    for _, var in period_decisions(m):
        keys += [v for (_, _, t), v in var.items() if t in here]
    return matrix.cols_of(keys)
