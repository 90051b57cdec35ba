"""Building blocks of a constraint family: long sums written as one LinearExpression.

A Python `sum(c * x for ...)` makes Pyomo build and re-link an expression object per
term; `linear(coefs, variables)` makes one LinearExpression from two lists, which is
also what models.solving.matrix reads fastest. `Sums` gathers the terms of many rows in one
pass over the data; a term (coefficient · variable) that enters several rows is made
once and shared. `variables(var)` is a plain dict from index to variable, much
faster to look up than `m.x[key]`.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Hashable, Sequence

import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

_VARIABLES: dict[int, tuple[weakref.ref, dict]] = {}
"""id of a Var component -> (reference to it, its index -> variable dict)."""


def term(coef: float, var) -> MonomialTermExpression:
    """coef · var, as one term that several sums may share."""
    return MonomialTermExpression((coef, var))


def linear(coefs: Sequence[float], variables: Sequence) -> LinearExpression:
    """Σ_i coefs[i] · variables[i] as one LinearExpression."""
    return LinearExpression(list(map(MonomialTermExpression, zip(coefs, variables,
                                                                 strict=True))))


def variables(var: pyo.Var) -> dict:
    """Index -> variable of a (fully built) Var component, as a plain dict (made once
    per component and kept while the component lives)."""
    key = id(var)
    found = _VARIABLES.get(key)
    if found is not None and found[0]() is var:
        return found[1]
    lookup = dict(zip(var.keys(), var.values(), strict=True))
    _VARIABLES[key] = (weakref.ref(var, lambda _, key=key: _VARIABLES.pop(key, None)), lookup)
    return lookup


class Sums:
    """The terms of many linear sums, gathered by row key."""

    def __init__(self) -> None:
        self.rows: defaultdict[Hashable, list[MonomialTermExpression]] = defaultdict(list)

    def add(self, key: Hashable, coef: float, var) -> None:
        self.rows[key].append(MonomialTermExpression((coef, var)))

    def __contains__(self, key: Hashable) -> bool:
        return key in self.rows

    def keys(self):
        return self.rows.keys()

    def terms(self, key: Hashable) -> tuple[list[float], list]:
        """(coefs, variables) of one sum (empty lists if it has no term)."""
        pairs = [t.args for t in self.rows.get(key, ())]
        return [c for c, _ in pairs], [v for _, v in pairs]

    def take(self, key: Hashable, coefs: Sequence[float] = (),
             variables: Sequence = ()) -> LinearExpression:
        """The sum of key, with extra terms coefs · variables appended, as one
        LinearExpression. The sum hands its list of terms over (nothing is kept here, so
        a large model is not held twice): each sum is taken once."""
        terms = self.rows.pop(key, [])
        terms.extend(map(MonomialTermExpression, zip(coefs, variables, strict=True)))
        return LinearExpression(terms)
