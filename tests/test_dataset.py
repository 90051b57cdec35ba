"""The shipped dataset: what it must contain, and that it solves to optimality."""

from __future__ import annotations

import pytest

import planner
from models import Status
from planner.datasets import dataset


@pytest.fixture(scope="module")
def shipped() -> planner.Inputs:
    return planner.load(dataset())


def test_dataset_covers_the_chain_and_the_countries_that_matter(shipped):
    materials = shipped.data.materials
    assert {m.stage for m in materials.values()} == {
        "mining", "separation", "metal", "magnet", "scrap"}
    assert {"RE_concentrate", "NdPr_oxide", "Dy_oxide", "Tb_oxide", "NdPr_metal",
            "NdFeB_magnet", "magnet_scrap"} <= set(materials)
    countries = {r["country"] for r in shipped.tables.records["Countries"]}
    assert {"CN", "MM", "AU", "MY", "US", "EE", "FR", "JP", "VN", "BR", "IN"} <= countries
    assert shipped.data.period_ids == tuple(str(y) for y in range(2026, 2036))


def test_dataset_solves_to_optimality(shipped):
    outcome = planner.solve(shipped)
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["total_cost"] > 0
    bought = outcome.tables["Purchases"].groupby("country")["quantity"].sum()
    assert len(bought) >= 3  # a real mix, not one country
