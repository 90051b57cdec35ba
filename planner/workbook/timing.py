"""Cross-column checks of lead times, qualification and backorders."""

from __future__ import annotations

from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.tables import Record, Tables

SOURCES = (("Offers", "offer"), ("Processes", "process"))


def _window(record: Record, periods: list[str]) -> list[int] | None:
    """Positions of the record's window (None when a period is not declared: the
    reference check reports it)."""
    first, last = record.get("from_period"), record.get("to_period")
    if (first and first not in periods) or (last and last not in periods):
        return None
    start = periods.index(first) if first else 0
    end = periods.index(last) if last else len(periods) - 1
    return list(range(start, end + 1))


def sources_can_deliver(tables: Tables) -> Iterator[Problem]:
    """A qualification cost needs a qualification; some period of a source's window
    must be orderable: after its qualification could be finished and early enough for
    its lead time to end within the horizon."""
    periods = [p["period"] for p in tables.records["Periods"]]
    for sheet, key in SOURCES:
        for r in tables.records.get(sheet, []):
            row, lead, qualify = r["_row"], r["lead_periods"] or 0, r["qualification_periods"] or 0
            if r["qualification_cost"] and not qualify:
                yield Problem(tables.where(sheet, row, "qualification_cost"),
                              f"'{r[key]}' has a qualification cost but no "
                              "qualification_periods",
                              "enter how many periods its qualification takes, or clear "
                              "the cost")
            window = _window(r, periods)
            if not window:
                continue
            if all(t + lead >= len(periods) for t in window):
                yield Problem(tables.where(sheet, row, "lead_periods"),
                              f"with lead_periods {lead}, nothing '{r[key]}' supplies in "
                              f"its periods arrives before the horizon ends "
                              f"({periods[-1]})",
                              "shorten the lead time, open its window earlier, or add periods")
            elif not [t for t in window if qualify <= t < len(periods) - lead]:
                yield Problem(tables.where(sheet, row, "qualification_periods"),
                              f"a qualification of {qualify} period(s) started in "
                              f"{periods[0]} leaves '{r[key]}' no period in which it may "
                              "deliver and its delivery arrive within the horizon",
                              "shorten qualification_periods or lead_periods, or extend "
                              "its window")


def qualified_processes_are_bounded(tables: Tables) -> Iterator[Problem]:
    """A qualification gates a process's whole output, built units included, so the
    units must be bounded."""
    unbounded: dict[str, str] = {}
    for r in tables.records.get("Investments", []):
        if r["max_units"] is None and r["process"]:
            unbounded.setdefault(r["process"], r["investment"])
    for r in tables.records.get("Processes", []):
        if r["qualification_periods"] and r["process"] in unbounded:
            yield Problem(tables.where("Processes", r["_row"], "qualification_periods"),
                          f"qualifying '{r['process']}' bounds all it makes, built units "
                          f"included, but investment '{unbounded[r['process']]}' has no "
                          "max_units",
                          "enter max_units for that investment, or clear the qualification")


def backorders_are_complete(tables: Tables) -> Iterator[Problem]:
    """max_backorder_periods limits backorders, so it needs a backorder cost."""
    for r in tables.records["Materials"]:
        if r["max_backorder_periods"] is not None and r["backorder_cost"] is None:
            yield Problem(tables.where("Materials", r["_row"], "max_backorder_periods"),
                          f"'{r['material']}' limits backorders but has no backorder_cost",
                          "enter its backorder_cost (per t and period late), or clear "
                          "max_backorder_periods")


CHECKS = (sources_can_deliver, qualified_processes_are_bounded, backorders_are_complete)

