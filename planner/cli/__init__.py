"""The `planner` command line: a thin layer over the public Python API.

Exit codes (SPEC §6): 0 solved, 2 usage, 3 invalid input, 4 infeasible,
5 no solution within limits. No traceback is printed unless --debug is given.

    arguments.py  the parser;  commands.py  one function per command;
    common.py     exit codes, output paths, loading;  console.py  pipes and noise
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from planner import progress
from planner.cli.arguments import build_parser
from planner.cli.common import EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, UsageError
from planner.cli.console import closed_pipes_tolerated, library_noise_silenced
from planner.workbook.problems import InputError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    with closed_pipes_tolerated(), library_noise_silenced(debug):
        stream = None if getattr(args, "quiet", False) else sys.stderr
        reporter = progress.Run(stream, live=False if getattr(args, "verbose", False) else None)
        code = _carry_out(args, reporter)
        sys.stdout.flush()
        sys.stderr.flush()
    return code


def _carry_out(args: argparse.Namespace, reporter: progress.Run) -> int:
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        with progress.running(reporter):
            return run(args)
    except InputError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was solved or written.",
              file=sys.stderr)
        return EXIT_INPUT
    except UsageError as err:
        print(f"planner: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted; no results were written.", file=sys.stderr)
        return 130
    except Exception as err:
        if getattr(args, "debug", False):
            raise
        print(f"planner: internal error: {type(err).__name__}: {err} "
              "(run again with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL
