"""Share rules with trace = TRUE: the stage tally follows the traced history of what
is delivered to demand and added to stock.

The case of tests/test_traced.py: oxide A is tolled in Malaysia (fee 5/t, 2 t of
concentrate C per t of A) from C mined in Myanmar (1/t) or Australia (3/t); 10 t of
A are demanded in each of 2026 and 2027. A t of A costs 7 from Myanmar concentrate
and 11 from Australian. The rules cap Myanmar's share of A's mining stage.
"""

from __future__ import annotations

import pytest

import planner
from models import build_model, solve
from tests.conftest import write_workbook
from tests.test_traced import OPTIONS, size, solved, tolled

CAP_MM = {"kind": "max_share", "item": "A", "stage": "mining", "country": "MM", "value": 0.5}


def test_untraced_the_tolled_oxide_has_no_mining_stage_to_cap(tmp_path):
    """Untraced, each acquisition counts its own stages: the toll run adds to A's
    separation stage (MY) only, and no acquisition of A carries a mining stage, so the
    cap has nothing to act on: 20 t × 7 = 140."""
    outcome = solved(tmp_path, tolled(CAP_MM))
    assert outcome.result.objective == pytest.approx(140)


@pytest.mark.parametrize("rule", [
    CAP_MM,
    {**CAP_MM, "kind": "max_group_share"},
    {**CAP_MM, "kind": "min_share", "country": "AU"},
])
def test_traced_the_tally_follows_the_concentrates_mine_through_the_tolling(tmp_path, rule):
    """Traced, A's mining stage is where its concentrate was mined: at most half of the
    A delivered plus added to stock may come from Myanmar (or, as a floor, at least
    half from Australia). Each period: 5 t × 7 + 5 t × 11 = 90; two periods 180."""
    outcome = solved(tmp_path, tolled({**rule, "trace": True}))
    assert outcome.result.objective == pytest.approx(180)
    shares = outcome.tables["Shares"]
    traced = shares[shares["traced"]]
    assert set(traced["rule"]) == {"r0"} and set(traced["element"]) == {"A"}
    assert not shares[~shares["traced"]]["rule"].notna().any()
    named = "MM" if rule["kind"] == "max_share" else "in"
    for _, period in traced.groupby("period"):
        mine = period[period["country"] == named]["tally"].sum()
        whole = period["tally"].sum()
        if rule["kind"] == "min_share":
            assert mine >= 0.5 * whole - 1e-6
        else:
            assert mine <= 0.5 * whole + 1e-6


def test_concentrate_bought_in_one_period_counts_when_its_oxide_is_delivered(tmp_path):
    """The cap holds in 2026 only, and Myanmar concentrate is sold in 2026 only. The
    2026 tally counts the A delivered in 2026 plus A added to stock (concentrate
    stock is not A): with m t of A made from Myanmar and a from Australian concentrate
    in 2026 (m + a ≥ 10, m ≤ ½(m + a), so a ≥ m), the rest of 2027's demand from
    Myanmar concentrate bought in 2026 and held: 7m + 11a + 7(20 − m − a) = 140 + 4a,
    least at a = 5: 160. The 20 t of Myanmar concentrate held into 2027 make oxide
    delivered in 2027, outside the cap's period."""
    sheets = tolled({**CAP_MM, "trace": True, "to_period": 2026})
    sheets["Offers"][0]["to_period"] = 2026
    outcome = solved(tmp_path, sheets)
    assert outcome.result.objective == pytest.approx(160)
    assert outcome.plan.purchases["base", "C_MM", "2026"] == pytest.approx(30)
    assert outcome.plan.inventory["base", "C", "2026"] == pytest.approx(20)
    untraced = solved(tmp_path, tolled({**CAP_MM, "to_period": 2026}))
    assert untraced.result.objective == pytest.approx(140)


def test_oxide_drawn_from_stock_counts_net_of_the_draw(tmp_path):
    """Net change of stock: oxide made in 2026 and drawn in 2027 counts in 2026, when
    it was added to stock. The cap holds in 2027 only; 20 t of A from Myanmar
    concentrate made in 2026, 10 of them held: 2027's tally is 10 delivered − 10 drawn
    = 0 from Myanmar, whole 0, and the cap holds as the algebra says: 20 × 7 = 140."""
    outcome = solved(tmp_path, tolled({**CAP_MM, "trace": True, "from_period": 2027}))
    assert outcome.result.objective == pytest.approx(140)
    assert outcome.plan.inventory["base", "A", "2026"] + \
        outcome.plan.inventory["base", "C", "2026"] / 2 == pytest.approx(10)


def test_recycled_content_has_no_mining_stage_in_the_traced_tally(tmp_path):
    """A recycled oxide offer (8/t) has no mining stage: it is in neither the tally
    nor the whole of A's mining stage. Per period, r t recycled and the rest 10 − r
    split half Myanmar (7), half Australian (11) under either rule: 8r + 9(10 − r) =
    90 − r, least at r = 10 (whole 0, the rule holds): 80, two periods 160. Were
    recycled A counted in the whole as another country, the cap would allow m ≤ r
    Myanmar t: 5 × 7 + 5 × 8 = 75 (150), and the floor would need 5 t Australian:
    5 × 11 + 5 × 7 = 90 (180)."""
    for rule in ({**CAP_MM, "kind": "min_share", "country": "AU"}, CAP_MM):
        sheets = tolled({**rule, "trace": True})
        sheets["Suppliers"].append({"supplier": "rec", "country": "MY"})
        sheets["Offers"].append({"offer": "A_rec", "supplier": "rec", "material": "A",
                                 "price": 8, "capacity": 100, "recycled": True})
        outcome = solved(tmp_path, sheets)
        assert outcome.result.objective == pytest.approx(160)
        assert outcome.plan.purchases["base", "A_rec", "2026"] == pytest.approx(10)


def test_trace_false_builds_the_same_model_as_no_trace_column(tmp_path):
    """trace = FALSE is the untraced rule: same columns, rows, nonzeros and optimum."""
    models = []
    for rule in (CAP_MM, {**CAP_MM, "trace": False}):
        data = planner.load(write_workbook(tmp_path / "in.xlsx",
                                           tolled(rule, content=True))).data
        models.append(build_model(data))
    assert size(models[0]) == size(models[1])
    assert solve(models[0], OPTIONS).objective == pytest.approx(
        solve(models[1], OPTIONS).objective)



def test_every_row_of_a_traced_share_model_has_an_origin(tmp_path):
    import pyomo.environ as pyo

    from models.readback.iis import IDENTITIES
    from models.readback.origins import DESCRIBERS

    sheets = tolled({**CAP_MM, "trace": True}, {**CAP_MM, "kind": "min_share",
                                                  "country": "AU", "trace": True})
    model = build_model(planner.load(write_workbook(tmp_path / "in.xlsx", sheets)).data)
    names = {c.local_name for c in model.component_objects(pyo.Constraint, active=True)
             if len(c)}
    assert {"ttally_def", "whole_def", "share_rule"} <= names
    assert names <= set(DESCRIBERS), names - set(DESCRIBERS)
    assert "ttally_def" in IDENTITIES


def test_tracing_that_would_split_a_material_too_finely_is_refused_by_cell(tmp_path,
                                                                          monkeypatch):
    """With the limit on origin classes lowered to 1, the traced cap (A splits into a
    Myanmar and an Australian class) is refused before anything is built, at the
    rule's cell; the untraced cap still loads."""
    from models.input import classes

    monkeypatch.setattr(classes, "MAX_CLASSES", 1)
    path = write_workbook(tmp_path / "in.xlsx", tolled({**CAP_MM, "trace": True}))
    with pytest.raises(planner.InputError) as caught:
        planner.load(path)
    (problem,) = caught.value.problems
    assert problem.where.startswith("Rules!A")
    assert "more than 1 origin classes" in problem.what
    assert "set trace to FALSE" in problem.fix
    planner.load(write_workbook(tmp_path / "plain.xlsx", tolled(CAP_MM)))
