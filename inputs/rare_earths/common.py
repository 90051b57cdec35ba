"""The planning horizon (2027-2036), its two regimes of period length, the sites and
the material ids that every other module uses.

The plan is made in December 2026. The eight quarters of 2027-2028 (years = 0.25) carry
the orders, licences and qualifications of the transition; the years 2029-2036 the
build-out. Capacities, take-or-pay volumes and stock holding are amounts per period, so
a figure per year enters a quarter at a quarter of its value (regimes()).
SOURCES.md: Periods (the horizon), Sites, Materials (the ids).
"""

from __future__ import annotations

QUARTER_YEARS = (2027, 2028)
QUARTERS = tuple(f"{y}Q{q}" for y in QUARTER_YEARS for q in range(1, 5))
YEARLY = tuple(str(y) for y in range(2029, 2037))
PERIODS = (*((p, 0.25) for p in QUARTERS), *((p, 1.0) for p in YEARLY))
PERIOD_IDS = tuple(p for p, _ in PERIODS)
FIRST, LAST = PERIOD_IDS[0], PERIOD_IDS[-1]
LAST_QUARTER, FIRST_YEARLY = QUARTERS[-1], YEARLY[0]
CALENDAR_YEARS = tuple(range(2027, 2037))
LENGTH = dict(PERIODS)


def year_of(period: str) -> int:
    """Calendar year of a period ('2027Q3' -> 2027)."""
    return int(period[:4])


def position(period: str) -> int:
    return PERIOD_IDS.index(period)


def first_period(when: int | str | None) -> str:
    """The first period of a start given as a year (2028 -> 2028Q1), a period or None."""
    if when is None:
        return FIRST
    return f"{when}Q1" if isinstance(when, int) and when in QUARTER_YEARS else str(when)


def last_period(when: int | str | None) -> str:
    """The last period of an end given as a year (2028 -> 2028Q4), a period or None."""
    if when is None:
        return LAST
    return f"{when}Q4" if isinstance(when, int) and when in QUARTER_YEARS else str(when)


def regimes(first: int | str | None, last: int | str | None,
            ) -> list[tuple[str, str, str, float]]:
    """The parts of a window [first, last] in each regime: (suffix, from, to, scale),
    suffix ':q' and scale 0.25 for the quarters, '' and 1.0 for the years."""
    lo, hi = position(first_period(first)), position(last_period(last))
    q_end = position(LAST_QUARTER)
    parts = []
    if lo <= q_end:
        parts.append((":q", PERIOD_IDS[lo], PERIOD_IDS[min(hi, q_end)], 0.25))
    if hi > q_end:
        parts.append(("", PERIOD_IDS[max(lo, q_end + 1)], PERIOD_IDS[hi], 1.0))
    return parts


# Sites: the EU members' plants and the US members' plants. The first is the default of
# a blank site column, so rows of the EU site leave it blank.
EU_SITE, US_SITE = "EU", "US"
SITES = ((EU_SITE, "DE", "EU members' plants (Germany, France)"),
         (US_SITE, "US", "US members' plants"))

# Material ids.
CONC = "RE_concentrate"
NDPR_OX = "NdPr_oxide"
DY_OX = "Dy_oxide"
TB_OX = "Tb_oxide"
NDPR_MET = "NdPr_metal"
MAGNET = "NdFeB_magnet"
SCRAP = "magnet_scrap"
