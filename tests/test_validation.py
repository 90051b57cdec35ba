"""One test per kind of input problem, each asserting the cell it names."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

import planner
from planner import InputError
from tests.conftest import base_sheets


def problems(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        planner.load(path)
    return [str(p) for p in caught.value.problems]


def only_problem(path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def test_valid_base_workbook_loads(make_workbook):
    inputs = planner.load(make_workbook())
    assert [o.id for o in inputs.data.offers] == ["O1", "O2"]
    assert inputs.data.offers[0].country == "CN"
    assert inputs.data.offers[0].periods == ("2026", "2027")


def test_missing_required_sheet(make_workbook):
    sheets = base_sheets()
    del sheets["Offers"]
    assert only_problem(make_workbook(sheets)) == (
        "Offers: required sheet is missing — add a sheet named Offers with the columns "
        "offer, supplier, material, price, capacity")


def test_missing_required_column_names_the_next_free_header_cell(make_workbook):
    sheets = base_sheets()
    for offer in sheets["Offers"]:
        del offer["price"]
    assert only_problem(make_workbook(sheets)) == (
        "Offers!E1: required column 'price' is missing — add the header 'price' (price) "
        "to row 1")


def test_blank_required_cell(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][1]["price"] = None
    assert only_problem(make_workbook(sheets)) == (
        "Offers!D3: price is required — enter the price")


def test_text_in_a_number_cell(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["price"] = "cheap"
    assert only_problem(make_workbook(sheets)) == (
        "Offers!D2: price must be a number, got text 'cheap' — type a number in this cell")


def test_negative_capacity(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][1]["capacity"] = -5
    assert only_problem(make_workbook(sheets)) == (
        "Offers!E3: capacity must be ≥ 0, got -5 — enter a non-negative number")


def test_non_finite_number(make_workbook):
    sheets = base_sheets()
    sheets["Demand"][0]["quantity"] = "inf"
    assert only_problem(make_workbook(sheets)) == (
        "Demand!C2: quantity must be a number, got text 'inf' — type a number in this cell")


def test_number_as_plain_text_is_accepted(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["price"] = " 12.5 "
    assert planner.load(make_workbook(sheets)).data.offers[0].price == 12.5


def test_number_with_thousands_separator_is_refused(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["capacity"] = "1,000"
    assert only_problem(make_workbook(sheets)) == (
        "Offers!E2: capacity must be a number, got text '1,000' with a thousands separator "
        "— type the number without separators, as a number cell")


def test_unknown_stage(make_workbook):
    sheets = base_sheets()
    sheets["Materials"][0]["stage"] = "smelting"
    assert only_problem(make_workbook(sheets)) == (
        "Materials!B2: stage 'smelting' is not allowed — use one of: mining, separation, "
        "metal, magnet, scrap")


def test_enumerated_values_match_regardless_of_case(make_workbook):
    sheets = base_sheets()
    sheets["Materials"][0]["stage"] = "Separation"
    assert planner.load(make_workbook(sheets)).data.materials["A"].stage == "separation"


def test_duplicate_id(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][1]["offer"] = "O1"
    assert only_problem(make_workbook(sheets)) == (
        "Offers!A3: offer 'O1' is a duplicate of row 2 — each offer must appear once; "
        "merge or delete a row")


def test_duplicate_demand_row(make_workbook):
    sheets = base_sheets()
    sheets["Demand"][1]["period"] = 2026
    assert only_problem(make_workbook(sheets)) == (
        "Demand!A3: material 'A', period '2026', segment 'general' is a duplicate of row 2 "
        "— each material + period + segment must appear once; merge or delete a row")


@pytest.mark.parametrize(
    ("sheet", "index", "column", "value", "expected"),
    [
        ("Offers", 1, "supplier", "S9",
         "Offers!B3: supplier 'S9' is not declared in Suppliers — declare it there or "
         "correct the id"),
        ("Offers", 0, "material", "a",
         "Offers!C2: material 'a' is not declared in Materials — declare it there or "
         "correct the id (did you mean 'A'?)"),
        ("Suppliers", 0, "country", "CNN",
         "Suppliers!B2: country 'CNN' is not declared in Countries — declare it there or "
         "correct the id (did you mean 'CN'?)"),
        ("Demand", 1, "period", 2030,
         "Demand!B3: period '2030' is not declared in Periods — declare it there or "
         "correct the id"),
    ],
)
def test_reference_to_an_undeclared_id(make_workbook, sheet, index, column, value, expected):
    sheets = base_sheets()
    sheets[sheet][index][column] = value
    assert only_problem(make_workbook(sheets)) == expected


def test_unknown_country_is_always_declared(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["mined_in"] = "UNK"
    assert planner.load(make_workbook(sheets)).data.offers[0].mined_in == "UNK"


def test_from_period_after_to_period(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0].update(from_period=2027, to_period=2026)
    assert only_problem(make_workbook(sheets)) == (
        "Offers!F2: from_period 2027 comes after to_period 2026 — swap them or correct one; "
        "from_period must not be later than to_period")


def test_bad_setting_value_and_unknown_key(make_workbook):
    sheets = base_sheets()
    sheets["Settings"] += [{"key": "discount_rate", "value": "five"},
                           {"key": "time_limt_s", "value": 10}]
    assert problems(make_workbook(sheets)) == [
        "Settings!B3: Setting discount_rate must be a number, got text 'five' — type a "
        "number in this cell",
        "Settings!A4: key 'time_limt_s' is not allowed — use one of: currency, "
        "shortfall_cost, time_limit_s, mip_gap, threads, discount_rate, risk_measure, "
        "cvar_alpha, cvar_weight, decision_period, min_supplier_quantity, threshold_basis, "
        "rates_per_year",
    ]


def test_missing_shortfall_cost_for_a_demanded_material(make_workbook):
    sheets = base_sheets()
    del sheets["Materials"][0]["shortfall_cost"]
    assert only_problem(make_workbook(sheets)) == (
        "Materials!D2: material 'A' has demand but no shortfall_cost — enter its cost per t "
        "of unmet demand here, or a shortfall_cost in Settings")


def test_every_problem_is_reported_at_once(make_workbook):
    sheets = base_sheets()
    sheets["Materials"][0]["stage"] = "ore"
    sheets["Offers"][0]["price"] = "x"
    sheets["Offers"][1]["capacity"] = -1
    sheets["Demand"][0]["material"] = "B"
    found = problems(make_workbook(sheets))
    assert [p.split(":")[0] for p in found] == [
        "Materials!B2", "Offers!D2", "Offers!E3", "Demand!A2"]


def test_headers_and_sheet_names_match_case_insensitively(make_workbook):
    sheets = base_sheets()
    sheets["offers "] = [{f" {k.upper()} ": v for k, v in o.items()} for o in
                         sheets.pop("Offers")]
    inputs = planner.load(make_workbook(sheets))
    assert [o.price for o in inputs.data.offers] == [10, 20]


def test_blank_rows_and_user_columns_are_ignored(make_workbook, tmp_path):
    path = make_workbook()
    wb = openpyxl.load_workbook(path)
    ws = wb["Offers"]
    ws.insert_rows(3)  # a blank row between the two offers
    ws.cell(row=1, column=ws.max_column + 1, value="my notes")
    ws.cell(row=2, column=ws.max_column, value="call them first")
    wb.save(path)
    assert [o.id for o in planner.load(path).data.offers] == ["O1", "O2"]


def test_excel_table_anywhere_on_the_sheet_is_read(make_workbook):
    path = make_workbook()
    wb = openpyxl.load_workbook(path)
    old = wb["Offers"]
    rows = list(old.iter_rows(values_only=True))
    wb.remove(old)
    ws = wb.create_sheet("Offers")
    ws["A1"] = "Offers we were quoted in March"
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=2):
            ws.cell(row=r, column=c, value=value)
    end = openpyxl.utils.get_column_letter(1 + len(rows[0]))
    ws.add_table(Table(displayName="OfferTable", ref=f"B3:{end}{2 + len(rows)}"))
    wb.save(path)
    inputs = planner.load(path)
    assert [o.capacity for o in inputs.data.offers] == [5, 10]
    with pytest.raises(InputError) as caught:
        ws.cell(row=5, column=5, value=-3)  # price of O2, now at E5
        wb.save(path)
        planner.load(path)
    assert str(caught.value.problems[0]).startswith("Offers!E5: price must be ≥ 0")


def test_missing_file_and_non_workbook(tmp_path):
    assert only_problem(tmp_path / "nope.xlsx").startswith("nope.xlsx: file not found")
    text = tmp_path / "plan.xlsx"
    text.write_text("not a workbook")
    assert only_problem(text) == (
        "plan.xlsx: not an .xlsx workbook — open it in Excel or LibreOffice and save it as "
        "Excel Workbook (.xlsx)")


def rules_case(rule: dict, **extra) -> dict:
    sheets = base_sheets()
    sheets["Countries"][0]["groups"] = "allied"
    sheets["Rules"] = [{"rule": "r1", "kind": "ban", **rule}]
    sheets.update(extra)
    return sheets


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"group": "alied"},
         "Rules!C2: group 'alied' is not declared in Countries column groups — declare it "
         "there or correct the id (did you mean 'allied'?)"),
        ({"kind": "embargo"},
         "Rules!B2: kind 'embargo' is not allowed — use one of: ban, tariff, licence, "
         "max_share, min_share, max_group_share, max_supplier_share, min_suppliers, "
         "min_recycled_share, traced_ban, traced_licence, max_suppliers"),
        ({"stage": "refining"},
         "Rules!C2: stage 'refining' is not allowed — use one of: mining, separation, "
         "metal, magnet, owner"),
        ({"item": "Nd"},
         "Rules!C2: item 'Nd' is not declared in Materials or Content column element — "
         "declare it there or correct the id"),
        ({"kind": "tariff"},
         "Rules!H2: a tariff rule needs a value — enter the tariff as a fraction of the "
         "price, e.g. 0.25 for 25 %"),
        ({"kind": "max_share", "value": 65},
         "Rules!C2: a max_share value is a share between 0 and 1, got 65 — enter e.g. "
         "0.65 for 65 %"),
        ({"kind": "min_share", "value": 0.3},
         "Rules!F2: a min_share rule needs a country or a group — name the country (or "
         "the group in the group column) it is about"),
        ({"kind": "tariff", "value": 0.25, "penalty": 5},
         "Rules!D2: a tariff cannot be soft: it is a cost, not a limit — clear the penalty"),
        ({"scenario": "embargo"},
         "Rules!C2: scenario 'embargo' is not declared in Scenarios — declare it there or "
         "correct the id"),
    ],
)
def test_rule_problems(make_workbook, rule, expected):
    assert only_problem(make_workbook(rules_case(rule))) == expected


def test_rule_item_may_be_an_element_of_content(make_workbook):
    sheets = rules_case({"item": "Nd"},
                        Content=[{"material": "A", "element": "Nd", "fraction": 0.3}])
    assert planner.load(make_workbook(sheets)).data.rules[0].item == "Nd"


def test_content_fractions_above_one(make_workbook):
    sheets = base_sheets()
    sheets["Content"] = [{"material": "A", "element": "Nd", "fraction": 0.7},
                         {"material": "A", "element": "Pr", "fraction": 0.5}]
    assert only_problem(make_workbook(sheets)) == (
        "Content!C3: the fractions of A add up to 1.2 t per t — fractions are t of element "
        "per t of material; their sum must be ≤ 1")


def test_process_references(make_workbook):
    sheets = base_sheets()
    sheets["Processes"] = [{"process": "P", "supplier": "S1", "output": "B", "capacity": 1,
                            "cost": 1}]
    sheets["ProcessInputs"] = [{"process": "Q", "material": "A", "quantity": 1}]
    assert problems(make_workbook(sheets)) == [
        "Processes!C2: output 'B' is not declared in Materials — declare it there or "
        "correct the id",
        "ProcessInputs!A2: process 'Q' is not declared in Processes — declare it there or "
        "correct the id",
    ]


def test_minimum_order_above_capacity(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["min_order"] = 6
    assert only_problem(make_workbook(sheets)) == (
        "Offers!F2: min_order 6 exceeds the capacity 5 of offer 'O1' — lower the minimum "
        "order or raise the capacity")


def test_investment_references(make_workbook):
    sheets = base_sheets()
    sheets["Investments"] = [{"investment": "I", "process": "none", "capacity": 1,
                              "capex": 1, "lead_periods": 1.5}]
    assert problems(make_workbook(sheets)) == [
        "Investments!B2: process 'none' is not declared in Processes — declare it there or "
        "correct the id",
        "Investments!E2: lead_periods must be a whole number, got 1.5 — enter a whole number",
    ]


def test_an_offer_and_a_process_may_not_share_an_id(make_workbook):
    sheets = base_sheets()
    sheets["Processes"] = [{"process": "O1", "supplier": "S2", "output": "A", "capacity": 5,
                            "cost": 1}]
    assert only_problem(make_workbook(sheets)) == (
        "Processes!A2: process 'O1' has the id of the offer in Offers!A2 — offers and "
        "processes share one set of ids; rename one of them")


def test_a_factor_event_needs_a_value(make_workbook):
    sheets = base_sheets()
    sheets["Scenarios"] = [{"scenario": "s", "probability": 1}]
    sheets["Events"] = [{"scenario": "s", "kind": "capacity", "supplier": "S1"},
                        {"scenario": "s", "kind": "release", "item": "A"}]
    assert only_problem(make_workbook(sheets)) == (
        "Events!F2: a capacity event needs a value — enter the factor, e.g. 0.5 to halve "
        "or 1.2 to raise by a fifth")


def test_cvar_without_a_weight(make_workbook):
    sheets = base_sheets()
    sheets["Settings"].append({"key": "risk_measure", "value": "cvar"})
    assert only_problem(make_workbook(sheets)) == (
        "Settings!B3: risk_measure is cvar but cvar_weight is 0, so CVaR carries no weight "
        "— set cvar_weight between 0 and 1 (1 = minimise CVaR alone), or set risk_measure "
        "to expected")


def test_cross_sheet_checks_are_listed_with_cell_problems(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["price"] = "ten"
    sheets["Scenarios"] = [{"scenario": "a", "probability": 0.3},
                           {"scenario": "b", "probability": 0.4}]
    assert [p.split(":")[0] for p in problems(make_workbook(sheets))] == [
        "Offers!D2", "Scenarios!B3"]


@pytest.mark.parametrize(("text", "value"), [("0.250", 0.25), ("12.5", 12.5), ("-3", -3)])
def test_decimals_typed_as_text(make_workbook, text, value):
    sheets = base_sheets()
    sheets["Settings"].append({"key": "time_limit_s", "value": text})
    if value < 0:
        assert "time_limit_s must be ≥ 0, got -3" in problems(make_workbook(sheets))[0]
    else:
        assert planner.load(make_workbook(sheets)).tables.settings["time_limit_s"] == value


def test_the_totals_row_of_an_excel_table_is_not_a_record(make_workbook):
    path = make_workbook()
    wb = openpyxl.load_workbook(path)
    ws = wb["Demand"]
    ws["A4"], ws["C4"] = "Total", "=SUBTOTAL(109,C2:C3)"
    table = Table(displayName="DemandTable", ref="A1:C4")
    table.totalsRowCount = 1
    ws.add_table(table)
    wb.save(path)
    # openpyxl writes no cached value for the formula: the totals row must not be read
    assert [d.quantity for d in planner.load(path).data.demand.values()] == [8, 12]


def test_a_misspelt_optional_sheet_or_column_is_noted_not_silently_dropped(make_workbook):
    """'Rule' would otherwise be the user's own sheet, and 'penality' their own column:
    every sanction and every penalty would be ignored without a word."""
    sheets = base_sheets()
    sheets["Rule"] = [{"rule": "no_CN", "kind": "ban", "country": "CN"}]
    sheets["Stockpile"] = [{"material": "A", "initial": 1, "holdingcost": 2}]
    inputs = planner.load(make_workbook(sheets))
    assert inputs.workbook.notes == [
        "Stockpile!C1: the header 'holdingcost' is not a column of Stockpile and is ignored; "
        "rename it to 'holding_cost' if it is meant to be that",
        "the sheet 'Rule' is read as your own sheet and ignored; rename it to Rules if it is "
        "meant to be that sheet"]


@pytest.mark.parametrize(("typed", "suggested"), [
    ("AUS", "AU"), ("Australia", "AU"), ("australia", "AU"), ("Austrlia", "AU"),
    ("CHN", "CN"), ("cn", "CN"), ("USA", None), ("Narnia", None)])
def test_a_country_is_suggested_by_its_iso_codes_and_its_name(make_workbook, typed,
                                                              suggested):
    sheets = base_sheets()
    sheets["Suppliers"][1]["country"] = typed
    hint = f" (did you mean '{suggested}'?)" if suggested else ""
    assert only_problem(make_workbook(sheets)) == (
        f"Suppliers!B3: country '{typed}' is not declared in Countries — declare it there or "
        f"correct the id{hint}")


def test_one_message_per_cell(make_workbook):
    """A share typed as text is said once, not also as 'a max_share rule needs a value'."""
    sheets = base_sheets()
    sheets["Rules"] = [{"rule": "cap", "kind": "max_share", "value": "65 %"}]
    assert only_problem(make_workbook(sheets)) == (
        "Rules!C2: value must be a number, got text '65 %' — type 0.65 (a share is a "
        "fraction: 65 % is 0.65)")


# -- indexed prices, capacity groups and minimum runs --------------------------------
def indexed(**offer):
    """O1 follows index spot (100 in 2026, 90 in 2027)."""
    sheets = base_sheets()
    sheets["Offers"][0].update(index="spot", **offer)
    sheets["PriceIndex"] = [{"index": "spot", "period": 2026, "value": 100},
                            {"index": "spot", "period": 2027, "value": 90}]
    return sheets


def grouped(groups=None, **process):
    """Process P1 (S1, 10 t of A at 2/t) and the CapacityGroups rows given."""
    sheets = base_sheets()
    sheets["Processes"] = [{"process": "P1", "supplier": "S1", "output": "A", "capacity": 10,
                            "cost": 2, **process}]
    if groups:
        sheets["CapacityGroups"] = groups
    return sheets


def test_an_unknown_price_index(make_workbook):
    sheets = indexed()
    sheets["Offers"][0]["index"] = "spto"
    assert only_problem(make_workbook(sheets)) == (
        "Offers!F2: index 'spto' is not declared in PriceIndex column index — declare it "
        "there or correct the id (did you mean 'spot'?)")


def test_a_price_index_needs_a_first_period_value(make_workbook):
    sheets = indexed()
    sheets["PriceIndex"] = sheets["PriceIndex"][1:]
    assert only_problem(make_workbook(sheets)) == (
        "PriceIndex!B2: index 'spot' has no value for 2026, the first period — add a row "
        "for 2026: an indexed price is price × value / the first period's value")


@pytest.mark.parametrize(("value", "message"), [
    (0, "PriceIndex!C3: an index value must be above 0, got 0 — enter the index level, "
        "e.g. 100 (only ratios to the first period count)"),
    (-1, "PriceIndex!C3: value must be ≥ 0, got -1 — enter a non-negative number")])
def test_a_price_index_value_is_positive(make_workbook, value, message):
    sheets = indexed()
    sheets["PriceIndex"][1]["value"] = value
    assert only_problem(make_workbook(sheets)) == message


def test_a_floor_above_the_cap(make_workbook):
    assert only_problem(make_workbook(indexed(floor=12, cap=11))) == (
        "Offers!H2: the cap 11 is below the floor 12 — raise the cap or lower the floor")


def test_a_cap_without_an_index(make_workbook):
    sheets = base_sheets()
    sheets["Offers"][0]["cap"] = 5
    assert only_problem(make_workbook(sheets)) == (
        "Offers!F2: a cap bounds an indexed price, but offer 'O1' has no index — name its "
        "price index in the index column, or clear the cap (a fixed price is the price "
        "itself)")


def test_an_indexed_offer_needs_a_price(make_workbook):
    assert only_problem(make_workbook(indexed(price=0))) == (
        "Offers!D2: offer 'O1' follows index 'spot' but its price is 0, which no index "
        "moves — enter the price in the first period; floor and cap bound it")


def test_a_price_index_named_like_a_material(make_workbook):
    sheets = indexed()
    sheets["Offers"][0]["index"] = "A"
    for row in sheets["PriceIndex"]:
        row["index"] = "A"
    assert only_problem(make_workbook(sheets)) == (
        "PriceIndex!A2: index 'A' has the id of a material or element — rename the index: "
        "a price event's item must say which one it means")


@pytest.mark.parametrize(("event", "message"), [
    ({"kind": "demand"}, "Events!C2: 'spot' is a price index, which only a price event "
     "moves — make the kind price, or name a material or element"),
    ({"kind": "price", "supplier": "S1"}, "Events!D2: an event on price index 'spot' moves "
     "the index for every offer that follows it, so it takes no supplier — clear the "
     "supplier, or name a material or element as item")])
def test_an_event_on_a_price_index(make_workbook, event, message):
    sheets = indexed()
    sheets["Events"] = [{"scenario": "base", "kind": event["kind"], "item": "spot",
                         **event, "value": 2}]
    assert only_problem(make_workbook(sheets)) == message


def test_an_unknown_capacity_group_member(make_workbook):
    sheets = grouped([{"group": "g", "member": "P9", "capacity": 5}])
    assert only_problem(make_workbook(sheets)) == (
        "CapacityGroups!B2: member 'P9' is not declared in Offers or Processes or Suppliers "
        "— declare it there or correct the id")


@pytest.mark.parametrize(("rows", "message"), [
    ([{"capacity": 5}, {"capacity": 6}],
     "CapacityGroups!C3: group 'g' has capacity 5 in CapacityGroups!C2 but 6 here — a "
     "group has one capacity: enter the same value or leave it blank"),
    ([{"capacity": 5, "from_period": 2026}, {"from_period": 2027}],
     "CapacityGroups!D3: group 'g' has from_period 2026 in CapacityGroups!D2 but 2027 "
     "here — a group has one from_period: enter the same value or leave it blank"),
    ([{}, {}], "CapacityGroups!C2: group 'g' has no capacity — enter the t per period its "
     "members may buy or make together")])
def test_a_capacity_group_has_one_capacity_and_window(make_workbook, rows, message):
    sheets = grouped([{"group": "g", "member": "P1", **rows[0]},
                      {"group": "g", "member": "O1", **rows[1]}])
    assert only_problem(make_workbook(sheets)) == message


def test_an_ambiguous_capacity_group_member(make_workbook):
    sheets = grouped([{"group": "g", "member": "S1", "capacity": 5}])
    sheets["Offers"][1]["offer"] = "S1"
    assert only_problem(make_workbook(sheets)) == (
        "CapacityGroups!B2: 'S1' is both an offer or process and a supplier, so the member "
        "is ambiguous — rename the offer, process or supplier so that its id is its own")


@pytest.mark.parametrize(("min_run", "message"), [
    (-1, "Processes!F2: min_run must be ≥ 0, got -1 — enter a non-negative number"),
    (11, "Processes!F2: min_run 11 exceeds the 10 t per period that process 'P1' can make "
         "at most — lower the min_run or raise the capacity")])
def test_a_minimum_run_fits_the_process(make_workbook, min_run, message):
    assert only_problem(make_workbook(grouped(min_run=min_run))) == message


def test_a_minimum_run_needs_bounded_investments(make_workbook):
    sheets = grouped(min_run=14)
    sheets["Investments"] = [{"investment": "I", "process": "P1", "capacity": 5, "capex": 1}]
    assert only_problem(make_workbook(sheets)) == (
        "Investments!H2: process 'P1' has a min_run, which needs a bound on its output, but "
        "investment 'I' has no max_units — enter the most units that may be built")
    sheets["Investments"][0]["max_units"] = 1  # 10 + 5 × 1 = 15 ≥ 14: it fits
    assert planner.load(make_workbook(sheets, "fits.xlsx")).data.processes[0].min_run == 14
