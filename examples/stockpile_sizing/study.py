"""How large a Dy and Tb oxide stockpile should the consortium be required to hold?

Sweeps the stockpile targets of Dy oxide and Tb oxide (in days of demand) over the
shipped dataset with all its scenarios, and reports for each point the expected cost,
the CVaR of cost, the expected unmet demand and the stock actually held. The plan
already holds whatever stock pays for itself in expectation (the target is only a
lower bound), so a larger mandated reserve can only raise the expected cost; what
the curve shows is how much it raises it, and what the reserve buys in the tail
(CVaR) and in unmet demand when supply stops.

    python examples/stockpile_sizing/study.py [--days 0:180:7] [--tb-days 0,60,120]
                                              [--workers N] [--scheduler tcp://H:P]
                                              [-o stockpile-sizing.xlsx]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import planner
from planner import progress
from planner.datasets import dataset
from planner.results.sweep_book import write_sweep
from planner.studies.sweep import parse_parameter, sweep


def main(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", default="0:180:7", help="Dy oxide target days (sweep)")
    parser.add_argument("--tb-days", default="0,60,120",
                        help="Tb oxide target days (second parameter; 'same' = as Dy)")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--scheduler")
    parser.add_argument("--time-limit", type=float, help="time budget of the whole sweep, s")
    parser.add_argument("-o", "--output", type=Path, default=Path("stockpile-sizing.xlsx"))
    args = parser.parse_args(argv)

    inputs = planner.load(dataset())
    specs = [f"Stockpile[Dy_oxide].target_days={args.days}"]
    if args.tb_days != "same":
        specs.append(f"Stockpile[Tb_oxide].target_days={args.tb_days}")
    parameters = [parse_parameter(spec) for spec in specs]
    result = sweep(inputs.tables, parameters, time_limit=args.time_limit,
                   workers=args.workers, scheduler=args.scheduler)
    write_sweep(args.output, result, "rare_earths.xlsx", inputs.tables.settings["currency"])

    table = result.table
    solved = table[table.status.isin(["optimal", "feasible at time limit"])]
    names = [p.name for p in parameters]
    shown = [*names, "status", "expected_cost", "cvar", "expected_shortfall_t",
             "stock_Dy_oxide_t", "stock_Tb_oxide_t"]
    print(f"{len(table)} points in {result.seconds:.1f} s on {result.workers}")
    print(table[[c for c in shown if c in table.columns]].to_string(
        index=False, float_format=lambda v: f"{v:,.1f}"))
    if not solved.empty:
        best = solved.loc[solved.expected_cost.idxmin()]
        safest = solved.loc[solved.cvar.idxmin()]
        print("\nLeast expected cost: " + ", ".join(f"{n} = {best[n]:g}" for n in names)
              + f" ({best.expected_cost:,.0f})")
        print("Least CVaR:          " + ", ".join(f"{n} = {safest[n]:g}" for n in names)
              + f" ({safest.cvar:,.0f})")
    print(f"Curve and charts written to {args.output}")
    return result


if __name__ == "__main__":
    with progress.running(progress.Run(sys.stderr)):  # say what it is doing on stderr
        main()
