"""Cross-sheet checks of contracts and supplier caps: take-or-pay volumes, terms and
max_suppliers rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.tables import Tables


def takes_fit_capacity(tables: Tables) -> Iterator[Problem]:
    """A take-or-pay volume above the offer's capacity could never be taken: every
    period would pay for more than can be delivered."""
    for r in tables.records["Offers"]:
        if r["min_take"] and r["capacity"] is not None and r["min_take"] > r["capacity"]:
            yield Problem(tables.where("Offers", r["_row"], "min_take"),
                          f"min_take {r['min_take']:g} exceeds the capacity "
                          f"{r['capacity']:g} of offer '{r['offer']}'",
                          "lower the take-or-pay volume or raise the capacity")


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


CHECKS = (takes_fit_capacity, max_suppliers_are_sound)
