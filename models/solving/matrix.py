"""The Pyomo model as arrays: the exact linear programme handed to the solver.

`compile_model` reads every active constraint's body once. Bodies that are
LinearExpressions or single variables (how the constraint families write their
rows) are read straight from their terms, many rows at a time, and every column is
found by the identity of its variable; so the cost is a few array operations per
nonzero. Any other linear body (a sum of named expressions, a scaled expression)
goes through a small linear walker, and anything it does not know through Pyomo's
own generate_standard_repn.

Columns are the variables in declaration order (each Var component a contiguous
block, in index order), rows the active constraints likewise; so a component's
values are one slice of the solution. A fixed variable stays a column with equal
bounds (fixing and unfixing are bound changes for a re-solve).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.base.constraint import ConstraintData
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

from models.solving.reading import (
    INF,
    NO_COEFS,
    NO_COLS,
    NUMBERS,
    PLAIN,
    Block,
    Linear,
    merge,
    number,
    read_many,
    walk,
)


@dataclass
class Matrix:
    """A linear model as arrays; rows are stored row-wise (CSR)."""

    columns: list
    """VarData of each column."""
    rows: list
    """ConstraintData of each row."""
    col_lower: np.ndarray
    col_upper: np.ndarray
    col_cost: np.ndarray
    integer: np.ndarray
    """Whether each column is integer (binary included)."""
    row_lower: np.ndarray = field(default_factory=lambda: NO_COEFS)
    row_upper: np.ndarray = field(default_factory=lambda: NO_COEFS)
    start: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))
    index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    value: np.ndarray = field(default_factory=lambda: NO_COEFS)
    offset: float = 0.0
    """Constant of the objective."""
    maximise: bool = False
    col_blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Var component name -> [first, last) column."""
    row_blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Constraint component name -> [first, last) row."""
    _col_ids: np.ndarray = field(default_factory=lambda: NO_COLS, repr=False)
    _col_order: np.ndarray = field(default_factory=lambda: NO_COLS, repr=False)
    _row_of: dict[int, int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        ids = np.fromiter(map(id, self.columns), dtype=np.int64, count=len(self.columns))
        order = np.argsort(ids)
        self._col_ids, self._col_order = ids[order], order.astype(np.int64)

    @property
    def nonzeros(self) -> int:
        return len(self.value)

    @property
    def has_integers(self) -> bool:
        return bool(self.integer.any())

    def cols_of(self, variables: Iterable) -> np.ndarray:
        """Column of each variable (KeyError for a variable not in the model)."""
        ids = np.fromiter(map(id, variables), dtype=np.int64)
        if not len(ids):
            return NO_COLS
        where = np.minimum(np.searchsorted(self._col_ids, ids), len(self._col_ids) - 1)
        if not np.array_equal(self._col_ids[where], ids):
            raise KeyError("a variable that is not a column of this model")
        return self._col_order[where]

    def col(self, var) -> int:
        return int(self.cols_of([var])[0])

    def row(self, constraint) -> int:
        """Row of a constraint (ConstraintData) of the model."""
        if self._row_of is None:
            self._row_of = dict(zip(map(id, self.rows), range(len(self.rows)), strict=True))
        return self._row_of[id(constraint)]

    def rows_of(self, constraints: Sequence) -> np.ndarray:
        return np.array([self.row(c) for c in constraints], dtype=np.int64)

    def block(self, component) -> slice:
        """The columns of a Var component (or rows of a Constraint), as a slice."""
        name = component.local_name
        first, last = self.col_blocks.get(name) or self.row_blocks[name]
        return slice(first, last)

    def linear(self, expr, memo: dict | None = None) -> Linear:
        """Any linear expression over the model's variables, against its columns."""
        cols, coefs, constant = walk(self, expr, {} if memo is None else memo)
        return Linear(*merge(cols, coefs), constant)

    def expressions(self, exprs: Sequence, memo: dict | None = None) -> Block:
        """Many linear expressions (variables, LinearExpressions, anything linear) at
        once, against the columns."""
        return read_many(self, list(exprs), {} if memo is None else memo)

    def relations(self, exprs: Sequence, memo: dict | None = None
                  ) -> tuple[Block, np.ndarray, np.ndarray]:
        """(bodies, lower, upper) of relational expressions (rows not in the model), as
        compile_model reads rows: constants moved to the bounds."""
        split = [_split(ConstraintData(expr)) for expr in exprs]
        block = read_many(self, [body for _, body, _ in split], {} if memo is None else memo)
        lower = np.array([-INF if lb is None else number(lb) for lb, _, _ in split], float)
        upper = np.array([INF if ub is None else number(ub) for _, _, ub in split], float)
        constant, block.constant = block.constant, np.zeros(len(split))
        return block, lower - constant, upper - constant

    def row_entries(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        first, last = self.start[row], self.start[row + 1]
        return self.index[first:last], self.value[first:last]

    def activity(self, x: np.ndarray) -> np.ndarray:
        """A · x: the value of every row's body."""
        rows = np.repeat(np.arange(len(self.rows), dtype=np.int64), np.diff(self.start))
        return np.bincount(rows, weights=self.value * x[self.index],
                           minlength=len(self.rows))


# ---- columns --------------------------------------------------------------------------
def _component_bounds(datas: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lower, upper, integer) of one Var component's variables.

    Reads the bounds each variable stores (VarData._lb/_ub) when they are plain
    numbers and one domain serves them all — the common case, a few list passes;
    anything else (a Param as a bound, mixed domains, a fixed variable) through the
    public VarData.bounds."""
    domains = {id(d): d for d in map(attrgetter("domain"), datas)}
    try:
        raw_lower = [v._lb for v in datas]
        raw_upper = [v._ub for v in datas]
        plain = (len(domains) == 1 and not any(map(attrgetter("fixed"), datas))
                 and set(map(type, raw_lower)) | set(map(type, raw_upper))
                 <= {*PLAIN, type(None)})
    except AttributeError:
        plain = False
    if plain:
        domain = next(iter(domains.values()))
        low, high = domain.bounds()
        lower = np.array([-INF if b is None else b for b in raw_lower], dtype=float)
        upper = np.array([INF if b is None else b for b in raw_upper], dtype=float)
        if low is not None:
            np.maximum(lower, low, out=lower)
        if high is not None:
            np.minimum(upper, high, out=upper)
        integer = np.full(len(datas), bool(datas and datas[0].is_integer()))
        return lower, upper, integer
    pairs = [(v.value, v.value) if v.fixed else v.bounds for v in datas]
    lower = np.array([-INF if lb is None else lb for lb, _ in pairs], dtype=float)
    upper = np.array([INF if ub is None else ub for _, ub in pairs], dtype=float)
    integer = np.fromiter((v.is_integer() for v in datas), dtype=bool, count=len(datas))
    return lower, upper, integer


def _columns(model: pyo.ConcreteModel) -> Matrix:
    columns: list = []
    blocks: dict[str, tuple[int, int]] = {}
    lower, upper, integer = [], [], []
    for component in model.component_objects(pyo.Var, active=True, descend_into=True):
        datas = list(component.values())
        blocks[component.local_name] = (len(columns), len(columns) + len(datas))
        columns.extend(datas)
        low, high, whole = _component_bounds(datas)
        lower.append(low)
        upper.append(high)
        integer.append(whole)
    joined = [np.concatenate(parts) if parts else NO_COEFS for parts in (lower, upper)]
    return Matrix(columns, [], joined[0], joined[1], np.zeros(len(columns)),
                  np.concatenate(integer).astype(bool) if integer else np.zeros(0, bool),
                  col_blocks=blocks)


# ---- rows -----------------------------------------------------------------------------
def _split(constraint) -> tuple[float | None, object, float | None]:
    """(lower, body, upper) of a constraint; the usual `body ≤ number`, `number ≤ body`
    and `body == number` are read directly, anything else through Pyomo."""
    expr = constraint.expr
    cls = expr.__class__
    if cls is InequalityExpression or cls is EqualityExpression:
        lhs, rhs = expr.args
        if rhs.__class__ in NUMBERS:
            return (rhs if cls is EqualityExpression else None), lhs, rhs
        if lhs.__class__ in NUMBERS:
            return lhs, rhs, (lhs if cls is EqualityExpression else None)
    return constraint.to_bounded_expression()


def _rows(matrix: Matrix, model: pyo.ConcreteModel, memo: dict) -> None:
    blocks, lower, upper = [], [], []
    for component in model.component_objects(pyo.Constraint, active=True, descend_into=True):
        first = len(matrix.rows)
        active = [c for c in component.values() if c.active]
        matrix.rows.extend(active)
        matrix.row_blocks[component.local_name] = (first, len(matrix.rows))
        if not active:
            continue
        split = list(map(_split, active))
        block = read_many(matrix, [body for _, body, _ in split], memo)
        blocks.append(block)
        lower += [-INF if lb is None else number(lb) for lb, _, _ in split]
        upper += [INF if ub is None else number(ub) for _, _, ub in split]
    count = len(matrix.rows)
    if blocks:
        lengths = np.concatenate([np.diff(b.start) for b in blocks])
        cols = np.concatenate([b.index for b in blocks])
        coefs = np.concatenate([b.value for b in blocks])
        constant = np.concatenate([b.constant for b in blocks])
    else:
        lengths, cols, coefs, constant = NO_COLS, NO_COLS, NO_COEFS, NO_COEFS
    rows = np.repeat(np.arange(count, dtype=np.int64), lengths)
    width = max(1, len(matrix.columns))
    key = rows * width + cols
    if len(key) > 1 and (np.diff(np.sort(key)) == 0).any():  # a column repeated in a row
        order = np.argsort(key, kind="stable")
        key, first = np.unique(key[order], return_index=True)
        coefs = np.add.reduceat(coefs[order], first)
        rows, cols = key // width, key % width
    keep = coefs != 0
    rows, cols, coefs = rows[keep], cols[keep], coefs[keep]
    matrix.start = np.searchsorted(rows, np.arange(count + 1)).astype(np.int32)
    matrix.index = cols.astype(np.int32)
    matrix.value = coefs
    matrix.row_lower = np.array(lower, dtype=float) - constant
    matrix.row_upper = np.array(upper, dtype=float) - constant


def compile_model(model: pyo.ConcreteModel) -> Matrix:
    """The model's active variables, constraints and objective as arrays."""
    with PauseGC():
        matrix = _columns(model)
        memo: dict = {}
        _rows(matrix, model, memo)
        objectives = list(model.component_data_objects(pyo.Objective, active=True))
        if len(objectives) > 1:
            raise ValueError("the model has more than one active objective")
        if objectives:
            objective = matrix.linear(objectives[0].expr, memo)
            matrix.maximise = objectives[0].sense == pyo.maximize
            matrix.col_cost[objective.cols] = objective.coefs
            matrix.offset = objective.constant
    return matrix
