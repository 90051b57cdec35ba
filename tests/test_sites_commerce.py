"""Sites together with backorders, lead times, take-or-pay, qualification and supplier
caps: hand-worked optima.

The workbooks build on tests/test_sites.py: material A (separation), a CN offer O1
and an AU offer O2, an EU site (in DE, the first and so the default site) and a US
site. Each docstring gives the arithmetic of the optimum.
"""

from __future__ import annotations

import pytest

import planner
from models.build import build_model
from tests.test_sites import two_sites, with_toller
from tests.test_timing import THREE, backorder_case, qualification_case


def waiting_at_sites(eu: float, us: float, **material) -> dict:
    """Three periods; demand eu t at EU and us t at US in 2026 only; O1 (CN, 5 t at
    10/t) only in 2026, O2 (AU, 10 t at 20/t) only in 2028; backorders at 50 per t and
    period late; AU→US takes a period (free), so O2 cannot reach the US in time."""
    sheets = two_sites(eu=0, us=0)
    sheets["Periods"] = list(THREE)
    sheets["Materials"][0] |= {"backorder_cost": 50, **material}
    sheets["Offers"][0] |= {"capacity": 5, "to_period": 2026}
    sheets["Offers"][1] |= {"capacity": 10, "price": 20, "from_period": 2028}
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": q, "site": k}
                        for k, q in (("EU", eu), ("US", us)) if q]
    sheets["Lanes"] = [{"from_country": "AU", "to_site": "US", "cost": 0, "lead_periods": 1}]
    return sheets


def by_site(outcome, column: str) -> list[float]:
    """The Inventory column of A period by period, at the EU and then at the US."""
    frame = outcome.tables["Inventory"]
    return [*frame[frame.site == "EU"][column], *frame[frame.site == "US"][column]]


def test_a_backorder_waits_at_the_site_that_can_be_served_later(make_workbook):
    """4 t at each site in 2026, 5 t of O1. O2 (2028) reaches only the EU site, so O1
    serves the US in full and 1 t of the EU; the EU's other 3 t wait two periods for
    O2: 50 + 3 · 20 + 3 · 50 · 2 = 410 (serving the EU first loses 3 t at the US,
    50 + 3,000)."""
    outcome = planner.solve(make_workbook(waiting_at_sites(4, 4)))
    assert outcome.summary["objective"] == pytest.approx(410)
    assert outcome.summary["cost_backorder"] == pytest.approx(300)
    assert outcome.summary["shortfall_t"] == pytest.approx(0)
    assert by_site(outcome, "backlog") == pytest.approx([3, 3, 0, 0, 0, 0])
    assert by_site(outcome, "served") == pytest.approx([1, 0, 3, 4, 0, 0])
    frame = outcome.tables["Inventory"]
    carried = frame.groupby("site").backlog.shift(fill_value=0)
    assert (frame.demand + carried - frame.served - frame.shortfall
            - frame.backlog).abs().max() == pytest.approx(0, abs=1e-9)
    m = build_model(outcome.inputs.data)
    assert {k[2] for k in m.BACKLOGK} == {"EU", "US"}  # demand at two sites: split


def test_a_backlog_at_the_one_demand_site_arrives_through_its_lane(make_workbook):
    """8 t at the US only; O2 from 2027, AU→US one period and 1/t. O1 serves 5 t in
    2026; O2 ordered in 2027 reaches the US in 2028 for the other 3 t, which wait two
    periods: 50 + 3 · (20 + 1) + 3 · 50 · 2 = 413 (losing them: 3,050)."""
    sheets = waiting_at_sites(0, 8)
    sheets["Offers"][1]["from_period"] = 2027
    sheets["Lanes"][0]["cost"] = 1
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(413)
    assert by_site(outcome, "backlog") == pytest.approx([0, 0, 0, 3, 3, 0])
    bought = outcome.tables["Purchases"].set_index(["offer", "period"])
    assert (bought.loc[("O2", "2027"), "site"], bought.loc[("O2", "2027"), "arrival"]) == (
        "US", "2028")
    m = build_model(outcome.inputs.data)
    assert len(m.BACKLOGK) == 0 and len(m.backlog_site_split) == 0  # B is the US's


def test_without_sites_the_backlog_is_the_aggregate_one(make_workbook):
    """The backorder case of tests/test_timing.py without a Sites sheet: no backlog by
    site and no split rows, and its optimum 50 + 60 + 3 · 50 · 2 = 410."""
    outcome = planner.solve(make_workbook(backorder_case()))
    assert outcome.summary["objective"] == pytest.approx(410)
    m = build_model(outcome.inputs.data)
    assert len(m.BACKLOGK) == 0 and len(m.backlog_site_split) == 0 and len(m.BACKLOG) == 3
    assert "site" not in outcome.tables["Inventory"]


def test_max_backorder_periods_holds_at_each_site(make_workbook):
    """With max_backorder_periods 1 the EU's 3 t may not wait for 2028: they are lost,
    50 + 3 · 1,000 = 3,050; with 2 the 410 above again."""
    lost = planner.solve(make_workbook(waiting_at_sites(4, 4, max_backorder_periods=1)))
    assert lost.summary["objective"] == pytest.approx(3050)
    assert lost.summary["shortfall_t"] == pytest.approx(3)
    waited = planner.solve(make_workbook(waiting_at_sites(4, 4, max_backorder_periods=2),
                                         "two.xlsx"))
    assert waited.summary["objective"] == pytest.approx(410)


def test_a_backlog_open_at_the_end_is_lost_at_its_site(make_workbook):
    """Two periods, only O1 (5 t a year at 10/t); 4 and 6 t at each site (8 and 12 in
    all): 10 t go unserved whatever waits, and a backlog open at the end costs the
    shortfall cost: 100 + 10 · 1,000 = 10,100, no backorder cost (a free final
    backlog would cost 3,100). The last rows show it as shortfall, backlog 0."""
    sheets = two_sites(eu=0, us=0)
    sheets["Offers"] = sheets["Offers"][:1]
    sheets["Offers"][0]["capacity"] = 5
    sheets["Materials"][0]["backorder_cost"] = 50
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": q, "site": k}
                        for p, q in ((2026, 4), (2027, 6)) for k in ("EU", "US")]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(10100)
    assert outcome.summary["shortfall_t"] == pytest.approx(10)
    frame = outcome.tables["Inventory"]
    assert frame.shortfall.sum() == pytest.approx(10)
    assert frame[frame.period == "2027"].backlog.tolist() == pytest.approx([0, 0])


def test_an_offers_lead_and_its_lanes_lead_add_up(make_workbook):
    """US demand 4 t in 2027 and 5 t in 2028. O1 (CN, 10/t) takes a period itself and
    CN→US another (1/t): ordered in 2026 it arrives in 2028, so 2027 comes from O2 (AU,
    20/t, no lane): 4 · 20 + 5 · (10 + 1) = 135 (if the leads did not add up, O1
    ordered in 2026 would serve both years: 9 · 11 = 99)."""
    sheets = two_sites(eu=0, O1={"lead_periods": 1}, O2={"price": 20})
    sheets["Periods"] = list(THREE)
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": q, "site": "US"}
                        for p, q in ((2027, 4), (2028, 5))]
    sheets["Lanes"] = [{"from_country": "CN", "to_site": "US", "cost": 1, "lead_periods": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(135)
    rows = outcome.tables["Purchases"]
    first = rows[rows.offer == "O1"]
    assert list(zip(first.period, first.site, first.arrival, strict=True)) == [
        ("2026", "US", "2028")]
    assert first.quantity.sum() == pytest.approx(5)
    assert rows[rows.offer == "O2"].quantity.sum() == pytest.approx(4)


def test_processing_shows_the_site_and_the_arrival_there(make_workbook):
    """Only the US toller makes A (2/t from 1 t of CN scrap at 1/t); it takes a period
    and US→EU another (3/t). The EU needs 5 t in 2028: run in 2026 for the EU,
    5 · (1 + 2 + 3) = 30."""
    sheets = with_toller(two_sites(us=0), capacity=100, per_t=1)
    sheets["Periods"] = list(THREE)
    sheets["Offers"] = [o for o in sheets["Offers"] if o["material"] == "SC"]
    sheets["Processes"][0]["lead_periods"] = 1
    sheets["Demand"] = [{"material": "A", "period": 2028, "quantity": 5, "site": "EU"}]
    sheets["Lanes"] = [{"from_country": "US", "to_site": "EU", "cost": 3, "lead_periods": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(30)
    row = outcome.tables["Processing"].iloc[0]
    assert (row.process, row.period, row.site, row.arrival) == ("toll", "2026", "EU", "2028")
    assert (row.quantity, row.cost) == pytest.approx((5, 10))
    assert len(outcome.tables["Processing"]) == 1


def one_site(sheets: dict) -> dict:
    """The same workbook with one site (in AU): blank site columns mean it."""
    return {**sheets, "Sites": [{"site": "HQ", "country": "AU"}]}


def test_take_or_pay_with_one_site_is_the_same_and_shows_what_was_not_taken(make_workbook):
    """O1 takes or pays 6 t a period (tests/test_contracts_terms.py): 10 t × 10 in 2026
    and 6 t × 10 paid but not taken in 2027 = 160, with a Sites sheet or without. The
    untaken 6 t reach no site: their row has a blank site, quantity 0 and the payment."""
    from tests.test_contracts_terms import take_or_pay  # it imports test_fast_path

    plain = planner.solve(make_workbook(take_or_pay(min_take=6)))
    sited = planner.solve(make_workbook(one_site(take_or_pay(min_take=6)), "site.xlsx"))
    for outcome in (plain, sited):
        assert outcome.summary["objective"] == pytest.approx(160)
        assert outcome.summary["cost_take_or_pay"] == pytest.approx(60)
    rows = sited.tables["Purchases"].set_index("period")
    assert (rows.loc["2026", "site"], rows.loc["2026", "quantity"]) == ("HQ", 10)
    assert rows.loc["2026", "take_or_pay_shortfall"] == pytest.approx(0)
    untaken = rows.loc["2027"]
    assert untaken[["site", "lane", "arrival"]].isna().all()
    assert untaken.quantity == 0
    assert (untaken.take_or_pay_shortfall, untaken.take_or_pay_cost) == pytest.approx((6, 60))
    assert sited.tables["Contracts"].equals(plain.tables["Contracts"])


def test_a_qualification_with_one_site_is_the_same(make_workbook):
    """The two-scenario qualification case (tests/test_timing.py): calm pays the
    first-stage qualification too, 0.5 · 180 + 0.5 · 6,240 = 3,210, with one site or
    without a Sites sheet; the same qualification is started."""
    plain = planner.solve(make_workbook(qualification_case(scenarios=True)))
    sited = planner.solve(make_workbook(one_site(qualification_case(scenarios=True)),
                                        "site.xlsx"))
    for outcome in (plain, sited):
        assert outcome.summary["objective"] == pytest.approx(3210)
    assert sited.tables["Qualification"].equals(plain.tables["Qualification"])


def supplier_cap(site: str | None) -> dict:
    """One period (stock carried would get round a cap per period); EU needs 2 t and
    US 5 t; O1 (CN, 10/t) has 3 t, O2 (AU, 14/t) 100 t; at most one supplier of A (at
    site, when given)."""
    sheets = two_sites(eu=2, us=5, O1={"capacity": 3})
    sheets["Periods"] = sheets["Periods"][:1]
    sheets["Demand"] = [d for d in sheets["Demand"] if d["period"] == 2026]
    sheets["Rules"] = [{"rule": "one", "kind": "max_suppliers", "item": "A", "value": 1,
                        "site": site}]
    return sheets


def test_max_suppliers_at_one_site(make_workbook):
    """Without the cap 3 t of O1 and 4 t of O2: 30 + 56 = 86. One supplier at the US:
    O1 cannot fill its 5 t, so the US takes O2 alone (70) and the EU O1 (20): 90, the
    third t of O1 unused. One supplier everywhere: O2 alone, 7 · 14 = 98."""
    at_us = planner.solve(make_workbook(supplier_cap("US")))
    assert at_us.summary["objective"] == pytest.approx(90)
    frame = at_us.tables["Purchases"]
    assert set(frame[frame.site == "US"].offer) == {"O2"}
    everywhere = planner.solve(make_workbook(supplier_cap(None), "all.xlsx"))
    assert everywhere.summary["objective"] == pytest.approx(98)
    free = supplier_cap(None)
    del free["Rules"]
    assert planner.solve(make_workbook(free, "free.xlsx")).summary["objective"] == \
        pytest.approx(86)


def sites_commerce() -> dict:
    """Two scenarios (calm, surge with demand × 1.5) on three periods: backorders at
    two sites, O1 with a lead and a take-or-pay, a toller with a lead running for the
    EU through a lane, and at most one supplier at the US."""
    sheets = with_toller(waiting_at_sites(4, 4), capacity=3, per_t=1)
    sheets["Offers"][0] |= {"min_take": 1, "lead_periods": 1, "to_period": 2027}
    sheets["Processes"][0]["lead_periods"] = 1
    sheets["Lanes"].append({"from_country": "US", "to_site": "EU", "cost": 3,
                            "lead_periods": 1})
    sheets["Demand"] += [{"material": "A", "period": 2027, "quantity": 3, "site": "US"}]
    sheets["Rules"] = [{"rule": "one_at_us", "kind": "max_suppliers", "item": "A",
                        "value": 1, "site": "US"}]
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.5},
                           {"scenario": "surge", "probability": 0.5}]
    sheets["Events"] = [{"scenario": "surge", "kind": "demand", "value": 1.5,
                         "from_period": 2027}]
    return sheets


def test_everything_together_solves_again_from_its_results(make_workbook, tmp_path):
    """The results workbook of the combined case re-solves to the same plan."""
    first = planner.solve(make_workbook(sites_commerce()))
    assert first.summary["status"] == "optimal"
    second = planner.solve(first.write(tmp_path / "results.xlsx"))
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    for name in ("Purchases", "Processing", "Inventory", "Contracts"):
        assert second.tables[name].equals(first.tables[name]), name


def test_backorders_and_a_site_supplier_cap_load_with_sites(make_workbook):
    """Materials.backorder_cost and a max_suppliers rule naming a site are accepted
    with a Sites sheet."""
    data = planner.load(make_workbook(sites_commerce())).data
    assert data.materials["A"].backorder_cost == 50
    assert data.rule_by_id["one_at_us"].site == "US"
