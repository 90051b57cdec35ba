"""Lead times, qualification and backorders, on tiny workbooks worked out by hand."""

from __future__ import annotations

import pytest

import planner
from models import SolveOptions, build_model, solve
from tests.conftest import add_recycling, base_sheets
from tests.test_validation import only_problem, problems

THREE = [{"period": 2026}, {"period": 2027}, {"period": 2028}]


def test_an_offer_with_a_lead_time_is_ordered_a_period_early(make_workbook):
    """O1 (CN, 10/t, 5 t) arrives one period after the order, so it cannot serve 2026
    and cannot be ordered in 2027 (it would arrive after the horizon).

    2026: 8 t from O2 (20/t) = 160, and 5 t of O1 ordered for 2027 = 50;
    2027: the 5 t of O1 arrive, 7 t from O2 = 140. Total 350 (300 without the lead).
    """
    sheets = base_sheets()
    sheets["Offers"][0]["lead_periods"] = 1
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(350)
    bought = outcome.tables["Purchases"].set_index(["offer", "period"])
    assert bought.loc[("O1", "2026"), "quantity"] == pytest.approx(5)
    assert bought.loc[("O1", "2026"), "arrival"] == "2027"
    assert ("O1", "2027") not in bought.index
    assert bought.loc[("O2", "2026"), "quantity"] == pytest.approx(8)
    assert bought.loc[("O2", "2026"), "arrival"] == "2026"
    inventory = outcome.tables["Inventory"].set_index("period")
    assert inventory.acquired.tolist() == pytest.approx([8, 12])
    assert inventory.closing.tolist() == pytest.approx([0, 0])
    m = build_model(outcome.inputs.data)
    assert [k for k in m.X if k[1] == "O1"] == [("base", "O1", "2026")]


def qualification_case(*, scenarios: bool = False) -> dict:
    """Three periods; O1 (CN, 10/t, 5 t) and a new source O2 (AU, 20/t, 10 t) that must
    be qualified for two periods at a cost of 30 before it delivers. Demand 8 t a year
    (with scenarios: 5 t in calm and 8 t in surge, each with probability 0.5)."""
    sheets = base_sheets()
    sheets["Periods"] = list(THREE)
    sheets["Offers"][1] |= {"qualification_periods": 2, "qualification_cost": 30}
    demand = 5 if scenarios else 8
    sheets["Demand"] = [{"material": "A", "period": p["period"], "quantity": demand}
                        for p in THREE]
    if scenarios:
        sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.5},
                               {"scenario": "surge", "probability": 0.5}]
        sheets["Events"] = [{"scenario": "surge", "kind": "demand", "value": 1.6}]
    return sheets


def test_a_qualification_shifts_a_new_source_by_its_qualification_periods(make_workbook):
    """O2 qualified from 2026 is finished at the end of 2027 and delivers from 2028.

    2026 and 2027: 5 t from O1, 3 t unmet each (6,000); 2028: 5 t from O1 and 3 t from
    O2. Purchases 150 + 60, qualification 30: 6,240 in all.
    """
    outcome = planner.solve(make_workbook(qualification_case()))
    assert outcome.summary["objective"] == pytest.approx(6240)
    assert outcome.summary["cost_qualification"] == pytest.approx(30)
    bought = outcome.tables["Purchases"].set_index(["offer", "period"]).quantity
    assert bought[("O2", "2028")] == pytest.approx(3)
    assert ("O2", "2027") not in bought.index
    row = outcome.tables["Qualification"].iloc[0]
    assert (row.source, row.started, row.finished, row.delivers_from) == (
        "O2", "2026", "2027", "2028")
    assert row.cost == pytest.approx(30)


def test_a_first_stage_qualification_is_one_decision_for_every_scenario(make_workbook):
    """2026 is decided before the scenario is known, and O2 delivers in 2028 only if
    its qualification starts in 2026. calm (5 t a year) needs only O1: 150; surge
    (8 t) is the 6,240 above. Qualifying in 2026 is one decision, so calm pays its 30
    too: 0.5 · 180 + 0.5 · 6,240 = 3,210 (not qualifying: 0.5 · 150 + 0.5 · 9,150 =
    4,650; calm alone skipping it would be 3,195, which the shared decision forbids).
    """
    outcome = planner.solve(make_workbook(qualification_case(scenarios=True)))
    assert outcome.summary["objective"] == pytest.approx(3210)
    costs = outcome.tables["ScenarioCosts"].set_index("scenario").cost_qualification
    assert costs.to_dict() == pytest.approx({"calm": 30, "surge": 30})
    started = outcome.tables["Qualification"]
    assert sorted(zip(started.scenario, started.started, strict=True)) == [
        ("calm", "2026"), ("surge", "2026")]


def backorder_case(**material) -> dict:
    """Three periods, demand 8 t in 2026 only; O1 (5 t at 10/t) sells only in 2026 and
    O2 (10 t at 20/t) only in 2028; backorders at 50 per t and period late."""
    sheets = base_sheets()
    sheets["Periods"] = list(THREE)
    sheets["Materials"][0] |= {"backorder_cost": 50, **material}
    sheets["Offers"][0]["to_period"] = 2026
    sheets["Offers"][1]["from_period"] = 2028
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 8}]
    return sheets


def test_a_backorder_beats_lost_sales(make_workbook):
    """5 t served in 2026; the other 3 t wait two periods and are served from O2 in
    2028: 50 + 60 + 3 · 50 · 2 = 410 (losing them: 50 + 3,000 = 3,050)."""
    outcome = planner.solve(make_workbook(backorder_case()))
    assert outcome.summary["objective"] == pytest.approx(410)
    assert outcome.summary["cost_backorder"] == pytest.approx(300)
    assert outcome.summary["shortfall_t"] == pytest.approx(0)
    inventory = outcome.tables["Inventory"].set_index("period")
    assert inventory.backlog.tolist() == pytest.approx([3, 3, 0])
    assert inventory.served.tolist() == pytest.approx([5, 0, 3])
    assert inventory.shortfall.tolist() == pytest.approx([0, 0, 0])
    carried = inventory.backlog.shift(fill_value=0)
    assert (inventory.demand + carried - inventory.served - inventory.shortfall
            - inventory.backlog).abs().max() == pytest.approx(0, abs=1e-9)


def test_free_backorders_show_their_backlog(make_workbook):
    """backorder_cost 0: the 3 t wait for O2 at no cost, 50 + 60 = 110 (O1's 5 t
    are served at once: holding them costs 1/t per period), and the Inventory sheet
    still shows what waits (3 t at the end of 2026 and 2027)."""
    sheets = backorder_case(backorder_cost=0)
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(110)
    inventory = outcome.tables["Inventory"].set_index("period")
    assert inventory.backlog.tolist() == pytest.approx([3, 3, 0])
    assert inventory.served.tolist() == pytest.approx([5, 0, 3])


def test_max_backorder_periods_stops_a_longer_wait(make_workbook):
    """With max_backorder_periods 1 the 3 t may not wait until 2028: they are lost,
    50 + 3 · 1,000 = 3,050; with 2 the backorder of 410 is allowed again."""
    lost = planner.solve(make_workbook(backorder_case(max_backorder_periods=1)))
    assert lost.summary["objective"] == pytest.approx(3050)
    assert lost.summary["shortfall_t"] == pytest.approx(3)
    assert lost.tables["Inventory"].backlog.tolist() == pytest.approx([0, 0, 0])
    waited = planner.solve(make_workbook(backorder_case(max_backorder_periods=2), "two.xlsx"))
    assert waited.summary["objective"] == pytest.approx(410)


def test_a_backlog_left_at_the_end_of_the_horizon_is_lost(make_workbook):
    """Only O1 (5 t a year at 10/t), demand 8 and 12 t: 10 t go unserved whatever is
    backordered (serving 2026's 3 t in 2027 leaves 3 more of 2027's unserved, at 50
    more), and a backlog open at the end costs the shortfall cost: 100 + 10 · 1,000 =
    10,100, with no backorder (a free final backlog would cost 3,100)."""
    sheets = base_sheets()
    sheets["Offers"] = sheets["Offers"][:1]
    sheets["Materials"][0]["backorder_cost"] = 50
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(10100)
    assert outcome.summary["shortfall_t"] == pytest.approx(10)
    inventory = outcome.tables["Inventory"]
    assert inventory.shortfall.sum() == pytest.approx(10)
    assert inventory.backlog.iloc[-1] == pytest.approx(0)


def test_lead_qualification_and_backorders_re_solve_from_the_results(make_workbook,
                                                                    tmp_path):
    sheets = qualification_case(scenarios=True)
    sheets["Offers"][0]["lead_periods"] = 1
    sheets["Materials"][0]["backorder_cost"] = 50
    first = planner.solve(make_workbook(sheets))
    second = planner.solve(first.write(tmp_path / "results.xlsx"))
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    for name in ("Purchases", "Inventory", "Qualification"):
        assert second.tables[name].equals(first.tables[name]), name


def test_a_workbook_without_the_new_columns_builds_the_same_model(make_workbook):
    """Blank or zero lead, qualification and backorder columns change nothing: the same
    columns, rows, nonzeros and optimum as the workbook without them (300, the
    base case's hand-worked optimum: 5 + 3 t in 2026, 5 + 7 t in 2027)."""
    plain = base_sheets()
    plain["Stockpile"] = [{"material": "A", "target": 1, "holding_cost": 2}]
    neutral = base_sheets()
    neutral["Stockpile"] = plain["Stockpile"]
    for offer in neutral["Offers"]:
        offer |= {"lead_periods": 0, "qualification_periods": 0, "qualification_cost": 0}
    neutral["Materials"][0] |= {"backorder_cost": None, "max_backorder_periods": None}
    sizes = []
    for i, sheets in enumerate((plain, neutral)):
        m = build_model(planner.load(make_workbook(sheets, f"{i}.xlsx")).data)
        result = solve(m, SolveOptions())
        sizes.append((m.nvariables(), m.nconstraints(), result.objective))
    assert sizes[0] == sizes[1]
    assert sizes[0][2] == pytest.approx(300 + 20 + 2 * 2)  # 1 t more from O2, held 2 years


# ---- the cells of every new column ------------------------------------------------------
def test_a_qualification_cost_needs_qualification_periods(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][1]["qualification_cost"] = 30
    assert only_problem(make_workbook(sheets)).startswith(
        "Offers!F3: 'O2' has a qualification cost but no qualification_periods — enter")


def test_a_lead_time_past_the_horizon_is_refused(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["lead_periods"] = 2
    assert only_problem(make_workbook(sheets)) == (
        "Offers!F2: with lead_periods 2, nothing 'O1' supplies in its periods arrives "
        "before the horizon ends (2027) — shorten the lead time, open its window "
        "earlier, or add periods")


def test_a_qualification_longer_than_the_window_is_refused(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][1]["qualification_periods"] = 2
    assert only_problem(make_workbook(sheets)).startswith(
        "Offers!F3: a qualification of 2 period(s) started in 2026 leaves 'O2' no period")


def test_lead_periods_must_be_a_whole_number_of_periods(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["lead_periods"] = 1.5
    sheets["Processes"] = [{"process": "P", "supplier": "S1", "output": "A", "capacity": 1,
                            "cost": 1, "qualification_periods": -1}]
    found = problems(make_workbook(sheets))
    assert any(p.startswith("Offers!F2:") and "whole number" in p for p in found), found
    assert any(p.startswith("Processes!") and "qualification_periods" in p for p in found), \
        found


def test_max_backorder_periods_needs_a_backorder_cost(make_workbook):
    sheets = base_sheets()
    sheets["Materials"][0]["max_backorder_periods"] = 2
    assert only_problem(make_workbook(sheets)) == (
        "Materials!D2: 'A' limits backorders but has no backorder_cost — enter its "
        "backorder_cost (per t and period late), or clear max_backorder_periods")


def test_max_backorder_periods_is_at_least_one(make_workbook):
    sheets = base_sheets()
    sheets["Materials"][0] |= {"backorder_cost": 5, "max_backorder_periods": 0}
    assert only_problem(make_workbook(sheets)).startswith("Materials!E2:")


def test_backorders_on_a_traced_material_are_accepted(make_workbook):
    """A traced material may carry a backorder cost: its backlog follows its demand
    segments (tests/test_traced_backorders.py)."""
    sheets = base_sheets()
    sheets["Materials"][0]["backorder_cost"] = 5
    sheets["Offers"][0]["mined_in"] = "CN"
    sheets["Rules"] = [{"rule": "r", "kind": "traced_ban", "item": "A", "stage": "mining",
                        "country": "CN"}]
    data = planner.load(make_workbook(sheets)).data
    assert data.materials["A"].backorder_cost == 5


def test_a_qualified_process_needs_bounded_investments(make_workbook):
    sheets = base_sheets()
    sheets["Processes"] = [{"process": "P", "supplier": "S1", "output": "A", "capacity": 1,
                            "cost": 1, "qualification_periods": 1}]
    sheets["Investments"] = [{"investment": "I", "process": "P", "capacity": 1, "capex": 1}]
    assert only_problem(make_workbook(sheets)) == (
        "Processes!F2: qualifying 'P' bounds all it makes, built units included, but "
        "investment 'I' has no max_units — enter max_units for that investment, or clear "
        "the qualification")


def test_a_process_with_a_lead_time_consumes_when_it_runs_and_delivers_later(make_workbook):
    """A is recycled from scrap SC (1/t, fee 2/t) with a lead of one period; O1 (10/t,
    5 t) is the only other source. 2026: O1 5 t, 3 t unmet (3,000); the 12 t of 2027
    run in 2026 (scrap 12 and fees 24 paid then). 50 + 3,000 + 36 = 3,086 (60 without
    the lead: 20 t recycled at 3/t)."""
    sheets = add_recycling(base_sheets(), scrap_price=1, fee=2, scrap_per_t=1, capacity=100)
    sheets["Processes"][0]["lead_periods"] = 1
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(3086)
    run = outcome.tables["Processing"].set_index("period")
    assert run.quantity.to_dict() == pytest.approx({"2026": 12})
    assert run.arrival.to_dict() == {"2026": "2027"}
    inventory = outcome.tables["Inventory"].set_index(["material", "period"])
    assert inventory.loc[("SC", "2026"), "consumed"] == pytest.approx(12)
    assert inventory.loc[("A", "2027"), "acquired"] == pytest.approx(12)
