"""The results workbook as a person opens it: units in headers, number formats by
unit, Excel Tables, print setup, the Overview and Summary, and native charts whose
references point at real data. It still solves again to the same plan."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries

import planner
from planner.results.chartdata import RECYCLED, USED, capped_shares, stage_flows
from planner.results.columns import RESULT_COLUMNS, column_unit
from planner.results.formats import number_format
from planner.results.sweep_book import write_sweep
from planner.studies.sweep import parse_parameter, sweep
from planner.workbook.reader import header_name, header_unit
from planner.workbook.schema import SHEETS_BY_NAME
from tests.conftest import base_sheets
from tests.showcase import solve_showcase


@pytest.fixture(scope="module")
def showcase(tmp_path_factory):
    return solve_showcase(tmp_path_factory.mktemp("showcase"))


@pytest.fixture(scope="module")
def book(showcase):
    return openpyxl.load_workbook(showcase[1])


def _header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def test_sheet_order_and_units_in_headers(book):
    assert book.sheetnames[:3] == ["Overview", "Summary", "Charts"]
    assert _header(book["Purchases"])[6:10] == ["quantity (t)", "price (USD/t)", "cost (USD)",
                                                "discounted_cost (USD)"]
    assert _header(book["Shares"])[-5:] == ["tally (t)", "share (%)", "traced", "rule", "site"]
    assert "price (USD/t)" in _header(book["Offers"])  # input copies carry units too
    assert "probability (%)" in _header(book["Scenarios"])


def _expected_format(sheet: str, header: str) -> str | None:
    name = header_name(header)
    if sheet in RESULT_COLUMNS:
        return number_format(column_unit(sheet, name))
    declared = SHEETS_BY_NAME.get(sheet)
    if declared is None or name not in {c.name for c in declared.columns}:
        return None
    return number_format(declared.column(name).unit)


def test_every_numeric_column_has_the_format_of_its_unit(book):
    checked = set()
    for sheet in [*RESULT_COLUMNS, *SHEETS_BY_NAME]:
        if sheet not in book.sheetnames:
            continue
        ws = book[sheet]
        for c, header in enumerate(_header(ws), start=1):
            expected = _expected_format(sheet, str(header))
            if expected is None:
                continue
            for (cell,) in ws.iter_rows(min_row=2, min_col=c, max_col=c):
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    assert cell.number_format == expected, (sheet, header, cell.coordinate)
                    checked.add((sheet, header_name(header)))
    assert {("Purchases", "quantity"), ("Purchases", "cost"), ("Shares", "share"),
            ("ScenarioCosts", "probability"), ("Offers", "price")} <= checked
    assert book["Purchases"]["H2"].number_format == "#,##0.00"
    assert book["Shares"]["G2"].number_format == "0.0%"


def test_tables_filters_frozen_header_and_print_setup(book):
    for sheet in ("Purchases", "Shares", "RuleReport", "ScenarioCosts", "Offers", "Demand"):
        ws = book[sheet]
        (table,) = ws.tables.values()
        assert table.ref.startswith("A1:") and table.tableStyleInfo.showRowStripes
        assert range_boundaries(table.ref)[2] == ws.max_column
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.orientation == "landscape"
        # one page wide: fitToWidth's default is 1 (the file may leave it out)
        assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.left.text == "&A" and "&P" in ws.oddFooter.right.text
        assert all(ws.column_dimensions[c].width >= 8 for c in "ABC")


def test_summary_keeps_key_and_value_and_gains_a_unit(showcase, book):
    outcome, _ = showcase
    ws = book["Summary"]
    assert _header(ws)[:3] == ["key", "value", "unit"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == list(outcome.summary)  # one row per key, in order
    assert rows["objective"][:2] == (pytest.approx(outcome.summary["objective"]), "USD")
    assert rows["shortfall_t"][1] == "t" and rows["mip_gap"][1] == "fraction"
    assert rows["run_timestamp"][1] == "UTC"
    assert rows["run_timestamp"][0].isoformat() + "Z" == outcome.summary["run_timestamp"]
    assert outcome.tables["Purchases"].columns[6] == "quantity"  # the API keeps plain names


def test_overview_tells_the_story(book):
    ws = book["Overview"]
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert text[0] == "Sourcing plan: showcase.xlsx"
    assert text[1].startswith("Optimal plan")
    for label in ("total cost (discounted)", "Scenarios", "probability (%)",
                  "EVPI (value of knowing the future)", "Stock held against target (expected)",
                  "Spend by supplier country and stage (discounted, expected)",
                  "Binding rules with the highest marginal cost", "cap60"):
        assert label in text, label


def _cells(ws, ref: str) -> list:
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    return [c.value for row in ws.iter_rows(min_row=min_row, max_row=max_row,
                                            min_col=min_col, max_col=max_col) for c in row]


def _refs(chart) -> list[str]:
    found = []
    for part in [chart, *getattr(chart, "_charts", [])]:
        for series in part.series:
            found.append(series.val.numRef.f)
            if series.cat is not None:
                found.append((series.cat.strRef or series.cat.numRef).f)
    return found


def test_charts_point_at_existing_non_empty_ranges(book):
    charts = book["Charts"]._charts
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in p.r) for c in charts]
    assert titles == ["Spend by supplier country per period", "Stock of A against target",
                      "Highest share per stage against the cap of cap60", "Cost by scenario"]
    for chart in charts:
        refs = _refs(chart)
        assert refs
        for ref in refs:
            sheet, cells = ref.rsplit("!", 1)
            values = _cells(book[sheet.strip("'")], cells)
            assert values and all(v is not None for v in values), ref
    spend = _refs(charts[0])
    assert spend[0].startswith("'ChartData'!") or spend[0].startswith("ChartData!")
    assert _refs(charts[-1])[0].split("!")[0].strip("'") == "ScenarioCosts"


def test_results_workbook_solves_again_to_the_same_plan(showcase, tmp_path):
    first, path = showcase
    second = planner.solve(path)
    assert second.summary["objective"] == pytest.approx(first.summary["objective"])
    assert second.tables["Purchases"].equals(first.tables["Purchases"])
    third = planner.solve(second.write(tmp_path / "again.xlsx"))
    assert third.summary["objective"] == pytest.approx(first.summary["objective"])


def test_input_headers_may_carry_their_unit(make_workbook):
    sheets = base_sheets()
    sheets["Offers"] = [{"offer": o["offer"], "supplier (id)": o["supplier"],
                         "material": o["material"], "price (EUR/t)": o["price"],
                         "capacity (t/period)": o["capacity"]} for o in sheets["Offers"]]
    # 8 t at 10 in 2026; 5 t at 10 + 7 t at 20 in 2027 (as without units)
    assert planner.solve(make_workbook(sheets)).summary["objective"] == pytest.approx(300)


def test_a_header_with_another_unit_is_refused(make_workbook):
    sheets = base_sheets()
    for row in sheets["Demand"]:
        row["quantity (kg)"] = row.pop("quantity") * 1000
    with pytest.raises(planner.InputError) as err:
        planner.load(make_workbook(sheets))
    (problem,) = err.value.problems
    assert str(problem).startswith("Demand!C1: the header says 'kg', but quantity is in t")
    assert header_unit("price (USD/t)") == "USD/t" and header_unit("price") is None


def test_a_flat_sweep_curve_gets_an_axis_that_reads_well(make_workbook, tmp_path):
    inputs = planner.load(make_workbook())
    result = sweep(inputs.tables, [parse_parameter("Offers[O2].price=20,40")], workers=1)
    write_sweep(tmp_path / "sweep.xlsx", result, "in.xlsx", "USD")
    cost, shortfall = openpyxl.load_workbook(tmp_path / "sweep.xlsx")["Sweep"]._charts
    assert list(result.table.expected_shortfall_t) == [0, 0]  # demand is always met
    assert (shortfall.y_axis.scaling.min, shortfall.y_axis.scaling.max) == (0, 1)
    # O2 supplies 3 t (2026) + 7 t (2027) beyond O1's 5 t a period: 5·10·2 + 10·20 = 300
    # at price 20, 100 + 10·40 = 500 at 40 — a real curve, whose axis is left free
    assert list(result.table.expected_cost) == pytest.approx([300, 500])
    assert cost.y_axis.scaling.min is None and cost.y_axis.numFmt.formatCode == "#,##0"


def test_stage_flows_split_tonnes_in_proportion_and_balance_the_rest():
    """Mining AU 6 + CN 4 = 10 t, separation CN 8 + MY 4 = 12 t: the common 10 t go
    AU→CN 10·0.6·⅔ = 4, AU→MY 2, CN→CN 8/3, CN→MY 4/3; the 2 t more come from the
    balancing node: →CN 2·⅔, →MY 2·⅓. No metal is made, so all 12 separated t go to
    `not processed further`. With probability ½ every figure halves."""
    shares = pd.DataFrame(
        [["s", "2026", "Nd", "mining", "AU", 6.0, 0.6],
         ["s", "2026", "Nd", "mining", "CN", 4.0, 0.4],
         ["s", "2026", "Nd", "separation", "CN", 8.0, 2 / 3],
         ["s", "2026", "Nd", "separation", "MY", 4.0, 1 / 3],
         ["s", "2026", "Nd", "owner", "CN", 12.0, 1.0]],
        columns=["scenario", "period", "element", "stage", "country", "tally", "share"])
    flows = stage_flows(shares, {"s": 0.5})
    got = {(r.from_country, r.to_country): r.tonnes for r in flows.itertuples()}
    assert got == pytest.approx({("AU", "CN"): 2, ("AU", "MY"): 1, ("CN", "CN"): 4 / 3,
                                 ("CN", "MY"): 2 / 3, (RECYCLED, "CN"): 2 / 3,
                                 (RECYCLED, "MY"): 1 / 3, ("CN", USED): 4, ("MY", USED): 2})
    assert set(flows[flows.to_country == USED].to_stage) == {"metal"}


def test_the_cap_chart_shows_the_capped_country_at_its_cap(showcase):
    """CN is cheap (10 against 30), so the plan takes all the CN the 60 % cap allows."""
    outcome, _ = showcase
    capped = capped_shares(outcome.tables["Shares"], outcome.inputs.data)
    assert capped[["rule", "stage", "country", "cap"]].values.tolist() == [
        ["cap60", "separation", "CN", 0.6]]
    assert capped.share.iloc[0] == pytest.approx(0.6)
