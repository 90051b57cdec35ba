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
    SolveOptions,
    Status,
    Stockpile,
    build_model,
    extract_plan,
    solve,
)

PERIODS = ("p1", "p2", "p3")
MATERIALS = ("A", "B")


@st.composite
def instances(draw) -> ModelData:
    n_periods = draw(st.integers(1, 3))
    periods = PERIODS[:n_periods]
    offers = []
    for i in range(draw(st.integers(1, 4))):
        first = draw(st.integers(0, n_periods - 1))
        last = draw(st.integers(first, n_periods - 1))
        offers.append(Offer(
            id=f"o{i}", supplier=f"s{i}", material=draw(st.sampled_from(MATERIALS)),
            price=draw(st.integers(1, 100)), capacity=draw(st.integers(0, 30)),
            periods=periods[first:last + 1], country="AU"))
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
        materials={m: Material(m, "separation", shortfall_cost=500) for m in MATERIALS},
        offers=tuple(offers), demand=demand, stockpiles=stockpiles,
        discount_rate=draw(st.sampled_from([0.0, 0.05])),
    )


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
