"""The tables: one DataFrame per sheet, in workbook order (build_tables).

Prices and capacities are rounded here as they enter a sheet; the Settings and Periods
rows are set here too. SOURCES.md: Conventions, Settings, Periods, Materials (shortfall
cost), Stockpile; What the base case shows (build_tables(base_case=True)).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .chain import PROCESSES, content_rows
from .common import FIRST_YEAR, LAST_YEAR, YEARS
from .contracts import DISCOUNT_RATE, TICKETS, contract_cost, min_order
from .demand import DEMANDED, demand_rows, material_need
from .investments import FIXED_COST_RATE, INVESTMENTS, OWN_PROCESSES
from .offers import OFFERS
from .policy import (
    HOLDING_RATE,
    INITIAL_DAYS,
    MAX_DAYS,
    RULES,
    STOCKPILES,
    TARGET_FROM,
    WORKING_STOCKS,
)
from .prices import SHORTFALL_MULTIPLE, price
from .scenarios import DECISION_PERIOD, EVENTS, SCENARIO_RULES, SCENARIOS
from .supply import COUNTRIES, MATERIALS, SUPPLIERS


# =====================================================================================
# Tables
# =====================================================================================
def frame(sheet: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """One sheet's table; object dtype keeps ints, bools and blanks as they are."""
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{sheet}: row {row!r} does not match columns {columns}")
    return pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype=object)


def offer_rows(integer: bool = True) -> list[tuple[object, ...]]:
    """Offers; with integer, the offtake contracts' min_order and contract_cost."""
    rows = []
    for (offer, supplier, material, cost, capacity, first, last,
         mined, separated, metal, recycled) in OFFERS:
        contracted = integer and offer in TICKETS
        rows.append((offer, supplier, material, price(cost), float(capacity), first, last,
                     min_order(offer) if contracted else None,
                     contract_cost(offer) if contracted else None,
                     mined, separated, metal, recycled))
    return rows


def shortfall_costs() -> dict[str, float]:
    """SHORTFALL_MULTIPLE × the dearest offer of each material."""
    dearest: dict[str, float] = {}
    for _, _, material, cost, *_ in OFFERS:
        dearest[material] = max(dearest.get(material, 0.0), price(cost))
    return {m: price(SHORTFALL_MULTIPLE * p) for m, p in dearest.items()}


def days_of(material: str, year: int, days: float) -> float:
    return round(days / 365 * material_need(material, year), 1)


def _traced(rest: tuple) -> tuple:
    """(penalty, threshold, segment) of a rule row: threshold and segment are given only
    by traced rules."""
    return (*rest, *(None,) * (3 - len(rest)))


def _value(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def build_tables(base_case: bool = False) -> dict[str, pd.DataFrame]:
    """Every sheet of the dataset, in workbook order.

    base_case leaves out the integer and stochastic data (contracts, minimum orders,
    investments, scenarios, events, scenario rules): the deterministic LP of the rules
    in force, for comparison.
    """
    shortfall = shortfall_costs()
    settings = [
        ("currency", "USD"),
        ("discount_rate", DISCOUNT_RATE),
        ("shortfall_cost", max(shortfall.values())),  # fallback; every material has its own
        ("time_limit_s", 300),
        ("mip_gap", 0.001),
    ]
    if not base_case:
        settings += [
            ("decision_period", DECISION_PERIOD),
            ("risk_measure", "expected"),  # Assumption: risk-neutral consortium
            ("threshold_basis", "value"),  # PN: No. 61's 0.1 % is a share of value
            ("cvar_alpha", 0.95),  # product default, reported in Summary
        ]
    stockpile = [
        (material, days_of(material, FIRST_YEAR, INITIAL_DAYS), None, days,
         days_of(material, LAST_YEAR, MAX_DAYS), price(HOLDING_RATE * basis), TARGET_FROM)
        for material, days, basis in STOCKPILES
    ] + [
        (material, None, None, None, None, price(HOLDING_RATE * basis), None)
        for material, basis in WORKING_STOCKS
    ]
    processes = PROCESSES if base_case else (*PROCESSES, *OWN_PROCESSES)
    rules = [(*rule[:7], _value(rule[7]), *rule[8:10], None, *_traced(rule[10:]))
             for rule in RULES]
    if not base_case:
        rules += [(*rule[:7], _value(rule[7]), *rule[8:11], *_traced(rule[11:]))
                  for rule in SCENARIO_RULES]
    tables = {
        "Settings": frame("Settings", ("key", "value"), settings),
        "Periods": frame("Periods", ("period", "years"), [(y, 1) for y in YEARS]),
        "Countries": frame("Countries", ("country", "name", "groups"), COUNTRIES),
        "Materials": frame(
            "Materials", ("material", "stage", "name", "shortfall_cost"),
            [(m, stage, name, shortfall[m]) for m, stage, name in MATERIALS],
        ),
        "Content": frame("Content", ("material", "element", "fraction"), content_rows()),
        "Suppliers": frame("Suppliers", ("supplier", "country", "owner_country", "name"),
                           SUPPLIERS),
        "Offers": frame(
            "Offers",
            ("offer", "supplier", "material", "price", "capacity", "from_period",
             "to_period", "min_order", "contract_cost", "mined_in", "separated_in",
             "metal_in", "recycled"),
            offer_rows(integer=not base_case),
        ),
        "Processes": frame(
            "Processes",
            ("process", "supplier", "output", "capacity", "cost", "from_period", "to_period",
             "recycled"),
            [(process, supplier, output, float(capacity), price(cost), first, last, recycled)
             for process, supplier, output, capacity, cost, first, last, recycled, _
             in processes],
        ),
        "ProcessInputs": frame(
            "ProcessInputs", ("process", "material", "quantity"),
            [(process, material, round(quantity, 4))
             for process, *_, inputs in processes for material, quantity in inputs.items()],
        ),
        "Demand": frame(
            "Demand", ("material", "period", "quantity", "segment"),
            [row for m in DEMANDED for y in YEARS for row in demand_rows(m, y)],
        ),
        "Stockpile": frame(
            "Stockpile",
            ("material", "initial", "target", "target_days", "max", "holding_cost",
             "target_from"),
            stockpile,
        ),
        "Rules": frame(
            "Rules",
            ("rule", "kind", "item", "stage", "country", "group", "supplier", "value",
             "from_period", "to_period", "scenario", "penalty", "threshold", "segment"),
            rules,
        ),
    }
    if base_case:
        return tables
    tables["Investments"] = frame(
        "Investments",
        ("investment", "process", "capacity", "capex", "fixed_cost", "earliest_period",
         "lead_periods", "max_units"),
        [(inv, process, round(capacity, 1), float(round(capex, -4)),
          float(round(FIXED_COST_RATE * capex, -3)), earliest, lead, units)
         for inv, process, capacity, capex, earliest, lead, units in INVESTMENTS],
    )
    tables["Scenarios"] = frame(
        "Scenarios", ("scenario", "probability", "description"),
        [(s, p, text) for s, p, _, text in SCENARIOS],
    )
    tables["Events"] = frame(
        "Events",
        ("scenario", "kind", "item", "supplier", "country", "value", "from_period",
         "to_period"),
        [(*event[:5], _value(event[5]), *event[6:]) for event in EVENTS],
    )
    return tables
