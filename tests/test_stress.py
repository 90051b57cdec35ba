"""The worst-case plan over every set of at most K bans (column-and-constraint
generation), against full enumeration.

A is needed in 2027 only: 10 t, at 100/t when short. In 2026 (the plan) up to 4 t can
be bought ahead from CN at 10/t, held at 3/t. In 2027 four offers of 6 t each: CN at
10, MY at 12, AU at 14 (mined in CN, so a ban on CN stops it too), US at 16. Bans of
at most 2 of the 4 countries from 2027: 1 + 4 + 6 = 11 sets.

With b bought ahead, n = 10 − b is bought in 2027. The worst set is {CN, MY}: only US
is left, 6 t at 16 and the rest short at 100, so for b ≤ 4
    cost = 13 b + 16 · 6 + 100 · (4 − b) = 496 − 87 b  → b = 4: 148
while without bans 13 b + 60 + 12 (4 − b) = 108 + b. Column-and-constraint generation:
    1. master over {no ban}: b = 0, 108 (lower bound); the search finds {CN, MY}: 496
    2. master over {no ban, CN+MY}: b = 4, 148; the search finds nothing worse: 148
Two iterations instead of 11 sets; the extensive form over all 11 gives the same 148.
Single bans under b = 4 (6 t to buy in 2027; no ban: 52 + 60 = 112): CN stops CN and
AU, MY's 6 t at 12 cost 72: +12; MY, AU or US alone: CN's 6 t still serve, +0.
"""

from __future__ import annotations

import pytest

import planner
from models import SolveOptions, build_model, solve
from models.families.stochastic import here_and_now
from planner.studies.bansets import Stress, StressError, base_data, sets_data
from planner.studies.stress import NoRobustPlan, stress
from tests.conftest import Sheets
from tests.test_cli import run

COUNTRIES = ("CN", "MY", "AU", "US")


def four_countries() -> Sheets:
    return {
        "Settings": [{"key": "currency", "value": "USD"}],
        "Periods": [{"period": 2026}, {"period": 2027}],
        "Countries": [{"country": c} for c in COUNTRIES],
        "Materials": [{"material": "A", "stage": "separation", "shortfall_cost": 100}],
        "Suppliers": [{"supplier": c, "country": c} for c in COUNTRIES],
        "Offers": [
            {"offer": "ahead", "supplier": "CN", "material": "A", "price": 10, "capacity": 4,
             "to_period": 2026},
            *({"offer": f"{c}27", "supplier": c, "material": "A", "price": price,
               "capacity": 6, "from_period": 2027, **({"mined_in": "CN"} if c == "AU" else {})}
              for c, price in zip(COUNTRIES, (10, 12, 14, 16), strict=True))],
        "Demand": [{"material": "A", "period": 2027, "quantity": 10}],
        "Stockpile": [{"material": "A", "holding_cost": 3}],
    }


def test_the_search_proves_the_worst_case_in_two_iterations(make_workbook):
    data = planner.load(make_workbook(four_countries())).data
    found = stress(data, Stress(max_bans=2), SolveOptions())
    assert found.countries == ("AU", "CN", "MY", "US")  # every supplying country
    assert found.combinations == 11
    assert [i.banned for i in found.iterations] == [("CN", "MY"), ("CN", "MY")]
    assert [(i.lower, i.upper) for i in found.iterations] == [pytest.approx((108, 496)),
                                                              pytest.approx((148, 148))]
    assert len(found.iterations) < found.combinations
    assert (found.worst, found.worst_cost, found.gap) == (("CN", "MY"), pytest.approx(148), 0)
    assert found.proof.startswith("proven by the search")


def test_the_worst_case_equals_full_enumeration(make_workbook):
    data = planner.load(make_workbook(four_countries())).data
    spec = Stress(max_bans=2)
    base, _ = base_data(data, spec)
    every = [(), *((c,) for c in COUNTRIES), *(
        (a, b) for i, a in enumerate(COUNTRIES) for b in COUNTRIES[i + 1:])]
    assert len(every) == 11
    model = build_model(sets_data(base, every, spec, ("2027",)))
    result = solve(model)
    assert result.objective == pytest.approx(148)
    assert here_and_now(model)["x", "ahead", "2026"] == pytest.approx(4)
    found = stress(data, spec, SolveOptions())
    assert found.worst_cost == pytest.approx(result.objective)


def test_single_bans_are_ranked_by_the_cost_they_add(make_workbook):
    outcome = planner.stress(make_workbook(four_countries()), 2)
    bans = outcome.tables["StressBans"]
    singles = bans[bans.source == "single ban"]
    assert singles.iloc[0].countries == "CN"
    assert dict(zip(singles.countries, singles.cost_added, strict=True)) == pytest.approx(
        {"CN": 12, "MY": 0, "AU": 0, "US": 0})
    worst = bans[bans.worst].iloc[0]
    assert (worst.countries, worst.cost, worst.cost_added) == ("CN, MY", 148, 36)


def test_the_results_show_the_plan_under_every_set_found(make_workbook, tmp_path):
    """The plan's scenarios are the sets found (no ban, CN+MY); the second pass gives
    the no-ban scenario its own best recourse: 4 t ahead (52) + CN 6 t (60) = 112."""
    outcome = planner.stress(make_workbook(four_countries()), 2)
    summary = outcome.summary
    assert summary["stress_worst_ban_set"] == "CN, MY"
    assert summary["stress_worst_cost"] == pytest.approx(148)
    assert summary["stress_iterations"] == 2 and summary["stress_gap"] == 0
    assert summary["risk_measure"] == "worst"
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")["cost"]
    assert costs.to_dict() == pytest.approx({"no_ban": 112, "ban_CN_MY": 148})
    assert list(outcome.tables["Stress"].columns[:5]) == [
        "iteration", "lower_bound", "upper_bound", "gap", "ban_set"]
    path = outcome.write(tmp_path / "stress.xlsx")
    again = planner.load(path)  # the results workbook is an input workbook again
    assert {"Stress", "StressBans"} <= set(again.workbook.others)


def test_integer_recourse_is_said_plainly_and_verified_on_request(make_workbook):
    """A 6 t minimum order on US makes the 2027 orders binary: the search uses the LP
    relaxation, so the Summary says so; --verify costs the plan under all 11 sets."""
    sheets = four_countries()
    sheets["Offers"][4]["min_order"] = 6
    data = planner.load(make_workbook(sheets)).data
    plain = stress(data, Stress(max_bans=2), SolveOptions())
    assert plain.integer and "LP relaxation" in plain.proof and "--verify" in plain.proof
    checked = stress(data, Stress(max_bans=2, verify=True), SolveOptions())
    assert checked.verified == 11 and checked.proof.startswith("verified")
    assert checked.worst == ("CN", "MY")
    assert checked.worst_cost == pytest.approx(148)


def test_a_set_that_leaves_no_plan_is_named(make_workbook):
    """A hard stock target of 11 t at the end of 2027 (demand may go unmet, stock may
    not): under CN+MY or CN+US at most 4 (ahead) + 6 = 10 t can be had."""
    sheets = four_countries()
    sheets["Stockpile"][0] |= {"target": 11, "target_from": 2027}
    data = planner.load(make_workbook(sheets)).data
    with pytest.raises(NoRobustPlan, match=r"under the ban set ban_CN_(MY|US)"):
        stress(data, Stress(max_bans=2), SolveOptions())


@pytest.mark.parametrize(("spec", "message"), [
    (Stress(max_bans=5), "--max-bans must be between 1 and the 4 countries"),
    (Stress(max_bans=1, countries=("XX",)), "XX: no offer or process names this country"),
    (Stress(max_bans=1, start="2026"), "not after the decision period 2026"),
])
def test_options_that_cannot_work_are_refused(make_workbook, spec, message):
    data = planner.load(make_workbook(four_countries())).data
    with pytest.raises(StressError, match=message):
        stress(data, spec, SolveOptions())


def test_the_command_line_prints_one_line_per_iteration(make_workbook, tmp_path):
    path = make_workbook(four_countries())
    out = tmp_path / "out.xlsx"
    done = run("stress", str(path), "--max-bans", "2", "--countries", "CN,MY,AU,US",
               "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("iteration 1: lower 108  upper 496 USD  gap 78.23%  ban set "
                               "CN+MY")
    assert lines[1].startswith("iteration 2: lower 148  upper 148 USD  gap 0.00%")
    assert "worst ban set" in done.stdout and "proven by the search" in done.stdout
    assert out.is_file()
    sheets = four_countries()
    sheets["Stockpile"][0] |= {"target": 11, "target_from": 2027}
    infeasible = run("stress", str(make_workbook(sheets, "t.xlsx")), "--max-bans", "2")
    assert infeasible.returncode == 4
    assert "no plan keeps every hard rule" in infeasible.stderr


def test_risk_measure_worst_minimises_the_largest_scenario_cost(make_workbook):
    """The two-stage case of test_scenarios (calm 100 + 2b, ban 300 − 18b, b bought in
    2026): whatever the probabilities, the largest cost is least at b = 10 (120 in
    both); the expected cost at calm 0.99 would be least at b = 0."""
    from tests.test_scenarios import two_stage

    outcome = planner.solve(make_workbook(two_stage(0.99, 0.01, risk_measure="worst")))
    assert outcome.summary["objective"] == pytest.approx(120)
    assert outcome.summary["worst_cost"] == pytest.approx(120)
    frame = outcome.tables["Purchases"]
    assert frame[frame.period == "2026"].quantity.tolist() == pytest.approx([10, 10])
