"""Write a valid workbook with 100,000 offer rows, every Offers column filled, and
time `planner.load` on it (read, validate, assemble), best of three.

    python tests/benchmarks/offers.py [OUT.xlsx] [--rows N] [--repeat 3] [--stream]

--stream reads every sheet with the streaming reader (no calamine), for comparison.

The other sheets come from `planner generate` (default sizes); the generated offers
are repeated, each copy a new offer id, so the workbook stays valid.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from pathlib import Path

import pandas as pd

import planner
from planner.workbook import assemble, fastread, reader, validate
from planner.workbook.excel import write_tables
from planner.workbook.generate import generate_tables


def offers_workbook(path: Path, rows: int) -> None:
    tables = generate_tables()
    base = tables["Offers"]
    countries = list(tables["Countries"]["country"])
    records = []
    for i in range(rows):
        offer = base.iloc[i % len(base)].to_dict()
        offer.update(offer=f"O{i + 1}", min_order=0, contract_cost=0,
                     mined_in=countries[i % len(countries)],
                     separated_in=countries[(i + 1) % len(countries)],
                     metal_in=countries[(i + 2) % len(countries)],
                     recycled=offer.get("recycled") is True,
                     price=float(offer["price"]) + (i % 7) * 0.25)
        records.append(offer)
    columns = ["offer", "supplier", "material", "price", "capacity", "from_period",
               "to_period", "min_order", "contract_cost", "mined_in", "separated_in",
               "metal_in", "recycled"]
    tables["Offers"] = pd.DataFrame(records, columns=columns, dtype=object)
    write_tables(path, tables, force=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="offers-100k.xlsx", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stream", action="store_true", help="never read with calamine")
    args = parser.parse_args()
    if args.stream:
        fastread.FAST_BYTES = 1 << 62
    if not args.path.exists():
        offers_workbook(args.path, args.rows)
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        marks = [(time.perf_counter(), time.process_time())]
        raw = reader.read_workbook(args.path)
        marks.append((time.perf_counter(), time.process_time()))
        tables = validate.validate(raw)
        marks.append((time.perf_counter(), time.process_time()))
        assemble.to_model_data(tables)
        marks.append((time.perf_counter(), time.process_time()))
        planner.load(args.path)
        marks.append((time.perf_counter(), time.process_time()))
        for name, (a, b) in zip(("read", "validate", "assemble", "planner.load"),
                                itertools.pairwise(marks), strict=True):
            seconds = (b[0] - a[0], b[1] - a[1])
            best[name] = min(best.get(name, seconds), seconds)
    print(f"{args.path.name} (best of {args.repeat}, wall / CPU seconds; load average "
          f"{os.getloadavg()[0]:.2f}): "
          + ", ".join(f"{k} {w:.2f} / {c:.2f}" for k, (w, c) in best.items()))


if __name__ == "__main__":
    main()
