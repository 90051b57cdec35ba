"""The provenance names of the workbook: read, checked and turned into model data."""

from __future__ import annotations

import pytest

import planner
from planner.workbook import traced
from tests.conftest import base_sheets
from tests.test_validation import only_problem, problems


def provenance_sheets() -> dict:
    """The base workbook with every provenance name used once."""
    sheets = base_sheets()
    sheets["Settings"].append({"key": "threshold_basis", "value": "value"})
    sheets["Materials"] += [{"material": "B", "stage": "separation", "disposal_cost": 3},
                            {"material": "C", "stage": "mining"}]
    sheets["Offers"].append({"offer": "O3", "supplier": "S1", "material": "C", "price": 1,
                             "capacity": 100, "mined_in": "AU"})
    sheets["Processes"] = [{"process": "sep", "supplier": "S2", "output": "A",
                            "capacity": 10, "cost": 2}]
    sheets["ProcessInputs"] = [{"process": "sep", "material": "C", "quantity": 2}]
    sheets["ProcessOutputs"] = [{"process": "sep", "material": "B", "quantity": 0.5}]
    sheets["Sales"] = [{"sale": "sell_B", "material": "B", "price": 4, "capacity": 3,
                        "from_period": 2027}]
    sheets["Demand"].append({"material": "A", "period": 2027, "quantity": 2,
                             "segment": "defence"})
    sheets["Rules"] = [
        {"rule": "dfars", "kind": "traced_ban", "item": "A", "country": "CN",
         "segment": "defence", "from_period": 2027},
        {"rule": "mofcom", "kind": "traced_licence", "item": "A", "country": "CN",
         "value": 0.5, "threshold": 0.001},
        {"rule": "cap", "kind": "max_share", "value": 0.7, "trace": True},
    ]
    return sheets


@pytest.fixture
def everything_modelled(monkeypatch):
    """As if this version modelled every provenance name (to see the data it makes)."""
    monkeypatch.setattr(traced, "UNMODELLED", {})


def test_every_provenance_name_reaches_the_model_data(make_workbook, everything_modelled):
    data = planner.load(make_workbook(provenance_sheets())).data
    assert data.threshold_basis == "value"
    assert data.materials["B"].disposal_cost == 3
    assert data.materials["A"].disposal_cost is None
    assert data.process_by_id["sep"].outputs == {"B": 0.5}
    assert [(s.id, s.material, s.price, s.capacity, s.periods) for s in data.sales] == [
        ("sell_B", "B", 4, 3, ("2027",))]
    later = data.demand["A", "2027"]
    assert later.quantity == 14
    assert later.by_segment() == {"general": 12, "defence": 2}
    assert data.demand["A", "2026"].by_segment() == {"general": 8}
    rules = data.rule_by_id
    assert (rules["dfars"].segment, rules["dfars"].threshold) == ("defence", 0.0)
    assert (rules["mofcom"].kind, rules["mofcom"].threshold) == ("traced_licence", 0.001)
    assert rules["cap"].trace and not rules["dfars"].trace


def test_a_workbook_without_provenance_names_makes_the_same_data(make_workbook):
    data = planner.load(make_workbook()).data
    assert data.sales == () and data.threshold_basis == "mass"
    assert all(d.segments == () for d in data.demand.values())
    assert all(p.outputs == {} for p in data.processes)
    assert all(r.threshold == 0 and not r.trace and r.segment is None for r in data.rules)


@pytest.mark.parametrize("rule, expected", [
    ({"kind": "ban", "country": "CN", "threshold": 0.01},
     "Rules!threshold: a threshold belongs to traced_ban and traced_licence, not to ban — "
     "clear it, or make the rule traced_ban or traced_licence"),
    ({"kind": "traced_ban", "country": "CN", "threshold": 1},
     "Rules!threshold: a threshold of 1 or more would never match a lot — enter the "
     "de-minimis share, e.g. 0.001 for 0.1 %"),
    ({"kind": "max_share", "value": 0.5, "segment": "general"},
     "Rules!segment: a segment belongs to traced_ban and traced_licence, not to max_share "
     "— clear it, or make the rule traced_ban or traced_licence"),
    ({"kind": "ban", "country": "CN", "trace": True},
     "Rules!trace: trace belongs to max_share, min_share, max_group_share, not to ban — "
     "clear it (a traced_ban or traced_licence is always traced)"),
    ({"kind": "max_group_share", "country": "CN", "stage": "owner", "value": 0.5,
      "trace": True},
     "Rules!stage: a traced tally follows the chain stages of a lot's history; the owner "
     "is not one of them — name a chain stage (or leave it blank), or clear trace"),
    ({"kind": "traced_ban", "supplier": "S1"},
     "Rules!supplier: a traced_ban follows the countries of a lot's history, not a "
     "supplier — clear the supplier, or use ban or licence for one supplier"),
    ({"kind": "traced_licence", "country": "CN"},
     "Rules!value: a traced_licence rule needs a value — enter the share of matched "
     "volume that obtains a licence, e.g. 0.5"),
    ({"kind": "traced_ban", "country": "CN", "segment": "defense"},
     "Rules!segment: segment 'defense' is not declared in Demand column segment — declare "
     "it there or correct the id"),
])
def test_traced_rule_problems(make_workbook, everything_modelled, rule, expected):
    sheets = base_sheets()
    sheets["Rules"] = [{"rule": "r", **rule}]
    found = only_problem(make_workbook(sheets))
    cell, _, message = found.partition(": ")
    assert cell.startswith("Rules!") and cell.endswith("2")  # the rule's row
    assert message == expected.partition(": ")[2]


def test_a_co_product_is_neither_main_output_nor_input(make_workbook, everything_modelled):
    sheets = provenance_sheets()
    sheets["ProcessOutputs"] = [{"process": "sep", "material": "A", "quantity": 1},
                                {"process": "sep", "material": "C", "quantity": 1}]
    assert problems(make_workbook(sheets)) == [
        "ProcessOutputs!B2: A is already the main output of 'sep' — list only further "
        "outputs here; the main output is on Processes",
        "ProcessOutputs!B3: process 'sep' consumes C and would also make it — remove this "
        "row or the ProcessInputs row"]


def test_every_provenance_name_is_accepted_trace_included(make_workbook):
    """Every provenance name is modelled: trace = TRUE on a share rule is accepted
    (it was refused while the traced tally did not exist)."""
    data = planner.load(make_workbook(provenance_sheets())).data
    assert data.rule_by_id["cap"].trace
    assert traced.UNMODELLED == {}
