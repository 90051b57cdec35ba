"""Where each rule acts in the model: its rows, violations and the volumes it touches.

The rule report (binding, violation, marginal cost) is read from these entries after
a solve, so every family that writes a row for a rule records it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.input.data import Rule


@dataclass
class RuleEntry:
    """One row (or one acted-on volume) of a rule in one scenario and period."""

    rule: Rule
    scenario: str
    period: str
    constraint: Any = None
    """The Pyomo constraint row, if the rule has one here."""
    violation: Any = None
    """Expression of t by which a soft rule is violated here."""
    volume: Any = None
    """Expression of t the rule acts on (bought or processed under it)."""


@dataclass
class RuleBook:
    entries: list[RuleEntry] = field(default_factory=list)
    removed: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(rule, scenario, period) -> number of offers and processes a hard ban removed."""

    def add(self, rule: Rule, scenario: str, period: str, **parts: Any) -> None:
        self.entries.append(RuleEntry(rule, scenario, period, **parts))
