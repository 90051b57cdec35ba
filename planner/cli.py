"""The `planner` command line: a thin layer over planner.api.

Exit codes (SPEC §6): 0 solved, 2 usage, 3 invalid input, 4 infeasible,
5 no solution within limits. No traceback is printed unless --debug is given.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from models import SolveOptions, Status
from planner import api, progress
from planner.datasets import dataset
from planner.results.profile import peak_memory
from planner.results.report import print_summary
from planner.workbook.excel import OutputRefused, check_output
from planner.workbook.problems import InputError

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


def cmd_template(args: argparse.Namespace) -> int:
    from planner.workbook.template import write_template

    path = checked_output(Path(args.path), None, args.force)
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists — choose another name or add --force to replace it")
    write_template(path, force=args.force)
    print(f"Wrote a blank input workbook to {path}")
    return EXIT_OK


def load(path: Path) -> api.Inputs:
    """Load a workbook and tell the user what was ignored in it."""
    inputs = api.load(path)
    for note in inputs.workbook.notes:
        print(f"Note: {note}", file=sys.stderr)
    return inputs


def cmd_validate(args: argparse.Namespace) -> int:
    inputs = load(args.path)
    data = inputs.data
    counts = [(len(data.periods), "period"), (len(data.materials), "material"),
              (len(data.offers), "offer"), (len(data.demand), "demand row")]
    print(f"{inputs.path.name} is valid: "
          + ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts) + ".")
    return EXIT_OK


MODEL_SUFFIXES = (".mps", ".lp")


def load_for_solving(args: argparse.Namespace, kind: str = "results"
                     ) -> tuple[Path, Path, api.Inputs, SolveOptions]:
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


def cmd_solve(args: argparse.Namespace) -> int:
    if args.write_model and Path(args.write_model).suffix.lower() not in MODEL_SUFFIXES:
        raise UsageError(f"--write-model {args.write_model}: the model is written as .mps "
                         "or .lp — end the name with one of them")
    path, output, inputs, options = load_for_solving(args)
    try:
        outcome = api.solve(inputs, options, with_rule_costs=args.rule_costs,
                            workers=args.workers, scheduler=args.scheduler,
                            profile=args.profile, write_model=args.write_model)
    except OSError as err:
        if not args.write_model:
            raise
        raise UsageError(f"could not write the model to {args.write_model} "
                         f"({err.strerror or err}) — choose a writable path") from err
    if args.write_model:
        print(f"Model handed to HiGHS written to {args.write_model}")
    status = outcome.result.status
    if not status.has_plan:
        print(f"{path.name}: {status.value}.", file=sys.stderr)
        if status is Status.INFEASIBLE:
            for line in outcome.explain():
                print(line, file=sys.stderr)
            print(f"(planner explain {path} shows the values of these cells.)",
                  file=sys.stderr)
        return EXIT_CODES[status]
    began = time.perf_counter()
    written, code = write_safely(lambda out: outcome.write(out, force=args.force), output, path)
    progress.current().done()
    print_summary(outcome, written)
    if outcome.profile is not None:
        outcome.profile.add(write=time.perf_counter() - began)
        outcome.profile.peak_bytes = peak_memory()
        print("\n".join(outcome.profile.lines()))
    skipped = outcome.summary.get("skipped_solves", "none")
    if skipped != "none":
        print(f"Note: the time budget of {options.time_limit:g} s was spent before every "
              f"solve could run; skipped: {skipped} (raise --time-limit to run them).",
              file=sys.stderr)
    return code or EXIT_CODES[status]


def cmd_generate(args: argparse.Namespace) -> int:
    from planner.workbook.generate import generate

    path = checked_output(Path(args.path), None, args.force)
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists — choose another name or add --force to replace it")
    sizes = {"elements": args.elements, "suppliers": args.suppliers, "periods": args.periods,
             "scenarios": args.scenarios}
    if min(sizes.values()) < 1:
        raise UsageError("--elements, --suppliers, --periods and --scenarios must each be ≥ 1")
    tables = generate(path, **sizes, seed=args.seed, integer=args.integer, force=args.force)
    counts = ", ".join(f"{len(tables[name])} {name.lower()}"
                       for name in ("Offers", "Processes", "Rules") if name in tables)
    print(f"Wrote {path}: {args.elements} elements, {len(tables['Suppliers'])} suppliers, "
          f"{args.periods} periods, {args.scenarios} scenario(s); {counts}"
          f"{' (a MILP)' if args.integer else ''}")
    return EXIT_OK


def cmd_sweep(args: argparse.Namespace) -> int:
    from planner.results.sweep_book import write_sweep
    from planner.studies.sweep import SweepError, parse_parameter, sweep

    shipped = args.path is None
    path = dataset() if shipped else Path(args.path)
    output = checked_output(Path(args.output) if args.output
                            else default_output(path, shipped, "sweep"), path, args.force)
    try:
        parameters = [parse_parameter(text) for text in args.param]
    except SweepError as err:
        raise UsageError(str(err)) from err
    inputs = load(path)
    try:
        result = sweep(inputs.tables, parameters, time_limit=args.time_limit,
                       mip_gap=args.mip_gap, workers=args.workers, scheduler=args.scheduler)
    except SweepError as err:
        raise UsageError(str(err)) from err
    output, code = write_safely(
        lambda out: write_sweep(out, result, path.name, inputs.tables.settings["currency"],
                                force=args.force), output, path)
    progress.current().done()
    table = result.table
    failed = table["status"].astype(str).str.startswith("failed")
    skipped = table["status"].astype(str).str.startswith("skipped")
    print(f"{len(table)} points in {result.seconds:.1f} s on {result.workers}; "
          f"{int(failed.sum())} failed" + (f", {int(skipped.sum())} skipped (the time budget "
                                           "was spent; raise --time-limit)" if skipped.any()
                                           else "") + ".")
    shown = [p.name for p in parameters] + [c for c in ("status", "expected_cost",
                                                        "expected_shortfall_t")
                                            if c in table.columns]
    print(table[shown].to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    for row in table[failed].itertuples():
        print(f"  failed point {row[1:len(parameters) + 1]}: {row.status}", file=sys.stderr)
    print(f"Results written to {output}")
    return code


def _listed(text: str | None) -> tuple[str, ...] | None:
    """'CN, MM,MY' -> ('CN', 'MM', 'MY'); None stays None."""
    return None if text is None else tuple(p.strip() for p in text.split(",") if p.strip())


def cmd_scenarios_generate(args: argparse.Namespace) -> int:
    from planner.workbook.sanctions import GenerateError, Sanctions, generate

    path = Path(args.path)
    inputs = load(path)
    output = checked_output(Path(args.output) if args.output
                            else default_output(path, False, "scenarios"), path, args.force)
    sanctions = Sanctions(_listed(args.ban_countries) or (), args.max_bans,
                          args.probability_per_ban, args.start, args.licence,
                          args.price_factor, args.stage, args.item)
    try:
        generated = generate(inputs, sanctions, output, force=args.force)
    except GenerateError as err:
        raise UsageError(str(err)) from err
    print(f"Wrote {len(generated.scenarios)} scenarios to {output} (the sets of at most "
          f"{args.max_bans} sanctions cover {generated.covered:.2%} of the independent "
          "sanctions; their probabilities are normalised to sum to 1):")
    for scenario, probability, text in generated.scenarios:
        print(f"  {scenario:<24}{probability:>10.4%}  {text}")
    print(f"Solve it with: planner solve {output}")
    return EXIT_OK


def cmd_stress(args: argparse.Namespace) -> int:
    from planner.results.report import stress_lines
    from planner.studies.stress import NoRobustPlan, StressError

    path, output, inputs, options = load_for_solving(args, "stress")
    currency = inputs.tables.settings["currency"]

    def report(step) -> None:
        banned = "+".join(step.banned) or "(none)"
        print(f"iteration {step.number}: lower {step.lower:,.0f}  upper {step.upper:,.0f} "
              f"{currency}  gap {step.gap:.2%}  ban set {banned} "
              f"(costs the plan {step.exact:,.0f})  {step.seconds:.1f} s", flush=True)

    try:
        outcome = api.stress(inputs, args.max_bans, countries=_listed(args.countries),
                             stage=args.stage, item=args.item, start=args.start,
                             scenario=args.scenario, gap=args.gap, verify=args.verify,
                             options=options, progress=report, workers=args.workers,
                             scheduler=args.scheduler)
    except StressError as err:
        raise UsageError(str(err)) from err
    except NoRobustPlan as err:
        print(f"{path.name}: {err}", file=sys.stderr)
        return EXIT_INFEASIBLE
    written, code = write_safely(lambda out: outcome.write(out, force=args.force), output, path)
    progress.current().done()
    for line in stress_lines(outcome):
        print(line)
    print(f"Results written to {written}")
    return code


def cmd_explain(args: argparse.Namespace) -> int:
    inputs = load(args.path)
    status, lines = api.explain(inputs, detail=True)
    progress.current().done()
    if status.has_plan:
        print(f"{inputs.path.name}: the plan is feasible; there is nothing to explain.")
        return EXIT_OK
    if status is not Status.INFEASIBLE:
        print(f"{inputs.path.name}: {status.value}; the solver could not tell whether a "
              "plan exists (raise time_limit_s).", file=sys.stderr)
        return EXIT_CODES[status]
    for line in lines:
        print(line)
    return EXIT_INFEASIBLE


def cmd_report(args: argparse.Namespace) -> int:
    from planner.results.readback import read_results
    from planner.results.webreport import ReportError, write_pngs, write_report

    path = Path(args.path)
    output = Path(args.output) if args.output else path.with_suffix(".html")
    results = read_results(path)
    try:
        made = write_report(results, output)
    except OSError as err:
        raise UsageError(f"could not write {output} ({err.strerror or err}) — choose a "
                         "writable path with -o") from err
    print(f"Report written to {output} ({output.stat().st_size / 1e6:.1f} MB, "
          f"{len(made)} figures)")
    if args.png:
        try:
            pngs = write_pngs(made, Path(args.png))
        except ReportError as err:
            raise UsageError(str(err)) from err
        print(f"{len(pngs)} PNG figures written to {args.png}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the Python traceback of an error")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print no progress lines (problems and results are still shown)")
    parser = argparse.ArgumentParser(
        prog="planner", parents=[common],
        description="Procurement planner for strategic minerals under sanctions.",
        epilog="Exit codes: 0 solved, 2 usage, 3 invalid input, 4 infeasible, "
               "5 no solution within limits.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    template = commands.add_parser(
        "template", parents=[common], help="write a blank input workbook",
        description="Write a blank input workbook with every sheet, header notes "
                    "(units, meaning) and drop-down lists.")
    template.add_argument("path", help="where to write the .xlsx file")
    template.add_argument("--force", action="store_true", help="replace an existing file")
    template.set_defaults(run=cmd_template)

    validate = commands.add_parser(
        "validate", parents=[common], help="check an input workbook",
        description="List every problem of an input workbook at once, as Sheet!Cell: message.")
    validate.add_argument("path", help="input workbook (.xlsx)")
    validate.set_defaults(run=cmd_validate)

    solve = commands.add_parser(
        "solve", parents=[common], help="solve an input workbook and write the results",
        description="Solve the plan of an input workbook and write the results workbook. "
                    "Without PATH, solves the shipped rare-earth dataset.")
    solve.add_argument("path", nargs="?", help="input workbook (default: shipped dataset)")
    solve.add_argument("-o", "--output",
                       help="results workbook (default: <input stem>-results.xlsx)")
    solve.add_argument("--time-limit", type=float, metavar="S",
                       help="time budget of the whole run in seconds, shared by the main "
                            "solve and the extra solves (default: Settings time_limit_s)")
    solve.add_argument("--mip-gap", type=float, metavar="G",
                       help="relative MIP gap (default: Settings mip_gap)")
    solve.add_argument("--threads", type=int, metavar="N",
                       help="solver threads (default: Settings threads)")
    solve.add_argument("--rule-costs", action="store_true",
                       help="also re-solve without each rule and report what it costs "
                            "(RuleCosts sheet)")
    solve.add_argument("--workers", type=int, metavar="N",
                       help="worker processes for --rule-costs and scenario solves "
                            "(default: one per core when it pays)")
    solve.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="run those solves on an existing Dask cluster")
    solve.add_argument("--force", action="store_true",
                       help="replace the results file even if it is read-only")
    solve.add_argument("-v", "--verbose", action="store_true", help="stream the solver log")
    solve.add_argument("--profile", action="store_true",
                       help="print the seconds of each phase, the model size and the peak "
                            "memory, and record them in the Summary")
    solve.add_argument("--write-model", metavar="PATH.mps",
                       help="also write the model exactly as handed to HiGHS (.mps or .lp)")
    solve.set_defaults(run=cmd_solve)

    generate = commands.add_parser(
        "generate", parents=[common], help="write a generated workbook of any size",
        description="Write a valid input workbook shaped like the shipped dataset (every "
                    "stage, processes and recycling, stockpiles, rules of every kind, "
                    "scenario events), of the size asked; the same seed gives the same "
                    "workbook.")
    generate.add_argument("path", help="where to write the .xlsx file")
    generate.add_argument("--elements", type=int, default=12, metavar="N",
                          help="elements, in families of three (default 12)")
    generate.add_argument("--suppliers", type=int, default=200, metavar="N",
                          help="suppliers (default 200)")
    generate.add_argument("--periods", type=int, default=40, metavar="N",
                          help="periods: years up to 10, quarters beyond (default 40)")
    generate.add_argument("--scenarios", type=int, default=1, metavar="N",
                          help="scenarios (default 1)")
    generate.add_argument("--seed", type=int, default=0, metavar="S",
                          help="random seed (default 0)")
    generate.add_argument("--integer", action="store_true",
                          help="add contracts, minimum orders, investments and a "
                               "min_suppliers rule (a MILP)")
    generate.add_argument("--force", action="store_true", help="replace an existing file")
    generate.set_defaults(run=cmd_generate)

    explain = commands.add_parser(
        "explain", parents=[common], help="say which rows make a plan infeasible",
        description="For an infeasible plan, list the rows (rules, stockpile bounds, "
                    "capacities, demand) that cannot all hold, by sheet and cell, with "
                    "their values.")
    explain.add_argument("path", help="input workbook (.xlsx)")
    explain.set_defaults(run=cmd_explain)

    report = commands.add_parser(
        "report", parents=[common], help="write an HTML report of a results workbook",
        description="Write one self-contained HTML file (it opens with no network) of a "
                    "results workbook: the summary, where the material comes from stage by "
                    "stage, stock against target, shares against caps, scenario costs and "
                    "the rule report; --png also writes each figure for slides.")
    report.add_argument("path", help="results workbook (.xlsx) written by planner solve")
    report.add_argument("-o", "--output", help="HTML file (default: <results stem>.html)")
    report.add_argument("--png", metavar="DIR", help="also write each figure as a PNG here")
    report.set_defaults(run=cmd_report)

    sweep = commands.add_parser(
        "sweep", parents=[common], help="solve over a grid of one or two inputs",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Solve the plan once per point of a grid of one or two inputs and "
                    "write one row per point, with charts.",
        epilog="""parameters (SHEET[KEY].COLUMN=VALUES or Settings.KEY=VALUES):
  Stockpile[Dy_oxide].target=0:25:6         6 points from 0 to 25 t
  Stockpile[*].target_days=0,30,60,90       every Stockpile row, four values
  Rules[CN-A18-Dy].value=0.2:1:5            a rule's licence share
  Demand[NdPr_oxide,2030].quantity=400,800  a row named by material,period
  Settings.cvar_weight=0:1:5                a Settings key

Each point is an independent Dask task (one solver thread), a warm re-solve of the
workbook's model where it changes only numbers; by default in this process when the
points are quick re-solves, else on a local cluster with one worker process per core,
or on --scheduler tcp://HOST:PORT.""")
    sweep.add_argument("path", nargs="?", help="input workbook (default: shipped dataset)")
    sweep.add_argument("--param", action="append", required=True, metavar="SPEC",
                       help="a parameter to vary (give one or two)")
    sweep.add_argument("-o", "--output",
                       help="sweep workbook (default: <input stem>-sweep.xlsx)")
    sweep.add_argument("--workers", type=int, metavar="N",
                       help="local worker processes (default: this process when the "
                            "points are quick, else one per core)")
    sweep.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="send the points to an existing Dask cluster")
    sweep.add_argument("--time-limit", type=float, metavar="S",
                       help="time budget of the whole sweep in seconds, shared by its points "
                            "(default: Settings time_limit_s)")
    sweep.add_argument("--force", action="store_true",
                       help="replace the sweep workbook even if it is read-only")
    sweep.add_argument("--mip-gap", type=float, metavar="G", help="relative MIP gap")
    sweep.set_defaults(run=cmd_sweep)

    stress = commands.add_parser(
        "stress", parents=[common], help="the plan for the worst set of bans",
        description="Find the plan that minimises the worst cost over every combination "
                    "of at most --max-bans hard bans on the listed countries (default: "
                    "every country whose ban stops an offer or process), from a period "
                    "after the decision period on. Column-and-constraint generation finds "
                    "the worst sets without enumerating them; one line per iteration "
                    "shows the bounds. Writes a results workbook of the plan under every "
                    "ban set found, with Stress and StressBans sheets.")
    stress.add_argument("path", nargs="?", help="input workbook (default: shipped dataset)")
    stress.add_argument("--max-bans", type=int, required=True, metavar="K",
                        help="most countries banned at once")
    stress.add_argument("--countries", metavar="C1,C2,…",
                        help="countries that may be banned (default: every supplying one)")
    stress.add_argument("--stage", help="stage the bans look at (default: any)")
    stress.add_argument("--item", help="material or element banned (default: all)")
    stress.add_argument("--from", dest="start", metavar="PERIOD",
                        help="first period of the bans (default: after the decision period)")
    stress.add_argument("--scenario", help="workbook scenario the bans are added to "
                        "(default: the first)")
    stress.add_argument("--gap", type=float, default=1e-4, metavar="G",
                        help="relative gap between the bounds at which to stop (default "
                             "0.0001)")
    stress.add_argument("--verify", action="store_true",
                        help="also cost the plan under every ban set, to prove its worst "
                             "case (needed when the recourse has integer decisions)")
    stress.add_argument("-o", "--output", help="results workbook (default: "
                        "<input stem>-stress.xlsx)")
    stress.add_argument("--workers", type=int, metavar="N",
                        help="local worker processes for the per-ban solves")
    stress.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="run the per-ban solves on an existing Dask cluster")
    stress.add_argument("--time-limit", type=float, metavar="S",
                        help="time limit of each solve in seconds")
    stress.add_argument("--mip-gap", type=float, metavar="G", help="relative MIP gap")
    stress.add_argument("--threads", type=int, metavar="N", help="solver threads")
    stress.add_argument("--force", action="store_true",
                        help="replace the results workbook even if it is read-only")
    stress.set_defaults(run=cmd_stress)

    scenarios = commands.add_parser(
        "scenarios", parents=[common], help="generate scenarios into an input workbook",
        description="Scenario tools.")
    scenario_commands = scenarios.add_subparsers(dest="scenario_command", metavar="COMMAND",
                                                 required=True)
    generate = scenario_commands.add_parser(
        "generate", parents=[common], help="every combination of independent sanctions",
        description="Write a copy of the workbook whose Scenarios, Rules and Events hold "
                    "every set of at most --max-bans sanctions on the listed countries "
                    "(the set without sanctions included). Each country is sanctioned "
                    "independently with --probability-per-ban; the probabilities of the "
                    "sets kept are normalised. The workbook's own scenarios are crossed "
                    "with the sets. Inspect or edit the result, then solve it.")
    generate.add_argument("path", help="input workbook (.xlsx)")
    generate.add_argument("-o", "--output",
                          help="workbook to write (default: <input stem>-scenarios.xlsx)")
    generate.add_argument("--ban-countries", required=True, metavar="C1,C2,…",
                          help="countries that may be sanctioned")
    generate.add_argument("--max-bans", type=int, default=1, metavar="K",
                          help="most sanctions at once (default 1)")
    generate.add_argument("--probability-per-ban", type=float, required=True, metavar="P",
                          help="probability of each country's sanction, e.g. 0.1")
    generate.add_argument("--from", dest="start", metavar="PERIOD",
                          help="first period of the sanctions (default: the period after "
                               "the decision period)")
    generate.add_argument("--licence", type=float, metavar="SHARE",
                          help="a licence on this share of the volume instead of a ban")
    generate.add_argument("--price-factor", type=float, metavar="F",
                          help="each sanction also multiplies every price by F")
    generate.add_argument("--stage", help="stage the sanctions look at (default: any)")
    generate.add_argument("--item", help="material or element sanctioned (default: all)")
    generate.add_argument("--force", action="store_true",
                          help="replace the workbook written even if it is read-only")
    generate.set_defaults(run=cmd_scenarios_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    with _closed_pipes_tolerated(), _library_noise_silenced(debug):
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


class _Pipe:
    """A text stream that, once its reader has gone (`planner solve | head -1`), sends
    the rest to the null device instead of raising BrokenPipeError."""

    def __init__(self, stream):
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.stream.fileno())  # so the final flush at exit is quiet too
            os.close(null)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


@contextlib.contextmanager
def _closed_pipes_tolerated() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Pipe(sys.stdout), _Pipe(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _library_noise_silenced(debug: bool) -> Iterator[None]:
    """Warnings and log records of the libraries (Dask, Pyomo, openpyxl) are not for
    the user; --debug lets them through."""
    if debug:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


if __name__ == "__main__":
    sys.exit(main())
