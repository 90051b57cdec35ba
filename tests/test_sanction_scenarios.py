"""Generated sanction scenarios: every set of independent sanctions, as a workbook.

Three countries (CN, MM, MY), each banned with probability 0.1, at most two at once:
1 + 3 + 3 = 7 sets. Unnormalised probabilities: no ban 0.9³ = 0.729, one ban
0.1 · 0.9² = 0.081 each, two bans 0.1² · 0.9 = 0.009 each; they cover
0.729 + 3 · 0.081 + 3 · 0.009 = 0.999 (the 0.001 of three bans is left out), so the
normalised probabilities are 0.729/0.999, 0.081/0.999 and 0.009/0.999.
"""

from __future__ import annotations

import openpyxl
import pytest

import planner
from planner.workbook.sanctions import GenerateError, Sanctions, generate
from tests.conftest import base_sheets
from tests.test_cli import run

EXPECTED = {"no_ban": 0.729 / 0.999, "ban_CN": 0.081 / 0.999, "ban_MM": 0.081 / 0.999,
            "ban_MY": 0.081 / 0.999, "ban_CN_MM": 0.009 / 0.999, "ban_CN_MY": 0.009 / 0.999,
            "ban_MM_MY": 0.009 / 0.999}


def three_countries() -> dict:
    """Demand 8 t in 2026 and 12 t in 2027; CN 10/t (5 t), AU 20/t (10 t), MM 12/t and
    MY 15/t (5 t each)."""
    sheets = base_sheets()
    sheets["Countries"] += [{"country": "MM"}, {"country": "MY"}]
    sheets["Suppliers"] += [{"supplier": "S3", "country": "MM"},
                            {"supplier": "S4", "country": "MY"}]
    sheets["Offers"] += [
        {"offer": "O3", "supplier": "S3", "material": "A", "price": 12, "capacity": 5},
        {"offer": "O4", "supplier": "S4", "material": "A", "price": 15, "capacity": 5}]
    return sheets


def sanctions(**kw) -> Sanctions:
    return Sanctions(**{"countries": ("CN", "MM", "MY"), "max_bans": 2, "probability": 0.1,
                        "start": "2027", **kw})


def test_three_countries_two_bans_make_seven_scenarios(make_workbook, tmp_path):
    inputs = planner.load(make_workbook(three_countries()))
    generated = generate(inputs, sanctions(), tmp_path / "out.xlsx")
    assert generated.covered == pytest.approx(0.999)
    data = planner.load(generated.path).data
    assert data.probability == pytest.approx(EXPECTED)
    bans = {(r.scenario, next(iter(r.countries))) for r in data.rules}
    assert bans == {("ban_CN", "CN"), ("ban_MM", "MM"), ("ban_MY", "MY"),
                    ("ban_CN_MM", "CN"), ("ban_CN_MM", "MM"), ("ban_CN_MY", "CN"),
                    ("ban_CN_MY", "MY"), ("ban_MM_MY", "MM"), ("ban_MM_MY", "MY")}
    assert {r.kind for r in data.rules} == {"ban"}
    assert {r.periods for r in data.rules} == {("2027",)}


def test_the_generated_workbook_solves(make_workbook, tmp_path):
    """Holding costs 100/t, so nothing is bought ahead. In 2027 (12 t) the plan buys
    the cheapest 12 t left: no ban CN 5 + MM 5 + MY 2 at 15 = 140; with CN and MM
    banned only MY (5) and AU (7 at 20): 215. 2026 (8 t, decided before): CN 5 + MM 3
    = 86 in every scenario."""
    sheets = three_countries()
    sheets["Stockpile"] = [{"material": "A", "holding_cost": 100}]
    inputs = planner.load(make_workbook(sheets))
    outcome = planner.solve(generate(inputs, sanctions(), tmp_path / "out.xlsx").path)
    costs = outcome.tables["ScenarioCosts"].set_index("scenario")["cost"]
    assert costs["no_ban"] == pytest.approx(86 + 50 + 60 + 30)
    assert costs["ban_CN_MM"] == pytest.approx(86 + 75 + 140)


def test_licences_and_price_factors(make_workbook, tmp_path):
    inputs = planner.load(make_workbook(three_countries()))
    generated = generate(inputs, sanctions(licence=0.5, price_factor=1.5, max_bans=1),
                         tmp_path / "out.xlsx")
    data = planner.load(generated.path).data
    assert {(r.kind, r.value) for r in data.rules} == {("licence", 0.5)}
    assert {(e.scenario, e.kind, e.value) for e in data.events} == {
        ("licence_CN", "price", 1.5), ("licence_MM", "price", 1.5),
        ("licence_MY", "price", 1.5)}
    assert set(data.probability) == {"no_licence", "licence_CN", "licence_MM", "licence_MY"}


def test_the_workbooks_own_scenarios_are_crossed_with_the_sets(make_workbook, tmp_path):
    """Two scenarios (calm 0.8, surge 0.2 with demand ×1.5 and its own tariff) × the 4
    sets of at most one ban on CN or MM (p = 0.5: none 0.25, one 0.25 each, normalised
    over 0.75): calm 0.8/3 each, surge 0.2/3 each; surge's event and rule follow it."""
    sheets = three_countries()
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.8},
                           {"scenario": "surge", "probability": 0.2}]
    sheets["Events"] = [{"scenario": "surge", "kind": "demand", "value": 1.5}]
    sheets["Rules"] = [{"rule": "duty", "kind": "tariff", "country": "AU", "value": 0.1,
                        "scenario": "surge"}]
    inputs = planner.load(make_workbook(sheets))
    out = generate(inputs, sanctions(countries=("CN", "MM"), max_bans=1, probability=0.5),
                   tmp_path / "out.xlsx").path
    data = planner.load(out).data
    assert data.probability == pytest.approx({
        "calm": 0.8 / 3, "calm_ban_CN": 0.8 / 3, "calm_ban_MM": 0.8 / 3,
        "surge": 0.2 / 3, "surge_ban_CN": 0.2 / 3, "surge_ban_MM": 0.2 / 3})
    assert sorted(e.scenario for e in data.events) == ["surge", "surge_ban_CN",
                                                       "surge_ban_MM"]
    tariffs = sorted((r.id, r.scenario) for r in data.rules if r.kind == "tariff")
    assert tariffs == [("duty", "surge"), ("duty@surge_ban_CN", "surge_ban_CN"),
                       ("duty@surge_ban_MM", "surge_ban_MM")]


def test_every_other_sheet_is_copied(make_workbook, tmp_path):
    sheets = three_countries()
    sheets["Notes"] = [{"note": "my own sheet"}]
    inputs = planner.load(make_workbook(sheets))
    out = generate(inputs, sanctions(), tmp_path / "out.xlsx").path
    book = openpyxl.load_workbook(out, read_only=True)
    assert set(book.sheetnames) >= {"Settings", "Periods", "Offers", "Demand", "Notes",
                                    "Scenarios", "Rules"}
    assert list(book["Notes"].values) == [("note",), ("my own sheet",)]


@pytest.mark.parametrize(("change", "message"), [
    ({"countries": ("CN", "XX")}, "XX: not declared in Countries"),
    ({"max_bans": 4}, "--max-bans must be between 1 and the 3 countries"),
    ({"probability": 1.5}, "--probability-per-ban must be between 0 and 1"),
    ({"start": "2031"}, "--from 2031 is not a period"),
])
def test_options_that_cannot_work_are_refused(make_workbook, tmp_path, change, message):
    inputs = planner.load(make_workbook(three_countries()))
    with pytest.raises(GenerateError, match=message):
        generate(inputs, sanctions(**change), tmp_path / "out.xlsx")


def test_the_command_line(make_workbook, tmp_path):
    path = make_workbook(three_countries())
    out = tmp_path / "generated.xlsx"
    done = run("scenarios", "generate", str(path), "-o", str(out), "--ban-countries",
               "CN,MM,MY", "--max-bans", "2", "--from", "2027", "--probability-per-ban", "0.1")
    assert done.returncode == 0, done.stderr
    assert "Wrote 7 scenarios" in done.stdout and "ban_CN_MM" in done.stdout
    assert planner.load(out).data.probability == pytest.approx(EXPECTED)
    refused = run("scenarios", "generate", str(path), "--ban-countries", "XX",
                  "--probability-per-ban", "0.1")
    assert refused.returncode == 2
    assert "XX: not declared in Countries" in refused.stderr
