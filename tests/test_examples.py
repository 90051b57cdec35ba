"""The examples run and their findings hold together."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(relative: str):
    spec = importlib.util.spec_from_file_location(relative.replace("/", "_"),
                                                  EXAMPLES / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_export_controls_study(tmp_path, capsys):
    study = load("export_controls/study.py")
    out = tmp_path / "comparison.xlsx"
    tables = study.main(["-o", str(out)])
    assert out.is_file()
    costs = tables["Costs"].set_index("key")
    # the licences are hard rules: taking them out can only make the plan cheaper
    assert costs.loc["objective", "controls add"] >= -1e-6 * costs.loc["objective",
                                                                        "with controls"]
    shares = tables["StageShares"]
    for (element, stage), group in shares.groupby(["element", "stage"]):
        assert group["share with"].sum() == pytest.approx(1, abs=1e-6), (element, stage)
        assert group["share without"].sum() == pytest.approx(1, abs=1e-6), (element, stage)
    assert "Heavy-rare-earth export controls" in capsys.readouterr().out


def test_stockpile_sizing_study(tmp_path, capsys):
    study = load("stockpile_sizing/study.py")
    out = tmp_path / "sizing.xlsx"
    result = study.main(["--days", "0,60", "--tb-days", "same", "--workers", "1",
                         "-o", str(out)])
    table = result.table
    assert list(table.status) == ["optimal", "optimal"]
    # a larger target is a harder lower bound on stock: it never lowers the optimum
    assert table.objective[1] >= table.objective[0] - 1e-6 * abs(table.objective[0])
    assert table["stock_Dy_oxide_t"][1] >= table["stock_Dy_oxide_t"][0] - 1e-6
    assert out.is_file() and "Least expected cost" in capsys.readouterr().out
