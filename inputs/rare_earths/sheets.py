"""The tables: one DataFrame per sheet, in workbook order (build_tables).

Prices and capacities are rounded here as they enter a sheet; an offer or process with
a window in both regimes becomes two rows (':q' for the quarters at a quarter of its
yearly volume); the Settings, Periods and Sites rows are set here too. SOURCES.md:
Conventions, Settings, Periods, Sites, Materials (shortfall cost), Stockpile; What the
base case shows (build_tables(base_case=True)).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd

from .chain import PROCESSES, QUALIFIED_WITH, content_rows
from .common import (
    EU_SITE,
    FIRST,
    LAST,
    LAST_QUARTER,
    LENGTH,
    PERIOD_IDS,
    PERIODS,
    SITES,
    first_period,
    last_period,
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
from .prices import (
    BACKORDER_MULTIPLE,
    BACKORDER_PERIODS,
    INDEX_BASE,
    INDICES,
    SHORTFALL_MULTIPLE,
    price,
)
from .scenarios import EVENTS, SCENARIOS, scenario_rules
from .supply import COUNTRIES, MATERIALS, SUPPLIERS

WITH_SITES = True
"""Whether the workbook has its EU and US sites (Sites sheet, site columns and site
rules); without sites one buyer carries both sites' volume."""


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
    """A yearly capacity, or a (quarters, years) pair, in the regime whose periods
    last `scale` years: still t per year (Settings rates_per_year)."""
    if isinstance(capacity, tuple):
        capacity = capacity[0] if scale < 1 else capacity[1]
    return round(capacity, 2)


OFFER_COLUMNS = (
    "offer", "supplier", "material", "price", "capacity", "from_period", "to_period",
    "min_take", "contract_cost", "mined_in", "separated_in", "metal_in", "recycled",
    "index", "floor", "lead_periods", "qualification_periods", "qualification_cost")


def qualified_from(first: int | str | None, quarters: int) -> str:
    """The first period of a window that a qualification of `quarters` started in the
    first period delays: the later of the window's start and that period."""
    start = first_period(first)
    return PERIOD_IDS[max(PERIOD_IDS.index(start), quarters)]


@cache  # the tables are constants: checked once, not for every row
def ramped(integer: bool) -> dict[str, float]:
    """Supplier -> quarters' capacity as a share of the years', for the suppliers whose
    offer to qualify ramps up (a (quarters, years) pair): such an offer is one row (one
    qualification) at its yearly capacity, and a capacity event in every scenario
    scales all the supplier's rows in the quarters. Empty without integer data."""
    if not integer:
        return {}
    found: dict[str, float] = {}
    for offer, supplier, _, _, capacity, *_ in OFFERS:
        if isinstance(capacity, tuple) and offer in QUALIFY:
            found[supplier] = capacity[0] / capacity[1]
    capacities = [(o[0], o[1], o[4]) for o in OFFERS] + [
        (p[0], p[1], p[3]) for p in (*PROCESSES, *OWN_PROCESSES)]
    for acq, supplier, capacity in capacities:
        if supplier in found and (not isinstance(capacity, tuple)
                                  or capacity[0] / capacity[1] != found[supplier]):
            raise ValueError(f"{acq}: every row of a ramped supplier must ramp alike")
    return found


def windows(acq: str, supplier: str, capacity: float | tuple[float, float],
            first: int | str | None, last: int | str | None, integer: bool,
            ) -> list[tuple[str, str, str, float]]:
    """(suffix, from, to, scale) of each row of an offer or process: one row over its
    window, or one per regime (':q' for the quarters) where the quarters differ — a
    capacity pair, a licence wait, or an offtake bought on spot terms in the quarters —
    unless the source is to be qualified (one row, one qualification)."""
    if integer and acq in QUALIFY:
        return [("", first_period(first), last_period(last), 1.0)]
    two = (isinstance(capacity, tuple) and supplier not in ramped(integer)) or (
        acq in LICENCE_WAIT) or (integer and acq in TICKETS)
    if two:
        return regimes(first, last)
    return [("", first_period(first), last_period(last), 1.0)]


def offer_rows(integer: bool = True) -> list[tuple[object, ...]]:
    """Offers, one row each (two where the quarters differ, windows()); with integer,
    the offtakes' take-or-pay and contract cost and the qualifications (without, a
    source to qualify starts as late as a qualification begun at once allows)."""
    rows = []
    for (offer, supplier, material, cost, capacity, first, last,
         mined, separated, metal, recycled, index) in OFFERS:
        if not integer and offer in QUALIFY:
            first = qualified_from(first, QUALIFY[offer])
        for suffix, start, end, scale in windows(offer, supplier, capacity, first, last,
                                                 integer):
            contracted = integer and offer in TICKETS and not suffix  # spot in quarters
            qualify = QUALIFY.get(offer, 0) if integer else 0
            rows.append((
                offer + suffix, supplier, material, price(cost),
                _per_regime(capacity, scale), start, end,
                min_take(offer) if contracted else None,
                contract_cost(offer) if contracted else None,
                mined, separated, metal, recycled, index,
                FLOOR if offer in FLOORED and index else None,
                1 if scale < 1 and offer in LICENCE_WAIT else None,
                qualify or None, QUALIFICATION_COST if qualify else None))
    return rows


def ramp_events(integer: bool) -> list[tuple[object, ...]]:
    """Capacity events of ramped() suppliers, in every scenario (blank scenario): the
    quarters' share of the yearly capacity."""
    return [(None, "capacity", None, supplier, None, round(share, 4), FIRST, LAST_QUARTER)
            for supplier, share in ramped(integer).items()]


PROCESS_COLUMNS = ("process", "supplier", "output", "capacity", "cost", "from_period",
                   "to_period", "recycled")


def process_rows(processes: Sequence[tuple], integer: bool = True) -> tuple[list, list, list]:
    """(Processes, ProcessInputs, ProcessOutputs) rows, one process row each (two where
    the quarters differ, windows()). Tolling at a maker to qualify starts once a
    qualification begun at once is done."""
    main, inputs, outputs = [], [], []
    for process, supplier, output, capacity, (cost, coproducts), first, last, recycled, \
            feed in processes:
        if process in QUALIFIED_WITH:
            first = qualified_from(first, QUALIFY[QUALIFIED_WITH[process]])
        for suffix, start, end, scale in windows(process, supplier, capacity, first, last,
                                                 integer):
            pid = process + suffix
            main.append((pid, supplier, output, _per_regime(capacity, scale), price(cost),
                         start, end, recycled))
            inputs += [(pid, material, round(q, 4)) for material, q in feed.items()]
            outputs += [(pid, material, round(q, 5)) for material, q in coproducts.items()]
    return main, inputs, outputs


def shortfall_costs() -> dict[str, float]:
    """SHORTFALL_MULTIPLE × the dearest offer of each material."""
    dearest: dict[str, float] = {}
    for _, _, material, cost, *_ in OFFERS:
        dearest[material] = max(dearest.get(material, 0.0), price(cost))
    return {m: price(SHORTFALL_MULTIPLE * p) for m, p in dearest.items()}


def backorders(material: str, shortfall: float) -> tuple[float | None, int | None]:
    """(backorder_cost per t and year late, max_backorder_periods) of a demanded
    material: BACKORDER_MULTIPLE × its dearest offer (shortfall ÷ SHORTFALL_MULTIPLE)."""
    if material not in DEMANDED:
        return None, None
    return price(BACKORDER_MULTIPLE * shortfall / SHORTFALL_MULTIPLE), BACKORDER_PERIODS


def days_of(material: str, period: str, days: float, share: float) -> float:
    """t that `days` of a period's demand make at a site (share of the volume)."""
    need = period_need(material, period) * share / dict(PERIODS)[period]
    return round(days / 365 * need, 1)


def in_transit(material: str) -> float:
    """t of material ordered in 2026Q4 under licence that arrive in 2027Q1: a quarter of
    each licence-waiting offer's volume (the first quarter's orders are not in the plan)."""
    return sum(LENGTH[FIRST] * _per_regime(capacity, LENGTH[FIRST])
               for offer, _, m, _, capacity, *_ in OFFERS
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
        ("rates_per_year", True),  # capacities and holding costs are t and USD per year
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
            "Materials", ("material", "stage", "name", "shortfall_cost", "backorder_cost",
                          "max_backorder_periods"),
            [(m, stage, name, shortfall[m], *backorders(m, shortfall[m]))
             for m, stage, name in MATERIALS],
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
        [(*event[:5], _value(event[5]), *event[6:])
         for event in (*EVENTS, *ramp_events(integer=True))],
    )
    return tables

