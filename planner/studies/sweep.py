"""Parametric studies: solve the plan over a grid of one or two inputs.

A parameter is addressed the way it is found in the workbook:

    Stockpile[Dy_oxide].target=0:10:6          6 points from 0 to 10 t
    Stockpile[*].target_days=0,30,60,90        every Stockpile row, four values
    Rules[CN-A18-Dy].value=0.2:1:5             a rule's licence share
    Demand[NdPr_oxide,2030].quantity=400:800:5 a composite key: material,period (segment general)
    Settings.cvar_weight=0:1:5                 a Settings key

`start:stop:count` gives count evenly spaced values, ends included; a comma list
gives the values themselves. Every point is an independent Dask task; a failing point
is reported with its parameters. Each worker builds the workbook's own model once
and solves a point as changes to it (models.solving.variants.apply_data: demand, stock
levels, capacities, prices, licence, tariff and share values), warm from the last
basis; a point that changes which rows or columns exist (a target from 0, a new
period, a discount rate) is built and solved on its own. The `resolve` column says
which it was.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd

from models import ModelData, Plan, SolveOptions, build_model, extract_plan, solve
from models.readback.figures import plan_figures
from models.solving.lexicographic import second_pass
from models.solving.points import apply_data
from models.solving.variants import Warm
from planner import progress
from planner.studies.parallel import (
    default_workers,
    keep_state,
    resolve_seconds,
    run_tasks,
    study_key,
    warm_state,
    workers_for,
)
from planner.workbook.assemble import to_model_data
from planner.workbook.cells import CellError, parse
from planner.workbook.inputs import solve_options
from planner.workbook.schema import SETTINGS_BY_KEY, SHEETS_BY_NAME
from planner.workbook.tables import Tables
from planner.workbook.validate import recheck

_PATTERN = re.compile(r"^\s*(?P<sheet>\w+)(\[(?P<key>[^\]]*)\])?\.(?P<column>\w+)\s*="
                      r"\s*(?P<values>.+)$")


class SweepError(ValueError):
    """A parameter that cannot be understood or applied (a usage error)."""


VALUES_HINT = "give numbers as a list (0,30,60) or as start:stop:count (0:200:11)"


def _did_you_mean(name: str, choices) -> str:
    """' (did you mean X?)' for the choice closest to name, ignoring case, if any."""
    by_lower = {str(c).lower(): str(c) for c in choices}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean {by_lower[close[0]]}?)" if close else ""


@dataclass(frozen=True)
class Parameter:
    text: str
    sheet: str
    key: tuple[str, ...] | None
    """Key values of the rows to change (None = every row, or a Settings key)."""
    column: str
    values: tuple[Any, ...]

    @property
    def name(self) -> str:
        return self.text.split("=", 1)[0].strip()


def _values(text: str) -> tuple[Any, ...]:
    if ":" in text:
        try:
            start, stop, count = (float(part) for part in text.split(":"))
        except ValueError as err:
            raise SweepError(f"'{text}' is not start:stop:count, e.g. 0:200:11 (11 values "
                             "from 0 to 200)") from err
        if count < 2 or not count.is_integer():
            raise SweepError(f"'{text}': count must be a whole number ≥ 2")
        step = (stop - start) / (count - 1)
        return tuple(round(start + i * step, 12) for i in range(int(count)))
    values = []
    for part in text.split(","):
        part = part.strip()
        try:
            values.append(float(part))
        except ValueError:
            values.append(part)
    return tuple(values)


def parse_parameter(text: str) -> Parameter:
    """A parameter from its typed form (see the module docstring)."""
    match = _PATTERN.match(text)
    if not match:
        raise SweepError(f"'{text}' is not SHEET[KEY].COLUMN=VALUES or Settings.KEY=VALUES, "
                         "e.g. Stockpile[Dy_oxide].target=0:200:11")
    sheet_name = next((s for s in SHEETS_BY_NAME if s.lower() == match["sheet"].lower()), None)
    if sheet_name is None:
        raise SweepError(f"'{text}': the workbook has no sheet {match['sheet']}"
                         f"{_did_you_mean(match['sheet'], SHEETS_BY_NAME)}")
    column = match["column"].lower()
    if sheet_name == "Settings":
        if column not in SETTINGS_BY_KEY:
            raise SweepError(f"'{text}': no Settings key {column}"
                             f"{_did_you_mean(column, SETTINGS_BY_KEY)}")
        return Parameter(text, sheet_name, None, column, _values(match["values"]))
    sheet = SHEETS_BY_NAME[sheet_name]
    if column not in {c.name for c in sheet.columns} or column in sheet.key:
        varied = [c.name for c in sheet.columns if c.name not in sheet.key]
        raise SweepError(f"'{text}': {sheet_name} has no column {column} to vary"
                         f"{_did_you_mean(column, varied)}")
    if match["key"] is None:
        raise SweepError(f"'{text}': name the row, e.g. {sheet_name}[ID].{column}, "
                         f"or all rows with {sheet_name}[*].{column}")
    key = None if match["key"].strip() == "*" else tuple(
        part.strip() for part in match["key"].split(","))
    if key is not None and len(key) < len(sheet.key):  # trailing parts: default or blank
        trailing = [sheet.column(name) for name in sheet.key[len(key):]]
        if not any(col.required for col in trailing):
            key = (*key, *(col.default for col in trailing))
    if key is not None and len(key) != len(sheet.key):
        raise SweepError(f"'{text}': a {sheet_name} row is named by "
                         f"{', '.join(sheet.key)}")
    return Parameter(text, sheet_name, key, column, _values(match["values"]))


def apply(tables: Tables, parameter: Parameter, value: Any) -> Tables:
    """A copy of tables with the parameter set to value (validated like a cell)."""
    changed = copy.copy(tables)
    if parameter.sheet == "Settings":
        changed.settings = dict(tables.settings)
        changed.settings[parameter.column] = _typed(value, SETTINGS_BY_KEY[parameter.column],
                                                    parameter)
        return changed
    sheet = SHEETS_BY_NAME[parameter.sheet]
    typed = _typed(value, sheet.column(parameter.column), parameter)
    records, hits = [], 0
    for record in tables.records[parameter.sheet]:
        if parameter.key is None or tuple(record[k] for k in sheet.key) == parameter.key:
            record = {**record, parameter.column: typed}
            hits += 1
        records.append(record)
    if not hits:
        keys = [",".join(str(record[k]) for k in sheet.key if record[k] is not None)
                for record in tables.records[parameter.sheet]]
        raise SweepError(f"'{parameter.text}': {parameter.sheet} has no row "
                         f"{','.join(parameter.key or ())}"
                         f"{_did_you_mean(','.join(parameter.key or ()), keys)} — name a row "
                         f"of the workbook, or every row with {parameter.sheet}[*]")
    changed.records = {**tables.records, parameter.sheet: records}
    return changed


def _typed(value: Any, column, parameter: Parameter) -> Any:
    try:
        return parse(value, column)
    except CellError as err:
        fix = VALUES_HINT if column.kind in ("number", "integer") else err.fix
        raise SweepError(f"'{parameter.text}': {err.what} — {fix}") from err


def _solve_point(task: tuple[str, ModelData, ModelData, SolveOptions]) -> dict[str, Any]:
    """Solve one point and measure it (runs in a worker)."""
    key, base, data, options = task
    warm = warm_state(key, lambda: Warm(base, options))
    began = time.perf_counter()
    # every scenario's own best recourse at the optimum, as solve gives it
    result = warm.solve(apply_data, data, options=options, second_pass=True)
    if isinstance(result, str):
        how = f"rebuilt: {result}"
        model = build_model(data)
        result = solve(model, options)
        if result.status.has_plan and len(data.scenarios) > 1:
            result = second_pass(model, result, options).result
        plan = extract_plan(model, result) if result.status.has_plan else None
    else:
        how = "warm re-solve"
        plan = warm.plan(result) if result.status.has_plan else None
    row: dict[str, Any] = {"status": result.status.value, "objective": result.objective,
                           "solve_seconds": round(time.perf_counter() - began, 3),
                           "resolve": how}
    if plan is not None:
        row |= _figures(data, plan)
    return row


def _workers(key: str, base: ModelData, options: SolveOptions, points: int) -> int | None:
    """1 (this process) when the points are quick warm re-solves of the workbook's model,
    which is then built here and kept for them; None (one worker per core) when
    spreading them pays for starting a cluster and building the model in each worker."""
    began = time.perf_counter()
    warm = Warm(base, options)
    setup = time.perf_counter() - began
    if warm.highs_seconds is None:  # an LP: one solve for the estimate and the basis
        warm.highs_seconds = warm.solver.run(duals=False).timings["highs"]
    chosen = workers_for(points, resolve_seconds(warm.highs_seconds, warm.integer), None, setup)
    if chosen == 1:
        keep_state(key, warm)
    return chosen


def _figures(data: ModelData, plan: Plan) -> dict[str, Any]:
    row = plan_figures(data, plan)
    probability = data.probability
    for material in data.stockpiles:
        held = [sum(probability[s] * plan.inventory.get((s, material, t), 0.0)
                    for s in probability) for t in data.period_ids]
        row[f"stock_{material}_t"] = max(held, default=0.0)
    return row


@dataclass
class SweepResult:
    parameters: list[Parameter]
    table: pd.DataFrame
    seconds: float
    workers: str


def sweep(tables: Tables, parameters: list[Parameter], *, time_limit: float | None = None,
          mip_gap: float | None = None, workers: int | None = None,
          scheduler: str | None = None) -> SweepResult:
    """Solve every point of the grid of parameters; one row per point.

    Each point is checked like a loaded workbook (references, period windows, the
    cross-sheet checks) and solved with its own Settings; mip_gap, when given,
    overrides the Settings of every point. time_limit (default: Settings
    time_limit_s) is the budget of the whole sweep, shared equally by its points;
    points that do not fit are skipped. A point that fails is reported.
    """
    if not 1 <= len(parameters) <= 2:
        raise SweepError("give one or two parameters")
    run = progress.current()
    with run.budgeted(tables.settings["time_limit_s"] if time_limit is None else time_limit):
        return _sweep(tables, parameters, run, mip_gap, workers, scheduler)


def _sweep(tables: Tables, parameters: list[Parameter], run: progress.Run,
           mip_gap: float | None, workers: int | None, scheduler: str | None) -> SweepResult:
    grid = list(itertools.product(*(p.values for p in parameters)))
    parallel = 1 if workers == 1 else workers or default_workers()
    share = run.share(len(grid), parallel)
    points, tasks, problems = [], [], {}
    for values in grid:
        changed = tables
        for parameter, value in zip(parameters, values, strict=True):
            changed = apply(changed, parameter, value)
        points.append(values)
        found = [str(p) for p in recheck(changed)]
        task = None
        if not found:
            try:
                limit = min(share, changed.settings["time_limit_s"])  # a point's own limit
                options = solve_options(changed.settings, time_limit=limit,
                                        mip_gap=mip_gap, threads=1, deadline=run.deadline)
                task = (to_model_data(changed), options)
            except Exception as error:  # reported with the point; the rest go on
                found = [f"{type(error).__name__}: {error}"]
        if found:
            problems[len(points) - 1] = "; ".join(found)
        tasks.append(task)
    start = time.perf_counter()
    todo = [i for i in range(len(tasks)) if i not in problems]
    key, base = study_key(), to_model_data(tables)  # the workbook's model, built once a worker
    if workers is None and scheduler is None and len(todo) > 1:
        workers = _workers(key, base, tasks[todo[0]][1], len(todo))
    results = run_tasks(_solve_point, [(key, base, *tasks[i]) for i in todo],
                        scheduler=scheduler, workers=workers, label="sweep")
    seconds = time.perf_counter() - start
    rows = []
    outcome = dict(zip(todo, results, strict=True))
    for i, values in enumerate(points):
        row = {p.name: v for p, v in zip(parameters, values, strict=True)}
        if i in problems:
            row["status"] = f"failed: {problems[i]}"
        elif not outcome[i].ok:
            row["status"] = outcome[i].error if outcome[i].skipped else \
                f"failed: {outcome[i].error}"
        else:
            row |= outcome[i].value
        rows.append(row)
    if scheduler:
        where = scheduler
    elif workers == 1 or len(todo) <= 1:
        where = "this process"
    else:
        where = f"a local cluster of {workers or default_workers()} workers"
    return SweepResult(parameters, pd.DataFrame(rows), seconds, where)
