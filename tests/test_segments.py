"""Segregated demand: a defence segment served from clean lots only.

A magnet maker in Japan makes 1 t of magnet G from 1 t of NdPr metal M (fee 4/t).
Metal from a Japanese metal maker whose separation was done in China costs 10/t;
metal with Australian separation (from a US metal maker) costs 16/t. Demand for G
is 10 t: 6 t general and 4 t for defence. At 14/t from the cheap metal it costs 140.
"""

from __future__ import annotations

import pytest

import planner
from models import SolveOptions
from tests.conftest import Sheets, write_workbook

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)
COVERED = {"group": "covered", "item": "G"}


def magnets(*rules: dict, segmented: bool = True) -> Sheets:
    sheets: Sheets = {
        "Periods": [{"period": 2027}],
        "Countries": [{"country": "CN", "groups": "covered"}, {"country": "JP"},
                      {"country": "AU"}, {"country": "US"}],
        "Materials": [{"material": "M", "stage": "metal"},
                      {"material": "G", "stage": "magnet", "shortfall_cost": 1000}],
        "Suppliers": [{"supplier": "jp_metal", "country": "JP"},
                      {"supplier": "us_metal", "country": "US"},
                      {"supplier": "jp_magnet", "country": "JP"}],
        "Offers": [{"offer": "M_cn_sep", "supplier": "jp_metal", "material": "M", "price": 10,
                    "capacity": 100, "mined_in": "AU", "separated_in": "CN"},
                   {"offer": "M_au_sep", "supplier": "us_metal", "material": "M", "price": 16,
                    "capacity": 100, "mined_in": "AU", "separated_in": "AU"}],
        "Processes": [{"process": "magnet", "supplier": "jp_magnet", "output": "G",
                       "capacity": 100, "cost": 4}],
        "ProcessInputs": [{"process": "magnet", "material": "M", "quantity": 1}],
        "Demand": ([{"material": "G", "period": 2027, "quantity": 6},
                    {"material": "G", "period": 2027, "quantity": 4, "segment": "defence"}]
                   if segmented else [{"material": "G", "period": 2027, "quantity": 10}]),
    }
    if rules:
        sheets["Rules"] = [{"rule": f"r{i}", **r} for i, r in enumerate(rules)]
    return sheets


def solved(tmp_path, sheets: Sheets):
    outcome = planner.solve(write_workbook(tmp_path / "in.xlsx", sheets), OPTIONS)
    assert outcome.result.status.has_plan
    return outcome


def test_defence_demand_is_served_from_clean_lots_and_the_rest_from_cheaper_ones(tmp_path):
    """Defence: 4 × (16 + 4) = 80; general: 6 × (10 + 4) = 84; together 164."""
    outcome = solved(tmp_path, magnets({"kind": "traced_ban", **COVERED,
                                        "segment": "defence"}))
    assert outcome.result.objective == pytest.approx(164)
    bought = outcome.plan.purchases
    assert bought["base", "M_au_sep", "2027"] == pytest.approx(4)
    assert bought["base", "M_cn_sep", "2027"] == pytest.approx(6)
    assert outcome.plan.unmet["base", "G", "2027"] == 0


def test_without_a_segment_the_traced_ban_covers_all_demand(tmp_path):
    """10 × (16 + 4) = 200; an untraced ban sees only the Japanese magnet stage: 140."""
    traced = solved(tmp_path, magnets({"kind": "traced_ban", **COVERED}))
    assert traced.result.objective == pytest.approx(200)
    plain = solved(tmp_path, magnets({"kind": "ban", **COVERED}))
    assert plain.result.objective == pytest.approx(140)


@pytest.mark.parametrize("segmented", [True, False])
def test_segments_that_no_rule_names_change_nothing(tmp_path, segmented):
    assert solved(tmp_path, magnets(segmented=segmented)).result.objective == pytest.approx(140)


def test_unmet_defence_demand_is_its_own(tmp_path):
    """Without clean metal the defence 4 t go unmet (4 × 1000) and the general 6 t
    are made from the cheap metal (84): 4084."""
    sheets = magnets({"kind": "traced_ban", **COVERED, "segment": "defence"})
    sheets["Offers"] = sheets["Offers"][:1]
    outcome = solved(tmp_path, sheets)
    assert outcome.result.objective == pytest.approx(4084)
    assert outcome.plan.unmet["base", "G", "2027"] == pytest.approx(4)


def test_a_traced_licence_with_a_segment_limits_what_serves_it(tmp_path):
    """A quarter of the 4 t of defence demand may be covered magnets: 1 × 14 + 3 × 20
    + 6 × 14 for the general demand = 158."""
    outcome = solved(tmp_path, magnets({"kind": "traced_licence", **COVERED, "value": 0.25,
                                        "segment": "defence"}))
    assert outcome.result.objective == pytest.approx(158)
