"""Properties of indexed prices, capacity groups and minimum runs on generated
instances (tests/test_properties.py's instances; no Excel involved)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import ModelData, Status, build_model
from models.input.network import CapacityGroup
from models.solving.matrix import compile_model
from tests.test_properties import PROPERTY, instances, optimum


def size(data: ModelData) -> tuple[int, int, int, bool]:
    matrix = compile_model(build_model(data))
    return len(matrix.columns), len(matrix.rows), matrix.nonzeros, matrix.has_integers


@PROPERTY
@given(instances(), st.integers(1, 200))
def test_a_flat_index_within_floor_and_cap_keeps_the_model_and_its_optimum(data, level):
    """Every offer on an index that never moves (a value in the first period only,
    carried forward), floor ≤ price ≤ cap: the same columns, rows, nonzeros and
    optimum as fixed prices, as if the new columns were not there."""
    flat = dataclasses.replace(
        data, price_index={"flat": {data.period_ids[0]: float(level)}},
        offers=tuple(dataclasses.replace(o, index="flat", floor=o.price - 1, cap=o.price + 1)
                     for o in data.offers))
    assert size(flat) == size(data)
    assert optimum(flat)[0].objective == pytest.approx(optimum(data)[0].objective,
                                                       rel=1e-9, abs=1e-9)


@PROPERTY
@given(instances(), st.integers(0, 40))
def test_a_capacity_group_never_lowers_the_optimum(data, capacity):
    """A hard shared capacity over every offer can only cost more (unmet demand keeps
    the instance feasible)."""
    base, _ = optimum(data)
    grouped = dataclasses.replace(data, capacity_groups=(CapacityGroup(
        "all", tuple(o.id for o in data.offers), capacity, data.period_ids),))
    limited, plan = optimum(grouped)
    assert limited.status is Status.OPTIMAL
    assert limited.objective >= base.objective - 1e-6
    for t in data.period_ids:
        assert sum(q for (_, _, p), q in plan.purchases.items() if p == t) <= capacity + 1e-6


@PROPERTY
@given(instances(), st.integers(1, 30))
def test_a_minimum_run_never_lowers_the_optimum(data, min_run):
    """A minimum run only takes plans away: each run is 0 or at least min_run."""
    if not data.processes:
        return
    base, _ = optimum(data)
    process = data.processes[0]
    runs = dataclasses.replace(data, processes=(dataclasses.replace(
        process, min_run=float(min_run)),))
    result, plan = optimum(runs)
    assert result.status is Status.OPTIMAL
    assert result.objective >= base.objective - 1e-6
    for run in plan.processing.values():
        assert run < 1e-6 or run >= min_run - 1e-6
