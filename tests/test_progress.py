"""What a run tells its user while it works, and the time budget its solves share."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import planner
from models import SolveOptions
from planner import progress
from planner.studies import rulecosts
from tests.conftest import base_sheets
from tests.test_scenarios import two_stage

PLANNER = Path(sys.executable).parent / "planner"
STAMP = r"\d\d:\d\d:\d\d "


def with_rules(sheets: dict, count: int) -> dict:
    sheets["Rules"] = [{"rule": f"cap{i}", "kind": "max_share", "value": 0.9 + i / 100}
                       for i in range(count)]
    return sheets


def test_phases_are_timestamped_lines_when_not_on_a_terminal(make_workbook):
    done = subprocess.run([str(PLANNER), "solve", str(make_workbook(with_rules(
        base_sheets(), 2))), "--rule-costs"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert all(re.match(STAMP, line) for line in lines), lines
    said = [line[9:] for line in lines]
    assert said[:4] == ["reading in.xlsx", "checking in.xlsx", "building the model",
                        "this run solves the plan, then 2 rule-cost solves (one without "
                        "each rule)"]
    assert said[4].startswith("solving with HiGHS (") and "up to 150 s" in said[4]
    assert "rule costs: 2 of 2 solves done" in said
    assert said[-1] == "writing in-results.xlsx"


def test_quiet_says_nothing_but_the_results(make_workbook):
    done = subprocess.run([str(PLANNER), "solve", str(make_workbook()), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    assert "Results written to" in done.stdout


def test_on_a_terminal_one_live_line_is_redrawn_and_cleared():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    run = progress.Run(screen)
    with progress.running(run):
        run.phase("reading in.xlsx")
        run.say("this run solves the plan, then 3 rule-cost solves")
        with run.tasks("rule costs", 3) as tasks:
            tasks.advance()
    text = screen.getvalue()
    assert text.startswith("\rreading in.xlsx\x1b[K")
    assert "\r\x1b[Kthis run solves the plan, then 3 rule-cost solves\n" in text
    assert "\rrule costs: 1 of 3 solves done, about" in text
    assert text.endswith("\r\x1b[K")  # nothing left on the line for the summary


def test_estimates_follow_the_pace_so_far():
    run = progress.Run(io.StringIO(), live=False)
    tasks = progress.Tasks(run, "sweep", 10)
    tasks.start -= 20  # two solves took 20 s: eight more take about 80 s
    tasks.finished = 2
    assert tasks.text() == "sweep: 2 of 10 solves done, about 80 s left"


def test_extra_solves_that_do_not_fit_the_budget_are_skipped_and_reported(make_workbook,
                                                                          monkeypatch):
    """Each rule-cost solve is slowed to 0.4 s and the run has 1 s: the first solves
    run, the last cannot start in time."""
    real = rulecosts.lift_rule  # each rule-cost solve is a warm re-solve lifting one rule

    def slow(warm, rule_id):
        time.sleep(0.4)
        return real(warm, rule_id)

    monkeypatch.setattr(rulecosts, "lift_rule", slow)
    inputs = planner.load(make_workbook(with_rules(base_sheets(), 5)))
    outcome = planner.solve(inputs, SolveOptions(time_limit=1.0), with_rule_costs=True,
                            workers=1)
    statuses = list(outcome.tables["RuleCosts"]["status"])
    skipped = statuses.count("skipped: the run's time budget was spent")
    solved = statuses.count("optimal")
    assert skipped >= 1 and solved >= 1
    assert statuses[:solved] == ["optimal"] * solved and statuses[-skipped:] == [
        "skipped: the run's time budget was spent"] * skipped
    # one solve may have started in time and found its limit at 0 s
    assert set(statuses[solved:5 - skipped]) <= {"no solution found within limits"}
    assert outcome.summary["skipped_solves"] == f"rule costs: {skipped} of 5 solves"
    assert outcome.summary["time_budget_s"] == 1.0


def test_the_time_limit_is_the_whole_runs_budget(make_workbook):
    """Two scenarios (three value-of-information solves) and four rule costs on a
    MILP that no solve closes in time: with a per-solve limit of 4 s these nine solves
    would take about 36 s; as a budget they share 4 s, the main solve 2 of them (the
    time the time-limit test gives a slow machine to find a first plan)."""
    from tests.test_time_limit import hard_instance

    data = hard_instance(periods=12, offers=120)
    start = time.perf_counter()
    outcome = planner.solve(_inputs_of(data, make_workbook), SolveOptions(time_limit=4.0,
                                                                         mip_gap=1e-9),
                            with_rule_costs=True, workers=1)
    elapsed = time.perf_counter() - start
    assert outcome.result.status.has_plan
    assert elapsed < 4.0 + 6.0, elapsed  # the budget, plus building up to 9 models


def _inputs_of(data, make_workbook):
    """Inputs of the test workbook with the model data replaced by data (scenarios
    and rules added)."""
    import dataclasses

    from models.input.data import Rule, Scenario

    inputs = planner.load(make_workbook(two_stage()))
    rules = tuple(Rule(f"cap{i}", "max_supplier_share", value=0.5 + i / 10,
                       periods=tuple(p.id for p in data.periods)) for i in range(4))
    inputs.data = dataclasses.replace(data, rules=rules, scenarios=(
        Scenario("calm", 0.5), Scenario("tense", 0.5)))
    return inputs


def test_dask_says_nothing_and_leaves_nothing_even_when_port_8787_is_taken(make_workbook,
                                                                           tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    taken = socket.socket()
    taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        taken.bind(("0.0.0.0", 8787))
        taken.listen()
    except OSError:
        pass  # something already holds it, which is the point
    try:
        done = subprocess.run(
            [str(PLANNER), "solve", str(make_workbook(with_rules(two_stage(), 2))),
             "--rule-costs", "--workers", "2"], capture_output=True, text=True,
            env={**os.environ, "TMPDIR": str(scratch)}, cwd=tmp_path)
    finally:
        taken.close()
    assert done.returncode == 0, done.stderr
    assert all(re.match(STAMP, line) for line in done.stderr.splitlines()), done.stderr
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in-results.xlsx", "in.xlsx", "tmp"]


@pytest.mark.parametrize("solves", [1, 4])
def test_a_fair_share_of_what_is_left(solves):
    run = progress.Run()
    with run.budgeted(100.0):
        assert run.share(solves, parallel=2) == pytest.approx(200.0 / solves, rel=0.01)
        assert run.share(1, portion=0.5) == pytest.approx(50.0, rel=0.01)
    assert run.deadline is None and run.share(3) is None


def test_a_script_without_a_main_guard_can_use_worker_processes(make_workbook, tmp_path):
    """The README's Python lines, pasted at the top level of a script: starting the
    worker processes must not run the script again inside each of them."""
    path = make_workbook(two_stage())
    script = tmp_path / "study.py"
    script.write_text("import planner\n"
                      f"outcome = planner.solve({str(path)!r}, workers=2)\n"
                      "print(outcome.summary['evpi'])\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert float(done.stdout) >= 0
