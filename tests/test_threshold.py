"""De-minimis thresholds: a lot matches a traced rule only above its threshold.

A Japanese maker makes 1 t of magnet G from two Dy oxides, P (clean, 10/t) and Q
(separated in China, 1/t), at a fixed recipe with q t of Q and 1 − q t of P per t
of G (all Dy: 1 t of Dy per t of each), fee 2/t. A clean magnet can also be bought
at 50/t. Demand is 10 t of G, for defence. A traced ban on magnets whose
separation was in China has a threshold of 0.1 %: with q = 0.0009 the magnet is
0.09 % Chinese and passes; with q = 0.0011 it is 0.11 % and is banned. The ban names
the magnet (its inputs weighed by mass), or the Dy it contains for the defence
segment (its Dy weighed by mass); either way Q itself may be bought.
"""

from __future__ import annotations

import pytest

import planner
from models import SolveOptions
from tests.conftest import Sheets, write_workbook

OPTIONS = SolveOptions(mip_gap=1e-9, threads=1)


ON_MAGNETS = {"item": "G"}
ON_DY_FOR_DEFENCE = {"item": "Dy", "segment": "defence"}


def blended(q: float, *, threshold: float = 0.001, basis: str = "mass",
            rule: dict | None = None) -> Sheets:
    return {
        "Settings": [{"key": "threshold_basis", "value": basis}],
        "Periods": [{"period": 2027}],
        "Countries": [{"country": "CN"}, {"country": "JP"}, {"country": "AU"}],
        "Materials": [{"material": "P", "stage": "separation"},
                      {"material": "Q", "stage": "separation"},
                      {"material": "G", "stage": "magnet", "shortfall_cost": 1000}],
        "Content": [{"material": m, "element": "Dy", "fraction": 1} for m in "PQG"],
        "Suppliers": [{"supplier": "au", "country": "AU"}, {"supplier": "cn", "country": "CN"},
                      {"supplier": "jp", "country": "JP"}],
        "Offers": [{"offer": "P_au", "supplier": "au", "material": "P", "price": 10,
                    "capacity": 100},
                   {"offer": "Q_cn", "supplier": "cn", "material": "Q", "price": 1,
                    "capacity": 100},
                   {"offer": "G_jp", "supplier": "jp", "material": "G", "price": 50,
                    "capacity": 100, "mined_in": "AU", "separated_in": "AU",
                    "metal_in": "JP"}],
        "Processes": [{"process": "make", "supplier": "jp", "output": "G", "capacity": 100,
                       "cost": 2}],
        "ProcessInputs": [{"process": "make", "material": "P", "quantity": 1 - q},
                          {"process": "make", "material": "Q", "quantity": q}],
        "Demand": [{"material": "G", "period": 2027, "quantity": 10, "segment": "defence"}],
        "Rules": [{"rule": "dfars", "kind": "traced_ban", "country": "CN",
                   "stage": "separation", "threshold": threshold, **(rule or ON_MAGNETS)}],
    }


def objective(tmp_path, sheets: Sheets) -> float:
    outcome = planner.solve(write_workbook(tmp_path / "in.xlsx", sheets), OPTIONS)
    assert outcome.result.status.has_plan
    return outcome.result.objective


@pytest.mark.parametrize("rule", [ON_MAGNETS, ON_DY_FOR_DEFENCE])
def test_a_lot_just_under_the_threshold_passes(tmp_path, rule):
    """q = 0.0009: 10 × (2 + 0.9991 × 10 + 0.0009 × 1) = 119.919."""
    assert objective(tmp_path, blended(0.0009, rule=rule)) == pytest.approx(119.919)


@pytest.mark.parametrize("rule", [ON_MAGNETS, ON_DY_FOR_DEFENCE])
def test_a_lot_just_over_the_threshold_is_banned(tmp_path, rule):
    """q = 0.0011: the made magnet is matched, so all 10 t are bought at 50: 500."""
    assert objective(tmp_path, blended(0.0011, rule=rule)) == pytest.approx(500)


def test_without_a_threshold_any_matched_content_bans(tmp_path):
    assert objective(tmp_path, blended(0.0009, threshold=0)) == pytest.approx(500)


def test_by_value_the_threshold_is_a_share_of_the_inputs_value(tmp_path):
    """By value, q = 0.0011 of Q at 1/t against 0.9989 of P at 10/t is 0.011 % of the
    inputs' value (0.0011 / 9.9901), under 0.1 %: the made magnet passes,
    10 × (2 + 9.989 + 0.0011) = 119.901. q = 0.02 is 0.2 % by value and is banned."""
    assert objective(tmp_path, blended(0.0011, basis="value")) == pytest.approx(119.901)
    assert objective(tmp_path, blended(0.02, basis="value")) == pytest.approx(500)


def test_a_de_minimis_lot_counts_at_the_threshold_when_used_again(tmp_path):
    """A second maker turns G into H (0.9995 t of G and 0.0005 t of Q per t of H, fee
    1/t). Made G (0.09 % Chinese) counts as 0.1 % Chinese when used again, so a share
    f of made G in H's feed must keep 0.001 · 0.9995 f + 0.0005 ≤ 0.001, f ≤ 0.50025
    (counted at its true 0.09 % it could be 0.5558); the rest is bought G at 50/t.
    Per t of H: 0.9995 · (f · 11.9919 + (1 − f) · 50) + 1 + 0.0005 = 31.97145."""
    sheets = blended(0.0009, rule=ON_DY_FOR_DEFENCE)
    sheets["Materials"].append({"material": "H", "stage": "magnet", "shortfall_cost": 1000})
    sheets["Content"].append({"material": "H", "element": "Dy", "fraction": 1})
    sheets["Processes"].append({"process": "again", "supplier": "jp", "output": "H",
                                "capacity": 100, "cost": 1})
    sheets["ProcessInputs"] += [{"process": "again", "material": "G", "quantity": 0.9995},
                                {"process": "again", "material": "Q", "quantity": 0.0005}]
    sheets["Demand"] = [{"material": "H", "period": 2027, "quantity": 10,
                         "segment": "defence"}]
    f = 0.0005 / (0.001 * 0.9995)
    per_t = 0.9995 * (f * 11.9919 + (1 - f) * 50) + 1 + 0.0005
    assert objective(tmp_path, sheets) == pytest.approx(10 * per_t, rel=1e-6)
