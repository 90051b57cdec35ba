"""The fast path is the model: the compiled arrays are what Pyomo itself reads from
the model, and every warm re-solve gives what a model built for the variant gives.

Cases: the tiny workbooks of the other tests (rules of every kind, recycling with
investments, two-stage scenarios with CVaR, events, a model with everything), small
generated workbooks (LP and MILP), the shipped dataset's base case (LP) and, for the
compiled arrays, the shipped dataset itself (a six-scenario MILP with traced rules).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import planner
from models import ModelData, SolveOptions, build_model, extract_plan, solve
from models.families.stochastic import (
    expected_value_problem,
    fix_here_and_now,
    here_and_now,
    scenario_data,
)
from models.input.data import TRACED_KINDS, TRADE_KINDS
from models.readback.figures import plan_figures
from models.solving.lexicographic import second_pass
from models.solving.points import apply_data
from models.solving.solver import SolverModel
from models.solving.variants import SITE_RULE, Warm, fix_first_stage, lift_rule, scenario_alone
from planner.datasets import dataset
from planner.datasets.rare_earths import build_tables
from planner.workbook.excel import write_tables
from planner.workbook.generate import generate_tables
from tests.conftest import write_workbook
from tests.reference import assert_same_arrays, reference_matrix
from tests.test_coproducts import separation
from tests.test_explain import rich_case
from tests.test_groups import commerce_case
from tests.test_integer import recycling_case
from tests.test_rules import case as rules_case
from tests.test_scenarios import events_case, two_stage
from tests.test_second_pass import farmer
from tests.test_segments import magnets
from tests.test_sites import everything_at_sites
from tests.test_sites_commerce import sites_commerce
from tests.test_threshold import ON_DY_FOR_DEFENCE, blended
from tests.test_timing import qualification_case
from tests.test_traced import tolled
from tests.test_traced import two_scenarios as traced_case
from tests.test_traced_backorders import backorders_everywhere, segments_waiting
from tests.test_traced_sites import traced_at_sites
from tests.test_tree import three_stage

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)


def every_rule() -> dict:
    """Rules of every kind on the two-offer case, hard and soft."""
    sheets = rules_case([
        {"rule": "ban_cn", "kind": "ban", "country": "CN", "penalty": 3},
        {"rule": "licence", "kind": "licence", "country": "CN", "value": 0.8},
        {"rule": "soft_licence", "kind": "licence", "country": "CN", "value": 0.6,
         "penalty": 1},
        {"rule": "tariff", "kind": "tariff", "country": "CN", "value": 0.5},
        {"rule": "cap", "kind": "max_share", "value": 0.7, "penalty": 40},
        {"rule": "floor", "kind": "min_share", "country": "AU", "value": 0.2},
        {"rule": "owners", "kind": "max_group_share", "country": "CN", "stage": "owner",
         "value": 0.9},
        {"rule": "one_supplier", "kind": "max_supplier_share", "value": 0.8},
        {"rule": "recycled", "kind": "min_recycled_share", "value": 0.1, "penalty": 5},
        {"rule": "hard_ban", "kind": "ban", "supplier": "S2", "country": "AU",
         "stage": "owner", "to_period": 2026},
    ])
    sheets["Suppliers"].append({"supplier": "S3", "country": "AU"})
    sheets["Offers"].append({"offer": "O3", "supplier": "S3", "material": "A", "price": 25,
                             "capacity": 100, "recycled": True})
    return sheets


def coproducts() -> dict:
    """A separation with a by-product that is sold, stocked, discarded and, for a
    defence demand, traced."""
    sheets = separation(disposal=2, stock_max=10, sales=[
        {"sale": "La_buyer", "material": "B", "price": 1.5, "capacity": 20}])
    sheets["Materials"][2]["shortfall_cost"] = 100
    sheets["Demand"].append({"material": "B", "period": 2027, "quantity": 5,
                             "segment": "defence"})
    sheets["Rules"] = [{"rule": "r", "kind": "traced_ban", "item": "B", "stage": "mining",
                        "country": "AU", "segment": "defence"}]
    return sheets


def rich() -> dict:
    """The explanation tests' rich model, its cap made soft so that it has a plan."""
    sheets = rich_case()
    next(r for r in sheets["Rules"] if r["rule"] == "cap")["penalty"] = 100
    return sheets


def contracts() -> dict:
    """Take-or-pay with a term, a contract cost with a term, order costs and a soft
    max_suppliers rule, in two stages where a soft ban may fall on CN."""
    sheets = two_stage()
    sheets["Periods"].append({"period": 2028})
    sheets["Demand"].append({"material": "A", "period": 2028, "quantity": 12})
    sheets["Rules"][0]["penalty"] = 15
    sheets["Rules"].append({"rule": "few", "kind": "max_suppliers", "value": 1,
                            "penalty": 4})
    sheets["Suppliers"].append({"supplier": "S3", "country": "AU"})
    sheets["Offers"][0].update(min_take=4, term_periods=2)
    sheets["Offers"][1].update(order_cost=15)
    sheets["Offers"].append({"offer": "O3", "supplier": "S3", "material": "A", "price": 22,
                             "capacity": 6, "contract_cost": 20, "term_periods": 1})
    return sheets


def yearly_rates() -> dict:
    """The backorder case on a horizon of half years with rates per year: capacities,
    min_take, holding and backorder costs scaled by the period's length."""
    sheets = timed_two_stages()
    sheets["Periods"] = [dict(p, years=0.5) for p in sheets["Periods"]]
    sheets["Settings"].append({"key": "rates_per_year", "value": True})
    sheets["Offers"][1]["min_take"] = 6
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 3}]
    return sheets


def timed_two_stages() -> dict:
    """Lead times, qualification (of an offer and of a recycling process) and
    backorders in two stages."""
    sheets = qualification_case(scenarios=True)
    sheets["Offers"][0]["lead_periods"] = 1
    sheets["Materials"][0] |= {"backorder_cost": 50, "max_backorder_periods": 1}
    sheets["Materials"].append({"material": "SC", "stage": "scrap"})
    sheets["Offers"].append({"offer": "scrap", "supplier": "S2", "material": "SC",
                             "price": 1, "capacity": 100})
    sheets["Processes"] = [{"process": "recycle", "supplier": "S2", "output": "A",
                            "capacity": 2, "cost": 4, "lead_periods": 1,
                            "qualification_periods": 1, "qualification_cost": 3}]
    sheets["ProcessInputs"] = [{"process": "recycle", "material": "SC", "quantity": 1.2}]
    return sheets


def timed_tree() -> dict:
    """The three-stage tree with a lead time on CN, a qualification of AU that may
    start in the root or in a node of 2027, and backorders."""
    sheets = three_stage()
    sheets["Offers"][0] |= {"lead_periods": 1, "capacity": 5}
    sheets["Offers"][1] |= {"qualification_periods": 1, "qualification_cost": 5}
    sheets["Materials"][0]["backorder_cost"] = 3
    sheets["Demand"].append({"material": "A", "period": 2027, "quantity": 4})
    return sheets


CASES = {
    "every rule": every_rule,
    "recycling with investments (MILP)": recycling_case,
    "two stages with CVaR": lambda: two_stage(risk_measure="cvar", cvar_weight=0.5),
    "events": lambda: events_case({"kind": "capacity", "country": "CN", "value": 0.5},
                                  {"kind": "price", "country": "AU", "value": 1.2}),
    "everything (MILP)": rich,
    "three-stage tree": three_stage,
    "worst case": lambda: two_stage(risk_measure="worst"),
    "farmer with full CVaR weight": lambda: farmer(risk_measure="cvar", cvar_weight=1,
                                                   cvar_alpha=2 / 3),
    "traced bans in two stages": traced_case,
    "a defence segment": lambda: magnets({"kind": "traced_ban", "group": "covered",
                                          "item": "G", "segment": "defence"},
                                         {"kind": "traced_ban", "item": "G", "country": "CN",
                                          "stage": "separation", "penalty": 3}),
    "a de-minimis threshold": lambda: blended(0.0009, rule=ON_DY_FOR_DEFENCE),
    "traced licences": lambda: tolled(
        {"kind": "traced_licence", "item": "A", "stage": "mining", "country": "MM",
         "value": 0.5},
        {"kind": "traced_licence", "item": "Dy", "stage": "mining", "country": "MM",
         "value": 0.3, "penalty": 2}, content=True),
    "co-products, disposal and sales": coproducts,
    "three-stage tree with a traced ban": lambda: {**three_stage(), "Rules": [
        {"rule": "traced_embargo", "kind": "traced_ban", "country": "CN", "item": "A",
         "from_period": 2028, "scenario": "alarm"}]},
    "traced share rules": lambda: tolled(
        {"kind": "max_share", "item": "A", "stage": "mining", "country": "MM", "value": 0.5,
         "trace": True, "from_period": 2027},
        {"kind": "min_share", "item": "Dy", "stage": "mining", "country": "AU", "value": 0.6,
         "trace": True, "penalty": 2},
        {"kind": "max_group_share", "item": "Dy", "country": "MM", "value": 0.8,
         "trace": True}, content=True, initial=4),
    "contracts and order costs in two stages (MILP)": contracts,
    "a licensed defence segment": lambda: magnets(
        {"kind": "traced_licence", "group": "covered", "item": "G", "value": 0.25,
         "segment": "defence"}),
    "indexed prices, capacity groups and minimum runs (MILP)": commerce_case,
    "lead times, qualification and backorders in two stages": timed_two_stages,
    "lead times, qualification and backorders on a three-stage tree": timed_tree,
    "rates per year on half years, with take-or-pay and backorders (MILP)": yearly_rates,
    "two sites with lanes and site rules": everything_at_sites,
    "sites with backorders, leads, take-or-pay and a site supplier cap in two stages "
    "(MILP)": sites_commerce,
    "traced rules at two sites with a lane lead": traced_at_sites,
    "backorders on traced segments at two sites in two scenarios": backorders_everywhere,
    "backorders on traced segments under a ban and a licence": segments_waiting,
}
GENERATED = {
    "generated LP": {"elements": 4, "suppliers": 14, "periods": 4, "scenarios": 2, "seed": 3},
    "generated MILP": {"elements": 3, "suppliers": 10, "periods": 3, "scenarios": 1,
                       "seed": 5, "integer": True},
}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fast")
    paths = {name: write_workbook(folder / f"{i}.xlsx", make())
             for i, (name, make) in enumerate(CASES.items())}
    for name, sizes in GENERATED.items():
        paths[name] = folder / f"{name.replace(' ', '-')}.xlsx"
        write_tables(paths[name], generate_tables(**sizes))
    paths["shipped base case"] = folder / "base-case.xlsx"
    write_tables(paths["shipped base case"], build_tables(base_case=True))
    return paths


@pytest.fixture(scope="module")
def loaded(workbooks) -> dict[str, ModelData]:
    return {name: planner.load(path).data for name, path in workbooks.items()}


@pytest.mark.parametrize("name", [*CASES, *GENERATED, "shipped base case"])
def test_the_arrays_handed_to_highs_are_the_pyomo_model(loaded, name):
    """Same columns, rows, nonzeros, coefficients, bounds and costs as Pyomo's own
    standard representation of every row; and the same objective when HiGHS solves
    those reference arrays."""
    m = build_model(loaded[name])
    assert_same_arrays(m)
    fast = solve(m, OPTIONS)
    reference = SolverModel(m, OPTIONS, matrix=reference_matrix(m)).run()
    assert fast.status is reference.status
    if reference.objective is not None:
        assert fast.objective == pytest.approx(reference.objective, rel=1e-9)


def test_the_arrays_of_the_shipped_dataset_are_the_pyomo_model():
    assert_same_arrays(build_model(planner.load(dataset()).data))


def same(warm_result, fresh_result) -> None:
    assert not isinstance(warm_result, str), warm_result
    assert warm_result.status is fresh_result.status
    if fresh_result.objective is not None:
        assert warm_result.objective == pytest.approx(fresh_result.objective, rel=1e-7,
                                                      abs=1e-6)


def each_lift_is_a_fresh_build(warm: Warm, data: ModelData) -> None:
    """Each rule lifted warm gives what a model built without it gives (a traced rule
    is refused: the caller builds the model without it)."""
    for rule in data.rules:
        lifted = warm.solve(lift_rule, rule.id, start_from_base=True)
        if rule.kind in TRACED_KINDS or rule.trace:
            assert lifted == "a traced rule decides which class flows exist"
            continue
        if rule.site is not None and rule.kind in TRADE_KINDS and rule.penalty is None:
            assert lifted == SITE_RULE
            continue
        relaxed = dataclasses.replace(data, rules=tuple(r for r in data.rules if r.id != rule.id))
        same(lifted, solve(build_model(relaxed), OPTIONS))


@pytest.mark.parametrize("name", [*CASES, *GENERATED, "shipped base case"])
def test_lifting_each_rule_warm_equals_a_model_built_without_it(loaded, name):
    data = loaded[name]
    warm = Warm(data, OPTIONS, keep_banned=True)
    each_lift_is_a_fresh_build(warm, data)


@pytest.mark.parametrize("name", [
    n for n in [*CASES, *GENERATED] if "stage" in n or "everything" in n or "worst" in n
    or n == "generated LP"])
def test_scenarios_alone_and_a_fixed_first_stage_warm_equal_fresh_builds(loaded, name):
    data = loaded[name]
    warm = Warm(data, OPTIONS)
    for scenario in data.scenarios:
        same(warm.solve(scenario_alone, scenario.id, start_from_base=True),
             solve(build_model(scenario_data(data, scenario.id)), OPTIONS))
    ev_data, ev_terms = expected_value_problem(data)
    ev = build_model(ev_data, ev_terms)
    assert solve(ev, OPTIONS).status.has_plan
    values = here_and_now(ev)
    fixed = build_model(data)
    fix_here_and_now(fixed, values)
    same(warm.solve(fix_first_stage, values), solve(fixed, OPTIONS))


def scaled(data: ModelData, factor: float) -> ModelData:
    """Demand, capacities, prices, stock targets and maxima and rule values changed."""
    def rule(r):
        if r.value is None or r.kind == "ban":
            return r
        value = r.value * factor if r.kind not in ("min_suppliers", "max_suppliers") \
            else r.value
        return dataclasses.replace(r, value=min(value, 1.0) if r.kind != "tariff" else value)

    return dataclasses.replace(
        data,
        demand={k: dataclasses.replace(d, quantity=d.quantity * factor)
                for k, d in data.demand.items()},
        offers=tuple(dataclasses.replace(o, capacity=o.capacity * factor,
                                         price=o.price / factor) for o in data.offers),
        processes=tuple(dataclasses.replace(p, capacity=p.capacity * factor)
                        for p in data.processes),
        stockpiles={k: dataclasses.replace(
            s, initial=s.initial * factor,
            target=None if s.target is None else s.target * factor,
            max=None if s.max is None else s.max * factor + 1)
            for k, s in data.stockpiles.items()},
        rules=tuple(rule(r) for r in data.rules))


@pytest.mark.parametrize("name", [*CASES, *GENERATED, "shipped base case"])
@pytest.mark.parametrize("factor", [0.7, 1.3])
def test_a_data_point_warm_equals_a_model_built_for_it(loaded, name, factor):
    """Numbers changed everywhere a sweep can change them: the warm re-solve gives the
    fresh build's objective and plan figures; a change of structure is refused."""
    data = loaded[name]
    point = scaled(data, factor)
    warm = Warm(data, OPTIONS)
    fresh_model = build_model(point)
    fresh = solve(fresh_model, OPTIONS)
    result = warm.solve(apply_data, point)
    if result == "the workbook has sites":  # site rows are built afresh for each point
        assert data.sites
        return
    if isinstance(result, str):  # refused: the point changes which rows exist
        assert any(set(a) != set(b) for a, b in (
            (fresh_model.terms.demand, warm.model.terms.demand),
            (fresh_model.terms.target, warm.model.terms.target),
            (fresh_model.terms.available, warm.model.terms.available))), result
        return
    same(result, fresh)
    if fresh.status.has_plan:
        figures = plan_figures(point, warm.plan(result))
        expected = plan_figures(point, extract_plan(fresh_model, fresh))
        assert figures == pytest.approx(expected, rel=1e-6, abs=1e-6)


def test_a_change_of_structure_is_refused_with_its_reason(loaded):
    data = loaded["every rule"]
    warm = Warm(data, OPTIONS)
    later = dataclasses.replace(data, discount_rate=0.1)
    assert "changes more than" in warm.solve(apply_data, later)


@pytest.mark.parametrize("name", ["recycling with investments (MILP)", "everything (MILP)",
                                  "generated MILP"])
def test_a_study_model_starts_from_the_plain_models_plan(loaded, name):
    """The plain plan, with the study model's banned columns at 0, is a feasible first
    incumbent of every lift; the lifts still equal models built without each rule."""
    data = loaded[name]
    plain = build_model(data)
    start = Warm.adopt(plain, solve(plain, OPTIONS)).plan_values()
    warm = Warm(data, OPTIONS, keep_banned=True, start=start)
    x = warm.start
    assert x is not None and len(x) == len(warm.matrix.columns)
    assert np.all(warm.matrix.activity(x) <= warm.matrix.row_upper + 1e-6)
    assert np.all(warm.matrix.activity(x) >= warm.matrix.row_lower - 1e-6)
    each_lift_is_a_fresh_build(warm, data)


@pytest.mark.parametrize("name", ["two stages with CVaR", "three-stage tree", "worst case",
                                  "farmer with full CVaR weight", "generated LP"])
@pytest.mark.parametrize("factor", [0.7, 1.3])
def test_the_second_pass_of_a_warm_point_equals_a_fresh_builds(loaded, name, factor):
    """The second pass at a sweep point (on the warm variant, its costs as the variant
    prices them) gives what it gives on a model built for the point: the same
    objective and the same scenario costs."""
    data = loaded[name]
    assert len(data.scenarios) > 1
    point = scaled(data, factor)
    warm = Warm(data, OPTIONS)
    result = warm.solve(apply_data, point, second_pass=True)
    fresh_model = build_model(point)
    fresh = solve(fresh_model, OPTIONS)
    same(result, fresh)
    assert fresh.status.has_plan
    passed = second_pass(fresh_model, fresh, OPTIONS).result
    same(result, passed)
    costs = warm.plan(result).scenario_costs
    expected = extract_plan(fresh_model, passed).scenario_costs
    for s in expected:
        assert sum(costs[s].values()) == pytest.approx(sum(expected[s].values()),
                                                       rel=1e-6, abs=1e-6)
