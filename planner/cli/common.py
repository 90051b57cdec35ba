"""What the commands share: exit codes, usage errors, output paths that are safe to
write, loading a workbook with its notes shown."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import planner
from models import SolveOptions, Status
from planner import progress
from planner.datasets import dataset
from planner.workbook.excel import OutputRefused, check_output

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3, 4, 5

EXIT_CODES = {
    Status.OPTIMAL: EXIT_OK,
    Status.FEASIBLE: EXIT_OK,
    Status.INFEASIBLE: EXIT_INFEASIBLE,
    Status.UNBOUNDED: EXIT_NO_SOLUTION,
    Status.NO_SOLUTION: EXIT_NO_SOLUTION,
    Status.ERROR: EXIT_NO_SOLUTION,
}
"""Solve status -> exit code."""


class UsageError(Exception):
    """A command was given wrongly (exit code 2)."""


def default_output(input_path: Path, shipped: bool, suffix: str = "results") -> Path:
    """`<input stem>-results.xlsx` beside the input; in the current folder for the
    shipped dataset, which lives inside the installed package."""
    folder = Path.cwd() if shipped else input_path.parent
    return folder / f"{input_path.stem}-{suffix}.xlsx"


def checked_output(output: Path, source: Path | None, force: bool = False) -> Path:
    """The output path, once it is one the planner may write (checked before any work)."""
    if source is not None and output.resolve() == source.resolve():
        raise UsageError(f"{output} is the input workbook — choose another name with -o")
    try:
        check_output(output, force=force)
    except OutputRefused as err:
        raise UsageError(str(err)) from err
    return output


def write_safely(write: Callable[[Path], object], output: Path, source: Path) -> tuple[Path, int]:
    """Write results to output; if that fails (open in Excel, read-only folder), write
    them beside it, or in the current or temporary folder, and say so (exit code 2).
    The input workbook itself is never overwritten, nor a read-only file (unless the
    writer was told to force)."""
    checked_output(output, source, force=True)
    progress.current().phase(f"writing {output.name}")
    try:
        write(output)
        return output, EXIT_OK
    except OutputRefused as err:
        raise UsageError(str(err)) from err
    except OSError as err:
        reason = err.strerror or str(err)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"{output.stem}-{stamp}{output.suffix}"
    for folder in (output.parent, Path.cwd(), Path(tempfile.gettempdir())):
        try:
            write(folder / name)
        except OSError:
            continue
        print(f"Could not write {output} ({reason}; is it open in Excel?). The results "
              f"were written to {folder / name} instead.", file=sys.stderr)
        return folder / name, EXIT_USAGE
    raise UsageError(f"could not write {output} ({reason}), nor a copy beside it, in the "
                     "current folder or in the temporary folder — choose a writable path "
                     "with -o")


def load(path: Path) -> planner.Inputs:
    """Load a workbook and tell the user what was ignored in it."""
    inputs = planner.load(path)
    for note in inputs.workbook.notes:
        print(f"Note: {note}", file=sys.stderr)
    return inputs


MODEL_SUFFIXES = (".mps", ".lp")


def load_for_solving(args: argparse.Namespace, kind: str = "results"
                     ) -> tuple[Path, Path, planner.Inputs, SolveOptions]:
    """The workbook of args (the shipped dataset without PATH), the checked output path
    and the solver options with the command line's overrides:
    (path, output, inputs, options)."""
    shipped = args.path is None
    path = dataset() if shipped else Path(args.path)
    output = checked_output(Path(args.output) if args.output
                            else default_output(path, shipped, kind), path, args.force)
    inputs = load(path)
    options = inputs.solve_options(time_limit=args.time_limit, mip_gap=args.mip_gap,
                                   threads=args.threads,
                                   verbose=getattr(args, "verbose", None))
    return path, output, inputs, options


def listed(text: str | None) -> tuple[str, ...] | None:
    """'CN, MM,MY' -> ('CN', 'MM', 'MY'); None stays None."""
    return None if text is None else tuple(p.strip() for p in text.split(",") if p.strip())
