"""Sites and lanes: hand-worked optima, site rules, validation, the no-sites model kept.

Every workbook here has one material A (separation), a CN offer O1 and an AU offer
O2 (tests/conftest.py), two periods (2026, 2027) and, with sites, an EU site (in
DE, the first and so the default site) and a US site.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import planner
from models.build import build_model
from models.solving.matrix import compile_model
from tests.conftest import base_sheets
from tests.test_validation import only_problem, problems


def two_sites(eu: float = 5, us: float = 5, **offers) -> dict:
    """EU and US sites, demand eu and us t at each in each period; O1 (CN, 10/t) and
    O2 (AU, 14/t) with 100 t each unless offers say otherwise."""
    sheets = base_sheets()
    sheets["Countries"] += [{"country": "DE"}, {"country": "US"}]
    sheets["Offers"][0] |= {"capacity": 100}
    sheets["Offers"][1] |= {"capacity": 100, "price": 14}
    for offer in sheets["Offers"]:
        offer |= offers.get(offer["offer"], {})
    sheets["Sites"] = [{"site": "EU", "country": "DE"}, {"site": "US", "country": "US"}]
    sheets["Demand"] = [{"material": "A", "period": p, "quantity": q, "site": k}
                        for p in (2026, 2027) for k, q in (("EU", eu), ("US", us)) if q]
    return sheets


def with_toller(sheets: dict, capacity: float, per_t: float) -> dict:
    """A US toller T (2/t of A) that makes A from per_t t of scrap SC each (CN, 1/t)."""
    sheets["Suppliers"].append({"supplier": "T", "country": "US"})
    sheets["Materials"].append({"material": "SC", "stage": "scrap"})
    sheets["Offers"].append({"offer": "scrap", "supplier": "S1", "material": "SC",
                             "price": 1, "capacity": 100})
    sheets["Processes"] = [{"process": "toll", "supplier": "T", "output": "A",
                            "capacity": capacity, "cost": 2}]
    sheets["ProcessInputs"] = [{"process": "toll", "material": "SC", "quantity": per_t}]
    return sheets


def bought(outcome) -> dict[tuple[str, str, str], float]:
    """(offer, site, period ordered) -> t."""
    frame = outcome.tables["Purchases"]
    return {(r.offer, r.site, str(r.period)): r.quantity for r in frame.itertuples()}


def test_a_tariff_at_the_us_site_only(make_workbook):
    """A 50 % tariff on CN material delivered to the US site: CN costs 15 there, AU 14,
    so the EU site buys CN and the US site AU. Per period 5 · 10 + 5 · 14 = 120; two
    periods 240 (all CN would be 200; the tariff everywhere, all AU, 280)."""
    sheets = two_sites()
    sheets["Rules"] = [{"rule": "us_tariff", "kind": "tariff", "country": "CN",
                        "value": 0.5, "site": "US"}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(240)
    plan = bought(outcome)
    assert {k for k in plan if k[1] == "US"} <= {("O2", "US", "2026"), ("O2", "US", "2027")}
    assert sum(q for k, q in plan.items() if k[1] == "US") == pytest.approx(10)
    assert plan[("O1", "EU", "2026")] == pytest.approx(5)
    assert plan[("O1", "EU", "2027")] == pytest.approx(5)


def test_a_lane_lead_forces_an_earlier_order(make_workbook):
    """Lane CN→US: 1 period in transit, 1/t. US demand 4 t in 2026, 8 t in 2027; O1
    (CN, 10/t) has 5 t per period, O2 (AU, 20/t) no lane (immediate, free). In 2026
    nothing from CN reaches the US: 4 t AU = 80. For 2027 CN must be ordered in 2026:
    5 t at 10 + 1 = 55, and 3 t AU = 60. Total 195 (without the lead: 5 t CN in each
    period at 11, one held from 2026, and 2 t AU in 2027: 110 + 40 = 150)."""
    sheets = two_sites(eu=0, O1={"capacity": 5}, O2={"price": 20})
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 4, "site": "US"},
                        {"material": "A", "period": 2027, "quantity": 8, "site": "US"}]
    sheets["Lanes"] = [{"from_country": "CN", "to_site": "US", "cost": 1, "lead_periods": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(195)
    assert outcome.summary["cost_transport"] == pytest.approx(5)
    frame = outcome.tables["Purchases"].set_index(["offer", "period"])
    row = frame.loc[("O1", "2026")]
    assert row.quantity == pytest.approx(5) and row.site == "US"
    assert str(row.arrival) == "2027" and row.lane == "CN→US"
    assert row.transport_cost == pytest.approx(5)
    assert ("O1", "2027") not in frame.index
    sheets["Lanes"][0]["lead_periods"] = 0
    assert planner.solve(make_workbook(sheets, "no-lead.xlsx")).summary["objective"] == \
        pytest.approx(150)


def test_a_lane_for_the_material_wins_over_one_for_every_material(make_workbook):
    """CN→US costs 100/t for every material but 1/t for A: US buys CN at 10 + 1 = 11
    < 14. 5 t per period at both sites: EU 2 · 50 + US 2 · 55 = 210."""
    sheets = two_sites()
    sheets["Lanes"] = [{"from_country": "CN", "to_site": "US", "cost": 100},
                       {"from_country": "CN", "to_site": "US", "cost": 1, "material": "A"}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(210)
    assert outcome.summary["cost_transport"] == pytest.approx(10)


def test_a_ban_at_one_site_leaves_the_offer_to_the_others(make_workbook):
    """CN banned at the US site: US buys AU (14), EU still CN (10): 2 · (50 + 70) = 240;
    the Excluded sheet says where."""
    sheets = two_sites()
    sheets["Rules"] = [{"rule": "us_ban", "kind": "ban", "country": "CN", "site": "US"}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(240)
    plan = bought(outcome)
    assert sum(q for k, q in plan.items() if k[:2] == ("O1", "EU")) == pytest.approx(10)
    assert not any(k[0] == "O1" and k[1] == "US" for k in plan)
    reasons = outcome.tables["Excluded"]["reason"].tolist()
    assert reasons and all(r.startswith("banned at site US") for r in reasons)


def test_a_share_rule_on_the_us_volume_only(make_workbook):
    """At most 50 % of the US site's A from CN: US 3 t CN + 3 t AU = 30 + 42 = 72 per
    period, EU 5 t CN = 50; two periods 244. On all volume (no site) it would be 5.5 t
    CN of 11: 55 + 77 = 132 per period, 264."""
    sheets = two_sites(eu=5, us=6)
    sheets["Rules"] = [{"rule": "us_cap", "kind": "max_share", "item": "A",
                        "stage": "separation", "country": "CN", "value": 0.5, "site": "US"}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(244)
    shares = outcome.tables["Shares"]
    us = shares[(shares.site == "US") & (shares.country == "CN")
                & (shares.stage == "separation")]
    assert us.share.tolist() == pytest.approx([0.5, 0.5])
    sheets["Rules"][0]["site"] = None
    assert planner.solve(make_workbook(sheets, "all.xlsx")).summary["objective"] == \
        pytest.approx(264)


def test_demand_at_two_sites_is_served_from_each_site_stock(make_workbook):
    """EU holds 8 t, US 0 (blank site: the default, EU). Demand 2 t at EU and 3 t at US
    in 2026 only. EU stock cannot serve the US: US buys 3 t CN = 30; EU closes 6 t,
    holding 1/t: 6 in 2026 and 6 in 2027. Total 42."""
    sheets = two_sites(eu=0, us=0)
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 2},
                        {"material": "A", "period": 2026, "quantity": 3, "site": "US"}]
    sheets["Stockpile"] = [{"material": "A", "initial": 8, "holding_cost": 1},
                           {"material": "A", "site": "US", "holding_cost": 1}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(42)
    inventory = outcome.tables["Inventory"].set_index(["site", "period"])
    assert inventory.loc[("EU", "2026")].closing == pytest.approx(6)
    assert inventory.loc[("US", "2026")].acquired == pytest.approx(3)
    assert inventory.loc[("US", "2026")].served == pytest.approx(3)


def test_a_stock_target_at_one_site(make_workbook):
    """US must close with 4 t from 2027 on: demand 5 t a period at each site, all CN at
    10 → 200, plus 4 t more for the US in 2027 (or 2026) → 240."""
    sheets = two_sites(O2={"price": 50})
    sheets["Stockpile"] = [{"material": "A", "site": "US", "target": 4,
                            "target_from": 2027}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(240)
    inventory = outcome.tables["Inventory"].set_index(["site", "period"])
    assert inventory.loc[("US", "2027")].target == pytest.approx(4)
    assert inventory.loc[("US", "2027")].closing == pytest.approx(4)


def test_tolling_delivers_to_the_site_it_runs_for(make_workbook):
    """A US toller (cost 2/t) turns 1 t of scrap SC (CN, 1/t) into 1 t of A; lane
    US→EU costs 5/t, CN→US nothing. EU needs 5 t in each period: buying A costs 10 (CN),
    tolling for the EU 1 + 2 + 5 = 8. The plan tolls: 2 · 5 · 8 = 80."""
    sheets = with_toller(two_sites(us=0), capacity=100, per_t=1)
    sheets["Lanes"] = [{"from_country": "US", "to_site": "EU", "cost": 5}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(80)
    assert outcome.summary["cost_transport"] == pytest.approx(50)


def test_without_sites_the_model_is_the_same(make_workbook):
    """A workbook without Sites (and the columns left blank) keeps its columns, rows,
    nonzeros and optimum: the base case, 2026 5 t CN + 3 t AU, 2027 5 t CN + 7 t AU
    = 50 + 60 + 50 + 140 = 300."""
    plain = planner.load(make_workbook()).data
    sheets = base_sheets()
    for row in sheets["Demand"]:
        row["site"] = None
    sheets["Stockpile"] = [{"material": "A", "initial": 0, "site": None}]
    sheets["Rules"] = [{"rule": "open", "kind": "max_share", "country": "CN", "value": 1,
                        "site": None}]
    blank = planner.load(make_workbook(sheets, "blank.xlsx")).data
    matrices = []
    for data in (plain, blank):
        m = build_model(data)
        assert not any(len(c) for c in (m.r, m.ry, m.Ik, m.uk, m.site_balance,
                                        m.delivery_split, m.site_licence))
        matrices.append(compile_model(m))
    first, second = matrices
    assert (len(first.columns), len(first.rows), first.nonzeros) == \
        (len(second.columns), len(second.rows), second.nonzeros)
    for name in ("col_lower", "col_upper", "col_cost", "row_lower", "row_upper", "value"):
        assert np.array_equal(getattr(first, name), getattr(second, name)), name
    assert planner.solve(make_workbook()).summary["objective"] == pytest.approx(300)
    assert planner.solve(make_workbook(sheets, "blank2.xlsx")).summary["objective"] == \
        pytest.approx(300)


def test_the_results_workbook_solves_again_to_the_same_plan(make_workbook, tmp_path):
    sheets = two_sites()
    sheets["Rules"] = [{"rule": "us_tariff", "kind": "tariff", "country": "CN",
                        "value": 0.5, "site": "US"}]
    sheets["Lanes"] = [{"from_country": "AU", "to_site": "US", "cost": 0.5}]
    sheets["Stockpile"] = [{"material": "A", "site": "US", "holding_cost": 1}]
    first = planner.solve(make_workbook(sheets))
    second = planner.solve(first.write(tmp_path / "first-results.xlsx"))
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    for name in ("Purchases", "Inventory"):
        assert second.tables[name].equals(first.tables[name])


def test_the_command_line_solves_a_workbook_with_sites(make_workbook, tmp_path):
    sheets = two_sites()
    sheets["Rules"] = [{"rule": "us_tariff", "kind": "tariff", "country": "CN",
                        "value": 0.5, "site": "US"}]
    done = subprocess.run([str(Path(sys.executable).parent / "planner"), "solve",
                           str(make_workbook(sheets)), "-o", str(tmp_path / "out.xlsx")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "240 USD" in done.stdout


# -- validation -----------------------------------------------------------------------

def test_a_site_without_a_sites_sheet(make_workbook):
    sheets = base_sheets()
    sheets["Demand"][0]["site"] = "US"
    assert only_problem(make_workbook(sheets)) == (
        "Demand!D2: site 'US' is not declared in Sites — declare it there or correct the id")


def test_an_unknown_site_and_an_unknown_country(make_workbook):
    sheets = two_sites()
    sheets["Sites"].append({"site": "JP", "country": "JPN"})
    sheets["Lanes"] = [{"from_country": "XX", "to_site": "EUR", "cost": 1}]
    found = problems(make_workbook(sheets))
    assert any(p.startswith("Sites!B4: country 'JPN' is not declared in Countries")
               for p in found), found
    assert any(p.startswith("Lanes!A2: from_country 'XX' is not declared") for p in found)
    assert any(p.startswith("Lanes!B2: to_site 'EUR' is not declared in Sites")
               for p in found), found


def test_duplicate_lanes(make_workbook):
    sheets = two_sites()
    sheets["Lanes"] = [{"from_country": "CN", "to_site": "US", "cost": 1},
                       {"from_country": "CN", "to_site": "US", "cost": 2}]
    assert only_problem(make_workbook(sheets)) == (
        "Lanes!A3: from_country 'CN', to_site 'US' is a duplicate of row 2 — each "
        "from_country + to_site must appear once; merge or delete a row")
    sheets["Lanes"].append({"from_country": "CN", "to_site": "US", "material": "A"})
    assert only_problem(make_workbook(sheets, "named.xlsx")).startswith(
        "Lanes!A3: from_country 'CN', to_site 'US', material blank is a duplicate of row 2 "
        "— each from_country + to_site + material must appear once")


def test_a_negative_lane_cost(make_workbook):
    sheets = two_sites()
    sheets["Lanes"] = [{"from_country": "CN", "to_site": "US", "cost": -1}]
    assert only_problem(make_workbook(sheets)).startswith("Lanes!C2: cost must be")


def test_a_blank_site_and_the_default_site_are_the_same_site(make_workbook):
    sheets = two_sites(us=0)
    sheets["Stockpile"] = [{"material": "A", "initial": 1},
                           {"material": "A", "initial": 2, "site": "EU"}]
    assert only_problem(make_workbook(sheets)) == (
        "Stockpile!C3: this row and row 2 are both at site 'EU' (a blank site is the first "
        "site, 'EU') — merge the two rows, or name another site")


def everything_at_sites() -> dict:
    """Two sites with lanes (cost and lead), a site tariff, a site share rule, a soft
    site licence and ban, stock by site, tolling, disposal and sales, two scenarios
    (the fast-path case of tests/test_fast_path.py)."""
    sheets = two_sites(eu=5, us=6)
    sheets["Periods"].append({"period": 2028})
    sheets["Materials"][0] |= {"disposal_cost": 1}
    with_toller(sheets, capacity=4, per_t=1.2)
    sheets["Sales"] = [{"sale": "resale", "material": "A", "price": 3, "capacity": 2}]
    sheets["Lanes"] = [{"from_country": "CN", "to_site": "US", "cost": 1, "lead_periods": 1},
                       {"from_country": "US", "to_site": "EU", "cost": 2, "material": "A"}]
    sheets["Stockpile"] = [{"material": "A", "initial": 3, "holding_cost": 0.5},
                           {"material": "A", "site": "US", "target": 1, "max": 20}]
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.6},
                           {"scenario": "tight", "probability": 0.4}]
    sheets["Events"] = [{"scenario": "tight", "kind": "demand", "value": 1.5,
                         "from_period": 2027}]
    sheets["Rules"] = [
        {"rule": "us_tariff", "kind": "tariff", "country": "CN", "value": 0.3, "site": "US"},
        {"rule": "us_cap", "kind": "max_share", "item": "A", "stage": "separation",
         "country": "CN", "value": 0.6, "site": "US"},
        {"rule": "eu_licence", "kind": "licence", "country": "AU", "value": 0.5,
         "site": "EU", "penalty": 4},
        {"rule": "eu_hard_licence", "kind": "licence", "country": "CN", "value": 0.9,
         "site": "EU"},
        {"rule": "us_soft_ban", "kind": "ban", "supplier": "T", "site": "EU", "penalty": 1,
         "scenario": "tight"},
        {"rule": "two", "kind": "min_suppliers", "item": "A", "value": 2, "site": "US",
         "penalty": 50}]
    return sheets


def test_everything_at_sites_solves(make_workbook, tmp_path):
    """Every site feature at once: it solves, the results workbook solves again to the
    same optimum, and Purchases, Inventory and Shares carry the sites."""
    first = planner.solve(make_workbook(everything_at_sites()))
    assert first.summary["status"] == "optimal"
    second = planner.solve(first.write(tmp_path / "results.xlsx"))
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    assert set(first.tables["Inventory"].site) == {"EU", "US"}
    assert set(first.tables["Shares"].dropna(subset=["site"]).site) == {"US"}


def test_the_site_a_first_stage_order_serves_is_decided_once(make_workbook):
    """Where a purchase goes is decided when it is ordered, before the scenario is known.

    O1 (CN, 10/t, 10 t) sells only in 2026, O2 (AU, 100/t) only in 2027; 10 t are
    demanded at each site in 2027 (shortfall 1000/t). Scenario east (0.5) bans AU
    deliveries to the EU site, west (0.5) to the US site. Knowing the scenario, each
    would send O1's 10 t to the site AU cannot reach: 100 + 10 · 100 = 1100 in each.
    Sent before knowing it, a t to the EU and b t to the US (a + b ≤ 10):
        east: 10(a+b) + 1000(10−a) + 100(10−b),  west: 10(a+b) + 100(10−a) + 1000(10−b)
    mean 11000 − 540(a+b), least at a + b = 10: 5600."""
    sheets = two_sites(eu=0, us=0, O1={"capacity": 10, "from_period": 2026,
                                       "to_period": 2026},
                       O2={"price": 100, "from_period": 2027})
    sheets["Demand"] = [{"material": "A", "period": 2027, "quantity": 10, "site": k}
                        for k in ("EU", "US")]
    sheets["Scenarios"] = [{"scenario": "east", "probability": 0.5},
                           {"scenario": "west", "probability": 0.5}]
    sheets["Rules"] = [{"rule": f"no_au_{k}", "kind": "ban", "country": "AU", "site": k,
                        "scenario": s} for k, s in (("EU", "east"), ("US", "west"))]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(5600)
    frame = outcome.tables["Purchases"]
    first = frame[frame.period.astype(str) == "2026"]
    for site in ("EU", "US"):  # the same split in both scenarios
        by_scenario = first[first.site == site].groupby("scenario").quantity.sum()
        assert by_scenario.get("east", 0.0) == pytest.approx(by_scenario.get("west", 0.0))


def test_the_cost_of_a_tariff_under_a_site_tariff(make_workbook):
    """A 100 % tariff on CN everywhere and 50 % more at the US site; AU costs 17/t.
    With both, CN costs 20 at the EU and 30 at the US: all 20 t AU, 340. Without the
    tariff everywhere CN costs 10 at the EU and 15 at the US (the site's 50 % of 10):
    10 · 10 + 10 · 15 = 250, so it costs 90. Without the US tariff CN is 20 at both
    sites, above AU: still 340, it costs 0."""
    sheets = two_sites(O2={"price": 17})
    sheets["Rules"] = [
        {"rule": "cn_tariff", "kind": "tariff", "country": "CN", "value": 1.0},
        {"rule": "us_tariff", "kind": "tariff", "country": "CN", "value": 0.5, "site": "US"}]
    outcome = planner.solve(make_workbook(sheets), with_rule_costs=True, workers=1)
    assert outcome.summary["objective"] == pytest.approx(340)
    costs = outcome.tables["RuleCosts"].set_index("rule")["cost_of_rule"]
    assert costs.to_dict() == pytest.approx({"cn_tariff": 90, "us_tariff": 0})
