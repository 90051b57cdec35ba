"""What the studies share: the arguments every study takes and the workbook and solver
options they give, the end of a run (tables printed, written on request) and running a
study with progress on stderr. A study imports it from the folder above it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import planner
from models import SolveOptions
from planner import progress
from planner.datasets import dataset
from planner.studies.stress import NoRobustPlan
from planner.workbook.excel import write_tables
from planner.workbook.problems import InputError


def study_parser(doc: str, *, time_limit: str | None = None,
                 workers: bool = False) -> argparse.ArgumentParser:
    """The arguments of a study (described by the first paragraph of doc): the workbook
    (default: the shipped dataset), --mip-gap and -o; --time-limit (help text given)
    and --workers where the study passes them on."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("workbook", nargs="?", type=Path, help="default: the shipped dataset")
    parser.add_argument("--mip-gap", type=float, help="relative MIP gap (default: Settings)")
    if time_limit:
        parser.add_argument("--time-limit", type=float, help=time_limit)
    if workers:
        parser.add_argument("--workers", type=int)
    parser.add_argument("-o", "--output", type=Path, help="write the tables to a workbook")
    return parser


def study_workbook(args: argparse.Namespace) -> planner.Inputs:
    """The workbook the arguments name, or the shipped dataset."""
    return planner.load(args.workbook or dataset())


def study_options(inputs: planner.Inputs, args: argparse.Namespace) -> SolveOptions:
    """Solver options of the workbook's Settings with the study's --mip-gap and
    --time-limit (where it takes one)."""
    return inputs.solve_options(mip_gap=args.mip_gap,
                                time_limit=getattr(args, "time_limit", None))


def finish(tables: dict[str, pd.DataFrame], sections: list[tuple[str, pd.DataFrame, str]],
           output: Path | None) -> dict[str, pd.DataFrame]:
    """Print each (title, table, number format) and write the tables to output, if given."""
    pd.set_option("display.width", 160)
    for title, table, style in sections:
        print(f"\n{title}")
        print(table.to_string(float_format=lambda v, s=style: format(v, s)))
    if output:
        write_tables(output, tables)
        print(f"\nTables written to {output}")
    return tables


def launch(main: Callable[[], object]) -> None:
    """Run a study from the command line, saying what it does on stderr; a workbook it
    cannot use or a search without a plan ends it with a message and the exit code of
    the planner (3 invalid input, 5 no solution), not a traceback."""
    with progress.running(progress.Run(sys.stderr)):
        try:
            main()
        except InputError as err:
            print(err, file=sys.stderr)
            raise SystemExit(3) from None
        except NoRobustPlan as err:
            print(f"{err} — give the study more time (--time-limit) or fewer countries "
                  "(--countries)", file=sys.stderr)
            raise SystemExit(5) from None
