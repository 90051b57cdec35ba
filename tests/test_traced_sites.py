"""Traced provenance with sites: each site keeps its own class stock, and traced rules
may act at one site.

An EU–US buyer: site EU (in DE, the first and so the default site) and site US.
NdPr metal M is sold by a Japanese metal maker whose separation was done in China
(M_cn_sep, 10/t) and by a US metal maker with Australian separation (M_au_sep, 16/t); China
is in the group `covered`. Magnets G are made in Japan from 1 t of M each (fee 4/t,
tolling: the metal is drawn from the stock of the site the run is for, the magnets
are delivered there). Lanes are free and immediate unless a test declares one.
"""

from __future__ import annotations

import pytest

import planner
from models import SolveOptions, build_model
from tests.conftest import Sheets, write_workbook
from tests.test_segments import magnets

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)
DFARS = {"rule": "dfars", "kind": "traced_ban", "group": "covered", "item": "G",
         "segment": "defence"}
CHINA = {"rule": "cn_0.1", "kind": "traced_licence", "country": "CN", "item": "G",
         "stage": "separation", "threshold": 0.001, "value": 0.5}


def sited(demand: list[tuple], *rules: dict, periods=(2027,), sites: bool = True,
          lanes: list[dict] | None = None) -> Sheets:
    """demand: (material, period, t, segment or None, site or None) rows."""
    sheets = magnets(segmented=False)  # M_cn_sep, M_au_sep and the magnet line
    sheets["Periods"] = [{"period": p} for p in periods]
    sheets["Countries"].append({"country": "DE"})
    sheets["Materials"][0]["shortfall_cost"] = 1000
    sheets["Demand"] = [{"material": mat, "period": p, "quantity": q,
                         **({"segment": g} if g else {}),
                         **({"site": k} if k and sites else {})}
                        for mat, p, q, g, k in demand]
    if sites:
        sheets["Sites"] = [{"site": "EU", "country": "DE"}, {"site": "US", "country": "US"}]
    if lanes:
        sheets["Lanes"] = lanes
    if rules:
        sheets["Rules"] = [dict(r) for r in rules]  # callers may edit them
    return sheets


def solved(tmp_path, sheets: Sheets, name: str = "in.xlsx"):
    outcome = planner.solve(write_workbook(tmp_path / name, sheets), OPTIONS)
    assert outcome.result.status.has_plan
    return outcome


def delivered(outcome) -> dict[tuple[str, str], float]:
    """(offer, site) -> t delivered, every period together."""
    found: dict[tuple[str, str], float] = {}
    for (_, o, k, _), q in outcome.plan.deliveries.items():
        if q > 1e-9:
            found[o, k] = found.get((o, k), 0.0) + q
    return found


def test_defence_at_the_us_site_is_served_clean_while_the_eu_site_buys_cn_metal(tmp_path):
    """EU: 6 t of G (general); US: 2 t general and 4 t defence, under DFARS (no
    covered-country stage in what serves defence). The defence magnets need metal
    with AU separation: 4 × (16 + 4) = 80; the 8 t of general magnets at both sites
    use CN-separated metal: 8 × (10 + 4) = 112. Together 192. The US site keeps its
    two classes apart: of the 6 t of metal delivered to it, 4 t are AU-separated."""
    demand = [("G", 2027, 6, None, "EU"), ("G", 2027, 2, None, "US"),
              ("G", 2027, 4, "defence", "US")]
    outcome = solved(tmp_path, sited(demand, DFARS))
    assert outcome.result.objective == pytest.approx(192)
    assert delivered(outcome) == pytest.approx({("M_cn_sep", "EU"): 6, ("M_cn_sep", "US"): 2,
                                                ("M_au_sep", "US"): 4})
    provenance = outcome.tables["Provenance"]
    defence = provenance[provenance["segment"] == "defence"]
    assert set(defence["site"]) == {"US"} and set(defence["class"]) == {"clean"}
    assert defence["delivered"].sum() == pytest.approx(4)
    eu = provenance[(provenance["site"] == "EU") & provenance["delivered"].notna()]
    assert set(eu["class"]) == {"dfars"} and eu["delivered"].sum() == pytest.approx(6)


def test_a_traced_ban_naming_a_site_acts_on_what_that_site_uses(tmp_path):
    """DFARS without a segment, at the US site: all 6 t of US magnets clean,
    6 × 20 = 120; the EU's 6 t from CN metal, 6 × 14 = 84: 204. Without the site every
    magnet is clean: 12 × 20 = 240."""
    demand = [("G", 2027, 6, None, "EU"), ("G", 2027, 6, None, "US")]
    ban = {**DFARS, "segment": None}
    outcome = solved(tmp_path, sited(demand, {**ban, "site": "US"}))
    assert outcome.result.objective == pytest.approx(204)
    assert delivered(outcome) == pytest.approx({("M_cn_sep", "EU"): 6, ("M_au_sep", "US"): 6})
    everywhere = solved(tmp_path, sited(demand, ban), "all.xlsx")
    assert everywhere.result.objective == pytest.approx(240)


def test_the_china_rule_acts_on_both_sites_beside_dfars(tmp_path):
    """China's 0.1 % rule as a traced licence: at most half of the magnets made from
    metal with more than 0.1 % CN-separated content may pass (value 0.5 of the magnet
    line's 100 t capacity: 50 t), on every site; DFARS bars CN content from US defence.
    EU 30 t general, US 30 t general + 4 t defence: 60 t of general magnets, of which
    at most 50 from CN metal (14/t) and 10 from AU (20/t); defence 4 × 20: 50 · 14 +
    14 · 20 = 980. The 10 t of general magnets outside the licence may carry up to
    0.1 % CN metal (de minimis: 0.01 t at 10 instead of 16, saving 0.06), the defence
    magnets none (DFARS has no threshold): 979.94."""
    demand = [("G", 2027, 30, None, "EU"), ("G", 2027, 30, None, "US"),
              ("G", 2027, 4, "defence", "US")]
    outcome = solved(tmp_path, sited(demand, DFARS, CHINA))
    assert outcome.result.objective == pytest.approx(979.94)
    bought = delivered(outcome)
    assert bought.get(("M_cn_sep", "EU"), 0) + bought.get(("M_cn_sep", "US"), 0) == \
        pytest.approx(50.01)
    assert bought.get(("M_au_sep", "US"), 0) >= 4 - 1e-6


def test_metal_bought_before_a_ban_that_arrives_after_it_cannot_serve(tmp_path):
    """Lane JP→US takes one period. US defence demand of 4 t of metal in 2027 under a
    traced ban on covered separation from 2027 (item M); the EU needs 3 t in 2027.
    The ban acts where lots are used and served, in the period they are: CN metal
    ordered in 2026 for the US (10/t, before the ban) arrives in 2027 and may be held
    but not serve defence, so the US buys AU metal (US supplier, no lane; 2026 or 2027):
    4 × 16 = 64; the EU's 3 t are CN metal bought in 2027 for the EU (the EU has no
    defence demand): 3 × 10 = 30. Together 94 (a ban acting at the order would give
    40 + 30 = 70)."""
    demand = [("M", 2027, 4, "defence", "US"), ("M", 2027, 3, None, "EU")]
    ban = {"rule": "dfars", "kind": "traced_ban", "group": "covered", "item": "M",
           "segment": "defence", "from_period": 2027}
    lanes = [{"from_country": "JP", "to_site": "US", "lead_periods": 1}]
    outcome = solved(tmp_path, sited(demand, ban, periods=(2026, 2027), lanes=lanes))
    assert outcome.result.objective == pytest.approx(94)
    assert delivered(outcome) == pytest.approx({("M_au_sep", "US"): 4, ("M_cn_sep", "EU"): 3})
    assert outcome.plan.deliveries["base", "M_cn_sep", "EU", "2027"] == pytest.approx(3)
    early = solved(tmp_path, sited(demand, {**ban, "from_period": None},
                                   periods=(2026, 2027), lanes=lanes), "early.xlsx")
    assert early.result.objective == pytest.approx(94)
    unbanned = solved(tmp_path, sited(demand, periods=(2026, 2027), lanes=lanes), "no.xlsx")
    assert unbanned.result.objective == pytest.approx(70)


def test_a_traced_share_rule_on_one_site_tallies_that_site_alone(tmp_path):
    """At most half of the metal delivered to the EU site (plus added to its stock)
    may have been separated in CN, traced. EU 6 t: 3 × 10 + 3 × 16 = 78; US 4 t all
    CN metal: 40. Together 118; on every site (10 t, at most 5 CN): 50 + 80 = 130."""
    demand = [("M", 2027, 6, None, "EU"), ("M", 2027, 4, None, "US")]
    cap = {"rule": "cap", "kind": "max_share", "item": "M", "stage": "separation",
           "country": "CN", "value": 0.5, "trace": True}
    outcome = solved(tmp_path, sited(demand, {**cap, "site": "EU"}))
    assert outcome.result.objective == pytest.approx(118)
    assert delivered(outcome) == pytest.approx({("M_cn_sep", "EU"): 3, ("M_au_sep", "EU"): 3,
                                                ("M_cn_sep", "US"): 4})
    shares = outcome.tables["Shares"]
    traced = shares[shares["traced"]]
    assert set(traced["site"]) == {"EU"}
    assert traced[traced["country"] == "CN"]["tally"].sum() == pytest.approx(3)
    everywhere = solved(tmp_path, sited(demand, cap), "all.xlsx")
    assert everywhere.result.objective == pytest.approx(130)


@pytest.mark.parametrize("rules", [
    (DFARS, CHINA),
    ({"rule": "cap", "kind": "max_share", "item": "G", "stage": "separation",
      "country": "CN", "value": 0.5, "trace": True},),
])
def test_one_site_is_the_workbook_without_sites(tmp_path, rules):
    """Every demand at the one site, no lanes: the same optimum as without a Sites
    sheet (DFARS and China: 4 defence × 20 + 8 general from CN metal × 14 = 192, the
    licence not binding; the traced cap on G's separation stage: 6 t of magnets from CN
    metal and 6 t from AU metal, 6 × 14 + 6 × 20 = 204)."""
    demand = [("G", 2027, 8, None, None), ("G", 2027, 4, "defence", None)]
    plain = sited(demand, *rules, sites=False)
    one = sited(demand, *rules, sites=True)
    one["Sites"] = one["Sites"][:1]
    a, b = solved(tmp_path, plain, "plain.xlsx"), solved(tmp_path, one, "one.xlsx")
    assert a.result.objective == pytest.approx(b.result.objective)
    assert a.result.objective == pytest.approx(192 if len(rules) == 2 else 204)


def test_without_sites_the_traced_model_is_unchanged(tmp_path):
    """The same workbook built twice without a Sites sheet has the sizes a sites-free
    traced model always had: nothing is indexed by site."""
    demand = [("G", 2027, 8, None, None), ("G", 2027, 4, "defence", None)]
    inputs = planner.load(write_workbook(tmp_path / "in.xlsx",
                                         sited(demand, DFARS, CHINA, sites=False)))
    m = build_model(inputs.data)
    assert all("|" not in c for _, _, c, _ in m.IC)
    assert len(m.R) == len(m.RY) == 0 and m.UG.dimen == 4


def test_the_results_workbook_re_solves_to_the_same_plan(tmp_path):
    demand = [("G", 2027, 6, None, "EU"), ("G", 2027, 2, None, "US"),
              ("G", 2027, 4, "defence", "US")]
    path = write_workbook(tmp_path / "in.xlsx", sited(demand, DFARS, CHINA))
    first = planner.solve(path, OPTIONS)
    again = planner.solve(first.write(tmp_path / "out.xlsx"), OPTIONS)
    assert again.result.objective == pytest.approx(first.result.objective)
    assert again.plan.deliveries == pytest.approx(first.plan.deliveries)


def test_classes_times_sites_are_counted_before_anything_is_built(tmp_path, monkeypatch):
    """A material split into 2 classes at 2 sites is 4: with the limit at 3 the
    workbook is refused at the rule's cell."""
    import models.input.classes

    monkeypatch.setattr(models.input.classes, "MAX_CLASSES", 3)
    demand = [("G", 2027, 6, None, "EU"), ("G", 2027, 4, "defence", "US")]
    path = write_workbook(tmp_path / "in.xlsx", sited(demand, DFARS))
    with pytest.raises(planner.InputError) as err:
        planner.solve(path, OPTIONS)
    assert "at 2 sites into more than 3 origin classes" in str(err.value)
    monkeypatch.setattr(models.input.classes, "MAX_CLASSES", 4)
    assert planner.solve(path, OPTIONS).result.objective == pytest.approx(6 * 14 + 4 * 20)



def traced_at_sites() -> Sheets:
    """Traced rules at two sites with a lane lead, over three periods and two
    scenarios: DFARS for US defence, China's rule, a traced cap on the EU's volume, a
    soft traced ban at the US site, stock at each site, disposal and a sale (the
    fast-path case of tests/test_fast_path.py)."""
    demand = [("G", p, q, None, "EU") for p, q in ((2026, 5), (2027, 6), (2028, 6))]
    demand += [("G", p, 3, "defence", "US") for p in (2027, 2028)]
    demand += [("M", 2028, 2, None, "US")]
    sheets = sited(demand, DFARS, CHINA, periods=(2026, 2027, 2028), lanes=[
        {"from_country": "JP", "to_site": "US", "cost": 1, "lead_periods": 1},
        {"from_country": "JP", "to_site": "EU", "cost": 0.5, "material": "G"}])
    sheets["Rules"] += [
        {"rule": "eu_cap", "kind": "max_share", "item": "G", "stage": "separation",
         "country": "CN", "value": 0.7, "trace": True, "site": "EU"},
        {"rule": "us_soft", "kind": "traced_ban", "item": "M", "country": "CN",
         "stage": "separation", "site": "US", "penalty": 3, "scenario": "tight"}]
    sheets["Materials"][0] |= {"disposal_cost": 1}
    sheets["Stockpile"] = [{"material": "M", "initial": 2, "holding_cost": 0.5},
                           {"material": "M", "site": "US", "initial": 1}]
    sheets["Sales"] = [{"sale": "resale", "material": "M", "price": 4, "capacity": 2}]
    sheets["Scenarios"] = [{"scenario": "calm", "probability": 0.6},
                           {"scenario": "tight", "probability": 0.4}]
    sheets["Events"] = [{"scenario": "tight", "kind": "demand", "value": 1.5,
                         "from_period": 2027}]
    return sheets


def test_every_traced_site_feature_at_once(tmp_path):
    """It solves, and the results workbook solves again to the same optimum."""
    first = solved(tmp_path, traced_at_sites())
    again = planner.solve(first.write(tmp_path / "out.xlsx"), OPTIONS)
    assert again.result.objective == pytest.approx(first.result.objective)
    assert set(first.tables["Provenance"]["site"]) == {"EU", "US"}
