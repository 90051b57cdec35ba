"""Why a model is infeasible: the rows and bounds that cannot all hold.

First HiGHS's irreducible infeasible subset (Highs.getIis) of the model's LP
relaxation. When the relaxation is feasible (the integer decisions are what cannot
be met), an elastic copy minimises the violation of every row that data set, and the
rows it had to relax are the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from models.origins import Origin, origin_of

INF = highspy.kHighsInf
IDENTITIES = ("balance", "tally_def", "same_x", "same_y", "same_w", "same_n", "tail", "worst")
"""Rows that define quantities rather than limit them: never relaxed by the elastic copy."""


@dataclass(frozen=True)
class Conflict:
    """A set of rows and bounds that cannot all hold, each with its origin."""

    method: str
    """'irreducible infeasible subset' (these rows conflict) or 'elastic model' (relaxing
    these rows restores a plan)."""
    origins: tuple[Origin, ...]


def _compile(m: pyo.ConcreteModel) -> tuple[highspy.HighsLp, list, list]:
    """The LP relaxation of m as a HighsLp, with its rows and columns."""
    rows = list(m.component_data_objects(pyo.Constraint, active=True))
    columns, position = [], {}
    starts, indices, values = [], [], []
    entries: dict[int, list[tuple[int, float]]] = {}
    lower, upper = [], []
    for r, con in enumerate(rows):
        repn = generate_standard_repn(con.body, compute_values=True)
        for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
            if id(var) not in position:
                position[id(var)] = len(columns)
                columns.append(var)
            entries.setdefault(position[id(var)], []).append((r, float(coef)))
        constant = float(repn.constant or 0.0)
        low, high = pyo.value(con.lower), pyo.value(con.upper)
        lower.append(-INF if low is None else low - constant)
        upper.append(INF if high is None else high - constant)
    for c in range(len(columns)):
        starts.append(len(indices))
        for r, coef in entries.get(c, []):
            indices.append(r)
            values.append(coef)
    starts.append(len(indices))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(columns), len(rows)
    lp.col_cost_ = np.zeros(len(columns))
    lp.col_lower_ = np.array([_bound(v, "lower") for v in columns], dtype=float)
    lp.col_upper_ = np.array([_bound(v, "upper") for v in columns], dtype=float)
    lp.row_lower_, lp.row_upper_ = np.array(lower, dtype=float), np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    return lp, rows, columns


def _bound(var, side: str) -> float:
    if var.fixed:
        return float(var.value)
    value = var.lb if side == "lower" else var.ub
    return (-INF if side == "lower" else INF) if value is None else float(value)


def irreducible_subset(m: pyo.ConcreteModel) -> Conflict | None:
    """The IIS of m's LP relaxation, or None when the relaxation is feasible."""
    lp, rows, columns = _compile(m)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.setOptionValue("iis_strategy", 6)  # elastic LP, then reduce to a true IIS
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
        return None
    status, iis = h.getIis()
    if status != highspy.HighsStatus.kOk or not iis.valid_:
        return None
    members = [rows[r] for r in iis.row_index_]
    bounded = [columns[c] for c, kind in zip(iis.col_index_, iis.col_bound_, strict=True)
               if kind in (2, 3, 4)]  # lower, upper or boxed bound takes part
    origins = [origin_of(m, row) for row in members]
    origins += [origin_of(m, var) for var in bounded if _from_data(var)]
    return Conflict("irreducible infeasible subset", _unique(origins))


def _from_data(var) -> bool:
    """Bounds set by data (not mere non-negativity) are worth naming."""
    return var.parent_component().local_name in ("u", "v_count", "n")


def elastic_conflict(m: pyo.ConcreteModel, time_limit: float = 60.0) -> Conflict | None:
    """Relax every limiting row by a priced slack and name the rows that needed one."""
    from models.solver import SolveOptions, solve

    elastic = m.clone()
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
    if not solve(elastic, SolveOptions(time_limit=time_limit)).status.has_plan:
        return None
    relaxed = [row for i, row in enumerate(rows)
               if (elastic.slack[2 * i].value or 0) + (elastic.slack[2 * i + 1].value or 0)
               > 1e-6]
    relaxed += [var for var in elastic.v_count.values() if (var.value or 0) > 1e-6]
    return Conflict("elastic model", _unique([origin_of(elastic, row) for row in relaxed]))


def _unique(origins: list[Origin]) -> tuple[Origin, ...]:
    return tuple(dict.fromkeys(origins))


def explain_infeasibility(m: pyo.ConcreteModel) -> Conflict | None:
    """The conflicting rows of an infeasible model (IIS, else the elastic model)."""
    return irreducible_subset(m) or elastic_conflict(m)
