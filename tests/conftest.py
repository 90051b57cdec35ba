"""Shared helpers: tiny workbooks written from Python dicts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from planner.workbook.excel import write_tables
from tests.reading import same_reading

Sheets = dict[str, list[dict[str, Any]]]

BASE: Sheets = {
    "Settings": [{"key": "currency", "value": "USD"}],
    "Periods": [{"period": 2026}, {"period": 2027}],
    "Countries": [{"country": "AU", "name": "Australia"}, {"country": "CN", "name": "China"}],
    "Materials": [{"material": "A", "stage": "separation", "shortfall_cost": 1000}],
    "Suppliers": [{"supplier": "S1", "country": "CN"}, {"supplier": "S2", "country": "AU"}],
    "Offers": [
        {"offer": "O1", "supplier": "S1", "material": "A", "price": 10, "capacity": 5},
        {"offer": "O2", "supplier": "S2", "material": "A", "price": 20, "capacity": 10},
    ],
    "Demand": [
        {"material": "A", "period": 2026, "quantity": 8},
        {"material": "A", "period": 2027, "quantity": 12},
    ],
}
"""Two periods, one material, a cheap small offer (CN) and a dear large one (AU)."""


def base_sheets() -> Sheets:
    return copy.deepcopy(BASE)


def add_recycling(sheets: Sheets, *, scrap_price: float, fee: float, scrap_per_t: float,
                  capacity: float) -> Sheets:
    """Make material A a magnet that a recycling process at S2 makes from scrap SC
    (offered by S2 at scrap_price); keeps only the first offer of A."""
    sheets["Materials"][0]["stage"] = "magnet"
    sheets["Materials"].append({"material": "SC", "stage": "scrap"})
    sheets["Offers"] = [sheets["Offers"][0],
                        {"offer": "scrap", "supplier": "S2", "material": "SC",
                         "price": scrap_price, "capacity": 1000}]
    sheets["Processes"] = [{"process": "recycle", "supplier": "S2", "output": "A",
                            "capacity": capacity, "cost": fee, "recycled": True}]
    sheets["ProcessInputs"] = [{"process": "recycle", "material": "SC",
                                "quantity": scrap_per_t}]
    return sheets


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """Write sheets (each a list of records; column order = first record's keys)."""
    frames = {}
    for name, records in sheets.items():
        columns: list[str] = []
        for record in records:
            columns += [c for c in record if c not in columns]
        frames[name] = pd.DataFrame(records, columns=columns)
    write_tables(path, frames)
    same_reading(path)  # every test workbook reads the same with calamine and without
    return path


@pytest.fixture
def make_workbook(tmp_path: Path):
    """make_workbook(sheets, name="in.xlsx") -> path of a new workbook in tmp_path."""

    def make(sheets: Sheets | None = None, name: str = "in.xlsx") -> Path:
        return write_workbook(tmp_path / name, base_sheets() if sheets is None else sheets)

    return make


CHECKED_NONZEROS = 20_000
"""Models up to this size are checked against Pyomo's reading on every solve."""


@pytest.fixture(autouse=True)
def every_model_solved_is_the_pyomo_model(monkeypatch):
    """Every model a test hands to HiGHS in this process (plans, second passes, warm
    study models; not those in Dask workers) goes through the fast path's compiler,
    and for models up to CHECKED_NONZEROS its arrays are checked against what Pyomo
    itself reads from each row (tests/reference.py): the fast path is proven on every
    test workbook, not only on the cases of tests/test_fast_path.py."""
    from models.solving import solver
    from tests.reference import assert_same_arrays

    compile_model = solver.compile_model

    def checked(model):
        matrix = compile_model(model)
        if matrix.nonzeros <= CHECKED_NONZEROS:
            assert_same_arrays(model, matrix)
        return matrix

    monkeypatch.setattr(solver, "compile_model", checked)
