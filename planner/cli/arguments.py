"""The command line's parser: every command, its options and its help text."""

from __future__ import annotations

import argparse

from planner.cli.commands import (
    cmd_dataset,
    cmd_explain,
    cmd_generate,
    cmd_report,
    cmd_scenarios_generate,
    cmd_solve,
    cmd_stress,
    cmd_sweep,
    cmd_template,
    cmd_validate,
)


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

    copy = commands.add_parser(
        "dataset", parents=[common], help="show or copy the shipped rare-earth dataset",
        description="Print where the shipped rare-earth dataset is installed; with --copy, "
                    "write an editable copy of it (the installed file itself is never "
                    "changed).")
    copy.add_argument("--copy", metavar="PATH.xlsx", help="where to write the copy")
    copy.add_argument("--force", action="store_true", help="replace an existing file")
    copy.set_defaults(run=cmd_dataset)

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
  Stockpile[Dy_oxide].target=0:10:6         6 points from 0 to 10 t
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
