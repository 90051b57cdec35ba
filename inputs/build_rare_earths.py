"""Build the shipped dataset inputs/rare_earths.xlsx (rare-earth procurement, 2027-2036).

The buyer is an illustrative consortium of EU and US magnet users (automotive and
wind), planning in December 2026. The figures, with the code of their source (e.g.
``# U25``), and the tables are in the package rare_earths/ beside this script, one module
per section (its docstring lists them); the codes, the publications behind them and
every assumption are listed in inputs/SOURCES.md. The script is deterministic.

The dataset is a multi-stage stochastic MILP: take-or-pay offtakes, qualifications of
new magnet sources and capacity investments (integer decisions), on a scenario tree
whose root is the first quarter of 2027 (China's Oct 2025 controls extended or lapsed,
then the price path or a ban). --base-case writes the deterministic LP of the rules in
force instead; --sites / --no-sites set whether the EU and US sites are separate.

Usage: python inputs/build_rare_earths.py [--base-case] [--sites | --no-sites] [OUTPUT.xlsx]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from planner.workbook.excel import write_tables

if __package__:  # imported, or run with -m (inputs.… or, installed, planner.datasets.…)
    from .rare_earths import build_tables
else:  # run as a script: Python puts this file's folder first on sys.path
    from rare_earths import build_tables

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "rare_earths.xlsx"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build the shipped rare-earth dataset (inputs/rare_earths.xlsx).")
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                        help=f"workbook to write (default: {DEFAULT_OUTPUT.name} beside "
                             "this script)")
    parser.add_argument("--base-case", action="store_true",
                        help="leave out contracts, qualifications, investments, scenarios "
                             "and events (the deterministic LP of the rules in force)")
    parser.add_argument("--sites", action=argparse.BooleanOptionalAction, default=None,
                        help="separate EU and US sites (default: as shipped)")
    args = parser.parse_args(argv)
    tables = build_tables(base_case=args.base_case, sites=args.sites)
    write_tables(args.output, tables)
    counts = ", ".join(f"{name} {len(t)}" for name, t in tables.items())
    print(f"wrote {args.output} ({counts})")


if __name__ == "__main__":
    main()
