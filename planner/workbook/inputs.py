"""A validated input workbook and the model data made from it: what reading and
checking hand on to the model, the studies and the results."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from models import ModelData, SolveOptions
from planner import progress
from planner.workbook.assemble import to_model_data
from planner.workbook.problems import InputError
from planner.workbook.reader import RawWorkbook, read_workbook
from planner.workbook.tables import Record, Tables
from planner.workbook.traced import tracing_fits
from planner.workbook.validate import recheck, validate


def solve_options(settings: dict[str, object], **overrides: object) -> SolveOptions:
    """Solver options from Settings values, with any given overrides (None = keep)."""
    options = SolveOptions(time_limit=settings["time_limit_s"], mip_gap=settings["mip_gap"],
                           threads=settings["threads"])
    return replace(options, **{k: v for k, v in overrides.items() if v is not None})


@dataclass
class Inputs:
    """A validated input workbook and the model data made from it."""

    path: Path
    workbook: RawWorkbook
    tables: Tables
    data: ModelData
    sha256: str
    seconds: dict[str, float] = field(default_factory=dict)
    """Seconds spent reading and validating (read, validate)."""

    def solve_options(self, **overrides: object) -> SolveOptions:
        """Solver options from Settings, with any given overrides (None = keep)."""
        return solve_options(self.tables.settings, **overrides)


def load(path: Path | str) -> Inputs:
    """Read and validate a workbook; raises planner.InputError listing every problem."""
    path = Path(path)
    run = progress.current()
    run.phase(f"reading {path.name}")
    began = time.perf_counter()
    workbook = read_workbook(path)
    read = time.perf_counter()
    run.phase(f"checking {path.name}")
    tables = validate(workbook)
    data = to_model_data(tables)
    tracing_fits(data)
    seconds = {"read": read - began, "validate": time.perf_counter() - read}
    return Inputs(path, workbook, tables, data, workbook.sha256, seconds)


def changed(inputs: Inputs, records: dict[str, list[Record]] | None = None,
            settings: dict[str, object] | None = None) -> Inputs:
    """The same workbook with some sheets' records or Settings replaced (a study's
    variant), checked again as a sweep point is; raises InputError listing every problem.

    The raw workbook and its sha256 stay those of the file read."""
    tables = replace(inputs.tables, records={**inputs.tables.records, **(records or {})},
                     settings={**inputs.tables.settings, **(settings or {})})
    problems = recheck(tables)
    if problems:
        raise InputError(problems)
    data = to_model_data(tables)
    tracing_fits(data)
    return replace(inputs, tables=tables, data=data)
