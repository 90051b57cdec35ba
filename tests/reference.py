"""What Pyomo itself reads from a model, row by row (its standard representation): the
reference the compiled arrays handed to HiGHS (models.solving.matrix) must equal."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.repn import generate_standard_repn

from models.solving.matrix import Matrix, compile_model


def _bounds(columns: list) -> tuple[list[float], list[float]]:
    """Column bounds as Pyomo states them (a fixed variable: its value, both sides)."""
    pairs = [(v.value, v.value) if v.fixed else v.bounds for v in columns]
    return ([-np.inf if lb is None else lb for lb, _ in pairs],
            [np.inf if ub is None else ub for _, ub in pairs])


def reference_arrays(m: pyo.ConcreteModel, columns: list) -> dict:
    """What Pyomo's own standard representation says each row and the objective are
    (a fixed variable stays a column, as the compiled model keeps it)."""
    fixed = [v for v in columns if v.fixed]
    for var in fixed:
        var.unfix()
    try:
        return _read(m, columns)
    finally:
        for var in fixed:
            var.fix()


def _read(m: pyo.ConcreteModel, columns: list) -> dict:
    position = {id(v): i for i, v in enumerate(columns)}
    entries, lower, upper = {}, [], []
    for r, con in enumerate(m.component_data_objects(pyo.Constraint, active=True)):
        repn = generate_standard_repn(con.body, compute_values=True)
        for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
            key = (r, position[id(var)])
            entries[key] = entries.get(key, 0.0) + coef
        constant = pyo.value(repn.constant)
        lower.append(-np.inf if con.lower is None else pyo.value(con.lower) - constant)
        upper.append(np.inf if con.upper is None else pyo.value(con.upper) - constant)
    objective = next(m.component_data_objects(pyo.Objective, active=True))
    repn = generate_standard_repn(objective.expr, compute_values=True)
    cost = np.zeros(len(columns))
    for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
        cost[position[id(var)]] += coef
    return {"entries": {k: v for k, v in entries.items() if v != 0}, "lower": lower,
            "upper": upper, "cost": cost, "offset": pyo.value(repn.constant)}


def reference_matrix(m: pyo.ConcreteModel) -> Matrix:
    """The reference arrays as a Matrix HiGHS can be given."""
    columns = list(m.component_data_objects(pyo.Var, active=True))
    reference = reference_arrays(m, columns)
    lower, upper = _bounds(columns)
    matrix = Matrix(columns, list(m.component_data_objects(pyo.Constraint, active=True)),
                    np.array(lower, dtype=float), np.array(upper, dtype=float),
                    reference["cost"], np.array([v.is_integer() for v in columns], dtype=bool),
                    np.array(reference["lower"], dtype=float),
                    np.array(reference["upper"], dtype=float), offset=reference["offset"])
    entries = sorted(reference["entries"].items())
    rows = np.array([r for (r, _), _ in entries], dtype=np.int64)
    matrix.start = np.searchsorted(rows, np.arange(len(matrix.rows) + 1)).astype(np.int32)
    matrix.index = np.array([c for (_, c), _ in entries], dtype=np.int32)
    matrix.value = np.array([v for _, v in entries], dtype=float)
    return matrix


def assert_same_arrays(m: pyo.ConcreteModel, matrix: Matrix | None = None) -> None:
    """The compiled arrays of m (compiled here unless given) are what Pyomo reads."""
    matrix = compile_model(m) if matrix is None else matrix
    columns = list(m.component_data_objects(pyo.Var, active=True))
    assert [id(v) for v in matrix.columns] == [id(v) for v in columns]
    reference = reference_arrays(m, columns)
    rows = np.repeat(np.arange(len(matrix.rows)), np.diff(matrix.start))
    fast = dict(zip(zip(rows.tolist(), matrix.index.tolist(), strict=True),
                    matrix.value.tolist(), strict=True))
    assert len(matrix.rows) == len(reference["lower"])
    assert matrix.nonzeros == len(reference["entries"])
    assert fast.keys() == reference["entries"].keys()
    assert np.allclose([fast[k] for k in fast], [reference["entries"][k] for k in fast])
    assert np.allclose(matrix.row_lower, reference["lower"])
    assert np.allclose(matrix.row_upper, reference["upper"])
    assert np.allclose(matrix.col_cost, reference["cost"])
    assert matrix.offset == pytest.approx(reference["offset"])
    lower, upper = _bounds(columns)
    assert np.array_equal(matrix.col_lower, lower)
    assert np.array_equal(matrix.col_upper, upper)
    assert list(matrix.integer) == [v.is_integer() for v in columns]
