"""Take-or-pay, contract terms, order costs and max_suppliers: hand-worked optima.

Each docstring gives the arithmetic of the optimum.
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

import planner
from models import build_model, solve
from models.solving.matrix import compile_model
from models.solving.points import apply_data
from models.solving.variants import Warm
from tests.conftest import base_sheets
from tests.test_cli import run
from tests.test_fast_path import OPTIONS, contracts, same
from tests.test_integer import single
from tests.test_validation import problems

WW_DEMAND = [69, 29, 36, 61, 61, 26, 34, 67, 45, 67, 79, 56]
WW_SETUP = [85, 102, 102, 101, 98, 114, 105, 86, 119, 110, 98, 114]
"""Wagner and Whitin (1958), 'Dynamic version of the economic lot size model',
Management Science 5(1): the example's monthly demands and setup costs, holding cost
1 per unit and month; its minimum cost is 864 (orders in months 1, 3, 5, 8, 10, 11)."""


def lot_sizing_optimum(demand: list[float], setup: list[float], holding: float) -> float:
    """The Wagner–Whitin recursion: F[j] = min_i F[i] + setup[i] + holding ·
    Σ_{i≤k<j} (k − i) · demand[k], on closing stock, no stock at the start."""
    best = [0.0]
    for j in range(1, len(demand) + 1):
        best.append(min(best[i] + setup[i] + holding * sum((k - i) * demand[k]
                                                            for k in range(i, j))
                        for i in range(j)))
    return best[-1]


def lot_sizing(demand: list[float], setup: list[float], holding: float,
               price: float = 0.0) -> dict:
    """One material, one period per demand; one offer per period (so that each period
    has its own order cost), capacity the whole demand (the data bound)."""
    sheets = base_sheets()
    periods = [2026 + i for i in range(len(demand))]
    sheets["Periods"] = [{"period": p} for p in periods]
    sheets["Suppliers"] = [{"supplier": "S1", "country": "AU"}]
    sheets["Offers"] = [{"offer": f"O{p}", "supplier": "S1", "material": "A", "price": price,
                         "capacity": sum(demand), "from_period": p, "to_period": p,
                         "order_cost": cost} for p, cost in zip(periods, setup, strict=True)]
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": q}
                        for p, q in zip(periods, demand, strict=True)]
    sheets["Stockpile"] = [{"material": "A", "holding_cost": holding}]
    return sheets


def ordered(outcome) -> list[int]:
    frame = outcome.tables["Purchases"]
    return sorted(int(p) - 2025 for p in frame[frame.order == "placed"].period)


def test_the_wagner_whitin_example_has_its_published_optimum(make_workbook):
    """Setup costs by month (one offer per month), holding 1: 864, as published and as
    the recursion gives; orders in months 1, 3, 5, 8, 10 and 11."""
    assert lot_sizing_optimum(WW_DEMAND, WW_SETUP, 1) == 864
    outcome = planner.solve(make_workbook(lot_sizing(WW_DEMAND, WW_SETUP, 1)))
    assert outcome.summary["objective"] == pytest.approx(864)
    assert outcome.summary["cost_ordering"] == pytest.approx(85 + 102 + 98 + 86 + 110 + 98)
    assert ordered(outcome) == [1, 3, 5, 8, 10, 11]


def test_the_wagner_whitin_demands_with_a_constant_order_cost(make_workbook):
    """The same demands with every order at 85: the recursion gives 795, and so does
    the model."""
    constant = [85] * 12
    assert lot_sizing_optimum(WW_DEMAND, constant, 1) == 795
    outcome = planner.solve(make_workbook(lot_sizing(WW_DEMAND, constant, 1)))
    assert outcome.summary["objective"] == pytest.approx(795)


def test_an_order_cost_makes_ordering_every_other_period_best(make_workbook):
    """Demand 10 t in each of 4 periods at 5/t (200); order cost 25, holding 2/t/period.

    every period 4 × 25 = 100; periods 1 and 3: 2 × 25 + (10 + 10) × 2 = 90;
    once: 25 + (30 + 20 + 10) × 2 = 145; three orders at least 75 + 10 × 2 = 95;
    1 and 2 (or 1 and 4): 50 + (20 + 10) × 2 = 110. Best: 200 + 90 = 290.
    """
    outcome = planner.solve(make_workbook(lot_sizing([10] * 4, [25] * 4, 2, price=5)))
    assert outcome.summary["objective"] == pytest.approx(290)
    assert outcome.summary["cost_ordering"] == pytest.approx(50)
    assert outcome.summary["cost_holding"] == pytest.approx(40)
    assert ordered(outcome) == [1, 3]


def take_or_pay(**o1) -> dict:
    """Demand 10 t of A in 2026 only; O1 (S1) 10/t, capacity 10, and O2 (S2) 30/t;
    holding 1/t/period."""
    sheets = base_sheets()
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 10}]
    sheets["Offers"][0].update(capacity=10, **o1)
    sheets["Offers"][1].update(price=30)
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 1}]
    return sheets


def test_take_or_pay_is_paid_when_nothing_is_taken(make_workbook):
    """O1 takes or pays 6 t a period to the end of its window (2027).

    Signed from 2026: 10 t × 10 = 100, then 2027 owes 6 t × 10 = 60 whether taken or
    not; taking them would add 6 × 1 holding, so they are paid, not taken: 160.
    Signed from 2027: O2 for 2026 (300) + 60 = 360. Not signed: 300. Best 160.
    """
    outcome = planner.solve(make_workbook(take_or_pay(min_take=6)))
    summary = outcome.summary
    assert summary["objective"] == pytest.approx(160)
    assert summary["cost_purchase"] == pytest.approx(100)
    assert summary["cost_take_or_pay"] == pytest.approx(60)
    rows = outcome.tables["Purchases"].set_index("period")
    assert rows.loc["2027", "quantity"] == pytest.approx(0)
    assert rows.loc["2027", "take_or_pay_shortfall"] == pytest.approx(6)
    assert rows.loc["2027", "take_or_pay_cost"] == pytest.approx(60)
    contract = outcome.tables["Contracts"].iloc[0]
    assert (contract.offer, bool(contract.signed), contract.first_use, contract.term_end) == (
        "O1", True, "2026", "2027")
    assert (contract.committed, contract.taken, contract.paid_not_taken) == pytest.approx(
        (12, 10, 6))


def test_a_one_period_term_ends_the_obligation(make_workbook):
    """The same with term_periods 1: the contract binds only in 2026, so 100."""
    outcome = planner.solve(make_workbook(take_or_pay(min_take=6, term_periods=1)))
    assert outcome.summary["objective"] == pytest.approx(100)
    assert outcome.summary["cost_take_or_pay"] == pytest.approx(0)
    contract = outcome.tables["Contracts"].iloc[0]
    assert (contract.first_use, contract.term_end) == ("2026", "2026")


def test_nothing_is_bought_after_the_term(make_workbook):
    """Demand 8 t in 2026 and 2027; O1 10/t, capacity 10, term 1 period; O2 20/t;
    holding 1/t/period.

    Start 2026: O1 10 t (100, 2 t kept for 2027 at 2) + O2 6 t in 2027 (120) = 222;
    start 2027: O2 8 t (160) + O1 8 t (80) = 240. Best 222, O1 bought in 2026 only.
    (Without the term: 80 + 80 = 160.)
    """
    sheets = base_sheets()
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": 8} for p in (2026, 2027)]
    sheets["Offers"][0].update(capacity=10, term_periods=1)
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(222)
    bought = outcome.tables["Purchases"].groupby(["offer", "period"])["quantity"].sum()
    assert bought.to_dict() == pytest.approx({("O1", "2026"): 10, ("O2", "2027"): 6})


def test_a_hard_ban_waives_the_obligation(make_workbook):
    """A ban on CN in 2027 removes O1 there: nothing is owed in 2027, so 100."""
    sheets = take_or_pay(min_take=6)
    sheets["Rules"] = [{"rule": "embargo", "kind": "ban", "country": "CN",
                        "from_period": 2027}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(100)


def test_the_start_is_shared_by_the_scenarios(make_workbook):
    """Two equally likely scenarios; demand 10 t in 2027 only, decided in 2027.

    O1 (10/t, capacity 10) takes or pays 10 t for one period; O2 costs 30/t.
    calm: demand 10; slump: demand 0 (a demand event of factor 0). The start is one
    for both: starting in 2027 costs 100 in either scenario (paid but not taken in the
    slump): 100. Not signing: O2 in calm only, 0.5 × 300 = 150. Best 100.
    """
    sheets = take_or_pay(min_take=10, term_periods=1)
    sheets["Demand"] = [{"material": "A", "period": 2027, "quantity": 10}]
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.5},
                           {"scenario": "slump", "probability": 0.5}]
    sheets["Settings"].append({"key": "decision_period", "value": 2026})
    sheets["Events"] = [{"scenario": "slump", "kind": "demand", "item": "A",
                         "from_period": 2027, "value": 0}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(100)
    contracts = outcome.tables["Contracts"].set_index("scenario")
    assert contracts.first_use.to_dict() == {"calm": "2027", "slump": "2027"}
    assert contracts.paid_not_taken.to_dict() == pytest.approx({"calm": 0, "slump": 10})


def capped(**rule) -> dict:
    """One period, demand 8; O1 (S1) 10/t up to 5 t, O2 (S2) 20/t up to 10 t."""
    sheets = single(8, O2={"capacity": 10})
    sheets["Rules"] = [{"rule": "one", "kind": "max_suppliers", "item": "A", "value": 1,
                        **rule}]
    return sheets


def test_max_suppliers_binds(make_workbook):
    """Without the rule 5 × 10 + 3 × 20 = 110. With one supplier at most: O2 alone
    8 × 20 = 160 (O1 alone leaves 3 t unmet at 1000/t)."""
    free = planner.solve(make_workbook(single(8, O2={"capacity": 10}), "free.xlsx"))
    assert free.summary["objective"] == pytest.approx(110)
    outcome = planner.solve(make_workbook(capped()))
    assert outcome.summary["objective"] == pytest.approx(160)
    assert outcome.tables["Purchases"].offer.tolist() == ["O2"]
    report = outcome.tables["RuleReport"].iloc[0]
    assert (report.rule, report.kind, bool(report.binding)) == ("one", "max_suppliers", True)
    assert report.volume == pytest.approx(1)


def test_a_soft_max_suppliers_is_broken_at_its_penalty(make_workbook):
    """Penalty 30 per supplier over the limit: 110 + 30 = 140 < 160."""
    outcome = planner.solve(make_workbook(capped(penalty=30)))
    assert outcome.summary["objective"] == pytest.approx(140)
    assert outcome.tables["RuleReport"].iloc[0].violation == pytest.approx(1)


def test_max_suppliers_on_an_element_counts_each_elements_suppliers(make_workbook):
    """Blank item: A is its own element, so the same as naming it: 160."""
    sheets = capped()
    sheets["Rules"][0]["item"] = None
    assert planner.solve(make_workbook(sheets)).summary["objective"] == pytest.approx(160)


def size(path) -> tuple[int, int, int, float]:
    m = build_model(planner.load(path).data)
    matrix = compile_model(m)
    return (len(matrix.columns), len(matrix.rows), matrix.nonzeros,
            round(solve(m).objective, 9))


@pytest.mark.parametrize("make", [
    base_sheets, lambda: single(30, O1={"capacity": 25, "min_order": 20}),
    lambda: single(50, O1={"capacity": 100, "contract_cost": 500},
                   O2={"price": 16, "capacity": 100})])
def test_blank_new_columns_build_the_same_model(make_workbook, make):
    """min_take, term_periods and order_cost blank or 0: the same columns, rows,
    nonzeros and optimum as a workbook without them."""
    plain = make()
    neutral = make()
    for i, offer in enumerate(neutral["Offers"]):
        offer.update(min_take=None if i else 0, term_periods=None,
                     order_cost=0 if i else None)
    assert size(make_workbook(plain, "plain.xlsx")) == size(make_workbook(neutral, "n.xlsx"))


def test_the_results_workbook_resolves_to_the_same_plan(make_workbook, tmp_path):
    sheets = take_or_pay(min_take=6, order_cost=5)
    sheets["Rules"] = [{"rule": "one", "kind": "max_suppliers", "value": 2}]
    first = planner.solve(make_workbook(sheets))
    again = planner.solve(first.write(tmp_path / "out.xlsx"))
    assert again.summary["objective"] == pytest.approx(first.summary["objective"])
    assert again.summary["objective"] == pytest.approx(165)  # 160 and one order at 5
    columns = ["offer", "period", "quantity", "take_or_pay_shortfall", "order"]
    assert again.tables["Purchases"][columns].equals(first.tables["Purchases"][columns])


def test_the_command_line_writes_the_contracts_sheet(make_workbook):
    path = make_workbook(take_or_pay(min_take=6))
    done = run("solve", str(path))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(path.with_name("in-results.xlsx"), read_only=True)
    rows = list(book["Contracts"].values)
    assert rows[0][:6] == ("scenario", "offer", "supplier", "signed", "first_use", "term_end")
    assert rows[1][:6] == ("base", "O1", "S1", True, "2026", "2027")


def test_each_new_offer_column_names_its_cell_when_wrong(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0].update(min_take=-1, term_periods=0, order_cost=-2)
    sheets["Offers"][1].update(min_take=11, term_periods=1.5)
    assert problems(make_workbook(sheets)) == [
        "Offers!F2: min_take must be ≥ 0, got -1 — enter a non-negative number",
        "Offers!G2: term_periods must be ≥ 1, got 0 — enter a ≥ 1 number",
        "Offers!H2: order_cost must be ≥ 0, got -2 — enter a non-negative number",
        "Offers!F3: min_take 11 exceeds the capacity 10 of offer 'O2' — lower the "
        "take-or-pay volume or raise the capacity",
        "Offers!G3: term_periods must be a whole number, got 1.5 — enter a whole number"]


def test_a_max_suppliers_rule_needs_a_whole_value(make_workbook):
    sheets = base_sheets()
    sheets["Rules"] = [{"rule": "r", "kind": "max_suppliers", "value": 1.5},
                       {"rule": "q", "kind": "max_suppliers"}]
    assert problems(make_workbook(sheets)) == [
        "Rules!C2: max_suppliers needs a whole number of suppliers, got 1.5 — enter e.g. 2",
        "Rules!C3: a max_suppliers rule needs a value — enter the most suppliers allowed, "
        "e.g. 2"]


def test_max_suppliers_refuses_an_unbounded_investment(make_workbook):
    """Its big-M is what a supplier can deliver, which an investment without max_units
    leaves unbounded."""
    sheets = base_sheets()
    sheets["Processes"] = [{"process": "P", "supplier": "S1", "output": "A", "capacity": 1,
                            "cost": 1}]
    sheets["Investments"] = [{"investment": "I", "process": "P", "capacity": 1, "capex": 1}]
    sheets["Rules"] = [{"rule": "r", "kind": "max_suppliers", "value": 1, "item": "A"}]
    assert problems(make_workbook(sheets)) == [
        "Investments!H2: investment 'I' has no max_units, so what its supplier can deliver "
        "under max_suppliers rule 'r' has no bound — enter the most units that may be built"]


def test_a_point_changing_take_or_pay_and_order_costs_is_re_solved_warm(make_workbook):
    """min_take and order_cost changed in a sweep point: the warm re-solve gives the
    objective of a model built for the point."""
    data = planner.load(make_workbook(contracts())).data
    warm = Warm(data, OPTIONS)
    def point(take: float, cost: float):
        return dataclasses.replace(data, offers=tuple(
            dataclasses.replace(o, min_take=take if o.min_take else 0.0,
                                order_cost=cost if o.id == "O2" else o.order_cost)
            for o in data.offers))

    for take, cost in ((9, 40), (0.5, 3)):
        same(warm.solve(apply_data, point(take, cost)),
             solve(build_model(point(take, cost)), OPTIONS))
    assert "changes more than" in warm.solve(apply_data, point(4, 0))  # no order cost left
