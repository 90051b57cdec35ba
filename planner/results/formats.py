"""How a value of each unit is shown: Excel number formats, headers, and console text.

Units are the schema's words (planner.workbook.schema, planner.results.columns).
"""

from __future__ import annotations

import math
from typing import Any

NUMBER_FORMATS: dict[str, str] = {
    "t": "#,##0.0##",
    "t/period": "#,##0.0##",
    "t/t": "0.0####",
    "currency": "#,##0.00",
    "currency/t": "#,##0.00",
    "currency/period": "#,##0.00",
    "currency/t/period": "#,##0.00",
    "fraction": "0.0%",
    "1/year": "0.0%",
    "count": "#,##0",
    "s": "#,##0.00",
    "years": "0.###",
    "days": "#,##0.#",
    "UTC": "yyyy-mm-dd hh:mm:ss",
}
"""Unit -> Excel number format (thousands separators; shares as %; dates)."""

GAP_FORMAT = "0.00%"
"""The MIP gap is small: two decimals of a percent."""


def number_format(unit: str) -> str | None:
    """The Excel number format for a unit (None: General, for text and unknown units)."""
    return NUMBER_FORMATS.get(unit)


def shown_unit(unit: str, currency: str) -> str:
    """A unit as a reader sees it: `currency/t` -> `USD/t`, `fraction` -> `%`."""
    if unit in ("fraction", "1/year"):
        return "%" if unit == "fraction" else "%/year"
    if unit == "count":
        return ""
    return unit.replace("currency", currency)


def with_unit(name: str, unit: str, currency: str) -> str:
    """A header with its unit in parentheses: `quantity (t)`; plain when it has none."""
    shown = shown_unit(unit, currency)
    return f"{name} ({shown})" if shown else name


def significant(value: float, digits: int = 3) -> str:
    """A number with thousands separators and up to `digits` significant digits after
    the point (trailing zeros dropped): 3,417,149,868 · 512 · 12.3 · 4 · 0.52 · 0.00123."""
    if not math.isfinite(value):
        return "—"
    if abs(value) < 1e-9:  # solver noise around zero
        return "0"
    whole = math.floor(math.log10(abs(value))) + 1
    decimals = max(0, digits - whole)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def money(value: Any, currency: str) -> str:
    """Money with meaningful precision (0.52 USD, never 1 USD); text stays text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{significant(float(value))} {currency}"
    return "—" if value is None else str(value)


def percent(part: float, whole: float) -> str:
    """part / whole as a percentage; a dash when whole is zero (never nan%)."""
    if not whole or not math.isfinite(part / whole):
        return "—"
    return f"{part / whole:.1%}"


def quantity(value: Any, unit: str, currency: str = "") -> str:
    """A value with its unit, as text for the console, the Overview and the report."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit in ("fraction", "1/year"):
        return f"{value:.4%}" if 0 < abs(value) < 0.001 else f"{value:.1%}"
    if unit.startswith("currency"):
        return f"{significant(float(value))} {shown_unit(unit, currency)}"
    if unit in ("count", ""):
        return f"{value:,}" if isinstance(value, int) else significant(float(value))
    return f"{significant(float(value))} {shown_unit(unit, currency)}"
