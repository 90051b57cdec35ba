"""planner sweep: grids of inputs, failures per point, and an external Dask cluster."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

import planner
from planner.studies.sweep import SweepError, parse_parameter, sweep
from tests.conftest import base_sheets
from tests.test_scenarios import two_stage

BIN = Path(sys.executable).parent


def test_parameters_are_typed_the_way_the_workbook_reads():
    target = parse_parameter("Stockpile[Dy_oxide].target=0:200:5")
    assert (target.sheet, target.key, target.column) == (  # a blank site
        "Stockpile", ("Dy_oxide", None), "target")
    assert target.values == (0, 50, 100, 150, 200)
    demand = parse_parameter("demand[NdPr_oxide, 2030].quantity=400,800")
    assert (demand.sheet, demand.key, demand.values) == (  # a blank segment: general
        "Demand", ("NdPr_oxide", "2030", "general", None), (400, 800))
    assert parse_parameter("Demand[Dy_oxide,2030,defence].quantity=1").key == (
        "Dy_oxide", "2030", "defence", None)
    assert parse_parameter("Settings.cvar_weight=0:1:3").values == (0, 0.5, 1)
    assert parse_parameter("Stockpile[*].target_days=30").key is None


@pytest.mark.parametrize(("text", "message"), [
    ("Stockpile.target=1", "name the row"),
    ("Stock[Dy].target=1", "no sheet Stock"),
    ("Stockpiles[Dy].target=1", r"no sheet Stockpiles \(did you mean Stockpile\?\)"),
    ("Stockpile[Dy].colour=1", "has no column colour"),
    ("Stockpile[Dy].targt=1", r"has no column targt to vary \(did you mean target\?\)"),
    ("Settings.speed=1", "no Settings key speed"),
    ("Settings.cvar_wieght=1", r"\(did you mean cvar_weight\?\)"),
    ("Stockpile[Dy].target=0:1:1.5", "count must be a whole number"),
    ("Stockpile[Dy].target=0:x:3", "is not start:stop:count, e.g. 0:200:11"),
    ("Demand[A].quantity=1", "named by material, period"),
])
def test_parameter_mistakes(text, message):
    with pytest.raises(SweepError, match=message):
        parse_parameter(text)


def test_sweep_points_equal_separate_solves(make_workbook):
    """The two-stage case over the holding cost: each point equals its own solve."""
    path = make_workbook(two_stage())
    inputs = planner.load(path)
    parameter = parse_parameter("Stockpile[A].holding_cost=0,2,25")
    result = sweep(inputs.tables, [parameter], workers=2)
    for value, row in zip(parameter.values, result.table.itertuples(), strict=True):
        sheets = two_stage()
        sheets["Stockpile"][0]["holding_cost"] = value
        alone = planner.solve(make_workbook(sheets, f"alone-{value}.xlsx"))
        assert row.objective == pytest.approx(alone.summary["objective"])
        assert row.expected_cost == pytest.approx(alone.summary["expected_cost"])
        assert row.cvar == pytest.approx(alone.summary["cvar"])
    # holding at 25/t: buying ahead (10 + 25) no longer beats ½·10 + ½·30 = 20
    assert list(result.table.objective) == pytest.approx([100, 120, 200])


def test_a_failing_point_is_reported_and_the_others_finish(make_workbook):
    inputs = planner.load(make_workbook(two_stage()))
    parameters = [parse_parameter("Scenarios[calm].probability=0.5,0.7")]
    table = sweep(inputs.tables, parameters, workers=1).table
    assert table.status[0] == "optimal"
    assert table.status[1].startswith("failed: Scenarios!B3: scenario probabilities add up "
                                      "to 1.2")


def test_two_parameters_make_a_grid_and_the_workbook_has_charts(make_workbook, tmp_path):
    path = make_workbook(base_sheets())
    out = tmp_path / "grid.xlsx"
    done = subprocess.run(
        [str(BIN / "planner"), "sweep", str(path), "-o", str(out), "--workers", "1",
         "--param", "Offers[O1].capacity=0:10:3", "--param", "Offers[O2].price=20,40"],
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "6 points" in done.stdout
    ws = openpyxl.load_workbook(out)["Sweep"]
    assert ws.max_row == 7
    assert len(ws._charts) == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dask_cluster():
    """A real `dask scheduler` and `dask worker` on loopback, as separate processes."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen(
        [str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from dask.distributed import Client

        deadline = time.time() + 60
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=30)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            process.wait(timeout=30)


def test_sweep_on_an_external_dask_cluster(make_workbook, tmp_path, dask_cluster):
    path = make_workbook(two_stage())
    out = tmp_path / "remote.xlsx"
    done = subprocess.run(
        [str(BIN / "planner"), "sweep", str(path), "-o", str(out), "--scheduler",
         dask_cluster, "--param", "Stockpile[A].holding_cost=0,2,25"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"on {dask_cluster}" in done.stdout
    rows = list(openpyxl.load_workbook(out)["Sweep"].iter_rows(min_row=2, values_only=True))
    assert [round(r[2]) for r in rows] == [100, 120, 200]


@pytest.mark.parametrize(("spec", "message"), [
    ("Offers[O1].supplier=S1,S9", "failed: Offers!B2: supplier 'S9' is not declared in "
                                  "Suppliers"),
    ("Offers[O1].from_period=2026,2031", "failed: Offers!F2: from_period '2031' is not "
                                         "declared in Periods"),
    ("Offers[O1].to_period=2027,2026", None),
])
def test_each_point_is_checked_like_a_workbook(make_workbook, spec, message):
    sheets = base_sheets()
    sheets["Offers"][0]["from_period"] = 2027
    inputs = planner.load(make_workbook(sheets))
    table = sweep(inputs.tables, [parse_parameter(spec)], workers=1).table
    assert table.status[0] == "optimal"
    if message is None:  # to_period 2026 comes before from_period 2027
        assert table.status[1].startswith("failed: Offers!F2: from_period 2027 comes after "
                                          "to_period 2026")
    else:
        assert table.status[1].startswith(message)


def test_solver_settings_vary_per_point(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["contract_cost"] = 10
    inputs = planner.load(make_workbook(sheets))
    table = sweep(inputs.tables, [parse_parameter("Settings.time_limit_s=0,60")],
                  workers=1).table
    assert list(table.status) == ["no solution found within limits", "optimal"]


@pytest.mark.parametrize(("text", "message"), [
    ("Offers[o1].price=1,2", "Offers has no row o1 (did you mean O1?) — name a row of the "
                             "workbook, or every row with Offers[*]"),
    ("Offers[O1].price=cheap", "price must be a number, got text 'cheap' — give numbers as a "
                               "list (0,30,60) or as start:stop:count (0:200:11)"),
])
def test_values_and_rows_that_do_not_apply_get_suggestions_not_cell_advice(make_workbook,
                                                                          text, message):
    inputs = planner.load(make_workbook())
    with pytest.raises(SweepError) as caught:
        sweep(inputs.tables, [parse_parameter(text)], workers=1)
    assert str(caught.value) == f"'{text}': {message}"
    assert "cell" not in str(caught.value)
