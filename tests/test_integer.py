"""Integer decisions: cases whose integer optimum differs from the LP relaxation.

Each docstring gives the integer optimum and, where it differs, the relaxation's.
"""

from __future__ import annotations

import pytest

import planner
from models import Status
from planner.workbook.reader import normalise_header
from tests.conftest import add_recycling, base_sheets


def single(demand: float, **offers):
    """One period, material A, demand; O1 (S1, CN) and O2 (S2, AU) changed by offers."""
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}]
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": demand}]
    for index, changes in offers.items():
        sheets["Offers"][int(index[1:]) - 1].update(changes)
    return sheets


def bought(outcome) -> dict[str, float]:
    return outcome.tables["Purchases"].groupby("offer")["quantity"].sum().to_dict()


@pytest.mark.parametrize(("demand", "objective", "offer"), [(50, 800, "O2"), (100, 1500, "O1")])
def test_a_contract_cost_can_make_the_cheaper_offer_dearer(make_workbook, demand, objective,
                                                           offer):
    """O1 costs 10/t plus a 500 contract; O2 costs 16/t; both up to 100 t.

    50 t: O1 would cost 500 + 500 = 1000 > O2's 800, so O2 (the LP relaxation,
    paying 5/t of contract per t, would take O1 for 750). 100 t: O1 costs 1500 < 1600.
    """
    sheets = single(demand, O1={"capacity": 100, "contract_cost": 500},
                    O2={"price": 16, "capacity": 100})
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.result.status is Status.OPTIMAL
    assert outcome.summary["objective"] == pytest.approx(objective)
    assert bought(outcome) == pytest.approx({offer: demand})
    assert outcome.summary["model_type"] == "MILP"
    signed = outcome.tables["Purchases"]["contract"].tolist()
    assert signed == (["signed"] if offer == "O1" else [None])


def test_a_minimum_order_makes_a_small_need_cheaper_elsewhere(make_workbook):
    """Need 5 t; O1 costs 10/t but orders are at least 20 t (200); O2 costs 15/t: 75.

    (The relaxation would place a quarter order on O1 for 50.)
    """
    sheets = single(5, O1={"capacity": 100, "min_order": 20},
                    O2={"price": 15, "capacity": 100})
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(75)
    assert bought(outcome) == pytest.approx({"O2": 5})


def test_a_minimum_order_is_met_when_ordering(make_workbook):
    """Need 30 t; O1 10/t with a 20 t minimum order, capacity 25: 25 × 10 + 5 × 20 = 350."""
    sheets = single(30, O1={"capacity": 25, "min_order": 20})
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(350)
    assert outcome.tables["Purchases"].set_index("offer").loc["O1", "order"] == "placed"


def recycling_case() -> dict:
    """Magnets A: primary O1 from CN is banned; scrap SC costs 5/t; a recycling
    process needs 1.25 t of scrap and 20/t per t of magnet, and has no capacity
    until lines are built: 10 t per line, capex 1000 per line."""
    sheets = add_recycling(single(25, O1={"price": 30, "capacity": 100}), scrap_price=5,
                           fee=20, scrap_per_t=1.25, capacity=0)
    sheets["Investments"] = [{"investment": "line", "process": "recycle", "capacity": 10,
                              "capex": 1000}]
    sheets["Rules"] = [{"rule": "no_CN", "kind": "ban", "country": "CN"}]
    return sheets


def test_whole_recycling_lines_under_a_ban_on_primary_supply(make_workbook, tmp_path):
    """25 t of magnets need 3 lines (30 t): 3000 + 25 × (20 + 1.25 × 5) = 3656.25.

    Two lines would leave 5 t unmet at 1000/t; the relaxation builds 2.5 lines (3156.25).
    """
    outcome = planner.solve(make_workbook(recycling_case()))
    assert outcome.summary["objective"] == pytest.approx(3656.25)
    plan = outcome.tables["InvestmentPlan"].iloc[0]
    assert (plan.investment, plan.period, plan.units) == ("line", "2026", 3)
    assert (plan.capacity_added, plan.capex, plan.available_from) == (30, 3000, "2026")
    assert outcome.summary["cost_capex"] == pytest.approx(3000)
    out = outcome.write(tmp_path / "out.xlsx")
    again = planner.solve(out)  # the annotated Investments copy still reads as input
    assert again.summary["objective"] == pytest.approx(3656.25)
    inputs_copy = again.inputs.workbook.tables["Investments"]
    headers = [normalise_header(h) for h in inputs_copy.headers.values()]
    assert {"units_built", "built_in", "capex_spent"} <= set(headers)
    assert "capex_spent (USD)" in inputs_copy.headers.values()


def test_lead_time_and_fixed_cost_of_built_units(make_workbook):
    """Two periods, 25 t of magnets each; a line built in 2026 works from 2027 (lead 1)
    and costs 100 per period from its build period on. Shortfall costs 1000/t.

    2026 is unmet whatever is built (25,000). For 2027: 3 lines built in 2026
    (3000 capex + 2 periods × 3 × 100 fixed) + 656.25 of operation = 4256.25; built in
    2027 they would come too late. Total 29,256.25.
    """
    sheets = recycling_case()
    sheets["Periods"] = [{"period": 2026}, {"period": 2027}]
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": 25} for p in (2026, 2027)]
    sheets["Investments"][0].update(lead_periods=1, fixed_cost=100)
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(29_256.25)
    plan = outcome.tables["InvestmentPlan"].iloc[0]
    assert (plan.period, plan.units, plan.available_from) == ("2026", 3, "2027")
    assert outcome.summary["cost_fixed"] == pytest.approx(600)


def test_max_units_and_earliest_period(make_workbook):
    """At most 2 lines: 20 t recycled, 5 t unmet: 2000 + 20 × 26.25 + 5000 = 7525."""
    sheets = recycling_case()
    sheets["Investments"][0]["max_units"] = 2
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(7525)


@pytest.mark.parametrize(("quantity", "objective"), [(1, 1010), (10, 1100)])
def test_a_two_supplier_minimum(make_workbook, quantity, objective):
    """100 t; S1 sells at 10, S2 at 20; at least 2 suppliers delivering ≥ q t each:
    S2 delivers exactly q: (100 − q) × 10 + q × 20."""
    sheets = single(100, O1={"capacity": 100}, O2={"capacity": 100})
    sheets["Settings"].append({"key": "min_supplier_quantity", "value": quantity})
    sheets["Rules"] = [{"rule": "two", "kind": "min_suppliers", "item": "A", "value": 2}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(objective)
    row = outcome.tables["RuleReport"].iloc[0]
    assert row.binding and row.volume == 2
    assert row.marginal_cost == pytest.approx(0)  # from the LP with b fixed


def test_marginal_costs_of_a_milp_come_from_the_fixed_lp(make_workbook):
    """The 65 % cap of the rules tests, with a contract on O2 (signed: it is needed):
    the cap's marginal cost is still 10 per t, read from the LP with z fixed."""
    sheets = single(100, O1={"capacity": 100}, O2={"capacity": 100, "contract_cost": 50})
    sheets["Rules"] = [{"rule": "crma", "kind": "max_share", "stage": "separation",
                        "value": 0.65}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(1350 + 50)
    row = outcome.tables["RuleReport"].iloc[0]
    assert row.marginal_cost == pytest.approx(10)
    assert row.marginal_cost_from == "LP with integer decisions fixed"
    assert outcome.summary["marginal_costs"].startswith("LP with the integer decisions fixed")
