"""`planner report` as a person sees it: the HTML opened in a real headless Chromium
(Debian's chromium and chromium-driver), every chart drawn with no script error, the
rule table sorting on a click, and the PNGs for slides.

These tests need the browser; without it they fail with how to install it (they are
never skipped: .ci/run installs it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.showcase import solve_showcase

BIN = Path(sys.executable).parent
CHROMEDRIVER = "/usr/bin/chromedriver"
MARKS = ("g.trace.bars path", "path.js-line", ".sankey-link", "g.sankey-node rect",
         "g.textpoint")
"""What a drawn Plotly chart holds: bars, lines, Sankey links and nodes, text."""


def _browser_or_fail() -> None:
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: install the Debian packages "
                    "chromium and chromium-driver (.ci/run does)")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("report")
    _, results = solve_showcase(folder)
    html, pngs = folder / "showcase.html", folder / "png"
    done = subprocess.run([str(BIN / "planner"), "report", str(results), "-o", str(html),
                           "--png", str(pngs)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"Report written to {html}" in done.stdout
    return html, pngs


@pytest.fixture(scope="module")
def browser():
    _browser_or_fail()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or CHROMEDRIVER),
                              options=options)
    yield driver
    driver.quit()


def test_the_report_draws_every_chart_without_a_script_error(report, browser, capsys):
    from selenium.webdriver.support.ui import WebDriverWait

    html, _ = report
    text = html.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link " not in text  # plotly.js is embedded
    browser.get(html.as_uri())
    count = text.count("class=\"plotly-graph-div\"")
    assert count == 5  # flows of A, stock, caps, scenario costs, spend
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('.js-plotly-plot .main-svg').length") >= count)
    marks = browser.execute_script(
        "var sel = arguments[0]; return Array.from("
        "document.querySelectorAll('.js-plotly-plot')).map(function (p) {"
        "  var out = {}; sel.forEach(function (s) {"
        "    out[s] = p.querySelectorAll(s).length; }); return out; });", list(MARKS))
    assert len(marks) == count
    for found in marks:
        assert sum(found.values()) > 0, found
    assert marks[0][".sankey-link"] > 0 and marks[0]["g.sankey-node rect"] > 0
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert [url for url in fetched if not url.startswith(("file:", "data:", "blob:"))] == []
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1400, min(height + 100, 12000))  # the whole page in one shot
    shot = html.with_name("report-screenshot.png")
    assert browser.save_screenshot(str(shot))
    with capsys.disabled():
        print(f"\nscreenshot of the report: {shot}")


def test_the_rule_table_sorts_on_a_click(report, browser):
    html, _ = report
    browser.get(html.as_uri())
    column = "var col = arguments[0]; return Array.from(document.querySelectorAll(" \
             "'#rule-report tbody tr')).map(function (r) { return r.cells[col].textContent; });"
    header = browser.find_element("css selector", "#rule-report th[data-col='0']")
    header.click()
    up = browser.execute_script(column, 0)
    assert up == sorted(up) and len(set(up)) == 2  # embargo, cap60
    header.click()
    assert browser.execute_script(column, 0) == sorted(up, reverse=True)


def test_png_figures_for_slides(report):
    _, folder = report
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["caps.png", "flows-A.png", "scenarios.png", "spend.png", "stock.png"]
    for path in folder.iterdir():
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        width = int.from_bytes(data[16:20], "big")
        assert width == 2400  # 1200 px at scale 2
