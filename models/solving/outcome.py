"""What a solve is given and what it returns, in the product's words: Status,
SolveOptions, SolveResult (models.solving.solver is the adapter that fills them)."""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from models.solving.values import Solution


class Status(enum.Enum):
    """Outcome of a solve, in the product's words."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible at time limit"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NO_SOLUTION = "no solution found within limits"
    ERROR = "solver error"

    @property
    def has_plan(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE)


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 300.0
    """Seconds."""
    mip_gap: float = 0.001
    """Relative gap at which a MILP solve stops."""
    threads: int = 0
    """0 = solver default."""
    verbose: bool = False
    """Stream the solver log to the terminal."""
    deadline: float | None = None
    """Wall-clock time (time.time()) by which the solve must end: the time limit is cut
    to fit (a run's budget, shared by several solves)."""

    def seconds_left(self) -> float:
        """The time limit of a solve that starts now."""
        if self.deadline is None:
            return self.time_limit
        return max(0.0, min(self.time_limit, self.deadline - time.time()))


@dataclass(frozen=True)
class SolveResult:
    status: Status
    objective: float | None
    """Objective of the plan found (None without a plan)."""
    bound: float | None
    """Best proven lower bound."""
    seconds: float
    """Wall time of the solve: hand-over, HiGHS and duals."""
    termination: str
    """The solver's own status, for the log."""
    duals: Mapping = field(default_factory=dict, repr=False)
    """Constraint -> dual value (∂ objective / ∂ right-hand side), when there is a plan.
    For a MILP they come from the LP with every integer decision fixed at the plan."""
    integer: bool = False
    """Whether the model has integer decisions (a MILP)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds of each step: hand_over (compile and pass), highs (HiGHS's own run),
    duals (the LP with integers fixed, for a MILP)."""
    size: dict[str, int] = field(default_factory=dict)
    """columns, rows and nonzeros of the model handed to HiGHS."""
    solution: Solution | None = field(default=None, repr=False)

    @property
    def gap(self) -> float | None:
        """Relative gap between the plan and the bound (0 when proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        denominator = max(abs(self.objective), 1e-9)
        return max(0.0, (self.objective - self.bound) / denominator)
