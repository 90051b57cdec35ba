"""Cross-sheet checks of indexed prices: PriceIndex, Offers index/floor/cap, and price
events that name an index."""

from __future__ import annotations

from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.tables import Tables


def _first_rows(tables: Tables) -> dict[str, dict]:
    """Index id -> its first PriceIndex row."""
    first: dict[str, dict] = {}
    for r in tables.records["PriceIndex"]:
        if r["index"] is not None:
            first.setdefault(r["index"], r)
    return first


def price_indices_are_sound(tables: Tables) -> Iterator[Problem]:
    """Values are positive, each index has a value in the first period (the base of
    every ratio), and no index has the id of a material or element (an Events item
    naming it would be ambiguous)."""
    for r in tables.records["PriceIndex"]:
        if r["value"] is not None and r["value"] <= 0:
            yield Problem(tables.where("PriceIndex", r["_row"], "value"),
                          f"an index value must be above 0, got {r['value']:g}",
                          "enter the index level, e.g. 100 (only ratios to the first period "
                          "count)")
    periods = [p["period"] for p in tables.records["Periods"] if p["period"] is not None]
    given = {(r["index"], r["period"]) for r in tables.records["PriceIndex"]}
    items = {r["material"] for r in tables.records["Materials"]}
    items |= {r["element"] for r in tables.records["Content"]}
    for index, r in _first_rows(tables).items():
        if periods and (index, periods[0]) not in given:
            yield Problem(tables.where("PriceIndex", r["_row"], "period"),
                          f"index '{index}' has no value for {periods[0]}, the first period",
                          f"add a row for {periods[0]}: an indexed price is price × value / "
                          "the first period's value")
        if index in items:
            yield Problem(tables.where("PriceIndex", r["_row"], "index"),
                          f"index '{index}' has the id of a material or element",
                          "rename the index: a price event's item must say which one it "
                          "means")


def offer_prices_are_sound(tables: Tables) -> Iterator[Problem]:
    """floor and cap bound an indexed price (a fixed price needs no bounds), floor ≤
    cap, and an indexed offer has a price to scale."""
    for r in tables.records["Offers"]:
        row = r["_row"]
        if r["index"] is None:
            for column in ("floor", "cap"):
                if r[column] is not None:
                    yield Problem(tables.where("Offers", row, column),
                                  f"a {column} bounds an indexed price, but offer "
                                  f"'{r['offer']}' has no index",
                                  "name its price index in the index column, or clear the "
                                  f"{column} (a fixed price is the price itself)")
            continue
        if r["price"] == 0:
            yield Problem(tables.where("Offers", row, "price"),
                          f"offer '{r['offer']}' follows index '{r['index']}' but its price "
                          "is 0, which no index moves",
                          "enter the price in the first period; floor and cap bound it")
        if r["floor"] is not None and r["cap"] is not None and r["floor"] > r["cap"]:
            yield Problem(tables.where("Offers", row, "cap"),
                          f"the cap {r['cap']:g} is below the floor {r['floor']:g}",
                          "raise the cap or lower the floor")


def index_events_are_sound(tables: Tables) -> Iterator[Problem]:
    """An event naming a price index moves the index: it is a price event, and the
    supplier and country it would otherwise match do not apply."""
    indices = set(_first_rows(tables))
    for r in tables.records["Events"]:
        if r["item"] not in indices:
            continue
        row = r["_row"]
        if r["kind"] is not None and r["kind"] != "price":
            yield Problem(tables.where("Events", row, "item"),
                          f"'{r['item']}' is a price index, which only a price event moves",
                          "make the kind price, or name a material or element")
            continue
        for column in ("supplier", "country"):
            if r[column] is not None:
                yield Problem(tables.where("Events", row, column),
                              f"an event on price index '{r['item']}' moves the index for "
                              f"every offer that follows it, so it takes no {column}",
                              f"clear the {column}, or name a material or element as item")


CHECKS = (price_indices_are_sound, offer_prices_are_sound, index_events_are_sound)
