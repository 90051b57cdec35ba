"""Speed benchmarks (not tests): where the time of a solve goes, by model size.

    make bench        # or: python tests/benchmarks/run.py [--out DIR] [--quick]

Generates (planner generate) four LPs from about 10⁵ to 4·10⁶ nonzeros, a MILP and a
ten-scenario LP; measures each in a fresh process: every phase of `planner solve
--profile`, µs per nonzero outside HiGHS, the whole solve ÷ HiGHS alone on the
exported model, peak memory per nonzero, and --rule-costs and a ten-point sweep
against one plain solve (end to end, and one warm re-solve against a fresh build and
solve). Then the shipped dataset: `planner solve --rule-costs` against `planner
solve`. Prints a table, writes bench.json and a log-log plot of the time outside
the solver against nonzeros (bench.png). Figures are for reading and for the notes
of a change; nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLANNER = Path(sys.executable).parent / "planner"
SWEEP = "Stockpile[*].target_days=30:120:10"
"""Ten points of every stockpile's target (a right-hand side of every instance)."""


@dataclass(frozen=True)
class Instance:
    name: str
    sizes: dict = field(default_factory=dict)
    lp_series: bool = True
    """One of the sizes whose growth is fitted (the LPs of one scenario)."""


INSTANCES = (
    Instance("S", {"elements": 6, "suppliers": 100, "periods": 30}),
    Instance("M", {"elements": 12, "suppliers": 150, "periods": 36}),
    Instance("L", {"elements": 12, "suppliers": 300, "periods": 60}),
    Instance("XL", {"elements": 15, "suppliers": 600, "periods": 80}),
    Instance("MILP", {"elements": 6, "suppliers": 40, "periods": 12, "integer": True}, False),
    Instance("10 scenarios", {"elements": 6, "suppliers": 40, "periods": 12,
                              "scenarios": 10}, False),
)
QUICK = (Instance("S", {"elements": 6, "suppliers": 30, "periods": 12}),
         Instance("M", {"elements": 6, "suppliers": 60, "periods": 20}),
         Instance("MILP", {"elements": 3, "suppliers": 12, "periods": 6, "integer": True},
                  False))


def generate(instance: Instance, out: Path) -> Path:
    path = out / f"{instance.name.replace(' ', '-')}.xlsx"
    if not path.exists():
        arguments = [str(PLANNER), "generate", str(path), "--seed", "1"]
        for key, value in instance.sizes.items():
            arguments += [f"--{key}"] if value is True else [f"--{key}", str(value)]
        subprocess.run(arguments, check=True, capture_output=True)
    return path


def measure(instance: Instance, out: Path) -> dict:
    path = generate(instance, out)
    done = subprocess.run([sys.executable, str(HERE / "instance.py"), str(path), str(out),
                           "--studies", SWEEP], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{instance.name}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def shipped() -> dict:
    """`planner solve` and `planner solve --rule-costs` of the shipped dataset, wall time."""
    figures = {}
    for name, extra in (("plain", []), ("rule_costs", ["--rule-costs"])):
        output = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-shipped-{name}.xlsx"
        began = time.perf_counter()
        subprocess.run([str(PLANNER), "solve", "-o", str(output), *extra], check=True,
                       capture_output=True)
        figures[name] = time.perf_counter() - began
    return figures


def row(name: str, f: dict) -> list[str]:
    nz, s = f["nonzeros"], f["seconds"]
    per = lambda seconds: f"{seconds / nz * 1e6:.2f}"  # noqa: E731
    total = f["outside"] + s["highs"]
    cells = [name, f"{nz:,}", f"{f['columns']:,}", f"{f['rows']:,}"]
    cells += [f"{s.get(k, 0.0):.2f}" for k in ("read", "validate", "build", "hand_over",
                                               "highs", "duals", "extraction", "write")]
    cells += [f"{f['highs_alone']:.2f}", per(f["model_outside"]), per(f["outside"]),
              f"{total / f['highs_alone']:.1f}", f"{f['peak_bytes'] / nz:,.0f}"]
    plain = f["plain_solve"]
    cells += [f"{f['rule_resolve'] / plain:.0%}" if "rule_resolve" in f else "–",
              f"{f['sweep_resolve'] / plain:.0%}",
              f"{f['rule_costs_here'] / plain:.1f} / {f['rule_costs'] / plain:.1f}"
              if "rule_costs" in f else "–",
              f"{f['sweep_here'] / plain:.1f} / {f['sweep'] / plain:.1f}",
              f"{f['sweep_warm']}/{f['sweep_points']}"]
    return cells


HEADER = ["instance", "nonzeros", "columns", "rows", "read", "validate", "build",
          "hand-over", "HiGHS", "duals", "extract", "write", "HiGHS alone",
          "µs/nz model", "µs/nz all", "total÷HiGHS", "bytes/nz", "re-solve rule",
          "re-solve point", "rule costs ×plain", "sweep ×plain", "warm points"]


def table(results: dict[str, dict]) -> str:
    rows = [HEADER] + [row(name, f) for name, f in results.items()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(nonzeros)."""
    if len(points) < 2:
        return None
    xs, ys = [math.log(x) for x, _ in points], [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)


def plot(results: dict[str, dict], series: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.5))
    for key, label in (("model_outside", "outside HiGHS: build, hand-over, duals, extraction"),
                       ("outside", "outside HiGHS, with reading and writing")):
        xs = [results[n]["nonzeros"] for n in series]
        ax.loglog(xs, [results[n][key] for n in series], "o-", label=label)
    ax.loglog(xs, [results[n]["seconds"]["highs"] for n in series], "s--", label="HiGHS")
    ax.set_xlabel("nonzeros")
    ax.set_ylabel("seconds")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench-results"),
                        help="folder for the workbooks, models and figures")
    parser.add_argument("--quick", action="store_true", help="small sizes only (a check)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
    results = {}
    for instance in QUICK if args.quick else INSTANCES:
        results[instance.name] = measure(instance, args.out)
        print(f"  {instance.name}: {results[instance.name]['nonzeros']:,} nonzeros measured",
              flush=True)
    series = [i.name for i in (QUICK if args.quick else INSTANCES) if i.lp_series]
    print(table(results))
    print("Seconds per phase; µs/nz model: build, hand-over, duals and extraction per "
          "nonzero; all: with reading and writing; total÷HiGHS: the whole solve over HiGHS "
          "alone on the exported model; re-solve: one warm re-solve (a rule lifted, a sweep "
          "point) over a fresh build and solve; ×plain: the whole study over one plain solve, "
          "in one process / with the workers planner chooses (rule costs) or one worker per "
          "core (sweep).")
    for key, label in (("model_outside", "model side"), ("outside", "with read/write")):
        fitted = slope([(results[n]["nonzeros"], results[n][key]) for n in series])
        if fitted is not None:
            print(f"log-log slope of the time outside HiGHS ({label}): {fitted:.2f}")
    if not args.quick:
        results["shipped dataset"] = {"cli": shipped()}
        cli = results["shipped dataset"]["cli"]
        print(f"shipped dataset: planner solve {cli['plain']:.1f} s, --rule-costs "
              f"{cli['rule_costs']:.1f} s ({cli['rule_costs'] / cli['plain']:.1f} × plain)")
    (args.out / "bench.json").write_text(json.dumps(results, indent=1))
    plot(results, series, args.out / "bench.png")
    print(f"figures in {args.out / 'bench.json'}, plot in {args.out / 'bench.png'}")


if __name__ == "__main__":
    main()
