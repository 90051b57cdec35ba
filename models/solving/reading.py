"""Linear expressions read as arrays against a model's columns (models.solving.matrix).

One LinearExpression, many of them at once (`read_many`: single variables and
LinearExpressions of numeric terms in one pass, anything else through `walk`), or any
linear expression Pyomo can write (sums of named expressions, scaled expressions; as a
last resort Pyomo's own generate_standard_repn). The matrix passed in only has to find
the column of each variable (`cols_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np
import pyomo.environ as pyo
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
from pyomo.repn import generate_standard_repn

INF = float("inf")
NUMBERS = (int, float)
PLAIN = {float, int, np.float64}
_args = attrgetter("_args_")
NO_COLS = np.zeros(0, dtype=np.int64)
NO_COEFS = np.zeros(0)


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


def number(value) -> float:
    return value if value.__class__ in NUMBERS else pyo.value(value)


def walk(matrix: Any, expr, memo: dict) -> tuple[np.ndarray, np.ndarray, float]:
    """(cols, coefs, constant) of a linear expression; duplicates not yet merged."""
    if expr.__class__ in NUMBERS:
        return NO_COLS, NO_COEFS, float(expr)
    if isinstance(expr, VarData):
        return matrix.cols_of([expr]), np.ones(1), 0.0
    if expr.__class__ is MonomialTermExpression:
        coef, var = expr.args
        return matrix.cols_of([var]), np.array([number(coef)]), 0.0
    if expr.__class__ is LinearExpression:
        return _linear_terms(matrix, expr.args)
    if not expr.is_potentially_variable():
        return NO_COLS, NO_COEFS, float(pyo.value(expr))
    if isinstance(expr, NamedExpressionData):
        key = id(expr)
        if key not in memo:
            memo[key] = walk(matrix, expr.expr, memo)
        return memo[key]
    if expr.__class__ is SumExpression:
        parts = [walk(matrix, arg, memo) for arg in expr.args]
        return (np.concatenate([p[0] for p in parts] or [NO_COLS]),
                np.concatenate([p[1] for p in parts] or [NO_COEFS]),
                sum(p[2] for p in parts))
    if expr.__class__ in (ProductExpression, DivisionExpression, NegationExpression):
        scale, inner = _scaled(expr)
        if scale is not None:
            cols, coefs, constant = walk(matrix, inner, memo)
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
        return (None, expr) if _variable(b) else (1.0 / number(b), a)
    if not _variable(a):
        return number(a), b
    if not _variable(b):
        return number(b), a
    return None, expr


def _variable(expr) -> bool:
    return expr.__class__ not in NUMBERS and expr.is_potentially_variable()


def _linear_terms(matrix: Any, args: list) -> tuple[np.ndarray, np.ndarray, float]:
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


def merge(cols: np.ndarray, coefs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the coefficients of repeated columns; drop zeros; sorted by column."""
    if len(cols) == 0:
        return cols.astype(np.int32), coefs
    unique, inverse = np.unique(cols, return_inverse=True)
    summed = np.bincount(inverse, weights=coefs, minlength=len(unique))
    keep = summed != 0
    return unique[keep].astype(np.int32), summed[keep]


def _bulk_linear(matrix: Any, bodies: list) -> Block | None:
    """LinearExpressions made only of numeric monomials, read in one pass (else None)."""
    terms = list(map(_args, bodies))
    flat = list(chain.from_iterable(terms))
    if not set(map(type, flat)) <= {MonomialTermExpression}:
        return None
    pairs = list(map(_args, flat))
    coefs, variables = zip(*pairs, strict=True) if pairs else ((), ())
    if not set(map(type, coefs)) <= PLAIN:
        return None
    lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    return Block(_starts(lengths), matrix.cols_of(variables), np.array(coefs, dtype=float),
                 np.zeros(len(bodies)))


def _starts(lengths: np.ndarray) -> np.ndarray:
    start = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    return start


def read_many(matrix: Any, bodies: list, memo: dict) -> Block:
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
        walked = [walk(matrix, bodies[i], memo) for i in rest]
        lengths = np.array([len(w[0]) for w in walked], dtype=np.int64)
        groups.append((rest, Block(
            _starts(lengths), np.concatenate([w[0] for w in walked] or [NO_COLS]),
            np.concatenate([w[1] for w in walked] or [NO_COEFS]),
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
