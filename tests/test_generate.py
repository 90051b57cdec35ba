"""planner generate: seeded workbooks of any size that validate and solve."""

from __future__ import annotations

import pandas as pd
import pytest

import planner
from models import Status
from models.input.data import COUNT_KINDS, SHARE_KINDS, TRADE_KINDS
from planner.workbook.excel import write_tables
from planner.workbook.generate import generate_tables
from tests.test_cli import run

SIZES = [
    {"elements": 1, "suppliers": 6, "periods": 1, "scenarios": 1},
    {"elements": 4, "suppliers": 12, "periods": 4, "scenarios": 1},
    {"elements": 6, "suppliers": 20, "periods": 11, "scenarios": 3},
    {"elements": 3, "suppliers": 10, "periods": 3, "scenarios": 2, "integer": True},
]


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s.values())))
def test_generated_workbooks_are_valid_and_solve(tmp_path, sizes):
    path = tmp_path / "gen.xlsx"
    write_tables(path, generate_tables(**sizes, seed=2))
    inputs = planner.load(path)
    data = inputs.data
    assert len(data.periods) == sizes["periods"]
    assert len(data.scenarios) == sizes["scenarios"]
    assert {m.stage for m in data.materials.values()} == {
        "mining", "separation", "metal", "magnet", "scrap"}
    assert any(p.recycled for p in data.processes) or sizes["suppliers"] < 10
    kinds = {r.kind for r in data.rules}
    expected = set(TRADE_KINDS) | set(SHARE_KINDS)
    if sizes.get("integer"):
        expected |= set(COUNT_KINDS)
        assert data.investments and any(o.contract_cost for o in data.offers)
    assert kinds == expected
    if sizes["scenarios"] > 1:
        assert data.events and any(r.scenario for r in data.rules)
    outcome = planner.solve(inputs, workers=1)
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["model_type"] == ("MILP" if sizes.get("integer") else "LP")


def test_the_same_seed_gives_the_same_workbook():
    first, again = generate_tables(seed=7, suppliers=15), generate_tables(seed=7, suppliers=15)
    assert first.keys() == again.keys()
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])
    other = generate_tables(seed=8, suppliers=15)
    assert not first["Offers"].equals(other["Offers"])


def test_generate_from_the_command_line(tmp_path):
    path = tmp_path / "big.xlsx"
    done = run("generate", str(path), "--elements", "3", "--suppliers", "8", "--periods", "3",
               "--scenarios", "2", "--seed", "4")
    assert done.returncode == 0, done.stderr
    assert f"Wrote {path}: 3 elements" in done.stdout
    assert run("validate", str(path)).returncode == 0
    again = run("generate", str(path))
    assert again.returncode == 2 and "--force" in again.stderr
    assert run("generate", str(path), "--periods", "0", "--force").returncode == 2
