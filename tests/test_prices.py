"""Indexed prices: PriceIndex, Offers index/floor/cap and price events on an index.

Each docstring works the optimum out by hand.
"""

from __future__ import annotations

import pytest

import planner
from models import Status
from tests.conftest import base_sheets

YEARS = (2026, 2027, 2028, 2029)


def paid(outcome) -> dict[tuple[str, str], float]:
    """(offer, period) -> price paid per t, as Purchases shows it."""
    frame = outcome.tables["Purchases"]
    return {(o, str(t)): p for o, t, p in zip(frame["offer"], frame["period"], frame["price"],
                                              strict=True)}


def clipped_index_sheets():
    """Four periods, 10 t of A a period, no stock carried (max 0).

    O1 (S1, CN) 10/t follows index spot = 100, 80, 150, (none: stays 150), floor 9,
    cap 14: 10, 8 → floor 9, 15 → cap 14, 14. A 50 % tariff on CN in 2029 multiplies
    the clipped price: 21. O2 (AU) costs 30/t, dearer throughout.
    """
    sheets = base_sheets()
    sheets["Periods"] = [{"period": t} for t in YEARS]
    sheets["Offers"][0].update(index="spot", floor=9, cap=14, capacity=100)
    sheets["Offers"][1].update(price=30, capacity=100)
    sheets["PriceIndex"] = [{"index": "spot", "period": 2026, "value": 100},
                            {"index": "spot", "period": 2027, "value": 80},
                            {"index": "spot", "period": 2028, "value": 150}]
    sheets["Rules"] = [{"rule": "duty", "kind": "tariff", "country": "CN", "value": 0.5,
                        "from_period": 2029}]
    sheets["Demand"] = [{"material": "A", "period": t, "quantity": 10} for t in YEARS]
    sheets["Stockpile"] = [{"material": "A", "max": 0}]
    return sheets


def test_an_indexed_price_is_held_between_its_floor_and_cap(make_workbook):
    """10 t a period at 10, 9 (floor), 14 (cap), 14 × 1.5 = 21 (carried index, tariff):
    100 + 90 + 140 + 210 = 540."""
    outcome = planner.solve(make_workbook(clipped_index_sheets()))
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["objective"] == pytest.approx(540)
    assert paid(outcome) == pytest.approx({("O1", "2026"): 10, ("O1", "2027"): 9,
                                           ("O1", "2028"): 14, ("O1", "2029"): 21})


def index_event_sheets():
    """Two periods, 10 t of A a period, no stock carried.

    O1 (S1) 10/t and O2 (S2) 12/t, 5 t each, follow index spot (100 in both periods);
    O1 has a cap of 15. O3 (S2) costs 22/t, fixed, 100 t. In 2027 a price event
    doubles spot and another raises S1's prices by 10 %.
    2026: 5 × 10 + 5 × 12 = 110.
    2027: O1 20 → cap 15, then × 1.1 (the supplier event acts after the clip) = 16.5;
    O2 24 > O3 22: 5 × 16.5 + 5 × 22 = 192.5. Total 302.5.
    """
    sheets = base_sheets()
    sheets["Offers"][0].update(index="spot", cap=15)
    sheets["Offers"][1].update(price=12, capacity=5, index="spot")
    sheets["Offers"].append({"offer": "O3", "supplier": "S2", "material": "A", "price": 22,
                             "capacity": 100})
    sheets["PriceIndex"] = [{"index": "spot", "period": 2026, "value": 100},
                            {"index": "spot", "period": 2027, "value": 100}]
    sheets["Scenarios"] = [{"scenario": "base", "probability": 1}]
    sheets["Events"] = [
        {"scenario": "base", "kind": "price", "item": "spot", "value": 2,
         "from_period": 2027},
        {"scenario": "base", "kind": "price", "supplier": "S1", "value": 1.1,
         "from_period": 2027}]
    sheets["Demand"] = [{"material": "A", "period": t, "quantity": 10} for t in YEARS[:2]]
    sheets["Stockpile"] = [{"material": "A", "max": 0}]
    return sheets


def test_a_price_event_on_an_index_moves_every_offer_that_follows_it(make_workbook):
    outcome = planner.solve(make_workbook(index_event_sheets()))
    assert outcome.summary["objective"] == pytest.approx(302.5)
    assert paid(outcome) == pytest.approx({("O1", "2026"): 10, ("O2", "2026"): 12,
                                           ("O1", "2027"): 16.5, ("O3", "2027"): 22})


def test_an_index_event_in_one_scenario_moves_only_that_scenario(make_workbook):
    """Two scenarios, 2026 decided for both: calm (no event) pays 110 in 2027 like
    2026; shock pays 192.5 as above. Expected: 110 + 0.5 × 110 + 0.5 × 192.5 = 261.25."""
    sheets = index_event_sheets()
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.5},
                           {"scenario": "shock", "probability": 0.5}]
    for event in sheets["Events"]:
        event["scenario"] = "shock"
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(261.25)


def test_the_results_workbook_solves_again_to_the_same_plan(make_workbook, tmp_path):
    first = planner.solve(make_workbook(index_event_sheets()))
    second = planner.solve(first.write(tmp_path / "results.xlsx"))
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    assert second.tables["Purchases"].equals(first.tables["Purchases"])
