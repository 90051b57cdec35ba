"""The one adapter between the model and HiGHS (highspy).

The model is compiled to arrays (models.solving.matrix) and handed to HiGHS in one call;
values, duals and statuses come back by column and row index. A SolverModel keeps
the HiGHS instance, so studies can change bounds, costs and coefficients and solve
again warm (the basis is kept) instead of building a new model. Every import of the
solver lives here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import highspy
import numpy as np
import pyomo.environ as pyo

from models.solving.matrix import Matrix, compile_model
from models.solving.outcome import SolveOptions, SolveResult, Status
from models.solving.values import Duals, Solution

__all__ = ["Duals", "Solution", "SolveOptions", "SolveResult", "SolverModel", "Status", "solve"]

INF = highspy.kHighsInf
CONTINUOUS, INTEGER = highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger



_threads_in_use: list[int] = []
"""HiGHS keeps one thread pool per process; it must be reset to change its size."""


def _use_threads(threads: int) -> None:
    if _threads_in_use and _threads_in_use[0] != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _threads_in_use[:] = [threads]


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep what HiGHS prints for itself (its banner, 'Writing the model') off the
    terminal: standard output is sent to /dev/null while it runs."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_CHANGED = {"col_bounds": ("col_lower", "col_upper"), "row_bounds": ("row_lower", "row_upper"),
            "costs": ("col_cost",), "integrality": ("integer",)}
"""What each kind of change alters: arrays kept in step with the HiGHS model."""

_STATUS = {
    highspy.HighsModelStatus.kInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Status.UNBOUNDED,
    highspy.HighsModelStatus.kLoadError: Status.ERROR,
    highspy.HighsModelStatus.kModelError: Status.ERROR,
    highspy.HighsModelStatus.kPresolveError: Status.ERROR,
    highspy.HighsModelStatus.kSolveError: Status.ERROR,
    highspy.HighsModelStatus.kPostsolveError: Status.ERROR,
}


class SolverModel:
    """A model compiled and passed to HiGHS once, to be solved and re-solved.

    The change methods alter bounds, costs, coefficients and integrality in the
    HiGHS model and remember what they replaced; revert() puts it all back, so one
    built model serves many variants.
    """

    def __init__(self, model: pyo.ConcreteModel, options: SolveOptions | None = None,
                 matrix: Matrix | None = None):
        start = time.perf_counter()
        self.options = options or SolveOptions()
        self.matrix = matrix if matrix is not None else compile_model(model)
        _use_threads(self.options.threads)
        with _quiet():
            self.highs = highspy.Highs()
        self.set_options(self.options)
        status = self.highs.passModel(self._lp())
        if status == highspy.HighsStatus.kError:
            raise RuntimeError("HiGHS refused the model")
        m = self.matrix
        self.col_lower, self.col_upper = m.col_lower.copy(), m.col_upper.copy()
        self.col_cost, self.integer = m.col_cost.copy(), m.integer.copy()
        self.row_lower, self.row_upper = m.row_lower.copy(), m.row_upper.copy()
        self._undo: list[tuple[str, tuple]] = []
        self._coefs: dict[int, dict[int, float]] = {}
        """Entries changed since the model was passed: row -> column -> coefficient."""
        self.hand_over = time.perf_counter() - start

    def set_options(self, options: SolveOptions) -> None:
        """Solve with these options from now on."""
        self.options = options
        h = self.highs
        h.setOptionValue("output_flag", options.verbose)
        h.setOptionValue("log_to_console", options.verbose)
        h.setOptionValue("time_limit", float(options.seconds_left()))
        h.setOptionValue("mip_rel_gap", float(options.mip_gap))
        if options.threads:
            h.setOptionValue("threads", int(options.threads))

    def _lp(self) -> highspy.HighsLp:
        m = self.matrix
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(m.columns), len(m.rows)
        lp.col_cost_, lp.offset_ = m.col_cost, m.offset
        lp.col_lower_, lp.col_upper_ = _finite(m.col_lower), _finite(m.col_upper)
        lp.row_lower_, lp.row_upper_ = _finite(m.row_lower), _finite(m.row_upper)
        lp.sense_ = highspy.ObjSense.kMaximize if m.maximise else highspy.ObjSense.kMinimize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
        lp.a_matrix_.start_, lp.a_matrix_.index_ = m.start, m.index
        lp.a_matrix_.value_ = m.value
        if m.has_integers:
            lp.integrality_ = [INTEGER if i else CONTINUOUS for i in m.integer]
        return lp

    @property
    def size(self) -> dict[str, int]:
        return {"columns": len(self.matrix.columns), "rows": len(self.matrix.rows),
                "nonzeros": self.matrix.nonzeros}

    # ---- solving -------------------------------------------------------------------
    def run(self, *, duals: bool = True, start: np.ndarray | None = None,
            options: SolveOptions | None = None) -> SolveResult:
        """Solve the model as it now stands (warm: HiGHS keeps the last basis).

        start: column values of a known feasible plan, handed to a MILP as its first
        incumbent. duals: also compute row duals (for a MILP, from the LP with every
        integer column fixed at the plan).
        """
        if options is not None:
            self.set_options(options)
        h, began = self.highs, time.perf_counter()
        integer = bool(self.integer.any())
        if start is not None and integer:
            solution = highspy.HighsSolution()
            solution.col_value = list(start)
            h.setSolution(solution)
        h.setOptionValue("time_limit", float(self.options.seconds_left()))  # the run's budget
        run = time.perf_counter()
        h.run()
        highs_seconds = time.perf_counter() - run
        status, termination = self._status()
        objective = bound = None
        solution = None
        duals_seconds = 0.0
        if status.has_plan:
            info = h.getInfo()
            objective = info.objective_function_value
            bound = info.mip_dual_bound if integer else (
                objective if status is Status.OPTIMAL else None)
            raw = h.getSolution()
            solution = Solution(self.matrix, np.asarray(raw.col_value, dtype=float))
            if start is not None and integer:
                # HiGHS (1.16) may report, for a MILP given a start, the objective its
                # presolved model sees, without the cost of columns presolve removed:
                # the plan is right, its reported cost is not. The plan's own cost is.
                objective = float(self.col_cost @ solution.x + self.matrix.offset)
                if bound is not None and math.isfinite(bound):
                    bound = min(bound, objective)
            if duals:
                fixed = time.perf_counter()
                if integer:
                    solution.row_dual = self.duals_with_integers_fixed(solution.x)
                elif raw.dual_valid:
                    solution.row_dual = np.asarray(raw.row_dual, dtype=float)
                duals_seconds = time.perf_counter() - fixed
        if bound is not None and not math.isfinite(bound):
            bound = None
        seconds = time.perf_counter() - began
        return SolveResult(status, objective, bound, seconds, termination, Duals(solution),
                           bool(self.matrix.has_integers), {"highs": highs_seconds,
                                                             "duals": duals_seconds},
                           self.size, solution)

    def _status(self) -> tuple[Status, str]:
        h = self.highs
        model_status = h.getModelStatus()
        text = h.modelStatusToString(model_status)
        if model_status == highspy.HighsModelStatus.kOptimal:
            return Status.OPTIMAL, text
        if model_status == highspy.HighsModelStatus.kModelEmpty:
            return Status.OPTIMAL, text
        if model_status in _STATUS:
            return _STATUS[model_status], text
        if h.getInfo().primal_solution_status == 2:  # a feasible plan, at a limit
            return Status.FEASIBLE, text
        return Status.NO_SOLUTION, text

    def duals_with_integers_fixed(self, x: np.ndarray) -> np.ndarray | None:
        """Row duals of the LP left when every integer column is fixed at its value in
        the plan (integer columns already fixed are made continuous too)."""
        h = self.highs
        cols = np.flatnonzero(self.integer).astype(np.int32)
        values = np.round(x[cols])
        h.changeColsBounds(len(cols), cols, values, values)
        h.changeColsIntegrality(len(cols), cols, np.full(len(cols), CONTINUOUS))
        h.setOptionValue("time_limit", float(self.options.seconds_left()))
        # From scratch, with presolve: the basis the MIP leaves behind is far from this
        # LP's (on the shipped dataset 55 s from it, 7 s without it).
        h.clearSolver()
        try:
            h.run()
            raw = h.getSolution()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal and raw.dual_valid:
                return np.asarray(raw.row_dual, dtype=float)
            return None
        finally:
            h.changeColsBounds(len(cols), cols, _finite(self.col_lower[cols]),
                               _finite(self.col_upper[cols]))
            h.changeColsIntegrality(len(cols), cols, np.full(len(cols), INTEGER))

    # ---- changes -------------------------------------------------------------------
    def _set(self, kind: str, index: np.ndarray, *values: np.ndarray) -> None:
        index = np.asarray(index, dtype=np.int32)
        if not len(index):
            return
        kept = tuple(getattr(self, name)[index].copy() for name in _CHANGED[kind])
        self._undo.append((kind, (index, *kept)))
        self._apply(kind, index, *values)

    def _apply(self, kind: str, index: np.ndarray, *values: np.ndarray) -> None:
        for name, value in zip(_CHANGED[kind], values, strict=True):
            getattr(self, name)[index] = value
        h, n = self.highs, len(index)
        if kind == "col_bounds":
            h.changeColsBounds(n, index, _finite(values[0]), _finite(values[1]))
        elif kind == "row_bounds":
            h.changeRowsBounds(n, index, _finite(values[0]), _finite(values[1]))
        elif kind == "costs":
            h.changeColsCost(n, index, np.asarray(values[0], dtype=float))
        else:
            h.changeColsIntegrality(n, index, np.where(values[0], INTEGER, CONTINUOUS))

    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        self._set("col_bounds", cols, lower, upper)

    def set_row_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        self._set("row_bounds", rows, lower, upper)

    def relax_rows(self, rows: np.ndarray) -> None:
        """Free rows of both bounds (as if they were not there)."""
        self.set_row_bounds(rows, np.full(len(rows), -np.inf), np.full(len(rows), np.inf))

    def set_costs(self, cols: np.ndarray, costs: np.ndarray) -> None:
        self._set("costs", cols, costs)

    def set_integrality(self, cols: np.ndarray, integer: np.ndarray) -> None:
        self._set("integrality", cols, np.asarray(integer, dtype=bool))

    def set_coefficients(self, rows: np.ndarray, cols: np.ndarray,
                         values: np.ndarray) -> None:
        """Matrix entries (row, col) set to values (0 removes an entry)."""
        current: dict[int, dict[int, float]] = {}
        old = []
        for r, c in zip(np.asarray(rows).tolist(), np.asarray(cols).tolist(), strict=True):
            if r not in current:
                current[r] = self.row(r)
            old.append(current[r].get(c, 0.0))
        self._undo.append(("coefs", (np.asarray(rows), np.asarray(cols), np.array(old))))
        self._coefficients(rows, cols, values)

    def _coefficients(self, rows, cols, values) -> None:
        for r, c, v in zip(np.asarray(rows).tolist(), np.asarray(cols).tolist(),
                           np.asarray(values, dtype=float).tolist(), strict=True):
            self._coefs.setdefault(r, {})[c] = v
            self.highs.changeCoeff(r, c, v)

    def row(self, row: int) -> dict[int, float]:
        """The current entries of a row: column -> coefficient."""
        cols, values = self.matrix.row_entries(row)
        entries = dict(zip(cols.tolist(), values.tolist(), strict=True))
        entries.update(self._coefs.get(row, {}))
        return {c: v for c, v in entries.items() if v != 0}

    def coefficient(self, row: int, col: int) -> float:
        """The current matrix entry (row, col)."""
        return self.row(row).get(col, 0.0)

    def add_row(self, lower: float, upper: float, cols: np.ndarray,
                values: np.ndarray) -> None:
        """A row lower ≤ Σ values · x[cols] ≤ upper after the model's own rows (revert
        deletes it; rows added later must be reverted first)."""
        cols = np.asarray(cols, dtype=np.int32)
        self.highs.addRow(float(_finite(lower)), float(_finite(upper)), len(cols), cols,
                          np.asarray(values, dtype=float))
        self._undo.append(("added_row", (self.highs.getNumRow() - 1,)))

    def mark(self) -> int:
        """A point in the changes to revert to."""
        return len(self._undo)

    def revert(self, mark: int = 0) -> None:
        """Undo the changes made since mark (by default every change since the model was
        passed)."""
        while len(self._undo) > mark:
            kind, arguments = self._undo.pop()
            if kind == "added_row":
                self.highs.deleteRows(1, np.array(arguments, dtype=np.int32))
            elif kind == "coefs":
                self._coefficients(*arguments)
            else:
                self._apply(kind, *arguments)

    def irreducible_subset(self) -> tuple[list[int], list[int]] | None:
        """(rows, columns whose bound takes part) of an irreducible infeasible subset of
        the LP relaxation, or None when the relaxation is feasible."""
        h, mark = self.highs, self.mark()
        self.set_integrality(np.flatnonzero(self.integer), np.zeros(int(self.integer.sum())))
        self.set_costs(np.arange(len(self.col_cost)), np.zeros(len(self.col_cost)))
        h.setOptionValue("iis_strategy", 6)  # elastic LP, then reduce to a true IIS
        try:
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
                return None
            status, iis = h.getIis()
            if status != highspy.HighsStatus.kOk or not iis.valid_:
                return None
            bounded = [c for c, kind in zip(iis.col_index_, iis.col_bound_, strict=True)
                       if kind in (2, 3, 4)]  # lower, upper or boxed bound takes part
            return list(iis.row_index_), bounded
        finally:
            h.setOptionValue("iis_strategy", 0)
            self.revert(mark)

    # ---- export ----------------------------------------------------------------------
    def write(self, path: Path | str) -> None:
        """Write the model as HiGHS holds it (.mps or .lp, by the file's suffix), with
        the Pyomo names of its columns and rows."""
        path = Path(path)
        if path.suffix.lower() not in (".mps", ".lp"):
            raise ValueError(f"{path.name}: the model is written as .mps or .lp")
        h = self.highs
        for i, name in enumerate(_names(self.matrix.columns)):
            h.passColName(i, name)
        for i, name in enumerate(_names(self.matrix.rows)):
            h.passRowName(i, name)
        with _quiet():
            status = h.writeModel(str(path))
        if status == highspy.HighsStatus.kError:
            raise OSError(f"HiGHS could not write {path}")


_UNSAFE = re.compile(r"[^A-Za-z0-9_.()]")


def _names(components: list) -> list[str]:
    """File-safe, unique names: x[base,O12,2026] -> x(base_O12_2026), every character
    outside letters, digits and _ . ( ) replaced by _ (a repeat gets #2, #3…)."""
    seen: dict[str, int] = {}
    names = []
    for item in components:
        name = _UNSAFE.sub("_", item.name.replace("[", "(").replace("]", ")"))
        if name in seen:
            seen[name] += 1
            name = f"{name}#{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def _finite(values: np.ndarray) -> np.ndarray:
    """±inf as HiGHS's infinity."""
    return np.clip(np.asarray(values, dtype=float), -INF, INF)


def solve(model: pyo.ConcreteModel, options: SolveOptions | None = None, *,
          write_model: Path | str | None = None) -> SolveResult:
    """Solve model with HiGHS; the plan (if any) is kept as model.solution.

    The values are read by column (models.readback.solution.extract_plan), not loaded into
    the Pyomo variables one by one. write_model: also write the model exactly as it is
    handed to HiGHS (.mps or .lp), before solving it.
    """
    began = time.perf_counter()
    solver = SolverModel(model, options)
    writing = 0.0
    if write_model is not None:
        written = time.perf_counter()
        solver.write(write_model)
        writing = time.perf_counter() - written
    result = solver.run()
    model.solution = result.solution
    model.solver = solver
    timings = {"hand_over": solver.hand_over, **result.timings}
    return _with(result, seconds=time.perf_counter() - began - writing, timings=timings)


def _with(result: SolveResult, **changes) -> SolveResult:
    return dataclasses.replace(result, **changes)
