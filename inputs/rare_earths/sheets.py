"""The tables: one DataFrame per sheet, in workbook order (build_tables).

Prices and capacities are rounded here as they enter a sheet; an offer or process with
a window in both regimes becomes two rows (':q' for the quarters at a quarter of its
yearly volume); the Settings, Periods and Sites rows are set here too. SOURCES.md:
Conventions, Settings, Periods, Sites, Materials (shortfall cost), Stockpile; What the
base case shows (build_tables(base_case=True)).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .chain import PROCESSES, QUALIFIED_WITH, content_rows
from .common import (
    EU_SITE,
    FIRST,
    LAST,
    PERIOD_IDS,
    PERIODS,
    SITES,
    regimes,
)
from .contracts import DISCOUNT_RATE, TICKETS, contract_cost, min_take
from .demand import DEMANDED, SITE_SHARE, demand_rows, period_need
from .investments import FIXED_COST_RATE, INVESTMENTS, OWN_PROCESSES
from .offers import FLOOR, FLOORED, LICENCE_WAIT, OFFERS, QUALIFICATION_COST, QUALIFY
from .policy import (
    HOLDING_RATE,
    INITIAL_DAYS,
    MAX_DAYS,
    STOCKPILES,
    TARGET_FROM,
    WORKING_STOCKS,
    rules,
)
from .prices import INDEX_BASE, INDICES, SHORTFALL_MULTIPLE, price
from .scenarios import EVENTS, SCENARIOS, scenario_rules
from .supply import COUNTRIES, MATERIALS, SUPPLIERS

WITH_SITES = False
"""Whether the workbook has its EU and US sites (Sites sheet, site columns and site
rules). Traced rules together with sites need a planner that follows traced history
site by site; without sites one buyer carries both sites' volume."""


# =====================================================================================
# Tables
# =====================================================================================
def frame(sheet: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """One sheet's table; object dtype keeps ints, bools and blanks as they are."""
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{sheet}: row {row!r} does not match columns {columns}")
    return pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype=object)


def _per_regime(capacity: float | tuple[float, float], scale: float) -> float:
    """A yearly capacity (or a (quarters, years) pair) as t per period of a regime."""
    if isinstance(capacity, tuple):
        capacity = capacity[0] if scale < 1 else capacity[1]
    return round(capacity * scale, 2)


OFFER_COLUMNS = (
    "offer", "supplier", "material", "price", "capacity", "from_period", "to_period",
    "min_take", "contract_cost", "mined_in", "separated_in", "metal_in", "recycled",
    "index", "floor", "lead_periods", "qualification_periods", "qualification_cost")


def offer_rows(integer: bool = True) -> list[tuple[object, ...]]:
    """Offers, one row per regime of each offer's window; with integer, the offtakes'
    take-or-pay and contract cost (yearly rows) and the qualifications."""
    rows = []
    for (offer, supplier, material, cost, capacity, first, last,
         mined, separated, metal, recycled, index) in OFFERS:
        for suffix, start, end, scale in regimes(first, last):
            quarters = scale < 1
            contracted = integer and offer in TICKETS and not quarters
            qualify = QUALIFY.get(offer, 0) if integer else 0
            rows.append((
                offer + suffix, supplier, material, price(cost),
                _per_regime(capacity, scale), start, end,
                round(min_take(offer) * scale, 2) if contracted else None,
                contract_cost(offer) if contracted else None,
                mined, separated, metal, recycled, index,
                FLOOR if offer in FLOORED and index else None,
                1 if quarters and offer in LICENCE_WAIT else None,
                qualify or None, QUALIFICATION_COST if qualify else None))
    return rows


PROCESS_COLUMNS = ("process", "supplier", "output", "capacity", "cost", "from_period",
                   "to_period", "recycled", "qualification_periods", "qualification_cost")


def process_rows(processes: Sequence[tuple], integer: bool) -> tuple[list, list, list]:
    """(Processes, ProcessInputs, ProcessOutputs) rows, one process row per regime."""
    qualify = {p: QUALIFY[o] for p, o in QUALIFIED_WITH.items()} if integer else {}
    main, inputs, outputs = [], [], []
    for process, supplier, output, capacity, (cost, coproducts), first, last, recycled, \
            feed in processes:
        for suffix, start, end, scale in regimes(first, last):
            pid = process + suffix
            main.append((pid, supplier, output, _per_regime(capacity, scale), price(cost),
                         start, end, recycled, qualify.get(process),
                         QUALIFICATION_COST if process in qualify else None))
            inputs += [(pid, material, round(q, 4)) for material, q in feed.items()]
            outputs += [(pid, material, round(q, 5)) for material, q in coproducts.items()]
    return main, inputs, outputs


def shortfall_costs() -> dict[str, float]:
    """SHORTFALL_MULTIPLE × the dearest offer of each material."""
    dearest: dict[str, float] = {}
    for _, _, material, cost, *_ in OFFERS:
        dearest[material] = max(dearest.get(material, 0.0), price(cost))
    return {m: price(SHORTFALL_MULTIPLE * p) for m, p in dearest.items()}


def days_of(material: str, period: str, days: float, share: float) -> float:
    """t that `days` of a period's demand make at a site (share of the volume)."""
    need = period_need(material, period) * share / dict(PERIODS)[period]
    return round(days / 365 * need, 1)


def in_transit(material: str) -> float:
    """t of material ordered in 2026Q4 under licence that arrive in 2027Q1: a quarter of
    each licence-waiting offer's volume (the first quarter's orders are not in the plan)."""
    return sum(_per_regime(capacity, 0.25) for offer, _, m, _, capacity, *_ in OFFERS
               if m == material and offer in LICENCE_WAIT)


def stockpile_rows(sites: bool) -> list[tuple[object, ...]]:
    shares = SITE_SHARE if sites else {EU_SITE: 1.0}
    rows = []
    for site, share in shares.items():
        tag = None if site == EU_SITE else site
        rows += [(material, round(days_of(material, FIRST, INITIAL_DAYS, share)
                                  + share * in_transit(material), 1), None, days,
                  days_of(material, LAST, MAX_DAYS, share), price(HOLDING_RATE * basis),
                  TARGET_FROM, tag) for material, days, basis in STOCKPILES]
        rows += [(material, None, None, None, None, price(HOLDING_RATE * basis), None, tag)
                 for material, basis in WORKING_STOCKS]
    return rows


def _value(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def rule_rows(base_case: bool, sites: bool) -> list[tuple[object, ...]]:
    rows = [(*r[:7], _value(r[7]), r[8], r[9], None, *r[10:]) for r in rules(sites)]
    if not base_case:
        rows += [(*r[:7], _value(r[7]), *r[8:]) for r in scenario_rules(sites)]
    return rows


def build_tables(base_case: bool = False, sites: bool | None = None,
                 ) -> dict[str, pd.DataFrame]:
    """Every sheet of the dataset, in workbook order.

    base_case leaves out the integer and stochastic data (contracts, qualifications,
    investments, scenarios, events, scenario rules): the deterministic LP of the rules
    in force, for comparison. sites (default WITH_SITES) adds the EU and US sites.
    """
    sites = WITH_SITES if sites is None else sites
    shortfall = shortfall_costs()
    settings = [
        ("currency", "USD"),
        ("discount_rate", DISCOUNT_RATE),
        ("shortfall_cost", max(shortfall.values())),  # fallback; every material has its own
        ("time_limit_s", 110),
        ("mip_gap", 0.005),
        ("threshold_basis", "value"),  # PN: No. 61's 0.1 % is a share of value
    ]
    if not base_case:
        settings += [
            ("risk_measure", "expected"),  # Assumption: risk-neutral consortium
            ("cvar_alpha", 0.95),  # product default, reported in Summary
        ]
    processes = PROCESSES if base_case else (*PROCESSES, *OWN_PROCESSES)
    process_table, inputs, outputs = process_rows(processes, integer=not base_case)
    tables = {
        "Settings": frame("Settings", ("key", "value"), settings),
        "Periods": frame("Periods", ("period", "years"), PERIODS),
        "Countries": frame("Countries", ("country", "name", "groups"), COUNTRIES),
        "Materials": frame(
            "Materials", ("material", "stage", "name", "shortfall_cost"),
            [(m, stage, name, shortfall[m]) for m, stage, name in MATERIALS],
        ),
        "Content": frame("Content", ("material", "element", "fraction"), content_rows()),
        "Suppliers": frame("Suppliers", ("supplier", "country", "owner_country", "name"),
                           SUPPLIERS),
        "Offers": frame("Offers", OFFER_COLUMNS, offer_rows(integer=not base_case)),
        "Processes": frame("Processes", PROCESS_COLUMNS, process_table),
        "ProcessInputs": frame("ProcessInputs", ("process", "material", "quantity"), inputs),
        "ProcessOutputs": frame("ProcessOutputs", ("process", "material", "quantity"),
                                outputs),
        "Demand": frame(
            "Demand", ("material", "period", "quantity", "segment", "site"),
            [row for m in DEMANDED for p in PERIOD_IDS for row in demand_rows(m, p, sites)],
        ),
        "Stockpile": frame(
            "Stockpile",
            ("material", "initial", "target", "target_days", "max", "holding_cost",
             "target_from", "site"),
            stockpile_rows(sites),
        ),
        "Rules": frame(
            "Rules",
            ("rule", "kind", "item", "stage", "country", "group", "supplier", "value",
             "from_period", "to_period", "scenario", "penalty", "threshold", "segment",
             "site"),
            rule_rows(base_case, sites),
        ),
        "PriceIndex": frame("PriceIndex", ("index", "period", "value"),
                            [(index, FIRST, INDEX_BASE) for index in INDICES]),
    }
    if sites:
        tables["Sites"] = frame("Sites", ("site", "country", "name"), SITES)
    if not sites:
        for name in ("Demand", "Stockpile", "Rules"):
            tables[name] = tables[name].drop(columns="site")
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
        "Scenarios", ("scenario", "probability", "parent", "branch_period", "description"),
        SCENARIOS,
    )
    tables["Events"] = frame(
        "Events",
        ("scenario", "kind", "item", "supplier", "country", "value", "from_period",
         "to_period"),
        [(*event[:5], _value(event[5]), *event[6:]) for event in EVENTS],
    )
    return tables

