"""A solve's values and duals, by column and row of the compiled model (models.solving.matrix):
what the solver adapter returns and the plan is read from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from models.solving.matrix import Matrix


@dataclass
class Solution:
    """Values (and duals) of a solve, by column and row of its matrix."""

    matrix: Matrix
    x: np.ndarray
    """Value of each column."""
    row_dual: np.ndarray | None = None
    """∂ objective / ∂ right-hand side of each row (None without duals)."""
    _activity: np.ndarray | None = field(default=None, repr=False)

    def values(self, component) -> np.ndarray:
        """Values of a Var component's columns, in its index order."""
        return self.x[self.matrix.block(component)]

    def value(self, expr, memo: dict | None = None) -> float:
        """Value of a linear expression (a variable, a named expression, a sum)."""
        return self.matrix.linear(expr, memo).value(self.x)

    def evaluate(self, exprs: list, memo: dict | None = None) -> np.ndarray:
        """Values of many linear expressions at once."""
        return self.matrix.expressions(exprs, memo).dot(self.x)

    @property
    def activity(self) -> np.ndarray:
        """Value of every row's body."""
        if self._activity is None:
            self._activity = self.matrix.activity(self.x)
        return self._activity


class Duals(Mapping):
    """Constraint -> dual value, read from the solution's row duals."""

    def __init__(self, solution: Solution | None):
        self.solution = solution

    def _rows(self) -> list:
        if self.solution is None or self.solution.row_dual is None:
            return []
        return self.solution.matrix.rows

    def __getitem__(self, constraint) -> float:
        if not self._rows():
            raise KeyError(constraint)
        try:
            row = self.solution.matrix.row(constraint)
        except KeyError:
            raise KeyError(constraint) from None
        return float(self.solution.row_dual[row])

    def __iter__(self) -> Iterator:
        return iter(self._rows())

    def __len__(self) -> int:
        return len(self._rows())
