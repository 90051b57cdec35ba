"""One function per command: parse nothing, call the public Python API (planner.solve,
planner.stress, …), print, return the exit code."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import planner
from models import Status
from planner import progress
from planner.cli.common import (
    EXIT_CODES,
    EXIT_INFEASIBLE,
    EXIT_OK,
    MODEL_SUFFIXES,
    UsageError,
    checked_output,
    default_output,
    listed,
    load,
    load_for_solving,
    write_safely,
)
from planner.datasets import dataset
from planner.results.profile import peak_memory
from planner.results.report import print_summary


def cmd_template(args: argparse.Namespace) -> int:
    from planner.workbook.template import write_template

    path = checked_output(Path(args.path), None, args.force)
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists — choose another name or add --force to replace it")
    write_template(path, force=args.force)
    print(f"Wrote a blank input workbook to {path}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    inputs = load(args.path)
    data = inputs.data
    counts = [(len(data.periods), "period"), (len(data.materials), "material"),
              (len(data.offers), "offer"), (len(data.demand), "demand row")]
    print(f"{inputs.path.name} is valid: "
          + ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts) + ".")
    return EXIT_OK


def cmd_solve(args: argparse.Namespace) -> int:
    if args.write_model and Path(args.write_model).suffix.lower() not in MODEL_SUFFIXES:
        raise UsageError(f"--write-model {args.write_model}: the model is written as .mps "
                         "or .lp — end the name with one of them")
    path, output, inputs, options = load_for_solving(args)
    try:
        outcome = planner.solve(inputs, options, with_rule_costs=args.rule_costs,
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


def cmd_scenarios_generate(args: argparse.Namespace) -> int:
    from planner.workbook.sanctions import GenerateError, Sanctions, generate

    path = Path(args.path)
    inputs = load(path)
    output = checked_output(Path(args.output) if args.output
                            else default_output(path, False, "scenarios"), path, args.force)
    sanctions = Sanctions(listed(args.ban_countries) or (), args.max_bans,
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
        outcome = planner.stress(inputs, args.max_bans, countries=listed(args.countries),
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
    status, lines = planner.explain(inputs, detail=True)
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


def cmd_dataset(args: argparse.Namespace) -> int:
    """Print where the shipped dataset is; with --copy, write an editable copy of it."""
    import shutil

    from planner.workbook.excel import save_atomically

    shipped = dataset()
    if not args.copy:
        print(f"The shipped rare-earth dataset is {shipped} (sources: "
              f"{shipped.with_name('SOURCES.md')}). Write an editable copy with "
              "`planner dataset --copy PATH`.")
        return EXIT_OK
    path = checked_output(Path(args.copy), shipped, args.force)
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists — choose another name or add --force to replace it")
    try:
        save_atomically(lambda temp: shutil.copyfile(shipped, temp), path, force=args.force)
    except OSError as err:
        raise UsageError(f"could not write {path} ({err.strerror or err}) — choose a "
                         "writable path") from err
    print(f"Wrote an editable copy of the shipped dataset to {path}; solve it with "
          f"`planner solve {path}`.")
    return EXIT_OK
