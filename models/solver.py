"""The one adapter between the model and HiGHS (Pyomo's pyomo.contrib.solver interface).

Every import of the solver interface lives here, so a move of Pyomo's contrib
packages touches this module alone.
"""

from __future__ import annotations

import enum
import math
import time
from dataclasses import dataclass, field

import highspy
import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs


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
    termination: str
    """The solver's own termination condition, for the log."""
    duals: dict = field(default_factory=dict, repr=False)
    """Constraint -> dual value (∂ objective / ∂ right-hand side), when there is a plan.
    For a MILP they come from the LP with every integer decision fixed at the plan."""
    integer: bool = False
    """Whether the model has integer decisions (a MILP)."""

    @property
    def gap(self) -> float | None:
        """Relative gap between the plan and the bound (0 when proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        denominator = max(abs(self.objective), 1e-9)
        return max(0.0, (self.objective - self.bound) / denominator)


_TERMINATION_STATUS = {
    TerminationCondition.provenInfeasible: Status.INFEASIBLE,
    TerminationCondition.locallyInfeasible: Status.INFEASIBLE,
    TerminationCondition.unbounded: Status.UNBOUNDED,
    TerminationCondition.infeasibleOrUnbounded: Status.INFEASIBLE,
}


_threads_in_use: list[int] = []
"""HiGHS keeps one thread pool per process; it must be reset to change its size."""


def _use_threads(threads: int) -> None:
    if _threads_in_use and _threads_in_use[0] != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _threads_in_use[:] = [threads]


def solve(model: pyo.ConcreteModel, options: SolveOptions | None = None, *,
          warm: bool = False) -> SolveResult:
    """Solve model with HiGHS and load the plan into its variables when there is one.

    warm re-solves a model this function solved before with the same HiGHS instance,
    which receives only what changed (rows, bounds, objective) and starts from its
    last basis; the plan loaded in the variables is offered as a MIP start.
    """
    options = options or SolveOptions()
    _use_threads(options.threads)
    solver = getattr(model, "_highs", None) if warm else None
    if solver is None:
        solver = Highs()
    elif _integer_vars(model):
        _offer_start(solver, model)
    model._highs = solver
    config = {
        "tee": options.verbose,
        "time_limit": options.seconds_left(),
        "rel_gap": options.mip_gap,
        "load_solutions": False,
        "raise_exception_on_nonoptimal_result": False,
    }
    if options.threads:
        config["threads"] = options.threads
    start = time.perf_counter()
    results = solver.solve(model, **config)
    seconds = time.perf_counter() - start
    status = _status(results.termination_condition, results.solution_status)
    integers = _integer_vars(model)
    integer = bool(_integer_vars(model, fixed=True))
    duals = {}
    if status.has_plan:
        results.solution_loader.load_vars()
        if integer:
            duals = _duals_with_integers_fixed(model, integers, config)
        else:
            duals = results.solution_loader.get_duals()
    objective = results.incumbent_objective if status.has_plan else None
    bound = results.objective_bound
    if bound is not None and not math.isfinite(bound):
        bound = None
    return SolveResult(status, objective, bound, seconds, results.termination_condition.name,
                       duals, integer)


def _offer_start(solver: Highs, model: pyo.ConcreteModel) -> None:
    """Give HiGHS the values loaded in model's variables as a MIP start (through the
    column map of Pyomo's persistent HiGHS interface, which has no public call)."""
    solver.update()  # so that every variable of the model has a column
    columns = solver._pyomo_var_to_solver_var_map
    found = [(columns[id(v)], v.value) for v in model.component_data_objects(pyo.Var)
             if id(v) in columns and v.value is not None]
    if found:
        index, values = zip(*found, strict=True)
        solver._solver_model.setSolution(len(index), list(index), list(values))


def duals_with_integers_fixed(model: pyo.ConcreteModel,
                              options: SolveOptions | None = None) -> dict:
    """Duals of the LP left when every integer decision is fixed at its loaded value."""
    config = {"time_limit": (options or SolveOptions()).time_limit, "load_solutions": False,
              "raise_exception_on_nonoptimal_result": False}
    return _duals_with_integers_fixed(model, _integer_vars(model), config)


def _integer_vars(model: pyo.ConcreteModel, fixed: bool = False) -> list:
    """Integer and binary variables (free ones only, unless fixed is True)."""
    return [v for v in model.component_data_objects(pyo.Var, active=True)
            if (v.is_integer() or v.is_binary()) and (fixed or not v.fixed)]


def _duals_with_integers_fixed(model: pyo.ConcreteModel, integers: list, config: dict) -> dict:
    """Duals of the LP left when every integer decision is fixed at its value in the plan.

    Integer variables that were already fixed (a first stage imposed from another plan)
    are made continuous too, so that the solver sees a pure LP.
    """
    every = _integer_vars(model, fixed=True)
    domains = [var.domain for var in every]
    for var in integers:
        var.fix(round(var.value or 0.0))
    for var in every:
        var.domain = pyo.Reals  # fixed and continuous
    try:
        lp = Highs().solve(model, **{**config, "tee": False})
        if lp.solution_status is SolutionStatus.optimal:
            return lp.solution_loader.get_duals()
        return {}
    finally:
        for var, domain in zip(every, domains, strict=True):
            var.domain = domain
        for var in integers:
            var.unfix()


def _status(termination: TerminationCondition, solution: SolutionStatus) -> Status:
    if solution is SolutionStatus.optimal and (
        termination is TerminationCondition.convergenceCriteriaSatisfied
    ):
        return Status.OPTIMAL
    if termination in _TERMINATION_STATUS:
        return _TERMINATION_STATUS[termination]
    if solution in (SolutionStatus.feasible, SolutionStatus.optimal):
        return Status.FEASIBLE
    if termination is TerminationCondition.error:
        return Status.ERROR
    return Status.NO_SOLUTION
