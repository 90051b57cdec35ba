"""Backorders on traced materials: the backlog follows the demand segments.

The magnet case of tests/test_segments.py: magnets G (fee 4/t) are made from 1 t of
NdPr metal M, from CN-separated metal (M_cn_sep, 10/t: a magnet of it costs 14) or
AU-separated metal (M_au_sep, 16/t: a magnet costs 20); China is `covered`. A hard
traced ban (DFARS) keeps covered-country history out of what serves the defence
segment. G's shortfall cost is 1,000/t; with backorders, 50/t per period late. No
discounting. Each docstring gives the arithmetic of the optimum.
"""

from __future__ import annotations

import dataclasses

import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from models import Rule, SolveOptions, build_model, solve
from models import build as build_module
from models.readback.solution import extract_plan
from models.rules.traced_sites import demand_cells
from tests.conftest import Sheets, write_workbook
from tests.test_segments import COVERED, magnets
from tests.test_traced import MINED_IN_MM, size, tolled
from tests.test_traced_sites import DFARS, sited

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)
BAN = {"kind": "traced_ban", **COVERED, "segment": "defence"}


def late_clean(backorder_cost: float | None = 50, periods=(2026, 2027), clean_from=2027,
               general=(6,), **material) -> Sheets:
    """Demand of G in the first period: 6 t general and 4 t defence (and general[i] t
    general in the later periods i); clean metal sold only from clean_from."""
    sheets = magnets(BAN)
    sheets["Periods"] = [{"period": p} for p in periods]
    sheets["Materials"][1] |= {"backorder_cost": backorder_cost, **material}
    sheets["Offers"][1]["from_period"] = clean_from
    sheets["Demand"] = [
        {"material": "G", "period": periods[0], "quantity": 4, "segment": "defence"},
        *({"material": "G", "period": p, "quantity": q}
          for p, q in zip(periods, general, strict=False))]
    return sheets


def solved(tmp_path, sheets: Sheets, name: str = "in.xlsx"):
    outcome = planner.solve(write_workbook(tmp_path / name, sheets), OPTIONS)
    assert outcome.result.status.has_plan
    return outcome


def test_defence_demand_waits_a_period_for_clean_metal(tmp_path):
    """Clean metal only from 2027. General 6 t in 2026 from CN metal: 6 · 14 = 84. The
    defence 4 t wait one period and are served in 2027 from AU metal: 4 · 20 + 4 · 50 =
    280; together 364 (losing them: 84 + 4,000 = 4,084; serving them in 2027 from CN
    metal is barred by the ban in force then)."""
    outcome = solved(tmp_path, late_clean())
    assert outcome.result.objective == pytest.approx(364)
    assert outcome.summary["cost_backorder"] == pytest.approx(200)
    assert outcome.summary["shortfall_t"] == pytest.approx(0)
    plan = outcome.plan
    assert plan.purchases["base", "M_au_sep", "2027"] == pytest.approx(4)
    assert plan.purchases["base", "M_cn_sep", "2026"] == pytest.approx(6)
    assert {k: q for k, q in plan.segment_backlog.items() if q} == pytest.approx(
        {("base", "G", "defence", "2026"): 4})
    assert plan.backlog["base", "G", "2026"] == pytest.approx(4)
    provenance = outcome.tables["Provenance"]
    defence = provenance[provenance["segment"] == "defence"]
    assert defence["period"].tolist() == ["2027"]
    assert defence["class"].tolist() == ["clean"]
    assert defence["delivered"].sum() == pytest.approx(4)
    inventory = outcome.tables["Inventory"]
    inventory = inventory[inventory.material == "G"].set_index("period")
    assert inventory.backlog.tolist() == pytest.approx([4, 0])
    assert inventory.served.tolist() == pytest.approx([6, 4])
    without = solved(tmp_path, late_clean(None), "lost.xlsx")
    assert without.result.objective == pytest.approx(4084)


def test_a_ban_that_lapses_lets_the_backlog_be_served_from_any_lots(tmp_path):
    """The ban in force only in 2026 (to_period 2026): service in 2027 is not under
    it, so the defence 4 t wait and are served from CN metal: 84 + 4 · 14 + 4 · 50 =
    340 (clean metal would cost 364). The ban acts on service in the period served."""
    sheets = late_clean()
    sheets["Rules"][0]["to_period"] = 2026
    outcome = solved(tmp_path, sheets)
    assert outcome.result.objective == pytest.approx(340)
    assert outcome.plan.purchases["base", "M_cn_sep", "2027"] == pytest.approx(4)


def test_max_backorder_periods_holds_per_segment(tmp_path):
    """Three periods, clean metal only from 2028; general demand 6 t in each of 2026
    and 2027 (12 · 14 = 168). With max_backorder_periods 1 the defence 4 t may not
    wait two periods: the segment's own demand bounds its backlog (0 at the end of
    2027), though the material's 6 t of general demand of 2027 would leave room in an
    aggregate bound: lost, 168 + 4,000 = 4,168. With 2 they wait: 168 + 4 · 20 +
    4 · 50 · 2 = 648."""
    periods = (2026, 2027, 2028)
    short = solved(tmp_path, late_clean(periods=periods, clean_from=2028, general=(6, 6),
                                        max_backorder_periods=1))
    assert short.result.objective == pytest.approx(4168)
    assert short.summary["shortfall_t"] == pytest.approx(4)
    assert all(q == pytest.approx(0) for q in short.plan.segment_backlog.values())
    long = solved(tmp_path, late_clean(periods=periods, clean_from=2028, general=(6, 6),
                                       max_backorder_periods=2), "two.xlsx")
    assert long.result.objective == pytest.approx(648)
    assert long.plan.segment_backlog["base", "G", "defence", "2027"] == pytest.approx(4)


def test_a_traced_licence_on_a_segment_counts_the_demand_due(tmp_path):
    """A licence instead of the ban: a quarter of the defence service may be covered.
    The 4 t wait for 2027 (no clean metal in 2026), where 4 t are due to defence: 1 t
    from CN metal and 3 t clean, 14 + 3 · 20 + 4 · 50 = 274, plus 84 for general: 358
    (a licence bound on 2027's defence demand alone, 0, would bar the CN t: 364)."""
    sheets = late_clean()
    sheets["Rules"] = [{"rule": "r0", "kind": "traced_licence", **COVERED, "value": 0.25,
                        "segment": "defence"}]
    outcome = solved(tmp_path, sheets)
    assert outcome.result.objective == pytest.approx(358)


def at_sites(backorder_cost: float | None = 50) -> Sheets:
    """EU: 6 t of general G in 2026; US: 2 t general and 4 t defence in 2026, under
    DFARS. AU metal (from a US maker) reaches the US a period late (lane US→US, lead
    1), so clean magnets are there only in 2027; CN metal arrives at once."""
    demand = [("G", 2026, 6, None, "EU"), ("G", 2026, 2, None, "US"),
              ("G", 2026, 4, "defence", "US")]
    sheets = sited(demand, DFARS, periods=(2026, 2027),
                   lanes=[{"from_country": "US", "to_site": "US", "cost": 0,
                           "lead_periods": 1}])
    sheets["Materials"][1]["backorder_cost"] = backorder_cost
    return sheets


def segments_waiting() -> Sheets:
    """Three periods, clean metal from 2028, general demand in 2026 and 2027, the
    defence ban from 2027 and a soft licence on defence service beside it, backorders
    up to 1 period, so that the defence backlog of 2027 is at its bound (for
    tests/test_fast_path.py, whose data points rescale demand)."""
    sheets = late_clean(periods=(2026, 2027, 2028), clean_from=2028, general=(6, 6),
                        max_backorder_periods=1)
    sheets["Rules"][0]["from_period"] = 2027
    sheets["Rules"].append({"rule": "r1", "kind": "traced_licence", **COVERED,
                            "segment": "defence", "value": 0.5, "penalty": 30})
    sheets["Demand"].append({"material": "G", "period": 2027, "quantity": 2,
                             "segment": "defence"})
    return sheets


def backorders_everywhere() -> Sheets:
    """The sites case with two scenarios (demand × 1.5 in `surge`), a second period of
    demand with a defence segment at the EU too, max_backorder_periods 1 and a soft
    licence on the EU's defence service beside DFARS (for tests/test_fast_path.py)."""
    sheets = at_sites()
    sheets["Materials"][1]["max_backorder_periods"] = 1
    sheets["Demand"] += [{"material": "G", "period": 2027, "quantity": 3, "site": "EU"},
                         {"material": "G", "period": 2027, "quantity": 2,
                          "segment": "defence", "site": "EU"}]
    sheets["Rules"][0]["site"] = "US"
    sheets["Rules"].append({"rule": "eu_licence", "kind": "traced_licence", **COVERED,
                            "segment": "defence", "site": "EU", "value": 0.5,
                            "penalty": 30})
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.5},
                           {"scenario": "surge", "probability": 0.5}]
    sheets["Events"] = [{"event": "more", "scenario": "surge", "kind": "demand",
                         "item": "G", "value": 1.5}]
    return sheets


def test_defence_demand_waits_at_its_site_for_clean_metal(tmp_path):
    """General 8 t (EU 6, US 2) from CN metal: 8 · 14 = 112. The US defence 4 t wait
    at the US for AU metal bought in 2026 and arriving in 2027: 4 · 20 + 4 · 50 = 280;
    together 392 (lost: 112 + 4,000 = 4,112). The EU's one segment carries the EU's
    site backlog itself; the US's two segments split it."""
    outcome = solved(tmp_path, at_sites())
    assert outcome.result.objective == pytest.approx(392)
    plan = outcome.plan
    assert plan.segment_backlog["base", "G", "defence", "US", "2026"] == pytest.approx(4)
    assert plan.site_backlog["base", "G", "US", "2026"] == pytest.approx(4)
    assert plan.site_backlog["base", "G", "EU", "2026"] == pytest.approx(0)
    assert {k[3] for k in plan.segment_backlog} == {"US"}
    frame = outcome.tables["Inventory"]
    us = frame[(frame.material == "G") & (frame.site == "US")]
    assert us.backlog.tolist() == pytest.approx([4, 0])
    without = solved(tmp_path, at_sites(None), "lost.xlsx")
    assert without.result.objective == pytest.approx(4112)


def test_the_results_workbook_re_solves_to_the_same_plan(tmp_path):
    first = solved(tmp_path, at_sites())
    second = planner.solve(first.write(tmp_path / "results.xlsx"), OPTIONS)
    assert second.result.objective == pytest.approx(first.result.objective)
    assert second.tables["Provenance"].equals(first.tables["Provenance"])


# ---- without a backorder cost nothing changes ------------------------------------------
def _without_segment_backlog(m: pyo.ConcreteModel) -> None:
    """The traced service as it is without backorders: demand cells only."""
    m.BACKLOGG = pyo.Set(initialize=[], dimen=4)
    m.backlogg = pyo.Var(m.BACKLOGG)
    m.segment_backlog = {}
    m.served_cells = {(s, mat, t): demand_cells(m, mat, t) for s, mat, t in m.D
                      if m.classes.traced(mat)}


WORKBOOKS = {
    "segment ban": lambda: late_clean(None),
    "segment licence": lambda: magnets({"kind": "traced_licence", **COVERED, "value": 0.25,
                                        "segment": "defence"}),
    "sites": lambda: at_sites(None),
    "tolled, stock": lambda: tolled({"kind": "traced_ban", **MINED_IN_MM,
                                     "from_period": 2027}, initial=2),
    "traced share": lambda: tolled({"kind": "max_share", "item": "A", "stage": "mining",
                                    "country": "MM", "value": 0.5, "trace": True}),
}


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_without_a_backorder_cost_the_traced_model_is_unchanged(tmp_path, monkeypatch, name):
    """A traced workbook without backorder_cost has no segment backlog: the same
    columns, rows, nonzeros and optimum as a model built with the traced service over
    the demand cells alone."""
    data = planner.load(write_workbook(tmp_path / "in.xlsx", WORKBOOKS[name]())).data
    built = build_model(data)
    assert len(built.BACKLOGG) == len(built.backlog_segment_split) == len(built.BACKLOG) == 0
    first = solve(built, OPTIONS).objective
    monkeypatch.setattr(build_module.traced_backorders, "add_segment_backlog",
                        _without_segment_backlog)
    reference = build_model(data)
    assert size(built) == size(reference)
    assert first == pytest.approx(solve(reference, OPTIONS).objective)


@pytest.fixture(scope="module")
def chain_data(tmp_path_factory):
    path = write_workbook(tmp_path_factory.mktemp("tback") / "in.xlsx",
                          tolled(initial=3))
    return planner.load(path).data


@settings(max_examples=20, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(stage=st.sampled_from([None, "mining", "separation"]),
       country=st.sampled_from(["AU", "MM", "MY"]), start=st.sampled_from(["2026", "2027"]),
       cost=st.sampled_from([0.0, 5.0, 500.0]), most=st.sampled_from([None, 1]))
def test_backorders_never_raise_the_optimum_under_a_traced_ban(chain_data, stage, country,
                                                               start, cost, most):
    """A backlog is an option, never an obligation: with any traced ban, a backorder
    cost keeps the optimum or lowers it, and (A traced) the class flows still add up
    to the material's: Σ_{c,g} sv = d − u − B[t] + B[t−1] in every period."""
    data = chain_data
    periods = data.period_ids[data.period_ids.index(start):]
    rule = Rule("traced", "traced_ban", item="A", stage=stage,
                countries=frozenset({country}), periods=periods)
    plain = dataclasses.replace(data, rules=(rule,))
    material = dataclasses.replace(data.materials["A"], backorder_cost=cost,
                                   max_backorder_periods=most)
    waiting = dataclasses.replace(plain, materials={**data.materials, "A": material})
    base = solve(build_model(plain), OPTIONS).objective
    m = build_model(waiting)
    result = solve(m, OPTIONS)
    assert result.objective <= base + 1e-6
    if not m.classes.traced("A"):  # the rule matches no lot of A: no class flows
        return
    plan = extract_plan(m, result)
    previous = dict(zip(data.period_ids[1:], data.period_ids[:-1], strict=False))
    for t in data.period_ids:
        served = sum(q for (_, mat, _, _, tt), q in plan.served_by_class.items()
                     if mat == "A" and tt == t)
        due = (m.terms.demand.get(("base", "A", t), 0.0) - plan.unmet.get(("base", "A", t), 0)
               - plan.backlog.get(("base", "A", t), 0.0)
               + plan.backlog.get(("base", "A", previous.get(t)), 0.0))
        assert served == pytest.approx(due, abs=1e-6)
