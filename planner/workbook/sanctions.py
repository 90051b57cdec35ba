"""Generated sanction scenarios: every combination of independent bans, as an input
workbook the user can read, edit and solve.

Each listed country is sanctioned independently with the same probability p from a
given period on. The scenarios are every set of at most K sanctioned countries (the
set without sanctions included); a set of k of n countries has probability
p^k (1 − p)^(n − k), and the probabilities of the sets kept are normalised to sum to
1. A sanction is a hard ban (or, with a licence share, a licence on that share of
the country's volume), written as one Rules row per scenario and country; with a
price factor, each sanction also multiplies every price by it (an Events row; two
sanctions compound). The workbook's own scenarios, if any, are crossed with the sets:
each of its scenarios splits into one scenario per set, with the product of the two
probabilities, and keeps its own rules and events.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.workbook.checks import is_tree
from planner.workbook.excel import fill_sheet, put, save_atomically
from planner.workbook.inputs import Inputs
from planner.workbook.reader import RawTable, normalise_header
from planner.workbook.schema import DEFAULT_SCENARIO, RULE_STAGES, UNKNOWN_COUNTRY
from planner.workbook.schema import sheet as declared_sheet


class GenerateError(ValueError):
    """Options that cannot generate scenarios (a usage error)."""


@dataclass(frozen=True)
class Sanctions:
    """What to generate: which countries, how many at once, from when, how likely."""

    countries: tuple[str, ...]
    max_bans: int
    probability: float
    """Of each country's sanction, independently of the others."""
    start: str | None = None
    """First period of the sanctions (None: the period after the decision period)."""
    licence: float | None = None
    """Share of the volume still licensed; None: a hard ban."""
    price_factor: float | None = None
    """Factor on every price per sanction in force (None: prices unchanged)."""
    stage: str | None = None
    item: str | None = None


def sanction_sets(countries: tuple[str, ...], max_bans: int,
                  probability: float) -> list[tuple[tuple[str, ...], float]]:
    """Every set of at most max_bans countries with its normalised probability."""
    n = len(countries)
    sets = [(combo, probability ** k * (1 - probability) ** (n - k))
            for k in range(max_bans + 1) for combo in itertools.combinations(countries, k)]
    total = sum(p for _, p in sets)
    return [(combo, p / total) for combo, p in sets]


def first_period(inputs: Inputs, start: str | None) -> str:
    """The sanctions' first period: start, or the one after the decision period."""
    periods = inputs.data.period_ids
    if start is not None:
        if start not in periods:
            raise GenerateError(f"--from {start} is not a period of {inputs.path.name} "
                                f"(periods: {', '.join(periods)})")
        return start
    after = periods.index(inputs.data.here_and_now[-1]) + 1 if inputs.data.here_and_now else 0
    if after >= len(periods):
        raise GenerateError("the decision period is the last period, so there is no later "
                            "period for sanctions — give --from")
    return periods[after]


def check(inputs: Inputs, sanctions: Sanctions) -> None:
    """Refuse options that cannot work, in the user's words."""
    declared = {r["country"] for r in inputs.tables.records["Countries"]} | {UNKNOWN_COUNTRY}
    unknown = [c for c in sanctions.countries if c not in declared]
    if unknown:
        raise GenerateError(f"{', '.join(unknown)}: not declared in Countries of "
                            f"{inputs.path.name}")
    if len(set(sanctions.countries)) != len(sanctions.countries) or not sanctions.countries:
        raise GenerateError("list each country once, e.g. --ban-countries CN,MM,MY")
    if not 1 <= sanctions.max_bans <= len(sanctions.countries):
        raise GenerateError(f"--max-bans must be between 1 and the {len(sanctions.countries)} "
                            "countries listed")
    if not 0 < sanctions.probability < 1:
        raise GenerateError("--probability-per-ban must be between 0 and 1, e.g. 0.1")
    if sanctions.licence is not None and not 0 <= sanctions.licence <= 1:
        raise GenerateError("--licence is the share of volume still licensed, between 0 and 1")
    if sanctions.price_factor is not None and sanctions.price_factor < 0:
        raise GenerateError("--price-factor must be ≥ 0, e.g. 1.5")
    if sanctions.stage is not None and sanctions.stage not in RULE_STAGES:
        raise GenerateError(f"--stage must be one of {', '.join(RULE_STAGES)}")
    if is_tree(inputs.tables):
        raise GenerateError(f"{inputs.path.name} holds a scenario tree; sanctions can be "
                            "generated on two-stage scenarios only")


class _Sheet:
    """A table as header names and rows of values, for rows to be added to it."""

    def __init__(self, name: str, table: RawTable | None):
        self.name = name
        numbers = sorted(table.headers) if table else []
        self.header = [table.headers[c] for c in numbers] if table else []
        self.rows = [[row.values.get(c) for c in numbers] for row in table.rows] if table \
            else []

    def index(self, column: str) -> int:
        """Position of a declared column, added to the header if missing."""
        names = [normalise_header(h) for h in self.header]
        if column not in names:
            self.header.append(column)
            for row in self.rows:
                row.append(None)
            names.append(column)
        return names.index(column)

    def add(self, values: dict[str, Any]) -> None:
        positions = {self.index(column): value for column, value in values.items()}
        self.rows.append([positions.get(i) for i in range(len(self.header))])

    def take_scenario_rows(self, remove: bool) -> dict[str, list[list]]:
        """Scenario -> the rows only that scenario has (taken out of the sheet when
        remove is True)."""
        found: dict[str, list[list]] = {}
        if not self.header:
            return found
        column = self.index("scenario")
        kept = []
        for row in self.rows:
            if row[column] is None:
                kept.append(row)
                continue
            found.setdefault(str(row[column]).strip(), []).append(list(row))
            if not remove:
                kept.append(row)
        self.rows = kept
        return found

    def copy_rows(self, rows: list[list], scenario: str, key: str | None = None) -> None:
        """rows again, for scenario (their key column made unique with @scenario)."""
        column = self.index("scenario")
        for row in rows:
            copy = list(row) + [None] * (len(self.header) - len(row))
            copy[column] = scenario
            if key is not None:
                at = self.index(key)
                copy[at] = f"{copy[at]}@{scenario}"
            self.rows.append(copy)


@dataclass
class Generated:
    """What was written."""

    path: Path
    scenarios: list[tuple[str, float, str]]
    """(scenario, probability, description)."""
    covered: float
    """Share of the independent-sanction distribution the kept sets cover."""


def generate(inputs: Inputs, sanctions: Sanctions, output: Path, *,
             force: bool = False) -> Generated:
    """Write a copy of the input workbook whose Scenarios, Rules and Events hold every
    set of sanctions (crossed with the workbook's own scenarios)."""
    check(inputs, sanctions)
    start = first_period(inputs, sanctions.start)
    sets = sanction_sets(sanctions.countries, sanctions.max_bans, sanctions.probability)
    n = len(sanctions.countries)
    covered = sum(sanctions.probability ** k * (1 - sanctions.probability) ** (n - k)
                  * math.comb(n, k) for k in range(sanctions.max_bans + 1))
    own = inputs.tables.records["Scenarios"]
    bases = [(r["scenario"], r["probability"], r["description"]) for r in own] or [
        (None, 1.0, None)]
    raw = {title.strip().lower(): table for title, table in inputs.workbook.tables.items()}
    rules, events = _Sheet("Rules", raw.get("rules")), _Sheet("Events", raw.get("events"))
    # Rows of one scenario are repeated for each of its sets; without a Scenarios
    # sheet they name the default scenario, which the sets replace.
    own_rules, own_events = rules.take_scenario_rows(not own), events.take_scenario_rows(not own)
    scenario_rows = []
    for base, base_probability, base_text in bases:
        key = base if base is not None else DEFAULT_SCENARIO
        for combo, probability in sets:
            scenario = scenario_name(base, combo,
                                     "ban" if sanctions.licence is None else "licence")
            text = _describe(combo, start, sanctions)
            scenario_rows.append((scenario, base_probability * probability,
                                  " — ".join(t for t in (base_text, text) if t)))
            if combo or base is None:  # a named base keeps its own rows as they are
                rules.copy_rows(own_rules.get(key, []), scenario, key="rule")
                events.copy_rows(own_events.get(key, []), scenario)
            for country in combo:
                _add_sanction(rules, events, scenario, country, start, sanctions)
    _write(inputs, output, scenario_rows, rules, events, force)
    return Generated(output, scenario_rows, covered)


def scenario_name(base: str | None, combo: tuple[str, ...], kind: str = "ban") -> str:
    """no_ban, ban_CN, ban_CN_MM (licence_CN for licences); with a base scenario: calm,
    calm_ban_CN, …"""
    banned = f"{kind}_" + "_".join(combo) if combo else ""
    if base is None:
        return banned or f"no_{kind}"
    return f"{base}_{banned}" if banned else base


def _describe(combo: tuple[str, ...], start: str, sanctions: Sanctions) -> str:
    if not combo:
        return "no sanction (generated)"
    what = "banned" if sanctions.licence is None else f"licensed at {sanctions.licence:g}"
    scope = " ".join(x for x in (sanctions.stage, sanctions.item) if x)
    text = f"{' and '.join(combo)} {what}{f' ({scope})' if scope else ''} from {start}"
    if sanctions.price_factor is not None:
        text += f", prices ×{sanctions.price_factor:g} per sanction"
    return f"{text} (generated)"


def _add_sanction(rules: _Sheet, events: _Sheet, scenario: str, country: str, start: str,
                  sanctions: Sanctions) -> None:
    kind = "ban" if sanctions.licence is None else "licence"
    rules.add({"rule": f"{scenario}:{kind}-{country}", "kind": kind, "item": sanctions.item,
               "stage": sanctions.stage, "country": country, "value": sanctions.licence,
               "from_period": start, "scenario": scenario})
    if sanctions.price_factor is not None:
        events.add({"scenario": scenario, "kind": "price", "item": sanctions.item,
                    "value": sanctions.price_factor, "from_period": start})


def _write(inputs: Inputs, output: Path, scenarios: list[tuple[str, float, str]],
           rules: _Sheet, events: _Sheet, force: bool) -> None:
    """Every sheet of the input, values only, with the three tables replaced."""
    wb = Workbook()
    wb.remove(wb.active)
    replaced = {"scenarios": (["scenario", "probability", "description"],
                              [list(row) for row in scenarios]),
                "rules": (rules.header, rules.rows), "events": (events.header, events.rows)}
    written = set()
    for title, table in inputs.workbook.tables.items():
        name = title.strip().lower()
        header, rows = replaced.get(name) or ([table.headers[c] for c in sorted(table.headers)],
                                              [[r.values.get(c) for c in sorted(table.headers)]
                                               for r in table.rows])
        fill_sheet(wb.create_sheet(title), header, rows)
        written.add(name)
    for name, (header, rows) in replaced.items():
        if name not in written and rows:
            fill_sheet(wb.create_sheet(declared_sheet(name.capitalize()).name), header, rows)
    for title, grid in inputs.workbook.others.items():
        ws = wb.create_sheet(title)
        for record in grid:
            for c, value in record.values.items():
                if value is not None:
                    put(ws, record.row, c, value)
    save_atomically(wb, output, force=force)
