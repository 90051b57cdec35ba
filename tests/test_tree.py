"""Scenario trees: decisions shared per node, inheritance down the tree, the results.

The three-stage case (A: 10 t needed in 2028 only; CN sells at 10/t up to 10 t a
year, AU at 30/t without limit; holding costs 1/t per period of closing stock):

    (root) ─┬─ calm   0.5  branch 2027: nothing happens
            └─ alarm  0.5  branch 2027: CN's licences lapse, its capacity halves (5 t)
                 ├─ lapse 0.5  branch 2028: nothing more
                 └─ ban   0.5  branch 2028: CN is banned in 2028

Decisions: b1 (2026, all), b2 (2027, alarm's node: lapse and ban together, ≤ 5 t),
calm's 2027 purchase (0: it only adds holding). With T = b1 + b2 ≥ 5 in stock:

    calm  = 12 b1 + 10 (10 − b1)              = 100 + 2 b1
    lapse = 12 b1 + 11 b2 + 10 (10 − T)        = 100 + 2 b1 + b2   (CN 5 t in 2028)
    ban   = 12 b1 + 11 b2 + 30 (10 − T)        = 300 − 18 b1 − 19 b2
    E     = ½ calm + ¼ lapse + ¼ ban           = 150 − 3 b1 − 4.5 b2
    → b2 = 5, b1 = 5: 112.5 (calm 110, lapse 115, ban 115)

The same three leaves read as two-stage problems (each with its full events):
decision_period 2026 (2027 decided knowing the leaf): ban buys 5 in 2027, lapse
nothing, E = 127.5 − 3.25 b1 → b1 = 5: 111.25; decision_period 2027 (b2 shared, ≤ 5
because of the lapse): E = 150 − 3 b1 − 4 b2 → 115; decision_period 2028 (all shared,
no CN in 2028 anywhere): 300 − 18 b1 − 19 b2 → 115. The tree's 112.5 is none of them.
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner
from models import (
    Demand,
    Event,
    Material,
    ModelData,
    Offer,
    Period,
    Scenario,
    Stockpile,
    build_model,
    solve,
)
from models.input.tree import Node
from tests.conftest import base_sheets
from tests.test_properties import PROPERTY


def three_stage(**settings) -> dict:
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}, {"period": 2027}, {"period": 2028}]
    sheets["Offers"] = [
        {"offer": "CN", "supplier": "S1", "material": "A", "price": 10, "capacity": 10},
        {"offer": "AU", "supplier": "S2", "material": "A", "price": 30, "capacity": 100}]
    sheets["Demand"] = [{"material": "A", "period": 2028, "quantity": 10}]
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 1}]
    sheets["Scenarios"] = [
        {"scenario": "calm", "probability": 0.5, "branch_period": 2027},
        {"scenario": "alarm", "probability": 0.5, "branch_period": 2027},
        {"scenario": "lapse", "probability": 0.5, "parent": "alarm", "branch_period": 2028},
        {"scenario": "ban", "probability": 0.5, "parent": "alarm", "branch_period": 2028}]
    sheets["Events"] = [{"scenario": "alarm", "kind": "capacity", "country": "CN",
                         "value": 0.5, "from_period": 2027}]
    sheets["Rules"] = [{"rule": "embargo", "kind": "ban", "country": "CN",
                        "from_period": 2028, "scenario": "ban"}]
    sheets["Settings"] += [{"key": k, "value": v} for k, v in settings.items()]
    return sheets


def two_stage_reading(decision_period: int) -> dict:
    """The tree's three leaves as flat scenarios, each with the events it inherits."""
    sheets = three_stage(decision_period=decision_period)
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.5},
                           {"scenario": "lapse", "probability": 0.25},
                           {"scenario": "ban", "probability": 0.25}]
    sheets["Events"] = [{**sheets["Events"][0], "scenario": s} for s in ("lapse", "ban")]
    return sheets


def purchases(outcome) -> dict[tuple[str, str], float]:
    frame = outcome.tables["Purchases"]
    return {(r.scenario, r.period): r.quantity for r in frame.itertuples()}


def test_a_three_stage_tree_decides_per_node(make_workbook):
    outcome = planner.solve(make_workbook(three_stage()))
    assert outcome.summary["objective"] == pytest.approx(112.5)
    assert purchases(outcome) == pytest.approx({
        ("calm", "2026"): 5, ("calm", "2028"): 5, ("lapse", "2026"): 5,
        ("lapse", "2027"): 5, ("ban", "2026"): 5, ("ban", "2027"): 5})
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")
    assert costs["probability"].to_dict() == pytest.approx({"calm": 0.5, "lapse": 0.25,
                                                            "ban": 0.25})
    assert costs["cost"].to_dict() == pytest.approx({"calm": 110, "lapse": 115, "ban": 115})
    nodes = outcome.tables["NodeDecisions"]
    assert [(r.node, r.period, r.scenarios, r.probability, r.quantity)
            for r in nodes.itertuples()] == [
        ("(root)", "2026", "calm, lapse, ban", 1.0, 5.0),
        ("alarm", "2027", "lapse, ban", 0.5, 5.0),
        ("calm", "2028", "calm", 0.5, 5.0)]


@pytest.mark.parametrize(("decision_period", "objective"),
                         [(2026, 111.25), (2027, 115), (2028, 115)])
def test_every_two_stage_reading_has_another_optimum(make_workbook, decision_period,
                                                     objective):
    sheets = two_stage_reading(decision_period)
    outcome = planner.solve(make_workbook(sheets), with_second_pass=False)
    assert outcome.summary["objective"] == pytest.approx(objective)
    assert objective != pytest.approx(112.5)


def test_a_rule_of_an_interior_scenario_holds_in_every_leaf_below_it(make_workbook):
    """The lapse as a licence of 0.5 on CN imposed by `alarm` instead of an event: the
    same capacity in lapse and ban, so the same optimum, 112.5. The rule report lists
    it for both leaves (and never for calm)."""
    sheets = three_stage()
    del sheets["Events"]
    sheets["Rules"].append({"rule": "lapse", "kind": "licence", "country": "CN",
                            "value": 0.5, "from_period": 2027, "scenario": "alarm"})
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(112.5)
    report = outcome.tables["RuleReport"]
    assert sorted(set(report[report.rule == "lapse"].scenario)) == ["ban", "lapse"]


def test_the_results_workbook_shows_the_tree(make_workbook, tmp_path):
    outcome = planner.solve(make_workbook(three_stage()))
    path = outcome.write(tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Scenarios"].values)
    header = [h.split(" (")[0] for h in rows[0]]  # headers carry their units
    table = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert table["ban"]["path_probability"] == pytest.approx(0.25)
    assert table["alarm"]["role"] == "interior"
    assert table["alarm"]["leaves_below"] == "lapse, ban"
    assert table["lapse"]["cost"] == pytest.approx(115)
    assert "NodeDecisions" in book.sheetnames
    assert "scenario_tree" in outcome.summary
    again = planner.solve(path)  # the results workbook solves again, to the same plan
    assert again.summary["objective"] == pytest.approx(112.5)


def test_root_scenarios_branch_in_the_second_period_by_default(make_workbook):
    """calm and alarm without branch_period branch in 2027, as above: 112.5."""
    sheets = three_stage()
    for row in sheets["Scenarios"][:2]:
        del row["branch_period"]
    assert planner.solve(make_workbook(sheets)).summary["objective"] == pytest.approx(112.5)


def test_tree_mistakes_are_named_by_cell(make_workbook):
    sheets = three_stage(decision_period=2027)
    sheets["Scenarios"] = [
        {"scenario": "calm", "probability": 0.6},
        {"scenario": "alarm", "probability": 0.3},
        {"scenario": "lapse", "probability": 0.5, "parent": "alarm", "branch_period": 2026},
        {"scenario": "ban", "probability": 0.5, "parent": "alarm"},
        {"scenario": "e", "probability": 1, "parent": "f", "branch_period": 2027},
        {"scenario": "f", "probability": 1, "parent": "e", "branch_period": 2027},
        {"scenario": "g", "probability": 1, "parent": "nowhere", "branch_period": 2027}]
    with pytest.raises(planner.InputError) as caught:
        planner.load(make_workbook(sheets))
    assert [str(p) for p in caught.value.problems] == [
        "Settings!B3: decision_period is for two-stage scenarios, but Scenarios holds a "
        "tree (parent, branch_period) — clear decision_period: each scenario's "
        "branch_period says when it differs from its parent",
        "Scenarios!B3: the probabilities of the scenarios without a parent add up to 0.9, "
        "not 1 — they are the first branches of the tree; adjust them so that they sum to 1",
        "Scenarios!D4: branch_period 2026 comes before 2027, when its parent 'alarm' "
        "branches — a scenario cannot differ from its parent before the parent differs; "
        "choose 2027 or later",
        "Scenarios!D5: scenario 'ban' has a parent but no branch_period — enter the first "
        "period in which it differs from 'alarm'",
        "Scenarios!C6: scenario 'e' is its own ancestor (e → f → e) — a scenario tree has "
        "no cycles: clear or correct the parent of one of them",
        "Scenarios!C8: parent 'nowhere' is not declared in Scenarios — declare it there "
        "or correct the id"]


def test_probabilities_are_checked_per_node(make_workbook):
    sheets = three_stage()
    sheets["Scenarios"][3]["probability"] = 0.4
    with pytest.raises(planner.InputError) as caught:
        planner.load(make_workbook(sheets))
    assert [str(p) for p in caught.value.problems] == [
        "Scenarios!B5: the probabilities of the scenarios branching from 'alarm' add up to "
        "0.9, not 1 — they are conditional on 'alarm'; adjust them so that they sum to 1"]


# -- a workbook without a tree keeps its model -----------------------------------------

PERIODS = ("p1", "p2", "p3")


@st.composite
def two_stage_instances(draw) -> ModelData:
    """Two or three scenarios that scale capacities and demand, a random decision period."""
    periods = PERIODS[:draw(st.integers(2, 3))]
    offers = tuple(
        Offer(f"o{i}", f"s{i}", "A", draw(st.integers(1, 50)), draw(st.integers(0, 20)),
              periods, draw(st.sampled_from(["AU", "CN"]))) for i in range(draw(st.integers(1, 3))))
    demand = {("A", t): Demand("A", t, draw(st.integers(0, 30))) for t in periods}
    count = draw(st.integers(2, 3))
    weights = [draw(st.integers(1, 5)) for _ in range(count)]
    scenarios = tuple(Scenario(f"s{i}", w / sum(weights)) for i, w in enumerate(weights))
    events = tuple(
        Event(s.id, draw(st.sampled_from(["capacity", "demand"])),
              periods[draw(st.integers(0, len(periods) - 1)):],
              country=None, value=draw(st.sampled_from([0.0, 0.5, 1.5])))
        for s in scenarios if draw(st.booleans()))
    return ModelData(
        periods=tuple(Period(t) for t in periods), materials={"A": Material("A", "magnet", 80)},
        offers=offers, demand=demand, stockpiles={"A": Stockpile("A", holding_cost=1)},
        scenarios=scenarios, events=events,
        decision_period=draw(st.sampled_from(periods[:-1])))


def as_tree(data: ModelData) -> ModelData:
    """The same scenarios as root children branching after the decision period."""
    branch = data.period_ids[data.period_ids.index(data.decision_period) + 1]
    tree = tuple(Node(s.id, s.probability, None, branch) for s in data.scenarios)
    return dataclasses.replace(data, tree=tree, decision_period=None)


@PROPERTY
@given(two_stage_instances())
def test_a_flat_tree_is_the_two_stage_model(data):
    flat, tree = build_model(data), build_model(as_tree(data))
    for name in ("same_x", "same_y", "same_w", "same_n"):
        assert len(getattr(flat, name)) == len(getattr(tree, name))
    assert (flat.nvariables(), flat.nconstraints()) == (tree.nvariables(), tree.nconstraints())
    assert solve(flat).objective == pytest.approx(solve(tree).objective, rel=1e-9, abs=1e-9)
