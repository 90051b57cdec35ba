"""Turn one cell's raw value into the typed value its column declares.

Each parser returns the value, or raises CellError with the message and the fix.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from planner.workbook.declare import Column

EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                "#GETTING_DATA", "#SPILL!", "#CALC!")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_GROUPED_NUMBER = re.compile(r"^[+-]?[1-9]\d{0,2}([,.' \u00a0\u202f]\d{3})+([.,]\d+)?$")
"""1,500 or 1.500 or 1 500: a thousands separator in one locale, a decimal in another
(a leading 0 group, as in 0.250, is never a thousands group)."""
_PERCENT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)\s*%$")
SOLVER_INFINITY = 1e20
"""HiGHS treats every magnitude from here up as infinite."""
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0"})


class CellError(ValueError):
    def __init__(self, what: str, fix: str):
        super().__init__(what)
        self.what = what
        self.fix = fix


class Unreadable:
    """A cell the reader could not turn into a value Excel stores (a number with 400
    digits, a date outside the calendar); parsing it raises CellError."""

    def __init__(self, what: str, fix: str):
        self.what = what
        self.fix = fix

    def __str__(self) -> str:
        return self.what


def show(value: Any) -> str:
    """A raw value as the user would recognise it in a message."""
    if isinstance(value, str):
        return f"text '{value}'"
    if isinstance(value, bool):
        return f"the true/false value {str(value).upper()}"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"the date/time {value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"the duration {value}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def label(value: Any) -> str:
    """Text of an id or label cell: a whole number such as 2026 is the label '2026'."""
    if value.__class__ is str:  # the common case, first
        return value.strip()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _excel_error(value: Any) -> None:
    if isinstance(value, str) and "#" in value and value.strip().upper() in EXCEL_ERRORS:
        raise CellError(f"holds the Excel error {value.strip()}",
                        "fix the formula in Excel, or type the value")


def parse_text(value: Any, column: Column) -> str:
    if value.__class__ is str:  # the common case, without label()'s tests
        if "#" in value:
            _excel_error(value)
        text = value.strip()
    else:
        _excel_error(value)
        text = label(value)
    if column.allowed:
        for allowed in column.allowed:
            if text.lower() == allowed.lower():
                return allowed
        raise CellError(f"{column.name} '{text}' is not allowed",
                        f"use one of: {', '.join(column.allowed)}")
    return text


def parse_number(value: Any, column: Column) -> float:
    if value.__class__ is float or value.__class__ is int:  # the common case
        try:
            return _bounded(float(value), value, column)
        except OverflowError:
            return _bounded(math.inf, value, column)
    _excel_error(value)
    if isinstance(value, dt.timedelta):
        raise CellError(f"{column.name} must be a number, got {show(value)} (the cell is "
                        "formatted as a time)", "format the cell as Number and type the number")
    if isinstance(value, bool | dt.datetime | dt.date | dt.time):
        raise CellError(f"{column.name} must be a number, got {show(value)}",
                        "type a number in this cell")
    if isinstance(value, str):
        text = value.strip()
        if _PERCENT.match(text):
            fraction = float(text.rstrip("% ")) / 100
            raise CellError(f"{column.name} must be a number, got text '{text}'",
                            f"type {fraction:g} (a share is a fraction: {text} is {fraction:g})")
        if _GROUPED_NUMBER.match(text):
            raise CellError(
                f"{column.name} must be a number, got {show(value)} with a thousands separator",
                "type the number without separators, as a number cell")
        if not _PLAIN_NUMBER.match(text):
            raise CellError(f"{column.name} must be a number, got {show(value)}",
                            "type a number in this cell")
        value = float(text)
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    return _bounded(number, value, column)


def _bounded(number: float, value: Any, column: Column) -> float:
    """number (read from value), once it is finite, below the solver's infinity and
    within the column's bounds."""
    if not math.isfinite(number):
        raise CellError(f"{column.name} must be a finite number, got {show(value)}",
                        "type a finite number")
    if abs(number) >= SOLVER_INFINITY:
        raise CellError(f"{column.name} {number:g} is too large: the solver treats "
                        f"{SOLVER_INFINITY:g} and above as infinite",
                        f"enter a value below {SOLVER_INFINITY:g} (in t or currency units)")
    if column.minimum is not None and number < column.minimum:
        bound = "non-negative" if column.minimum == 0 else f"≥ {column.minimum:g}"
        raise CellError(f"{column.name} must be ≥ {column.minimum:g}, got {number:g}",
                        f"enter a {bound} number")
    if column.maximum is not None and number > column.maximum:
        raise CellError(f"{column.name} must be ≤ {column.maximum:g}, got {number:g}",
                        f"enter a number no larger than {column.maximum:g}")
    return number


def parse_integer(value: Any, column: Column) -> int:
    number = parse_number(value, column)
    if not number.is_integer():
        raise CellError(f"{column.name} must be a whole number, got {number:g}",
                        "enter a whole number")
    return int(number)


def parse_bool(value: Any, column: Column) -> bool:
    _excel_error(value)
    if isinstance(value, bool):
        return value
    word = label(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{column.name} must be true or false, got {show(value)}",
                    "enter TRUE or FALSE")


def parse_tags(value: Any, column: Column) -> tuple[str, ...]:
    _excel_error(value)
    return tuple(tag.strip() for tag in label(value).split(",") if tag.strip())


def parse_any(value: Any, column: Column) -> Any:
    _excel_error(value)
    return value


PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": parse_text,
    "number": parse_number,
    "integer": parse_integer,
    "bool": parse_bool,
    "tags": parse_tags,
    "any": parse_any,
}


def parse(value: Any, column: Column) -> Any:
    """The typed value of a non-blank cell; raises CellError."""
    if isinstance(value, Unreadable):
        raise CellError(f"{column.name} {value.what}", value.fix)
    return PARSERS[column.kind](value, column)
