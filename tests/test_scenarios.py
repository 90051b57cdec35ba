"""Scenarios: events, the two-stage plan, CVaR and the value of information.

The two-period case: 10 t of A are needed in 2027 only. CN sells at 10/t in both
years, AU at 30/t; holding costs 2/t. In scenario `ban` (probability ½) CN is banned
in 2027; in `calm` it is not. The 2026 purchase b is decided before the scenario is
known (decision period 2026); 2027 purchases adapt.

    calm: 12b + 10(10 − b) = 100 + 2b        ban: 12b + 30(10 − b) = 300 − 18b
    expected: 200 − 8b  → b = 10, cost 120 (buying ahead pays only before a possible ban)
    wait and see: calm alone 100 (b = 0), ban alone 120 (b = 10): WS = 110, EVPI = 10
    expected-value problem: CN keeps half its 2027 capacity (50 t ≥ 10 t), so b = 0;
    evaluated in both scenarios: ½·100 + ½·300 = 200 = EEV, VSS = 80
"""

from __future__ import annotations

import pytest

import planner
from planner.results.report import summary_lines
from planner.studies.information import resolution_note
from tests.conftest import base_sheets


def two_stage(calm: float = 0.5, ban: float = 0.5, **settings) -> dict:
    sheets = base_sheets()
    for offer in sheets["Offers"]:
        offer["capacity"] = 100
    sheets["Offers"][1]["price"] = 30
    sheets["Demand"] = [{"material": "A", "period": 2027, "quantity": 10}]
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 2}]
    sheets["Scenarios"] = [{"scenario": "calm", "probability": calm},
                           {"scenario": "ban", "probability": ban}]
    sheets["Rules"] = [{"rule": "embargo", "kind": "ban", "country": "CN",
                        "from_period": 2027, "scenario": "ban"}]
    sheets["Settings"] += [{"key": k, "value": v} for k, v in settings.items()]
    return sheets


def first_stage(outcome) -> dict[str, float]:
    frame = outcome.tables["Purchases"]
    return frame[frame.period == "2026"].groupby("scenario")["quantity"].sum().to_dict()


def test_buying_ahead_before_a_possible_ban(make_workbook):
    outcome = planner.solve(make_workbook(two_stage()))
    summary = outcome.summary
    assert summary["objective"] == pytest.approx(120)
    assert first_stage(outcome) == pytest.approx({"calm": 10, "ban": 10})
    assert summary["wait_and_see"] == pytest.approx(110)
    assert summary["evpi"] == pytest.approx(10)
    assert summary["eev"] == pytest.approx(200)
    assert summary["vss"] == pytest.approx(80)
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")
    assert costs["cost"].to_dict() == pytest.approx({"calm": 120, "ban": 120})
    assert costs.loc["ban", "probability"] == 0.5


def test_a_ban_that_cannot_happen_does_not_pull_the_plan(make_workbook):
    """With the ban at probability 0 the plan is calm's own: buy in 2027 only, 100."""
    sheets = two_stage(calm=1.0, ban=0.0)
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(100)
    assert first_stage(outcome) == {}


def test_cvar_with_full_weight_protects_the_known_worst_scenario(make_workbook):
    """calm 0.95, ban 0.05. Expected cost: 110 + b, so b = 0 and cost 110 (the ban
    scenario then costs 300). CVaR at α = 0.95 is the ban scenario's cost 300 − 18b;
    with λ = 1 the plan buys ahead (b = 10): 120 in both scenarios."""
    neutral = planner.solve(make_workbook(two_stage(0.95, 0.05), "neutral.xlsx"))
    assert neutral.summary["objective"] == pytest.approx(110)
    assert neutral.summary["cvar"] == pytest.approx(300)
    averse = planner.solve(make_workbook(two_stage(
        0.95, 0.05, risk_measure="cvar", cvar_alpha=0.95, cvar_weight=1), "averse.xlsx"))
    assert averse.summary["objective"] == pytest.approx(120)
    assert averse.summary["cvar"] == pytest.approx(120)
    assert first_stage(averse) == pytest.approx({"calm": 10, "ban": 10})


def events_case(*events: dict, **settings) -> dict:
    """One period, demand 8: O1 (CN, 10/t, 5 t), O2 (AU, 20/t, 10 t): 110 normally."""
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}]
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 8}]
    sheets["Scenarios"] = [{"scenario": "only", "probability": 1}]
    sheets["Events"] = [{"scenario": "only", **e} for e in events]
    sheets["Settings"] += [{"key": k, "value": v} for k, v in settings.items()]
    return sheets


@pytest.mark.parametrize(
    ("event", "objective"),
    [
        ({"kind": "capacity", "country": "CN", "value": 0.4}, 2 * 10 + 6 * 20),
        ({"kind": "price", "supplier": "S2", "value": 1.5}, 5 * 10 + 3 * 30),
        ({"kind": "demand", "item": "A", "value": 1.5}, 5 * 10 + 7 * 20),
    ],
)
def test_capacity_price_and_demand_events(make_workbook, event, objective):
    outcome = planner.solve(make_workbook(events_case(event)))
    assert outcome.summary["objective"] == pytest.approx(objective)


def test_a_release_event_lifts_the_stockpile_target(make_workbook):
    """Target 4 t: 12 t bought (5 × 10 + 7 × 20 = 190); releasing 3 t of it: 9 t (130)."""
    sheets = events_case({"kind": "release", "item": "A", "value": 3})
    sheets["Stockpile"] = [{"material": "A", "target": 4}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(130)
    assert outcome.tables["Inventory"].iloc[0].target == pytest.approx(1)


def test_probabilities_must_sum_to_one(make_workbook):
    sheets = two_stage(0.5, 0.4)
    with pytest.raises(planner.InputError) as caught:
        planner.load(make_workbook(sheets))
    assert [str(p) for p in caught.value.problems] == [
        "Scenarios!B3: scenario probabilities add up to 0.9, not 1 — adjust them so that "
        "they sum to 1"]


def test_every_result_sheet_has_a_scenario_column(make_workbook):
    outcome = planner.solve(make_workbook(two_stage()))
    for name, frame in outcome.tables.items():
        if name not in ("Summary", "RuleCosts"):
            assert "scenario" in frame.columns, name


def test_several_events_in_one_scenario(make_workbook):
    """Capacity of CN halved (2.5 t) and AU's price up by half (30/t): 25 + 5.5 × 30."""
    sheets = events_case({"kind": "capacity", "country": "CN", "value": 0.5},
                         {"kind": "price", "country": "AU", "value": 1.5})
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(2.5 * 10 + 5.5 * 30)


def test_value_of_the_stochastic_solution_with_integer_decisions(make_workbook):
    """The two-stage case with a 10 t minimum order on CN (a binary per period): the
    expected-value plan still buys nothing ahead, so EEV = 200 and VSS = 80."""
    sheets = two_stage()
    sheets["Offers"][0]["min_order"] = 10
    summary = planner.solve(make_workbook(sheets)).summary
    assert summary["model_type"] == "MILP"
    assert summary["objective"] == pytest.approx(120)
    assert summary["eev"] == pytest.approx(200)
    assert summary["vss"] == pytest.approx(80)


def test_marginal_costs_stay_per_tonne_under_cvar(make_workbook):
    """CN (10/t) may supply at most half of 2027; AU costs 20/t. Scenario b doubles
    demand. Relaxing the cap by 1 t saves 10 in either scenario, whatever the weight
    of CVaR in the objective."""
    sheets = base_sheets()
    for offer in sheets["Offers"]:
        offer["capacity"] = 100
    sheets["Demand"] = [{"material": "A", "period": 2027, "quantity": 10}]
    sheets["Scenarios"] = [{"scenario": "a", "probability": 0.25},
                           {"scenario": "b", "probability": 0.75}]
    sheets["Events"] = [{"scenario": "b", "kind": "demand", "item": "A", "value": 2}]
    sheets["Rules"] = [{"rule": "cap", "kind": "max_share", "country": "CN",
                        "stage": "separation", "value": 0.5, "from_period": 2027}]
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 100}]
    sheets["Settings"] += [{"key": "risk_measure", "value": "cvar"},
                           {"key": "cvar_weight", "value": 0.5},
                           {"key": "cvar_alpha", "value": 0.5}]
    report = planner.solve(make_workbook(sheets)).tables["RuleReport"]
    marginal = report[report.period == "2027"].set_index("scenario")["marginal_cost"]
    assert marginal.to_dict() == pytest.approx({"a": 10, "b": 10})


def test_an_event_without_a_scenario_holds_in_every_scenario(make_workbook):
    """O1's capacity halved (CN, 0.5) in every scenario by one row without a scenario;
    demand doubled in b only. The one period is decided for both scenarios: all 12.5 t
    on offer are bought (2.5 · 10 + 10 · 20 = 225), b (16 t) leaves 3.5 t unmet
    (+ 3,500): a 225, b 3,725, expected 1,975 (buying a's 8 t only: 0.5 · 135 + 0.5 ·
    8,135 = 4,135). Without the event: 15 t bought, a 250, b 1,250, expected 750."""
    sheets = events_case({"scenario": None, "kind": "capacity", "country": "CN",
                          "value": 0.5})
    sheets["Scenarios"] = [{"scenario": "a", "probability": 0.5},
                           {"scenario": "b", "probability": 0.5}]
    sheets["Events"] = [{k: v for k, v in e.items() if k != "scenario" or v}
                        for e in sheets["Events"]]
    sheets["Events"].append({"scenario": "b", "kind": "demand", "item": "A", "value": 2})
    outcome = planner.solve(make_workbook(sheets))
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")["cost"]
    assert costs.to_dict() == pytest.approx({"a": 225, "b": 3725})
    assert outcome.summary["objective"] == pytest.approx(1975)
    sheets["Events"] = sheets["Events"][1:]
    assert planner.solve(make_workbook(sheets, "no_event.xlsx")).summary[
        "objective"] == pytest.approx(750)


def test_evpi_and_vss_within_the_mip_gap_are_said_to_be_unresolved():
    """At a 1 % gap on an objective of 1,000 each solve may be 10 off: an EVPI of 5 and
    a VSS of −4 are noted as not resolved; an EVPI of 50 and a VSS of 11 are not."""
    note = resolution_note({"evpi": 5.0, "vss": -4.0}, 1000.0, 0.01)["information_note"]
    assert note.startswith("EVPI and VSS within the MIP gap (10)")
    assert resolution_note({"evpi": 50.0, "vss": 11.0}, 1000.0, 0.01) == {}
    assert resolution_note({"evpi": 50.0, "vss": 3.0}, 1000.0, 0.01)[
        "information_note"].startswith("VSS within")
    assert resolution_note({"evpi": "skipped", "vss": None}, 1000.0, 0.01) == {}


def test_the_console_says_when_evpi_is_within_the_mip_gap(make_workbook):
    """The two-period case as a MILP (an order cost of 0.01 on CN), solved at a 10 %
    gap: objective 120.02 (one order, in 2026), so each solve may be 12 off; EVPI 10 is
    within it, VSS 80 is not. At a 1 % gap nothing is noted."""
    sheets = two_stage(mip_gap=0.1)
    sheets["Offers"][0]["order_cost"] = 0.01
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.result.integer
    note = outcome.summary["information_note"]
    assert note.startswith("EVPI within the MIP gap (12)")
    assert f"  {note}" in summary_lines(outcome)
    sheets["Settings"][-1]["value"] = 0.01
    assert "information_note" not in planner.solve(make_workbook(sheets, "tight.xlsx")).summary
