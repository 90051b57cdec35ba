"""Cross-sheet checks of shared capacity (CapacityGroups) and minimum runs
(Processes min_run)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.tables import Tables

GROUP_SETTINGS = ("capacity", "from_period", "to_period")
"""Columns a group has once: every row that fills them gives the same value."""


def _shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def capacity_groups_are_sound(tables: Tables) -> Iterator[Problem]:
    """A group's rows agree on its capacity and window, one of them gives the capacity,
    and a member id names one thing (not an offer or process and a supplier)."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for r in tables.records["CapacityGroups"]:
        if r["group"] is not None:
            rows[r["group"]].append(r)
    for group, found in rows.items():
        for column in GROUP_SETTINGS:
            given = [r for r in found if r[column] is not None]
            for r in given[1:]:
                if r[column] != given[0][column]:
                    first = tables.where("CapacityGroups", given[0]["_row"], column)
                    yield Problem(tables.where("CapacityGroups", r["_row"], column),
                                  f"group '{group}' has {column} {_shown(given[0][column])} "
                                  f"in {first} but {_shown(r[column])} here",
                                  f"a group has one {column}: enter the same value or leave "
                                  "it blank")
        if all(r["capacity"] is None for r in found):
            yield Problem(tables.where("CapacityGroups", found[0]["_row"], "capacity"),
                          f"group '{group}' has no capacity",
                          "enter the t per period its members may buy or make together")
    acquisitions = {r["offer"] for r in tables.records["Offers"]}
    acquisitions |= {r["process"] for r in tables.records["Processes"]}
    suppliers = {r["supplier"] for r in tables.records["Suppliers"]}
    for r in tables.records["CapacityGroups"]:
        if r["member"] in acquisitions and r["member"] in suppliers:
            yield Problem(tables.where("CapacityGroups", r["_row"], "member"),
                          f"'{r['member']}' is both an offer or process and a supplier, so "
                          "the member is ambiguous",
                          "rename the offer, process or supplier so that its id is its own")


def min_runs_are_sound(tables: Tables) -> Iterator[Problem]:
    """A min_run needs a bound on the process's output (every investment in it has
    max_units) and must fit within that bound, else the process could never run."""
    investments: dict[str, list[dict]] = defaultdict(list)
    for r in tables.records["Investments"]:
        investments[r["process"]].append(r)
    for r in tables.records["Processes"]:
        if not r["min_run"] or r["capacity"] is None:
            continue
        own = investments.get(r["process"], [])
        unbounded = [i for i in own if i["max_units"] is None]
        for i in unbounded:
            yield Problem(tables.where("Investments", i["_row"], "max_units"),
                          f"process '{r['process']}' has a min_run, which needs a bound on "
                          f"its output, but investment '{i['investment']}' has no max_units",
                          "enter the most units that may be built")
        if unbounded:
            continue
        most = r["capacity"] + sum((i["capacity"] or 0.0) * i["max_units"] for i in own)
        if r["min_run"] > most:
            yield Problem(tables.where("Processes", r["_row"], "min_run"),
                          f"min_run {r['min_run']:g} exceeds the {most:g} t per period that "
                          f"process '{r['process']}' can make at most",
                          "lower the min_run or raise the capacity")


CHECKS = (capacity_groups_are_sound, min_runs_are_sound)
