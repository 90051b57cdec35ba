"""The shipped dataset: what it must contain, that it solves, and that its plan is
plausible for the buyer it describes (the bounds of inputs/SOURCES.md, section
Plausibility bounds)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import planner
from models import Status
from planner.datasets import dataset

SOURCES = Path(__file__).resolve().parents[1] / "inputs" / "SOURCES.md"
BOUND = re.compile(r"^\|\s*(mining|separation|metal|magnet)\s*\|\s*(\d{4})[–-](\d{4})\s*\|"
                   r"\s*(\d+)\s*%\s*\|\s*(\d+)\s*%\s*\|", re.M)


@pytest.fixture(scope="module")
def shipped() -> planner.Inputs:
    return planner.load(dataset())


@pytest.fixture(scope="module")
def outcome(shipped) -> planner.Outcome:
    return planner.solve(shipped)


def bounds() -> list[tuple[str, int, int, float, float]]:
    """(stage, first year, last year, least, most China share) from SOURCES.md."""
    section = SOURCES.read_text().split("## Plausibility bounds", 1)[1].split("\n## ", 1)[0]
    return [(stage, int(a), int(b), int(lo) / 100, int(hi) / 100)
            for stage, a, b, lo, hi in BOUND.findall(section)]


def china_shares(outcome: planner.Outcome) -> pd.DataFrame:
    """China's expected share of each element's stage tally, per stage and window of
    years: the leaves weighted by their probability, the owner pseudo-stage left out."""
    shares = outcome.tables["Shares"]
    shares = shares[(shares.stage != "owner") & ~shares.traced.astype(bool)]
    weight = shares.scenario.map(outcome.inputs.data.probability)
    return shares.assign(t=shares.tally * weight,
                         year=shares.period.astype(str).str[:4].astype(int))


def test_dataset_covers_the_chain_and_the_countries_that_matter(shipped):
    materials = shipped.data.materials
    assert {m.stage for m in materials.values()} == {
        "mining", "separation", "metal", "magnet", "scrap"}
    assert {"RE_concentrate", "NdPr_oxide", "Dy_oxide", "Tb_oxide", "NdPr_metal",
            "NdFeB_magnet", "magnet_scrap"} <= set(materials)
    countries = {r["country"] for r in shipped.tables.records["Countries"]}
    assert {"CN", "MM", "AU", "MY", "US", "EE", "FR", "JP", "VN", "BR", "IN"} <= countries
    periods = shipped.data.periods
    assert [p.id for p in periods[:8]] == [f"{y}Q{q}" for y in (2027, 2028)
                                           for q in range(1, 5)]
    assert [p.id for p in periods[8:]] == [str(y) for y in range(2029, 2037)]
    assert [p.years for p in periods] == [0.25] * 8 + [1.0] * 8


def test_dataset_solves_to_optimality(outcome):
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["total_cost"] > 0
    bought = outcome.tables["Purchases"].groupby("country")["quantity"].sum()
    assert len(bought) >= 3  # a real mix, not one country


def test_the_bounds_cover_every_stage_in_every_window():
    found = bounds()
    assert {stage for stage, *_ in found} == {"mining", "separation", "metal", "magnet"}
    for stage in ("mining", "separation", "metal", "magnet"):
        years = sorted((a, b) for s, a, b, *_ in found if s == stage)
        assert years[0][0] == 2027 and years[-1][1] == 2036, (stage, years)
        assert all(b + 1 == c for (_, b), (c, _) in zip(years, years[1:])), (stage, years)


def test_chinas_share_by_stage_stays_within_the_documented_bounds(outcome):
    """Each element's China share at each stage, over each window of years of the
    bounds table, lies between its least and most share: a data change that makes the
    plan drop China overnight or lean on it entirely fails here."""
    tallies = china_shares(outcome)
    checked = 0
    for stage, first, last, least, most in bounds():
        window = tallies[(tallies.stage == stage) & tallies.year.between(first, last)]
        for element, rows in window.groupby("element"):
            share = rows.t[rows.country == "CN"].sum() / rows.t.sum()
            assert least <= share <= most, (
                f"China's share of {element} at the {stage} stage in {first}-{last} is "
                f"{share:.1%}, outside the bounds {least:.0%}-{most:.0%} of SOURCES.md")
            checked += 1
    assert checked >= 20
