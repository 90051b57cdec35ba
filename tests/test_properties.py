"""Properties of the formulation on generated instances (no Excel involved)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import (
    Demand,
    Material,
    ModelData,
    Offer,
    Period,
    Process,
    Rule,
    SolveOptions,
    Status,
    Stockpile,
    build_model,
    extract_plan,
    solve,
)

PERIODS = ("p1", "p2", "p3")
MATERIALS = ("A", "B")
COUNTRIES = ("AU", "CN", "MY", "UNK")


@st.composite
def instances(draw) -> ModelData:
    n_periods = draw(st.integers(1, 3))
    periods = PERIODS[:n_periods]
    offers = []
    for i in range(draw(st.integers(1, 4))):
        first = draw(st.integers(0, n_periods - 1))
        last = draw(st.integers(first, n_periods - 1))
        offers.append(Offer(
            id=f"o{i}", supplier=f"s{i % 3}", material=draw(st.sampled_from(MATERIALS)),
            price=draw(st.integers(1, 100)), capacity=draw(st.integers(0, 30)),
            periods=periods[first:last + 1], country=draw(st.sampled_from(COUNTRIES[:3])),
            owner_country=draw(st.sampled_from(COUNTRIES[:3])),
            mined_in=draw(st.sampled_from(COUNTRIES)), recycled=draw(st.booleans())))
    processes = ()
    if draw(st.booleans()):
        processes = (Process("p", "s9", "A", draw(st.integers(0, 30)), draw(st.integers(1, 20)),
                             periods, draw(st.sampled_from(COUNTRIES[:3])), {"B": 1.5}),)
    demand = {}
    for mat in MATERIALS:
        for t in periods:
            quantity = draw(st.integers(0, 40))
            if quantity:
                demand[mat, t] = Demand(mat, t, quantity)
    stockpiles = {}
    if draw(st.booleans()):
        stockpiles["A"] = Stockpile("A", initial=draw(st.integers(0, 20)),
                                    holding_cost=draw(st.integers(0, 5)))
    return ModelData(
        periods=tuple(Period(t, draw(st.sampled_from([1.0, 2.0]))) for t in periods),
        materials={"A": Material("A", "magnet", 500), "B": Material("B", "separation", 500)},
        offers=tuple(offers), demand=demand, stockpiles=stockpiles, processes=processes,
        content={"A": {"Nd": 0.3, "Dy": 0.02}, "B": {"Nd": 0.8}},
        discount_rate=draw(st.sampled_from([0.0, 0.05])),
    )


@st.composite
def rules(draw, periods: tuple[str, ...]) -> Rule:
    kind = draw(st.sampled_from(["ban", "tariff", "licence", "max_share", "min_share",
                                 "max_group_share", "max_supplier_share",
                                 "min_recycled_share"]))
    country = draw(st.sampled_from(COUNTRIES[:3]))
    named = draw(st.booleans()) or kind in ("min_share", "max_group_share")
    value = {"tariff": draw(st.sampled_from([0.1, 0.5]))}.get(
        kind, draw(st.sampled_from([0.2, 0.5, 0.8])))
    return Rule(
        id="r", kind=kind, item=draw(st.sampled_from([None, "A", "B", "Nd"])),
        stage=draw(st.sampled_from([None, "mining", "separation", "magnet", "owner"]))
        if kind != "min_recycled_share" else None,
        countries=frozenset({country}) if named else None,
        value=value, periods=periods)


def optimum(data: ModelData):
    model = build_model(data)
    result = solve(model)
    return result, (extract_plan(model) if result.status.has_plan else None)


PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(instances())
def test_plans_respect_capacity_windows_and_balances(data):
    result, plan = optimum(data)
    assert result.status is Status.OPTIMAL  # unmet demand keeps every instance feasible
    offers = {o.id: o for o in data.offers}
    for (_, offer, period), quantity in plan.purchases.items():
        assert period in offers[offer].periods
        assert quantity <= offers[offer].capacity + 1e-6
    for (_, mat, period), unmet in plan.unmet.items():
        assert 0 <= unmet <= data.demand_of(mat, period) + 1e-6
    assert result.objective == pytest.approx(sum(plan.costs.values()), rel=1e-6, abs=1e-6)
    for mat in {m for _, m, _ in plan.inventory}:
        stock = data.stockpile(mat).initial
        for t in data.period_ids:
            bought = sum(q for (_, o, p), q in plan.purchases.items()
                         if p == t and offers[o].material == mat)
            for process in data.processes:
                run = plan.processing.get(("base", process.id, t), 0.0)
                bought += run * ((process.output == mat) - process.inputs.get(mat, 0.0))
            stock += bought - data.demand_of(mat, t) + plan.unmet.get(("base", mat, t), 0.0)
            assert plan.inventory["base", mat, t] == pytest.approx(stock, abs=1e-6)


@PROPERTY
@given(instances(), st.integers(1, 20))
def test_more_capacity_never_costs_more(data, extra):
    base, _ = optimum(data)
    offers = tuple(dataclasses.replace(o, capacity=o.capacity + extra) for o in data.offers)
    richer, _ = optimum(dataclasses.replace(data, offers=offers))
    assert richer.objective <= base.objective + 1e-6


@PROPERTY
@given(instances(), st.integers(1, 15))
def test_a_stockpile_target_never_lowers_the_optimum(data, target):
    base, _ = optimum(data)
    stockpiles = dict(data.stockpiles)
    stockpiles["A"] = dataclasses.replace(data.stockpile("A"), target=target)
    constrained, _ = optimum(dataclasses.replace(data, stockpiles=stockpiles))
    if constrained.status.has_plan:
        assert constrained.objective >= base.objective - 1e-6
    else:
        assert constrained.status is Status.INFEASIBLE


def test_thread_count_can_change_between_solves_in_one_process():
    data = ModelData(
        periods=(Period("p1"),), materials={"A": Material("A", "separation", 10)},
        offers=(Offer("o", "s", "A", 1, 5, ("p1",), "AU"),),
        demand={("A", "p1"): Demand("A", "p1", 3)})
    for threads in (2, 1, 0):
        result = solve(build_model(data), SolveOptions(threads=threads))
        assert result.status is Status.OPTIMAL and result.objective == pytest.approx(3)


@PROPERTY
@given(st.data())
def test_a_hard_rule_never_lowers_the_optimum(draw):
    data = draw.draw(instances())
    rule = draw.draw(rules(data.period_ids))
    base, _ = optimum(data)
    ruled, _ = optimum(dataclasses.replace(data, rules=(rule,)))
    if ruled.status.has_plan:
        assert ruled.objective >= base.objective - 1e-6 * max(1.0, base.objective)
    else:
        assert ruled.status is Status.INFEASIBLE


@PROPERTY
@given(st.data())
def test_a_banned_offer_carries_no_volume_and_tallies_add_up(draw):
    data = draw.draw(instances())
    country = draw.draw(st.sampled_from(COUNTRIES[:3]))
    ban = Rule("ban", "ban", countries=frozenset({country}),
               periods=data.period_ids)
    data = dataclasses.replace(data, rules=(ban,))
    model = build_model(data)
    result = solve(model)
    plan = extract_plan(model, result)
    from models.input.chain import acquisitions, item_weight, matches

    banned = {a.id for a in acquisitions(data) if matches(ban, a, data)}
    assert not {o for (_, o, _), q in plan.purchases.items() if o in banned and q > 0}
    assert not {k for k in model.X if k[1] in banned}
    expected: dict = {}
    for acq in acquisitions(data):
        quantities = plan.purchases if acq.kind == "offer" else plan.processing
        for (s, a, t), q in quantities.items():
            if a != acq.id:
                continue
            for element in ("Nd", "Dy"):
                for stage, _ in acq.tally_stages():
                    key = (s, element, stage, t)
                    expected[key] = expected.get(key, 0.0) + item_weight(data, acq.material,
                                                                          element) * q
    tallied: dict = {}
    for (s, k, g, _, t), value in plan.tally.items():
        tallied[s, k, g, t] = tallied.get((s, k, g, t), 0.0) + value
    for key, value in expected.items():
        assert tallied.get(key, 0.0) == pytest.approx(value, abs=1e-6)


@st.composite
def stochastic_instances(draw) -> ModelData:
    from models import Event, Scenario

    data = draw(instances())
    n = draw(st.integers(2, 3))
    raw = [draw(st.integers(1, 5)) for _ in range(n)]
    scenarios = tuple(Scenario(f"s{i}", w / sum(raw)) for i, w in enumerate(raw))
    events, rules = [], []
    for scenario in scenarios:
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(["capacity", "price", "demand"]))
            events.append(Event(scenario.id, kind, data.period_ids[-1:],
                                country=draw(st.sampled_from([None, *COUNTRIES[:3]])),
                                value=draw(st.sampled_from([0.0, 0.5, 1.5]))))
        if draw(st.booleans()):
            country = draw(st.sampled_from(COUNTRIES[:3]))
            rules.append(Rule(f"ban_{scenario.id}", "ban",
                              countries=frozenset({country}), periods=data.period_ids[1:],
                              scenario=scenario.id))
    return dataclasses.replace(data, scenarios=scenarios, events=tuple(events),
                               rules=tuple(rules))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stochastic_instances())
def test_evpi_and_vss_are_never_negative(data):
    from planner.studies.information import value_of_information

    result = solve(build_model(data))
    assert result.status is Status.OPTIMAL
    figures = value_of_information(data, result.objective, SolveOptions(), workers=1)
    tolerance = 1e-6 * max(1.0, abs(result.objective))
    assert figures["evpi"] >= -tolerance
    if isinstance(figures["vss"], float):
        assert figures["vss"] >= -tolerance
