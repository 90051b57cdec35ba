"""Honest reporting when the solver stops at its time limit."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

import planner
from models import (
    Demand,
    Material,
    ModelData,
    Offer,
    Period,
    SolveOptions,
    Status,
    Stockpile,
    build_model,
    solve,
)
from tests.conftest import base_sheets


def hard_instance(seed: int = 7, periods: int = 20, offers: int = 200) -> ModelData:
    """Many offers with contract costs and minimum orders: a MILP HiGHS cannot close
    within two seconds (about 14 % gap after 2 s on the development machine)."""
    rng = random.Random(seed)
    ids = tuple(f"p{i}" for i in range(periods))
    materials = {f"m{j}": Material(f"m{j}", "separation", 400.0) for j in range(3)}
    offer_list = tuple(
        Offer(f"o{i}", f"s{i}", f"m{i % 3}", rng.uniform(50, 150), rng.uniform(20, 60), ids,
              "AU", min_order=rng.uniform(10, 30), contract_cost=rng.uniform(500, 3000))
        for i in range(offers))
    demand = {(mat, t): Demand(mat, t, rng.uniform(40, 120)) for mat in materials for t in ids}
    return ModelData(periods=tuple(Period(t) for t in ids), materials=materials,
                     offers=offer_list, demand=demand,
                     stockpiles={m: Stockpile(m, holding_cost=rng.uniform(1, 5))
                                 for m in materials})


def test_time_limit_returns_the_best_plan_with_its_gap():
    result = solve(build_model(hard_instance()), SolveOptions(time_limit=2.0, mip_gap=1e-6))
    assert result.status is Status.FEASIBLE
    assert result.status.value == "feasible at time limit"
    assert result.bound < result.objective
    assert result.gap == pytest.approx((result.objective - result.bound) / result.objective)
    assert result.gap > 1e-3


def test_no_plan_within_the_limit_exits_5(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["contract_cost"] = 100
    path = make_workbook(sheets)
    planner_cli = Path(sys.executable).parent / "planner"
    done = subprocess.run([str(planner_cli), "solve", str(path), "--time-limit", "0"],
                          capture_output=True, text=True)
    assert done.returncode == 5
    assert "no solution found within limits" in done.stderr
    assert not path.with_name("in-results.xlsx").exists()


def test_summary_reports_status_gap_and_bound(make_workbook):
    outcome = planner.solve(make_workbook())
    summary = outcome.summary
    assert summary["status"] == "optimal"
    assert summary["mip_gap"] == pytest.approx(0, abs=1e-9)
    assert summary["best_bound"] == pytest.approx(summary["objective"])
