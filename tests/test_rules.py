"""Sanctions and diversification rules: tiny workbooks solved by hand in each docstring.

The base case (one period, material A at the separation stage): O1 from CN at 10/t,
O2 from AU at 20/t, each up to 100 t; demand 100 t; shortfall 1000/t.
"""

from __future__ import annotations

import pytest

import planner
from models import Status
from tests.conftest import add_recycling, base_sheets


def case(rules=(), **offer_changes):
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}]
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 100}]
    sheets["Offers"][0]["capacity"] = sheets["Offers"][1]["capacity"] = 100
    for index, changes in offer_changes.items():
        sheets["Offers"][int(index[1:]) - 1].update(changes)
    if rules:
        sheets["Rules"] = list(rules)
    return sheets


def bought(outcome) -> dict[str, float]:
    return outcome.tables["Purchases"].groupby("offer")["quantity"].sum().to_dict()


def report(outcome, rule: str) -> dict:
    frame = outcome.tables["RuleReport"]
    rows = frame[frame.rule == rule]
    assert len(rows) == 1, frame
    return rows.iloc[0].to_dict()


def test_without_rules_the_cheap_offer_takes_everything(make_workbook):
    outcome = planner.solve(make_workbook(case()))
    assert outcome.summary["objective"] == pytest.approx(1000)
    assert bought(outcome) == pytest.approx({"O1": 100})


def test_a_ban_forces_the_dearer_offer(make_workbook):
    """Banning CN leaves only O2: 100 t × 20 = 2000; O1 is listed as excluded."""
    rule = {"rule": "no_CN", "kind": "ban", "country": "CN"}
    outcome = planner.solve(make_workbook(case([rule])))
    assert outcome.summary["objective"] == pytest.approx(2000)
    assert bought(outcome) == pytest.approx({"O2": 100})
    excluded = outcome.tables["Excluded"].iloc[0]
    assert (excluded.offer_or_process, excluded.rule) == ("O1", "no_CN")
    assert "separation in CN" in excluded.reason or "a stage in CN" in excluded.reason
    row = report(outcome, "no_CN")
    assert row["binding"] and row["removed"] == 1


def test_a_65_percent_cap_splits_supply_65_35(make_workbook):
    """CN may hold at most 65 % of separation: 65 × 10 + 35 × 20 = 1350.

    Relaxing CN's row by 1 t moves 1 t from O2 to O1 and saves 10: marginal cost 10.
    """
    rule = {"rule": "crma", "kind": "max_share", "stage": "separation", "value": 0.65}
    outcome = planner.solve(make_workbook(case([rule])))
    assert outcome.summary["objective"] == pytest.approx(1350)
    assert bought(outcome) == pytest.approx({"O1": 65, "O2": 35})
    row = report(outcome, "crma")
    assert row["binding"]
    assert row["marginal_cost"] == pytest.approx(10)
    shares = outcome.tables["Shares"]
    separation = shares[shares.stage == "separation"].set_index("country")["share"]
    assert separation.to_dict() == pytest.approx({"CN": 0.65, "AU": 0.35})


def test_a_cap_on_every_stage_leaves_unknown_origin_alone(make_workbook):
    """Blank stage: the cap acts at separation (CN ≤ 65 %) and at mining, where both
    offers are of unknown origin (UNK is not a country to cap): again 1350."""
    rule = {"rule": "crma", "kind": "max_share", "value": 0.65}
    outcome = planner.solve(make_workbook(case([rule])))
    assert outcome.summary["objective"] == pytest.approx(1350)


def test_a_licence_and_a_tariff_together(make_workbook):
    """CN licence 50 % of 10 t and a 25 % tariff: 5 t at 12.5 + 3 t at 20 = 122.5.

    One more licensed t would replace a t at 20 by one at 12.5: marginal cost 7.5.
    """
    sheets = case([
        {"rule": "lic", "kind": "licence", "country": "CN", "value": 0.5},
        {"rule": "tar", "kind": "tariff", "country": "CN", "value": 0.25},
    ], O1={"capacity": 10})
    sheets["Demand"][0]["quantity"] = 8
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(122.5)
    assert bought(outcome) == pytest.approx({"O1": 5, "O2": 3})
    assert outcome.tables["Purchases"].set_index("offer").loc["O1", "price"] == 12.5
    assert report(outcome, "lic")["marginal_cost"] == pytest.approx(7.5)
    assert report(outcome, "tar")["binding"]
    assert report(outcome, "tar")["volume"] == pytest.approx(5)


def test_tariffs_compound(make_workbook):
    """Two 10 % tariffs on O1: 10 × 1.1 × 1.1 = 12.1 < 20, so 100 t cost 1210."""
    outcome = planner.solve(make_workbook(case([
        {"rule": "t1", "kind": "tariff", "country": "CN", "value": 0.1},
        {"rule": "t2", "kind": "tariff", "supplier": "S1", "value": 0.1},
    ])))
    assert outcome.summary["objective"] == pytest.approx(1210)


def test_a_recycled_share_floor(make_workbook):
    """O2 is recycled (20/t); at least 25 % recycled: 75 × 10 + 25 × 20 = 1250.

    Each further t of required recycled supply costs 20 − 10 = 10.
    """
    rule = {"rule": "rec", "kind": "min_recycled_share", "item": "A", "value": 0.25}
    outcome = planner.solve(make_workbook(case([rule], O2={"recycled": True})))
    assert outcome.summary["objective"] == pytest.approx(1250)
    assert bought(outcome) == pytest.approx({"O1": 75, "O2": 25})
    assert report(outcome, "rec")["marginal_cost"] == pytest.approx(10)


def test_tolling_through_a_permitted_country_beats_a_banned_direct_offer(make_workbook):
    """Oxide A bought from CN costs 30/t; concentrate C from AU costs 10/t and 2 t of
    it make 1 t of A by tolling in MY at 15/t (35/t), or in CN at 5/t (25/t).

    No ban: tolling in CN, 10 × 25 = 250. A ban on separation in CN removes the
    direct offer and the CN tolling: tolling in MY, 10 × 35 = 350.
    """
    sheets = base_sheets()
    sheets["Periods"] = [{"period": 2026}]
    sheets["Countries"].append({"country": "MY"})
    sheets["Materials"].append({"material": "C", "stage": "mining"})
    sheets["Suppliers"] += [{"supplier": "T_MY", "country": "MY"},
                            {"supplier": "T_CN", "country": "CN"}]
    sheets["Offers"] = [
        {"offer": "direct", "supplier": "S1", "material": "A", "price": 30, "capacity": 100},
        {"offer": "conc", "supplier": "S2", "material": "C", "price": 10, "capacity": 1000},
    ]
    sheets["Processes"] = [
        {"process": "sep_MY", "supplier": "T_MY", "output": "A", "capacity": 100, "cost": 15},
        {"process": "sep_CN", "supplier": "T_CN", "output": "A", "capacity": 100, "cost": 5},
    ]
    sheets["ProcessInputs"] = [{"process": p, "material": "C", "quantity": 2}
                               for p in ("sep_MY", "sep_CN")]
    sheets["Demand"] = [{"material": "A", "period": 2026, "quantity": 10}]
    free = planner.solve(make_workbook(sheets, "free.xlsx"))
    assert free.summary["objective"] == pytest.approx(250)
    sheets["Rules"] = [{"rule": "no_CN_sep", "kind": "ban", "stage": "separation",
                        "country": "CN"}]
    banned = planner.solve(make_workbook(sheets, "banned.xlsx"))
    assert banned.summary["objective"] == pytest.approx(350)
    processing = banned.tables["Processing"].set_index("process")
    assert processing.loc["sep_MY", "quantity"] == pytest.approx(10)
    assert set(banned.tables["Excluded"].offer_or_process) == {"direct", "sep_CN"}
    inventory = banned.tables["Inventory"].set_index("material")
    assert inventory.loc["C", "consumed"] == pytest.approx(20)
    shares = banned.tables["Shares"]
    mining = shares[(shares.element == "A") & (shares.stage == "mining")]
    assert mining.empty  # tolled oxide carries only its own stage; C is its own element


def test_a_soft_ban_is_paid_for_per_tonne(make_workbook):
    """Soft ban on CN with penalty 8: CN costs 18 < 20, so buy CN up to its 100 t.

    1800 = 1000 of purchases + 800 of penalty; the violation is 100 t.
    """
    rule = {"rule": "soft_CN", "kind": "ban", "country": "CN", "penalty": 8}
    outcome = planner.solve(make_workbook(case([rule])))
    assert outcome.summary["objective"] == pytest.approx(1800)
    assert outcome.summary["cost_penalty"] == pytest.approx(800)
    assert report(outcome, "soft_CN")["violation"] == pytest.approx(100)


def test_a_soft_cap_is_exceeded_when_the_penalty_is_low(make_workbook):
    """65 % cap with penalty 5/t: each t moved to CN saves 10 and costs 5, so CN takes
    all 100 t; violation 100 − 65 = 35 t, cost 1000 + 35 × 5 = 1175."""
    rule = {"rule": "crma", "kind": "max_share", "stage": "separation", "value": 0.65,
            "penalty": 5}
    outcome = planner.solve(make_workbook(case([rule])))
    assert outcome.summary["objective"] == pytest.approx(1175)
    assert report(outcome, "crma")["violation"] == pytest.approx(35)


def test_a_minimum_share_for_a_group(make_workbook):
    """Allied (AU) must hold 40 % of separation: 60 × 10 + 40 × 20 = 1400."""
    sheets = case([{"rule": "allied", "kind": "min_share", "stage": "separation",
                    "group": "allied", "value": 0.4}])
    sheets["Countries"][0]["groups"] = "allied, FTA"
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(1400)


def test_a_group_cap_on_owners(make_workbook):
    """S1 sits in AU but is owned from CN (FEOC); FEOC-owned supply at most 30 %:
    30 × 10 + 70 × 20 = 1700. A ban by owner removes O1 although it ships from AU."""
    sheets = case([{"rule": "feoc", "kind": "max_group_share", "stage": "owner",
                    "group": "FEOC", "value": 0.3}])
    sheets["Countries"][1]["groups"] = "FEOC"
    sheets["Suppliers"][0].update(country="AU", owner_country="CN")
    outcome = planner.solve(make_workbook(sheets, "cap.xlsx"))
    assert outcome.summary["objective"] == pytest.approx(1700)
    owners = outcome.tables["Shares"].query("stage == 'owner'").set_index("country")
    assert owners["share"].to_dict() == pytest.approx({"CN": 0.3, "AU": 0.7})
    sheets["Rules"] = [{"rule": "feoc_ban", "kind": "ban", "stage": "owner", "group": "FEOC"}]
    banned = planner.solve(make_workbook(sheets, "ban.xlsx"))
    assert banned.summary["objective"] == pytest.approx(2000)
    assert "owned from CN" in banned.tables["Excluded"].iloc[0].reason


def test_a_supplier_share_cap(make_workbook):
    """No supplier above 50 % of A: 50 × 10 + 50 × 20 = 1500."""
    rule = {"rule": "split", "kind": "max_supplier_share", "item": "A", "value": 0.5}
    outcome = planner.solve(make_workbook(case([rule])))
    assert outcome.summary["objective"] == pytest.approx(1500)
    assert bought(outcome) == pytest.approx({"O1": 50, "O2": 50})


def test_a_rule_window_and_an_element_item(make_workbook):
    """A magnet M contains 0.3 t of element Nd per t; a ban on Nd from CN in 2027 only.

    Holding costs 15/t, so buying 2027's need ahead in 2026 (10 + 15) loses to AU (20):
    2026: 8 t from CN at 10; 2027: 12 t from AU at 20; total 80 + 240 = 320.
    """
    sheets = base_sheets()
    sheets["Materials"][0]["stage"] = "magnet"
    sheets["Content"] = [{"material": "A", "element": "Nd", "fraction": 0.3}]
    for offer in sheets["Offers"]:
        offer["capacity"] = 100
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 15}]
    sheets["Rules"] = [{"rule": "nd", "kind": "ban", "item": "Nd", "country": "CN",
                        "from_period": 2027, "to_period": 2027}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(320)
    shares = outcome.tables["Shares"]
    magnet = shares[(shares.stage == "magnet") & (shares.period == "2026")]
    assert magnet.set_index("country")["tally"].to_dict() == pytest.approx({"CN": 2.4})


def test_infeasible_hard_rules_exit_as_infeasible(make_workbook):
    """A stockpile target that only banned supply could fill cannot hold."""
    sheets = case([{"rule": "all", "kind": "ban", "item": "A"}])
    sheets["Stockpile"] = [{"material": "A", "target": 5}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.result.status is Status.INFEASIBLE


def test_rule_costs_resolve_without_each_rule(make_workbook):
    """A ban on CN and a 65 % single-country cap together leave AU as the only country,
    and AU may not exceed 65 % of itself: nothing can be bought, 100 t unmet = 100,000.

    Without the ban: the 65/35 split, 1350, so the ban costs 98,650. Without the cap:
    all from AU, 2000, so the cap costs 98,000. Solved in two parallel processes.
    """
    rules = [{"rule": "no_CN", "kind": "ban", "country": "CN"},
             {"rule": "crma", "kind": "max_share", "stage": "separation", "value": 0.65}]
    outcome = planner.solve(make_workbook(case(rules)), with_rule_costs=True, workers=2)
    assert outcome.summary["objective"] == pytest.approx(100_000)
    costs = outcome.tables["RuleCosts"].set_index("rule")["cost_of_rule"]
    assert costs.to_dict() == pytest.approx({"no_CN": 98_650, "crma": 98_000})


def test_a_recycling_process_counts_at_separation_for_the_recycled_share(make_workbook):
    """Magnets A: primary O1 (CN, 10/t); a recycling process in AU makes A from scrap
    (5/t of fee, 1 t scrap at 20/t): 25/t. At least 25 % recycled at separation (the
    default stage for an element): 75 × 10 + 25 × 25 = 1375."""
    sheets = case([{"rule": "rec", "kind": "min_recycled_share", "item": "Nd",
                    "value": 0.25}])
    add_recycling(sheets, scrap_price=20, fee=5, scrap_per_t=1, capacity=100)
    sheets["Content"] = [{"material": "A", "element": "Nd", "fraction": 0.3}]
    outcome = planner.solve(make_workbook(sheets))
    assert outcome.summary["objective"] == pytest.approx(1375)
