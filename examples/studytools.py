"""What the studies share: the end of a run (tables printed, written on request) and
running a study with progress on stderr. A study imports it from the folder above it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from planner import progress
from planner.studies.stress import NoRobustPlan
from planner.workbook.excel import write_tables
from planner.workbook.problems import InputError


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
