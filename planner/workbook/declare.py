"""What a schema declaration is made of: columns, sheets, and short constructors for
the kinds of column the schema (planner/workbook/schema.py) declares again and again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of an input sheet (or one key of Settings).

    kind is one of: text, number, integer, bool, tags (comma-separated list).
    ref names where a text value must be declared: "Sheet" (that sheet's key) or
    "Sheet.column"; several are alternatives.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    unit: str = ""
    default: Any = None
    allowed: tuple[str, ...] = ()
    ref: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Sheet:
    """One input sheet: a table with a header in row 1 (or an Excel Table)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = False
    min_rows: int = 0
    ordered: tuple[tuple[str, str], ...] = ()
    """Pairs of period columns (first, last) where first must not come after last."""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")


def text(name: str, description: str, **kw: Any) -> Column:
    """A text column."""
    return Column(name, "text", description, **kw)


def number(name: str, description: str, unit: str, **kw: Any) -> Column:
    """A number column in unit, at least 0 unless told otherwise."""
    kw.setdefault("minimum", 0.0)
    return Column(name, "number", description, unit=unit, **kw)


def period(name: str, description: str, **kw: Any) -> Column:
    """A column naming a period of the Periods sheet."""
    return Column(name, "text", description, ref=("Periods",), **kw)


def country(name: str, description: str, **kw: Any) -> Column:
    """A column naming a country of the Countries sheet."""
    return Column(name, "text", description, ref=("Countries",), **kw)


def site(description: str) -> Column:
    """The optional site column, naming a site of the Sites sheet."""
    return Column("site", "text", description, ref=("Sites",))
