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
from itertools import chain
from operator import attrgetter

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.base.constraint import ConstraintData
from pyomo.core.base.expression import NamedExpressionData
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import (
    DivisionExpression,
    LinearExpression,
    MonomialTermExpression,
    NegationExpression,
    ProductExpression,
    SumExpression,
)
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression
from pyomo.repn import generate_standard_repn

INF = float("inf")
NUMBERS = (int, float)
_PLAIN = {float, int, np.float64}
_args = attrgetter("_args_")
_EMPTY_I = np.zeros(0, dtype=np.int64)
_EMPTY_F = np.zeros(0)


@dataclass
class Linear:
    """A linear expression over the columns: Σ coefs · x[cols] + constant."""

    cols: np.ndarray
    coefs: np.ndarray
    constant: float = 0.0

    def value(self, x: np.ndarray) -> float:
        return float(self.coefs @ x[self.cols]) + self.constant if len(self.cols) \
            else self.constant


@dataclass
class Block:
    """Many linear expressions over the columns, row-wise: expression i is
    Σ value[start[i]:start[i+1]] · x[index[...]] + constant[i] (columns may repeat)."""

    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    constant: np.ndarray

    def __len__(self) -> int:
        return len(self.constant)

    def rows(self) -> np.ndarray:
        """The expression each entry belongs to."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.start))

    def dot(self, x: np.ndarray) -> np.ndarray:
        """The value of every expression at x."""
        sums = np.bincount(self.rows(), weights=self.value * x[self.index],
                           minlength=len(self))
        return sums + self.constant


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
    row_lower: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    row_upper: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    start: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))
    index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    value: np.ndarray = field(default_factory=lambda: _EMPTY_F)
    offset: float = 0.0
    """Constant of the objective."""
    maximise: bool = False
    col_blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Var component name -> [first, last) column."""
    row_blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Constraint component name -> [first, last) row."""
    _col_ids: np.ndarray = field(default_factory=lambda: _EMPTY_I, repr=False)
    _col_order: np.ndarray = field(default_factory=lambda: _EMPTY_I, repr=False)
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
            return _EMPTY_I
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
        cols, coefs, constant = _walk(self, expr, {} if memo is None else memo)
        return Linear(*_merge(cols, coefs), constant)

    def expressions(self, exprs: Sequence, memo: dict | None = None) -> Block:
        """Many linear expressions (variables, LinearExpressions, anything linear) at
        once, against the columns."""
        return _terms(self, list(exprs), {} if memo is None else memo)

    def relations(self, exprs: Sequence, memo: dict | None = None
                  ) -> tuple[Block, np.ndarray, np.ndarray]:
        """(bodies, lower, upper) of relational expressions (rows not in the model), as
        compile_model reads rows: constants moved to the bounds."""
        split = [_split(ConstraintData(expr)) for expr in exprs]
        block = _terms(self, [body for _, body, _ in split], {} if memo is None else memo)
        lower = np.array([-INF if lb is None else _number(lb) for lb, _, _ in split], float)
        upper = np.array([INF if ub is None else _number(ub) for _, _, ub in split], float)
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
                 <= {*_PLAIN, type(None)})
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
    joined = [np.concatenate(parts) if parts else _EMPTY_F for parts in (lower, upper)]
    return Matrix(columns, [], joined[0], joined[1], np.zeros(len(columns)),
                  np.concatenate(integer).astype(bool) if integer else np.zeros(0, bool),
                  col_blocks=blocks)


# ---- expressions ----------------------------------------------------------------------
def _number(value) -> float:
    return value if value.__class__ in NUMBERS else pyo.value(value)


def _walk(matrix: Matrix, expr, memo: dict) -> tuple[np.ndarray, np.ndarray, float]:
    """(cols, coefs, constant) of a linear expression; duplicates not yet merged."""
    if expr.__class__ in NUMBERS:
        return _EMPTY_I, _EMPTY_F, float(expr)
    if isinstance(expr, VarData):
        return matrix.cols_of([expr]), np.ones(1), 0.0
    if expr.__class__ is MonomialTermExpression:
        coef, var = expr.args
        return matrix.cols_of([var]), np.array([_number(coef)]), 0.0
    if expr.__class__ is LinearExpression:
        return _linear_terms(matrix, expr.args)
    if not expr.is_potentially_variable():
        return _EMPTY_I, _EMPTY_F, float(pyo.value(expr))
    if isinstance(expr, NamedExpressionData):
        key = id(expr)
        if key not in memo:
            memo[key] = _walk(matrix, expr.expr, memo)
        return memo[key]
    if expr.__class__ is SumExpression:
        parts = [_walk(matrix, arg, memo) for arg in expr.args]
        return (np.concatenate([p[0] for p in parts] or [_EMPTY_I]),
                np.concatenate([p[1] for p in parts] or [_EMPTY_F]),
                sum(p[2] for p in parts))
    if expr.__class__ in (ProductExpression, DivisionExpression, NegationExpression):
        scale, inner = _scaled(expr)
        if scale is not None:
            cols, coefs, constant = _walk(matrix, inner, memo)
            return cols, coefs * scale, constant * scale
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    if not repn.is_linear():
        raise ValueError(f"not a linear expression: {expr}")
    return (matrix.cols_of(repn.linear_vars), np.array(repn.linear_coefs, dtype=float),
            float(pyo.value(repn.constant)))


def _scaled(expr) -> tuple[float | None, object]:
    """(factor, expression) of a constant times an expression, else (None, expr)."""
    if expr.__class__ is NegationExpression:
        return -1.0, expr.args[0]
    a, b = expr.args
    if expr.__class__ is DivisionExpression:
        return (None, expr) if _variable(b) else (1.0 / _number(b), a)
    if not _variable(a):
        return _number(a), b
    if not _variable(b):
        return _number(b), a
    return None, expr


def _variable(expr) -> bool:
    return expr.__class__ not in NUMBERS and expr.is_potentially_variable()


def _linear_terms(matrix: Matrix, args: list) -> tuple[np.ndarray, np.ndarray, float]:
    """The terms of one LinearExpression: monomials, variables and constants."""
    coefs, variables, constant = [], [], 0.0
    for arg in args:
        cls = arg.__class__
        if cls is MonomialTermExpression:
            coef, var = arg._args_
            coefs.append(coef if coef.__class__ in NUMBERS else pyo.value(coef))
            variables.append(var)
        elif cls in NUMBERS:
            constant += arg
        elif isinstance(arg, VarData):
            coefs.append(1.0)
            variables.append(arg)
        else:
            constant += pyo.value(arg)
    return matrix.cols_of(variables), np.array(coefs, dtype=float), constant


def _merge(cols: np.ndarray, coefs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the coefficients of repeated columns; drop zeros; sorted by column."""
    if len(cols) == 0:
        return cols.astype(np.int32), coefs
    unique, inverse = np.unique(cols, return_inverse=True)
    summed = np.bincount(inverse, weights=coefs, minlength=len(unique))
    keep = summed != 0
    return unique[keep].astype(np.int32), summed[keep]


def _bulk_linear(matrix: Matrix, bodies: list) -> Block | None:
    """LinearExpressions made only of numeric monomials, read in one pass (else None)."""
    terms = list(map(_args, bodies))
    flat = list(chain.from_iterable(terms))
    if not set(map(type, flat)) <= {MonomialTermExpression}:
        return None
    pairs = list(map(_args, flat))
    coefs, variables = zip(*pairs, strict=True) if pairs else ((), ())
    if not set(map(type, coefs)) <= _PLAIN:
        return None
    lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    return Block(_starts(lengths), matrix.cols_of(variables), np.array(coefs, dtype=float),
                 np.zeros(len(bodies)))


def _starts(lengths: np.ndarray) -> np.ndarray:
    start = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    return start


def _terms(matrix: Matrix, bodies: list, memo: dict) -> Block:
    """Every body as a row of a Block: single variables and plain LinearExpressions in
    bulk, anything else one by one through the walker."""
    kinds = np.array([0 if isinstance(b, VarData) else
                      1 if b.__class__ is LinearExpression else 2 for b in bodies],
                     dtype=np.int8)
    groups: list[tuple[np.ndarray, Block]] = []
    variables = np.flatnonzero(kinds == 0)
    if len(variables):
        groups.append((variables, Block(np.arange(len(variables) + 1),
                                        matrix.cols_of([bodies[i] for i in variables]),
                                        np.ones(len(variables)), np.zeros(len(variables)))))
    linear = np.flatnonzero(kinds == 1)
    rest = list(np.flatnonzero(kinds == 2))
    if len(linear):
        block = _bulk_linear(matrix, [bodies[i] for i in linear])
        if block is None:
            rest += list(linear)
        else:
            groups.append((linear, block))
    if rest:
        rest = np.array(sorted(rest), dtype=np.int64)
        walked = [_walk(matrix, bodies[i], memo) for i in rest]
        lengths = np.array([len(w[0]) for w in walked], dtype=np.int64)
        groups.append((rest, Block(
            _starts(lengths), np.concatenate([w[0] for w in walked] or [_EMPTY_I]),
            np.concatenate([w[1] for w in walked] or [_EMPTY_F]),
            np.array([w[2] for w in walked], dtype=float))))
    if len(groups) == 1 and np.array_equal(groups[0][0], np.arange(len(bodies))):
        return groups[0][1]
    return _stitch(groups, len(bodies))


def _stitch(groups: list[tuple[np.ndarray, Block]], count: int) -> Block:
    """Blocks of some of the bodies (at the given positions) as one Block in order."""
    lengths = np.zeros(count, dtype=np.int64)
    constant = np.zeros(count)
    for positions, block in groups:
        lengths[positions] = np.diff(block.start)
        constant[positions] = block.constant
    start = _starts(lengths)
    index = np.zeros(start[-1], dtype=np.int64)
    value = np.zeros(start[-1])
    for positions, block in groups:
        own = np.diff(block.start)
        offset = np.arange(len(block.index)) - np.repeat(block.start[:-1], own)
        where = np.repeat(start[positions], own) + offset
        index[where], value[where] = block.index, block.value
    return Block(start, index, value, constant)


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
        block = _terms(matrix, [body for _, body, _ in split], memo)
        blocks.append(block)
        lower += [-INF if lb is None else _number(lb) for lb, _, _ in split]
        upper += [INF if ub is None else _number(ub) for _, _, ub in split]
    count = len(matrix.rows)
    if blocks:
        lengths = np.concatenate([np.diff(b.start) for b in blocks])
        cols = np.concatenate([b.index for b in blocks])
        coefs = np.concatenate([b.value for b in blocks])
        constant = np.concatenate([b.constant for b in blocks])
    else:
        lengths, cols, coefs, constant = _EMPTY_I, _EMPTY_I, _EMPTY_F, _EMPTY_F
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
