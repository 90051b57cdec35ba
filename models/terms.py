"""The terms each offer and process trades on, per scenario and period.

Bans remove combinations (a banned offer gets no variable), tariffs multiply the
price or cost by (1 + value), licences multiply the capacity by value; factors of
several rules compound. Soft bans and soft licences keep the volume available and
are priced by their penalty in the model instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.chain import Acquisition, acquisitions, describe, matches
from models.data import TRADE_KINDS, ModelData, Rule

Key = tuple[str, str, str]
"""(scenario, offer or process id, period)."""


@dataclass(frozen=True)
class Exclusion:
    """An offer or process that a hard ban removes."""

    id: str
    kind: str
    rule: str
    scenario: str
    periods: tuple[str, ...]
    reason: str


@dataclass
class Terms:
    available: dict[Key, Acquisition] = field(default_factory=dict)
    """Combinations that get a variable."""
    capacity_factor: dict[Key, float] = field(default_factory=dict)
    price_factor: dict[Key, float] = field(default_factory=dict)
    soft: list[tuple[Rule, Key]] = field(default_factory=list)
    """Soft bans and licences and the combinations they act on."""
    matched: dict[str, list[Key]] = field(default_factory=dict)
    """Rule id -> available combinations it acts on (for the rule report)."""
    excluded: list[Exclusion] = field(default_factory=list)


def trade_terms(data: ModelData) -> Terms:
    """Apply every ban, tariff and licence of data to every offer and process."""
    terms = Terms()
    rules = [r for r in data.rules if r.kind in TRADE_KINDS]
    periods_of = {r.id: r.periods for r in (*data.offers, *data.processes)}
    for acq in acquisitions(data):
        acting = [r for r in rules if matches(r, acq, data)]
        for scenario in data.scenarios:
            removed: dict[str, list[str]] = {}
            for t in periods_of[acq.id]:
                key = (scenario.id, acq.id, t)
                here = [r for r in acting if r.applies(scenario.id, t)]
                bans = [r for r in here if r.kind == "ban" and not r.soft]
                if bans:
                    for rule in bans:
                        removed.setdefault(rule.id, []).append(t)
                    continue
                terms.available[key] = acq
                capacity = price = 1.0
                for rule in here:
                    terms.matched.setdefault(rule.id, []).append(key)
                    if rule.soft and rule.kind in ("ban", "licence"):
                        terms.soft.append((rule, key))
                    elif rule.kind == "licence":
                        capacity *= rule.value
                    elif rule.kind == "tariff":
                        price *= 1.0 + rule.value
                terms.capacity_factor[key] = capacity
                terms.price_factor[key] = price
            for rule_id, periods in removed.items():
                rule = next(r for r in rules if r.id == rule_id)
                terms.excluded.append(Exclusion(
                    acq.id, acq.kind, rule_id, scenario.id, tuple(periods),
                    f"banned: {describe(rule, acq, data)}"))
    return terms
