"""12. The scenario tree: what became of China's Oct 2025 controls on 10 Nov 2026, and
where prices go; its events (prices on the indices, stock releases) and the rules that
only a scenario imposes.

SOURCES.md: Scenarios, Events.
"""

from __future__ import annotations

from .common import DY_OX, LAST, LAST_QUARTER, MAGNET, TB_OX, US_SITE
from .prices import (
    DY_OXIDE_EX_CHINA,
    IDX_DY,
    IDX_MAG_CN,
    IDX_MAG_EX,
    IDX_NDPR,
    IDX_TB,
    NDPR_OXIDE_CN,
    NDPR_OXIDE_CN_2025,
    TB_OXIDE_EX_CHINA,
    magnet_factors,
)
from .supply import LICENCE_APPROVAL

# =====================================================================================
# 12. Scenarios: a tree whose root is the first quarter of 2027
# =====================================================================================
LAPSE_FROM = "2027Q2"  # Assumption: the first quarter is ordered under the licences held
SECOND_BRANCH = "2028Q1"  # Assumption: the price path and a ban show a year later
THRESHOLD = 0.001  # PN, PLS: 0.1 % of the product's value
EXTENDED, STEADY, REVERSION = "extended", "steady", "reversion"
LAPSE, LICENSED, BAN = "lapse", "licensed", "ban"
BAN_TO = "2029"  # Assumption: two years, as the Ga/Ge/Sb ban on the US ran about one (BST)
# (scenario, probability given the parent, parent, branch period, description).
# Probabilities are Assumptions (no published odds); the reasoning is in SOURCES.md.
SCENARIOS = (
    (EXTENDED, 0.6, None, LAPSE_FROM,
     "China extends the suspension (No. 70) of its Oct 2025 controls past 10 Nov 2026."),
    (STEADY, 0.6, EXTENDED, SECOND_BRANCH, "Prices stay at their early-2026 level."),
    (REVERSION, 0.4, EXTENDED, SECOND_BRANCH,
     "NdPr prices fall back to their 2025 average from 2028, as after the 2022 peak."),
    (LAPSE, 0.4, None, LAPSE_FROM,
     "The suspension lapses: the 0.1 % rule (No. 61) and the new elements apply, licences "
     "are denied selectively and ex-China heavy rare earths reprice."),
    (LICENSED, 0.7, LAPSE, SECOND_BRANCH, "Licences keep flowing at the denial rate."),
    (BAN, 0.3, LAPSE, SECOND_BRANCH,
     "A ban follows: China stops Dy, Tb and magnet exports to US end users in 2028-2029."),
)

# Crisis prices outside China, the highest ex-China quotes of 2025-26: Dy oxide Rotterdam
# ask >$1,100/kg (AD-P), Tb oxide $4,000/kg (top of the Argus range, ARG-P).
DY_OXIDE_CRISIS = 1_100_000.0  # AD-P
TB_OXIDE_CRISIS = 4_000_000.0  # ARG-P
DY_FACTOR = DY_OXIDE_CRISIS / DY_OXIDE_EX_CHINA  # 1.375
TB_FACTOR = TB_OXIDE_CRISIS / TB_OXIDE_EX_CHINA  # ≈ 1.103
_, MAGNET_CRISIS = magnet_factors(NDPR_OXIDE_CN, DY_OXIDE_CRISIS, TB_OXIDE_CRISIS)
# Reversion: NdPr at its 2025 average (SMM-1..5, REX-a), against the early-2026 level;
# 2022-23 saw Nd oxide fall from $134 to $78/kg (U25).
NDPR_REVERSION = NDPR_OXIDE_CN_2025 / NDPR_OXIDE_CN  # ≈ 0.56
MAGNET_CN_REVERSION, MAGNET_EX_REVERSION = magnet_factors(
    NDPR_OXIDE_CN_2025, DY_OXIDE_EX_CHINA, TB_OXIDE_EX_CHINA)


def _prices(scenario: str, first: str, last: str) -> list[tuple]:
    return [(scenario, "price", IDX_DY, None, None, DY_FACTOR, first, last),
            (scenario, "price", IDX_TB, None, None, TB_FACTOR, first, last),
            (scenario, "price", IDX_MAG_EX, None, None, MAGNET_CRISIS, first, last)]


def _release(scenario: str, first: str, last: str) -> list[tuple]:
    return [(scenario, "release", m, None, None, None, first, last)
            for m in (DY_OX, TB_OX, MAGNET)]


# scenario, kind, item, supplier, country, value (None = all, for release), from, to
EVENTS = (
    # Reversion: the NdPr index and the magnets made of it.
    (REVERSION, "price", IDX_NDPR, None, None, NDPR_REVERSION, SECOND_BRANCH, LAST),
    (REVERSION, "price", IDX_MAG_CN, None, None, MAGNET_CN_REVERSION, SECOND_BRANCH, LAST),
    (REVERSION, "price", IDX_MAG_EX, None, None, MAGNET_EX_REVERSION, SECOND_BRANCH, LAST),
    # Lapse: ex-China heavy rare earths at their crisis quotes while the new regime sets
    # in (to the end of 2028), and through a ban; the Dy, Tb and magnet stock targets
    # are released in the first quarters and during a ban.
    *_prices(LAPSE, LAPSE_FROM, LAST_QUARTER),
    *_release(LAPSE, LAPSE_FROM, "2027Q4"),
    *_prices(BAN, "2029", BAN_TO),
    *_release(BAN, SECOND_BRANCH, BAN_TO),
)


def scenario_rules(sites: bool) -> list[tuple]:
    """Rules only a scenario imposes (columns of policy.rules() with the scenario after
    the to-period)."""
    us = US_SITE if sites else None
    rows = [
        # No. 18 (Dy, Tb oxide) under individual licences once the general licences of
        # the truce go: about half of the volume approved (CS, UKR).
        *((f"CN-A18-{tag}", "licence", material, None, "CN", None, None, LICENCE_APPROVAL,
           LAPSE_FROM, None, LAPSE, None, None, None, None)  # HK, OSM; CS, UKR
          for tag, material in (("Dy", DY_OX), ("Tb", TB_OX))),
        # No. 61: magnets made anywhere whose Chinese-origin content exceeds 0.1 % of
        # their value need a licence (Chinese magnets included), at the same approval.
        ("CN-61-magnet", "traced_licence", MAGNET, None, "CN", None, None, LICENCE_APPROVAL,
         LAPSE_FROM, None, LAPSE, None, THRESHOLD, None, None),  # PLS, PN, UD, CR
        # The ban: Dy, Tb and magnets with a Chinese stage, for US end users (the Dec 2024
        # ban of Ga, Ge and Sb targeted the US, BST).
        *((f"CN-BAN-{tag}", "ban", material, None, "CN", None, None, None, SECOND_BRANCH,
           BAN_TO, BAN, None, None, None, us)  # BST, PLS
          for tag, material in (("Dy", DY_OX), ("Tb", TB_OX), ("magnet", MAGNET))),
    ]
    return rows
