"""Cross-sheet checks of max_suppliers rules (take-or-pay volumes are checked with the
minimum orders, in checks.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.tables import Tables


def max_suppliers_are_sound(tables: Tables) -> Iterator[Problem]:
    """A max_suppliers value is a whole number ≥ 0, and what each supplier can deliver
    is bounded: an investment in a process that makes the item needs max_units."""
    rules = [r for r in tables.records["Rules"] if r["kind"] == "max_suppliers"]
    if not rules:
        return
    content = defaultdict(set)
    for r in tables.records["Content"]:
        if r["material"] and r["element"] and r["fraction"]:
            content[r["material"]].add(r["element"])
    scrap = {r["material"] for r in tables.records["Materials"] if r["stage"] == "scrap"}
    made = defaultdict(set)  # process -> materials it makes
    for r in tables.records["Processes"]:
        made[r["process"]].add(r["output"])
    for r in tables.records["ProcessOutputs"]:
        made[r["process"]].add(r["material"])
    unbounded = [(i, made[i["process"]]) for i in tables.records["Investments"]
                 if i["max_units"] is None and i["process"] in made]
    for rule in rules:
        value, row = rule["value"], rule["_row"]
        if value is not None and not float(value).is_integer():
            yield Problem(tables.where("Rules", row, "value"),
                          f"max_suppliers needs a whole number of suppliers, got {value:g}",
                          "enter e.g. 2")
        item = rule["item"]
        for investment, materials in unbounded:
            makes = any(m == item or item in content[m] for m in materials) if item \
                else any(m not in scrap or content[m] for m in materials)
            if makes:
                yield Problem(
                    tables.where("Investments", investment["_row"], "max_units"),
                    f"investment '{investment['investment']}' has no max_units, so what its "
                    f"supplier can deliver under max_suppliers rule '{rule['rule']}' has no "
                    "bound",
                    "enter the most units that may be built")


CHECKS = (max_suppliers_are_sound,)
