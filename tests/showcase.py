"""A tiny plan that has something for every chart: two scenarios, a stock target and
a cap on a country's share (helpers for the results-presentation tests)."""

from __future__ import annotations

from pathlib import Path

import planner
from tests.conftest import write_workbook
from tests.test_scenarios import two_stage


def showcase_sheets() -> dict:
    """The two-stage case (CN at 10, AU at 30; CN banned in 2027 in scenario `ban`),
    with 3 t of A held from 2027 and CN's share of separation capped at 60 %."""
    sheets = two_stage()
    sheets["Stockpile"][0].update({"target": 3, "target_from": 2027})
    sheets["Rules"].append({"rule": "cap60", "kind": "max_share", "country": "CN",
                            "stage": "separation", "value": 0.6})
    return sheets


def solve_showcase(folder: Path) -> tuple[planner.Outcome, Path]:
    """Solve the showcase in folder; returns the outcome and its results workbook."""
    outcome = planner.solve(write_workbook(folder / "showcase.xlsx", showcase_sheets()))
    return outcome, outcome.write(folder / "showcase-results.xlsx")
