"""The XlsxWriter layer of the results workbook: numbers keep every digit, dates stay
dates, text stays text (in cells and in chart names), blanks stay blank."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

import planner
from planner.results.charts import ChartData, stock_chart
from planner.results.layout import TableNames, write_table
from planner.results.xlsx_out import Book, frame_columns, put
from tests.conftest import base_sheets


def test_values_are_written_by_their_type_and_read_back_the_same(tmp_path):
    path = tmp_path / "typed.xlsx"
    book = Book(path)
    ws = book.sheet("S")
    values = [0.1 + 0.2, 1 / 3, 10.000000000000002, 2**40 + 1, "=1+1", True,
              dt.datetime(2026, 12, 1, 12, 30), dt.date(2026, 12, 1), float("nan"),
              float("inf"), None, np.float64(2.5), np.int64(7), pd.NaT]
    for r, value in enumerate(values):
        put(book, ws, r, 0, value)
    book.close()
    got = [row[0] for row in openpyxl.load_workbook(path)["S"].iter_rows(
        min_row=1, max_row=len(values), values_only=True)]
    # 0.1 + 0.2 = 0.30000000000000004 needs 17 digits: 16 would read back as 0.3
    assert got[:4] == [0.1 + 0.2, 1 / 3, 10.000000000000002, 2**40 + 1]
    assert got[4:6] == ["=1+1", True]  # text, not a formula
    assert got[6] == dt.datetime(2026, 12, 1, 12, 30)
    assert got[7] == dt.datetime(2026, 12, 1)  # a date cell (openpyxl reads a datetime)
    assert got[8:11] == [None, None, None]  # NaN and infinity are left blank
    assert got[11:] == [2.5, 7, None]


def test_a_frame_is_written_column_by_column_with_formats_and_widths(tmp_path):
    path = tmp_path / "frame.xlsx"
    frame = pd.DataFrame({"name": ["a", None, "=b"], "quantity": [1.5, np.nan, -1234.25],
                          "count": [1, 2, 3], "flag": [True, False, True]})
    book = Book(path)
    ws = book.sheet("T")
    ref = write_table(book, ws, list(frame.columns), frame_columns(frame),
                      [None, "#,##0.0##", "#,##0", None], TableNames())
    book.close()
    sheet = openpyxl.load_workbook(path)["T"]
    assert ref == "A1:D4" and sheet.tables["T_T"].ref == "A1:D4"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["name", "quantity", "count", "flag"], ["a", 1.5, 1, True], [None, None, 2, False],
        ["=b", -1234.25, 3, True]]
    assert sheet["C3"].number_format == "#,##0" and sheet["B4"].number_format == "#,##0.0##"
    assert sheet["A4"].data_type == "s"
    # -1,234.25 is the widest quantity (9 characters + 2); the header "quantity" + 3
    assert sheet.column_dimensions["B"].width >= 11


def test_a_chart_series_named_like_a_reference_is_named_by_that_text(tmp_path):
    path = tmp_path / "chart.xlsx"
    book = Book(path)
    charts, data = book.sheet("Charts"), book.sheet("ChartData")
    table = pd.DataFrame({"=Charts!A1": [1.0, 2.0], "target": [1.0, 1.0]},
                         index=pd.Index(["2026", "2027"], name="period"))
    charts.insert_chart(0, 0, stock_chart(book, ChartData(book, data, TableNames(), "USD"),
                                          "=A", table))
    book.close()
    (chart,) = openpyxl.load_workbook(path)["Charts"]._charts
    names = [s.tx.v for s in chart.series]
    assert names == ["=Charts!\u2060A1", "target"]  # shown as =Charts!A1
    assert all(s.tx.strRef is None for s in chart.series)


def test_input_values_with_seventeen_digits_solve_again_to_the_same_plan(tmp_path):
    sheets = base_sheets()
    sheets["Offers"][0]["price"] = 10.000000000000002  # 16 digits would make it 10
    path = tmp_path / "in.xlsx"  # written as results are: openpyxl would round it
    book = Book(path)
    for name, records in sheets.items():
        frame = pd.DataFrame(records)
        write_table(book, book.sheet(name), list(frame.columns), frame_columns(frame), [],
                    TableNames())
    book.close()
    first = planner.solve(path)
    again = planner.load(first.write(tmp_path / "out.xlsx"))
    prices = {r["offer"]: r["price"] for r in again.tables.records["Offers"]}
    assert first.inputs.tables.records["Offers"][0]["price"] == 10.000000000000002
    assert prices[sheets["Offers"][0]["offer"]] == 10.000000000000002
    assert planner.solve(tmp_path / "out.xlsx").summary["objective"] == pytest.approx(
        first.summary["objective"], rel=1e-15)


def test_a_sheet_name_excel_refuses_is_made_one_it_accepts(tmp_path):
    """Another program may write a sheet name longer than Excel's 31 characters; its
    copy in the results keeps the first 31, and ~2 when that is taken."""
    path = tmp_path / "names.xlsx"
    book = Book(path)
    for title in ("N" * 40, "n" * 35, "'quoted'", "a/b", "Notes", "notes"):
        book.sheet(title)
    book.close()
    assert openpyxl.load_workbook(path).sheetnames == [
        "N" * 31, "n" * 29 + "~2", "quoted", "a_b", "Notes", "notes~2"]
