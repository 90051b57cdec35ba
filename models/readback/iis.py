"""Why a model is infeasible: the rows and bounds that cannot all hold.

First HiGHS's irreducible infeasible subset (Highs.getIis) of the model's LP
relaxation. When the relaxation is feasible (the integer decisions are what cannot
be met), an elastic copy minimises the violation of every row that data set, and the
rows it had to relax are the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from models.families.stochastic import COUPLING_ROWS
from models.readback.origins import Origin, origin_of
from models.solving.solver import SolveOptions, SolverModel, solve

IDENTITIES = (*COUPLING_ROWS, "balance", "tally_def", "delivered_def", "whole_def",
              "tail", "worst", "class_balance", "run_split", "input_split", "unmet_split",
              "disposal_split", "sales_split", "ttally_def", "site_balance",
              "site_total_stock", "delivery_split", "run_site_split", "unmet_site_split",
              "disposal_site_split", "sales_site_split", "backlog_site_split",
              "backlog_segment_split")
"""Rows that define quantities rather than limit them: never relaxed by the elastic copy."""


@dataclass(frozen=True)
class Conflict:
    """A set of rows and bounds that cannot all hold, each with its origin."""

    method: str
    """'irreducible infeasible subset' (these rows conflict) or 'elastic model' (relaxing
    these rows restores a plan)."""
    origins: tuple[Origin, ...]


def irreducible_subset(m: pyo.ConcreteModel) -> Conflict | None:
    """The IIS of m's LP relaxation, or None when the relaxation is feasible."""
    solver = getattr(m, "solver", None) or SolverModel(m)
    found = solver.irreducible_subset()
    if found is None:
        return None
    rows, cols = found
    matrix = solver.matrix
    origins = [origin_of(m, matrix.rows[r]) for r in rows]
    origins += [origin_of(m, var) for var in (matrix.columns[c] for c in cols)
                if _from_data(var)]
    return Conflict("irreducible infeasible subset", _unique(origins))


def _from_data(var) -> bool:
    """Bounds set by data (not mere non-negativity) are worth naming."""
    return var.parent_component().local_name in ("u", "v_count", "n")


def elastic_conflict(m: pyo.ConcreteModel, time_limit: float = 60.0) -> Conflict | None:
    """Relax every limiting row by a priced slack and name the rows that needed one."""
    kept = {name: getattr(m, name) for name in ("solver", "solution") if hasattr(m, name)}
    for name in kept:  # the HiGHS instance cannot be copied; the clone gets its own
        delattr(m, name)
    try:
        elastic = m.clone()
    finally:
        for name, value in kept.items():
            setattr(m, name, value)
    for objective in elastic.component_data_objects(pyo.Objective, active=True):
        objective.deactivate()
    rows = [c for c in elastic.component_data_objects(pyo.Constraint, active=True)
            if c.parent_component().local_name not in IDENTITIES]
    elastic.slack_index = pyo.RangeSet(0, 2 * len(rows) - 1)
    elastic.slack = pyo.Var(elastic.slack_index, domain=pyo.NonNegativeReals)
    for i, con in enumerate(rows):
        body = con.body + elastic.slack[2 * i] - elastic.slack[2 * i + 1]
        con.set_value((con.lower, body, con.upper))
    for var in elastic.v_count.values():  # a hard supplier count may fall short here
        var.setub(None)
    elastic.violation = pyo.Objective(expr=sum(elastic.slack.values())
                                      + sum(elastic.v_count.values()))
    result = solve(elastic, SolveOptions(time_limit=time_limit))
    if not result.status.has_plan:
        return None
    slack = result.solution.values(elastic.slack)
    relaxed = [row for i, row in enumerate(rows) if slack[2 * i] + slack[2 * i + 1] > 1e-6]
    missing = result.solution.values(elastic.v_count)
    relaxed += [var for var, value in zip(elastic.v_count.values(), missing, strict=True)
                if value > 1e-6]
    return Conflict("elastic model", _unique([origin_of(elastic, row) for row in relaxed]))


def _unique(origins: list[Origin]) -> tuple[Origin, ...]:
    return tuple(dict.fromkeys(origins))


def explain_infeasibility(m: pyo.ConcreteModel) -> Conflict | None:
    """The conflicting rows of an infeasible model (IIS, else the elastic model)."""
    return irreducible_subset(m) or elastic_conflict(m)
