"""A solve of some inputs: its status, the plan (if any) and the result tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo

from models import Plan, SolveResult, Status
from planner.results.writer import Annotation, write_results
from planner.studies.conflicts import conflicts
from planner.workbook.inputs import Inputs


@dataclass
class Outcome:
    """A solve of some inputs: its status, the plan (if any) and the result tables."""

    inputs: Inputs
    result: SolveResult
    plan: Plan | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)
    """Result columns appended to copies of input sheets (Investments)."""
    model: pyo.ConcreteModel | None = field(default=None, repr=False)
    """The solved model, kept to explain an infeasible plan without solving again."""

    def explain(self, *, detail: bool = False) -> list[str]:
        """For an infeasible plan, the conflicting rows by workbook cell ([] otherwise)."""
        if self.result.status is not Status.INFEASIBLE or self.model is None:
            return []
        return conflicts(self.inputs, self.model, detail)

    @property
    def summary(self) -> dict[str, object]:
        frame = self.tables["Summary"]
        return dict(zip(frame["key"], frame["value"], strict=True))

    def write(self, path: Path | str, *, force: bool = False) -> Path:
        """Write the results workbook (input sheets copied, result sheets added); force
        replaces a read-only file."""
        path = Path(path)
        write_results(path, self.tables, self.inputs, self.annotations, force=force)
        return path
