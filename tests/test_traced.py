"""Traced provenance: bans that follow material through processing and stock.

The hand-worked case: oxide A is made by a toll separator in Malaysia from
concentrate C (2 t of C per t of A, fee 5/t), mined in Myanmar (1/t) or Australia
(3/t). Demand is 10 t of A in each of 2026 and 2027, so a t of A costs
2·1 + 5 = 7 from Myanmar concentrate and 2·3 + 5 = 11 from Australian.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from models import Rule, SolveOptions, build_model, solve
from models import build as build_module
from models.solving.matrix import compile_model
from tests.conftest import Sheets, write_workbook

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)


def tolled(*rules: dict, content: bool = False, initial: float = 0.0) -> Sheets:
    sheets: Sheets = {
        "Periods": [{"period": 2026}, {"period": 2027}],
        "Countries": [{"country": c} for c in ("AU", "MM", "MY", "CN")],
        "Materials": [{"material": "C", "stage": "mining"},
                      {"material": "A", "stage": "separation", "shortfall_cost": 1000}],
        "Suppliers": [{"supplier": "mm", "country": "MM"}, {"supplier": "au", "country": "AU"},
                      {"supplier": "toll", "country": "MY"}],
        "Offers": [
            {"offer": "C_MM", "supplier": "mm", "material": "C", "price": 1, "capacity": 100},
            {"offer": "C_AU", "supplier": "au", "material": "C", "price": 3, "capacity": 100}],
        "Processes": [{"process": "sep", "supplier": "toll", "output": "A", "capacity": 100,
                       "cost": 5}],
        "ProcessInputs": [{"process": "sep", "material": "C", "quantity": 2}],
        "Demand": [{"material": "A", "period": 2026, "quantity": 10},
                   {"material": "A", "period": 2027, "quantity": 10}],
    }
    if content:  # both carry Dy: an element rule follows the Dy content
        sheets["Content"] = [{"material": "C", "element": "Dy", "fraction": 0.005},
                             {"material": "A", "element": "Dy", "fraction": 0.01}]
    if initial:
        sheets["Stockpile"] = [{"material": "A", "initial": initial}]
    if rules:
        sheets["Rules"] = [{"rule": f"r{i}", **r} for i, r in enumerate(rules)]
    return sheets


MINED_IN_MM = {"item": "A", "stage": "mining", "country": "MM"}


def solved(tmp_path, sheets: Sheets):
    outcome = planner.solve(write_workbook(tmp_path / "in.xlsx", sheets), OPTIONS)
    assert outcome.result.status.has_plan
    return outcome


def test_an_untraced_ban_does_not_see_the_concentrate_behind_a_tolled_oxide(tmp_path):
    """The ban looks at the oxide's own stages (separation in MY): 20 t × 7 = 140."""
    outcome = solved(tmp_path, tolled({"kind": "ban", **MINED_IN_MM}))
    assert outcome.result.objective == pytest.approx(140)


@pytest.mark.parametrize("rule", [{"kind": "traced_ban", **MINED_IN_MM},
                                  {"kind": "traced_ban", "item": "Dy", "stage": "mining",
                                   "country": "MM"}])
def test_a_traced_ban_removes_oxide_tolled_from_a_banned_countrys_concentrate(tmp_path, rule):
    """Traced, the oxide made from Myanmar concentrate is banned (by the oxide, or by
    the Dy it contains): all 20 t come from Australian concentrate, 20 × 11 = 220."""
    outcome = solved(tmp_path, tolled(rule, content=True))
    assert outcome.result.objective == pytest.approx(220)
    bought = outcome.plan.purchases
    assert bought.get(("base", "C_MM", "2026"), 0) == 0 and bought["base", "C_AU", "2027"] == 20
    if rule["item"] == "Dy":  # the concentrate contains Dy: the ban removes the offer
        excluded = outcome.tables["Excluded"]
        assert set(excluded["offer_or_process"]) == {"C_MM"}
        assert excluded["reason"].str.startswith("banned by its traced history").all()


def test_stock_bought_before_a_traced_ban_keeps_its_history(tmp_path):
    """From 2027, a plain ban on Myanmar concentrate is met by stocking up in 2026:
    40 t of C_MM bought, 10 t of A (or the 20 t of C it takes) held into 2027:
    20 × 7 = 140. A traced ban from
    2027 also bars the oxide made in 2026 from that concentrate once the ban holds,
    so 2027 is served from Australian concentrate: 10 × 7 + 10 × 11 = 180, and
    nothing is worth stocking."""
    plain = solved(tmp_path, tolled({"kind": "ban", "item": "C", "stage": "mining",
                                     "country": "MM", "from_period": 2027}))
    assert plain.result.objective == pytest.approx(140)
    held = plain.plan.inventory
    assert held["base", "A", "2026"] + held["base", "C", "2026"] / 2 == pytest.approx(10)
    traced = solved(tmp_path, tolled({"kind": "traced_ban", **MINED_IN_MM,
                                      "from_period": 2027}))
    assert traced.result.objective == pytest.approx(180)
    assert traced.plan.purchases["base", "C_AU", "2027"] == pytest.approx(20)


def test_marked_stock_may_be_held_but_not_served(tmp_path):
    """With a target of 5 t of A at the end of every period, the 5 t made in 2026
    from Myanmar concentrate stay as 2027's target stock (held, never served) and
    2027 is served from Australia: 15 × 7 + 10 × 11 = 215. The ban binds in 2027 on
    the 5 t it keeps from use."""
    sheets = tolled({"kind": "traced_ban", **MINED_IN_MM, "from_period": 2027})
    sheets["Stockpile"] = [{"material": "A", "target": 5}]
    outcome = solved(tmp_path, sheets)
    assert outcome.result.objective == pytest.approx(215)
    report = outcome.tables["RuleReport"]
    held = report[(report["rule"] == "r0") & (report["period"] == "2027")]
    assert held["binding"].tolist() == [True]


def test_the_summary_counts_the_classes_of_traced_materials(tmp_path):
    """A is made from Myanmar or Australian concentrate: 2 classes; C (upstream of A)
    too; an untraced workbook has none."""
    summary = solved(tmp_path, tolled({"kind": "traced_ban", **MINED_IN_MM,
                                       "from_period": 2027})).summary
    assert summary["traced_classes"] == "A 2, C 2"
    assert solved(tmp_path, tolled()).summary.get("traced_classes") is None


def test_initial_stock_has_an_unknown_history(tmp_path):
    """5 t of initial oxide (UNK at every stage) pass a ban on Myanmar mining: only
    15 t are made, from Australia: 15 × 11 = 165."""
    outcome = solved(tmp_path, tolled({"kind": "traced_ban", **MINED_IN_MM}, initial=5))
    assert outcome.result.objective == pytest.approx(165)


def test_a_soft_traced_ban_prices_every_matched_t(tmp_path):
    """At 3 per matched t: oxide from Myanmar concentrate costs 7 + 3 (made) + 3
    (served) = 13 > 11, so the plan keeps to Australia (220); at 1 per t it costs
    9 < 11 and the plan pays the penalty: 20 × 9 = 180, violation 40 t."""
    dear = solved(tmp_path, tolled({"kind": "traced_ban", **MINED_IN_MM, "penalty": 3}))
    assert dear.result.objective == pytest.approx(220)
    cheap = solved(tmp_path, tolled({"kind": "traced_ban", **MINED_IN_MM, "penalty": 1}))
    assert cheap.result.objective == pytest.approx(180)
    assert cheap.tables["RuleReport"]["violation"].sum() == pytest.approx(40)


def _model_without_tracing(monkeypatch, data):
    """The model with the traced families taken out of the build."""
    monkeypatch.setattr(build_module.traced, "add_traced_flows", _empty_flows)
    monkeypatch.setattr(build_module.traced, "record_traced_bans", lambda m: None)
    monkeypatch.setattr(build_module.traced_licences, "add_traced_licences", lambda m: None)
    monkeypatch.setattr(build_module.traced_tally, "add_traced_tally", lambda m: None)
    return build_model(data)


def _empty_flows(m):
    import pyomo.environ as pyo
    for name, dim in (("IC", 4), ("YC", 4), ("CC", 6), ("SV", 4)):
        setattr(m, name, pyo.Set(initialize=[], dimen=dim))


def size(m) -> tuple[int, int, int]:
    matrix = compile_model(m)
    return len(matrix.columns), len(matrix.rows), matrix.nonzeros


def test_without_traced_rules_the_model_and_optimum_are_unchanged(tmp_path, monkeypatch):
    """An untraced workbook has no class flow: the same columns, rows, nonzeros and
    optimum as a model built without the traced families."""
    data = planner.load(write_workbook(tmp_path / "in.xlsx", tolled(
        {"kind": "ban", **MINED_IN_MM}, content=True, initial=2))).data
    with_tracing = build_model(data)
    assert (len(with_tracing.IC), len(with_tracing.YC), len(with_tracing.CC),
            len(with_tracing.SV)) == (0, 0, 0, 0)
    first = solve(with_tracing, OPTIONS).objective
    without = _model_without_tracing(monkeypatch, data)
    assert size(with_tracing) == size(without)
    assert first == pytest.approx(solve(without, OPTIONS).objective)


@pytest.fixture(scope="module")
def chain_data(tmp_path_factory):
    path = write_workbook(tmp_path_factory.mktemp("traced") / "in.xlsx",
                          tolled(content=True, initial=3))
    data = planner.load(path).data
    return data, solve(build_model(data), OPTIONS).objective


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(item=st.sampled_from([None, "A", "C", "Dy"]),
       stage=st.sampled_from([None, "mining", "separation", "owner"]),
       country=st.sampled_from([None, "AU", "MM", "MY", "UNK"]),
       start=st.sampled_from(["2026", "2027"]), penalty=st.sampled_from([None, 0.5, 50]))
def test_a_traced_rule_never_lowers_the_optimum(chain_data, item, stage, country, start,
                                               penalty):
    data, base = chain_data
    periods = data.period_ids[data.period_ids.index(start):]
    rule = Rule("traced", "traced_ban", item=item, stage=stage,
                        countries=frozenset({country}) if country else None,
                        periods=periods, penalty=penalty)
    result = solve(build_model(dataclasses.replace(data, rules=(rule,))), OPTIONS)
    assert result.objective >= base - 1e-6


def two_scenarios() -> Sheets:
    """The tolled case with a traced ban from 2027 in one of two scenarios (2026 is
    decided before the scenario is known)."""
    sheets = tolled({"kind": "traced_ban", **MINED_IN_MM, "from_period": 2027,
                     "scenario": "ban"},
                    {"kind": "traced_ban", "item": "Dy", "country": "CN", "penalty": 2},
                    content=True, initial=1)
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.6},
                           {"scenario": "ban", "probability": 0.4}]
    sheets["Stockpile"] = [{"material": "A", "initial": 1, "target": 3}]
    return sheets


def test_the_class_split_of_a_shared_decision_is_shared(tmp_path):
    """Which concentrate a 2026 run consumes is decided before the scenario is known,
    like the run itself."""
    outcome = solved(tmp_path, two_scenarios())
    m = outcome.model
    values = dict(zip(m.cc.keys(), outcome.result.solution.values(m.cc).tolist(),
                      strict=True))
    firsts = {k[1:]: v for k, v in values.items() if k[0] == "calm" and k[-1] == "2026"}
    assert firsts and all(values["ban", *k] == pytest.approx(v) for k, v in firsts.items())


def test_explain_names_the_traced_ban_that_freezes_stock(tmp_path):
    """Initial oxide has an unknown history; a traced ban on unknown mining makes it
    unusable, and a stock max of 2 t cannot be met (stock is never discarded)."""
    sheets = tolled({"kind": "traced_ban", "item": "A", "stage": "mining", "country": "UNK"})
    sheets["Stockpile"] = [{"material": "A", "initial": 5, "max": 2}]
    status, lines = planner.explain(write_workbook(tmp_path / "in.xlsx", sheets))
    assert status.name == "INFEASIBLE"
    text = "\n".join(lines)
    assert "demand of A in 2026 is served from lots of the traced classes allowed there, " \
           "or unmet; lots matching r0 are barred" in text
    assert "Rules!A2" in text and "Stockpile!C2" in text


def test_every_row_of_a_traced_model_has_an_origin(tmp_path):
    import pyomo.environ as pyo

    from models.readback.origins import DESCRIBERS

    model = build_model(planner.load(write_workbook(tmp_path / "in.xlsx",
                                                    two_scenarios())).data)
    names = {c.local_name for c in model.component_objects(pyo.Constraint, active=True)
             if len(c)}
    assert {"class_balance", "run_split", "input_split", "served_split"} <= names
    assert names <= set(DESCRIBERS), names - set(DESCRIBERS)


def test_a_traced_licence_limits_runs_fed_with_matched_material(tmp_path):
    """Half of a 12 t/period separation's output may be oxide from Myanmar concentrate:
    per period 6 × 7 + 4 × 11 = 86, 172 in all."""
    sheets = tolled({"kind": "traced_licence", **MINED_IN_MM, "value": 0.5})
    sheets["Processes"][0]["capacity"] = 12
    outcome = solved(tmp_path, sheets)
    assert outcome.result.objective == pytest.approx(172)
    report = outcome.tables["RuleReport"]
    assert report[report["rule"] == "r0"]["binding"].all()


def test_a_traced_licence_on_an_element_licenses_the_offer_that_carries_it(tmp_path):
    """Myanmar concentrate contains Dy mined in Myanmar: a tenth of its 100 t may be
    bought, 10 t of C, 5 t of A per period: 2 × (5 × 7 + 5 × 11) = 180."""
    outcome = solved(tmp_path, tolled({"kind": "traced_licence", "item": "Dy",
                                       "stage": "mining", "country": "MM", "value": 0.1},
                                      content=True))
    assert outcome.result.objective == pytest.approx(180)


def test_the_provenance_sheet_lists_classes_delivered_and_held(tmp_path):
    """The stock case: 15 t made from Myanmar concentrate in 2026, 10 delivered and 5
    held (marked r0), and 2027 served from clean lots while the 5 t stay held."""
    sheets = tolled({"kind": "traced_ban", **MINED_IN_MM, "from_period": 2027})
    sheets["Stockpile"] = [{"material": "A", "target": 5}]
    table = solved(tmp_path, sheets).tables["Provenance"]
    rows = {(r.period, r.segment if isinstance(r.segment, str) else None, r["class"]):
            (r.delivered, r.held) for _, r in table.iterrows()}
    assert rows[("2026", "general", "r0")][0] == pytest.approx(10)
    assert rows[("2026", None, "r0")][1] == pytest.approx(5)
    assert rows[("2027", "general", "clean")][0] == pytest.approx(10)
    assert rows[("2027", None, "r0")][1] == pytest.approx(5)
    history = table[table["class"] == "r0"]["history"].iloc[0]
    assert history == "r0: A with mining in MM"
