"""The second, lexicographic pass: every scenario gets its cheapest recourse.

Birge & Louveaux's farmer (Introduction to Stochastic Programming, 2nd ed., §1.1):
500 acres of wheat, corn or sugar beets, planted before the yields are known
(×1.2, ×1, ×0.8 of 2.5, 3 and 20 t/acre, each with probability 1/3). Planting costs
150, 230 and 260 per acre. The cattle need 200 t of wheat and 240 t of corn, bought
at 238 and 210 when short; surplus sells at 170 (wheat) and 150 (corn); beets sell
at 36/t up to 6,000 t and at 10/t beyond.

The planner has no sales, but unmet demand carries a cost, so each market is a
demand whose shortfall cost is its price: serving a tonne of it avoids that cost,
which is the revenue. Cost = C − profit with the constant
C = 170 · 1500 + 150 · 1800 + 36 · 6000 + 10 · 6000 = 801,000 (each market's demand
is at least what 500 acres can ever yield). The feed needs are demands whose
shortfall cost is the purchase price. A yield is a harvest process per scenario (t
of field per t of crop = 1 / yield), switched off in the other scenarios by a
capacity event.

    expected cost: the published plan 170 / 80 / 250 acres, profit 108,390 → 692,610

With cvar_weight = 1 and α = 2/3 the objective is the cost of the worst third, the
bad-yield scenario alone; its own optimum is 100 / 25 / 375 acres (profit 59,950).
Under that plan the other scenarios, sold out as they should be, earn
    good: wheat 300 t (100 sold: 17,000), corn 90 t (150 bought: −31,500), beets
          9,000 t (216,000 + 30,000), planting −118,250: 113,250 → cost 687,750
    avg:  wheat 250 t (8,500), corn 75 t (−34,650), beets 7,500 t (216,000 + 15,000),
          −118,250: 86,600 → cost 714,400
    bad:  59,950 → cost 741,050
but the objective does not see them, so without the second pass any recourse that
keeps them below the bad scenario's cost is optimal (crops may go unsold).
"""

from __future__ import annotations

import pytest

import planner
from tests.conftest import Sheets
from tests.test_scenarios import two_stage

CROPS = {  # crop: (planting cost/acre, t/acre, feed t, feed price, sale price, sold t)
    "wheat": (150, 2.5, 200, 238, 170, 1500),
    "corn": (230, 3.0, 240, 210, 150, 1800),
}
YIELDS = {"good": 1.2, "avg": 1.0, "bad": 0.8}
THIRD = 1 / 3


def farmer(**settings) -> Sheets:
    materials = [{"material": "land", "stage": "mining"}]
    processes, inputs, demand = [], [], []
    crops = {**{c: v[:2] for c, v in CROPS.items()}, "beets": (260, 20.0)}
    for crop, (cost, per_acre) in crops.items():
        materials += [{"material": f"{crop}_field", "stage": "mining"},
                      {"material": crop, "stage": "separation",
                       "shortfall_cost": CROPS[crop][3] if crop in CROPS else None}]
        processes.append({"process": f"plant_{crop}", "supplier": "farm",
                          "output": f"{crop}_field", "capacity": 500, "cost": cost,
                          "to_period": "plant"})
        inputs.append({"process": f"plant_{crop}", "material": "land", "quantity": 1})
        for scenario, factor in YIELDS.items():
            process = f"harvest_{crop}_{scenario}"
            processes.append({"process": process, "supplier": scenario, "output": crop,
                              "capacity": 20_000, "cost": 0, "from_period": "harvest"})
            inputs.append({"process": process, "material": f"{crop}_field",
                           "quantity": 1 / (per_acre * factor)})
    markets = [(f"{c}_sold", c, v[4], v[5]) for c, v in CROPS.items()]
    markets += [("beets_36", "beets", 36, 6000), ("beets_10", "beets", 10, 6000)]
    for market, crop, price, quantity in markets:
        materials.append({"material": market, "stage": "metal", "shortfall_cost": price})
        processes.append({"process": f"sell_{market}", "supplier": "market",
                          "output": market, "capacity": 20_000, "cost": 0,
                          "from_period": "harvest"})
        inputs.append({"process": f"sell_{market}", "material": crop, "quantity": 1})
        demand.append({"material": market, "period": "harvest", "quantity": quantity})
    demand += [{"material": c, "period": "harvest", "quantity": v[2]} for c, v in CROPS.items()]
    return {
        "Settings": [{"key": "currency", "value": "USD"},
                     *({"key": k, "value": v} for k, v in settings.items())],
        "Periods": [{"period": "plant"}, {"period": "harvest"}],
        "Countries": [{"country": "US"}],
        "Materials": materials,
        "Suppliers": [{"supplier": s, "country": "US"}
                      for s in ("farm", "market", *YIELDS)],
        "Offers": [{"offer": "land", "supplier": "farm", "material": "land", "price": 0,
                    "capacity": 500, "to_period": "plant"}],
        "Processes": processes,
        "ProcessInputs": inputs,
        "Demand": demand,
        "Scenarios": [{"scenario": s, "probability": THIRD} for s in YIELDS],
        "Events": [{"scenario": s, "kind": "capacity", "supplier": other, "value": 0}
                   for s in YIELDS for other in YIELDS if other != s],
    }


def planted(outcome) -> dict[str, float]:
    frame = outcome.tables["Processing"]
    rows = frame[(frame.period == "plant") & (frame.scenario == "good")]
    return {r.output.removesuffix("_field"): r.quantity for r in rows.itertuples()}


def test_the_farmer_as_published(make_workbook):
    outcome = planner.solve(make_workbook(farmer()))
    assert outcome.summary["objective"] == pytest.approx(801_000 - 108_390)
    assert planted(outcome) == pytest.approx({"wheat": 170, "corn": 80, "beets": 250})
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")["cost"]
    assert costs.to_dict() == pytest.approx({"good": 801_000 - 167_000,
                                             "avg": 801_000 - 109_350,
                                             "bad": 801_000 - 48_820})


def test_with_full_cvar_weight_every_scenario_sells_its_crop(make_workbook):
    outcome = planner.solve(make_workbook(farmer(risk_measure="cvar", cvar_weight=1,
                                                 cvar_alpha=2 / 3)))
    assert outcome.summary["objective"] == pytest.approx(741_050)
    assert planted(outcome) == pytest.approx({"wheat": 100, "corn": 25, "beets": 375})
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")["cost"]
    assert costs.to_dict() == pytest.approx({"good": 687_750, "avg": 714_400,
                                             "bad": 741_050})


def test_a_scenario_of_probability_1e9_gets_its_own_best_plan(make_workbook):
    """The two-stage case of test_scenarios with the ban at probability 1e-9: the plan
    is calm's (nothing bought ahead, 100). In the ban scenario CN is gone in 2027, so
    its best recourse buys the 10 t from AU at 30: 300, nothing unmet (a shortfall
    would cost 1,000/t, weighted by 1e-9 in the objective)."""
    outcome = planner.solve(make_workbook(two_stage(calm=1 - 1e-9, ban=1e-9)))
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")
    assert outcome.summary["objective"] == pytest.approx(100)
    assert costs.loc["ban", "cost"] == pytest.approx(300)
    assert costs.loc["ban", "shortfall_t"] == pytest.approx(0)
    inventory = outcome.tables["Inventory"]
    assert inventory[inventory.scenario == "ban"].closing.max() == pytest.approx(0)


def test_the_summary_says_what_the_second_pass_changed(make_workbook):
    """Under worst with calm (probability ½) and ban (½): the plan buys 10 t ahead
    (120 in both). Nothing is left to improve: the pass reports no change."""
    outcome = planner.solve(make_workbook(two_stage(risk_measure="worst")))
    assert outcome.summary["objective"] == pytest.approx(120)
    assert outcome.summary["second_pass"].startswith("no change")
    assert outcome.summary["second_pass_saving"] == 0
