"""12. Scenarios from 2028: their probabilities, events (prices, stock releases, demand)
and the rules that only a scenario imposes.

SOURCES.md: Scenarios, Events.
"""

from __future__ import annotations

from statistics import mean

from .common import DY_OX, LAST_YEAR, MAGNET, NDPR_MET, NDPR_OX, TB_OX, YEARS
from .demand import GROWTH_TO_2030
from .policy import MYANMAR_FEED, STOCKPILES
from .prices import (
    CONVERSION_NEW,
    DY_OXIDE_EX_CHINA,
    MAGNET_US,
    NDPR_METAL_US,
    NDPR_OXIDE_US_FLOOR,
    TB_OXIDE_EX_CHINA,
    magnet_price,
    ndpr_metal_price,
)
from .supply import LICENCE_FACTOR

# =====================================================================================
# 12. Scenarios: what may happen from 2028, once the 2026-2027 decisions are taken
# =====================================================================================
DECISION_PERIOD = 2027  # Assumption: contracts, stock and builds of 2026-27 come first
REACH_FROM = 2027  # PLS, UD: the suspension of No. 61 ends on 10 Nov 2026
REACH_THRESHOLD = 0.001  # PN: 0.1 % of the product's value
CRISIS_FROM = DECISION_PERIOD + 1
CALM, FREEZE, EMBARGO, MYANMAR, SURGE = "calm", "hre_freeze", "embargo", "myanmar", "surge"
REACH = "cn_reach"
# (scenario, probability, last crisis year or None, description). Probabilities are
# Assumptions (no published odds); the reasoning is in SOURCES.md.
SCENARIOS = (
    (CALM, 0.35, None, "The 2025-2026 rules stay in force; no new disruption."),
    (REACH, 0.10, None, "China's suspension of its Oct 2025 controls ends on 10 Nov 2026: "
     "magnets made anywhere with more than 0.1 % (by value) of Chinese-origin Dy or Tb "
     "need a Chinese licence."),
    (FREEZE, 0.20, 2029, "China stops licensing Dy, Tb and Dy/Tb magnets for export in "
     "2028-2029, at the depth of the Apr-May 2025 stop."),
    (EMBARGO, 0.10, 2030, "China bans exports of separated oxides, NdPr metal and magnets, "
     "and foreign goods of its feed, in 2028-2030."),
    (MYANMAR, 0.10, 2030, "Myanmar's heavy-RE feed to China collapses in 2028-2030 (the "
     "Feb 2025 level)."),
    (SURGE, 0.15, LAST_YEAR, "Demand grows faster from 2028 with EV traction motors and "
     "wind."),
)
CRISIS_TO = {s: last for s, _, last, _ in SCENARIOS}

# Licence freeze: Chinese exports at their May 2025 trough against the volume before
# licensing: magnets -74% y/y, rare-earth products -61% y/y (AW, BS). The scenario rule
# multiplies the licence already in force (LICENCE_FACTOR), so its value is the ratio.
FREEZE_MAGNETS = 1 - 0.74  # AW, BS
FREEZE_OXIDES = 1 - 0.61  # AW, BS
# Myanmar: China's imports from Myanmar in Feb 2025, -89% y/y (ARN), against the
# MM-feed-cut factor already in force.
MYANMAR_COLLAPSE = 1 - 0.89  # ARN
# Crisis prices outside China, the highest ex-China quotes of 2025-26: Dy oxide
# Rotterdam ask >$1,100/kg (AD-P), Tb oxide $4,000/kg (top of the Argus range, ARG-P),
# Nd oxide CIF Rotterdam $180-200/kg (SMM-6).
DY_OXIDE_CRISIS = 1_100_000.0  # AD-P
TB_OXIDE_CRISIS = 4_000_000.0  # ARG-P
NDPR_OXIDE_CRISIS = mean((180_000, 200_000))  # SMM-6
DY_FACTOR = DY_OXIDE_CRISIS / DY_OXIDE_EX_CHINA  # 1.375
TB_FACTOR = TB_OXIDE_CRISIS / TB_OXIDE_EX_CHINA  # ≈ 1.103
NDPR_FACTOR = NDPR_OXIDE_CRISIS / NDPR_OXIDE_US_FLOOR  # ≈ 1.727
METAL_FACTOR = ndpr_metal_price(NDPR_OXIDE_CRISIS, CONVERSION_NEW) / NDPR_METAL_US
# US/EU magnet price recomputed at the crisis oxide prices.
MAGNET_FACTOR_HEAVY = magnet_price(NDPR_METAL_US, DY_OXIDE_CRISIS, TB_OXIDE_CRISIS,
                                   CONVERSION_NEW) / MAGNET_US  # ≈ 1.08
MAGNET_FACTOR_ALL = magnet_price(ndpr_metal_price(NDPR_OXIDE_CRISIS, CONVERSION_NEW),
                                 DY_OXIDE_CRISIS, TB_OXIDE_CRISIS,
                                 CONVERSION_NEW) / MAGNET_US  # ≈ 1.33
# Demand surge: half of the volume is automotive (Assumption, as US_MEMBERS) and grows
# at the 2025 forecast growth of rare earths in EV motors, 37 -> 43 kt (EVD); the other
# half follows the IEA path. From 2031 both grow at the IEA's post-2030 rate.
EV_GROWTH = 43 / 37 - 1  # EVD: ≈ 16.2 %/yr
AUTOMOTIVE_SHARE = 0.5  # Assumption
SURGE_GROWTH = AUTOMOTIVE_SHARE * EV_GROWTH + (1 - AUTOMOTIVE_SHARE) * GROWTH_TO_2030


def surge_factor(year: int) -> float:
    """Demand in the surge scenario ÷ the base demand of year."""
    years = min(year, 2030) - DECISION_PERIOD
    return ((1 + SURGE_GROWTH) / (1 + GROWTH_TO_2030)) ** max(years, 0)


OXIDES = (NDPR_OX, DY_OX, TB_OX)
STOCKED = tuple(material for material, *_ in STOCKPILES)
# scenario, kind, item, supplier, country, value (None = all, for release), from, to
EVENTS = (
    # Heavy-RE licence freeze: ex-China Dy/Tb at their crisis quotes, magnets repriced;
    # the Dy, Tb and magnet stock targets are released while it lasts.
    (FREEZE, "price", DY_OX, None, None, DY_FACTOR, CRISIS_FROM, CRISIS_TO[FREEZE]),
    (FREEZE, "price", TB_OX, None, None, TB_FACTOR, CRISIS_FROM, CRISIS_TO[FREEZE]),
    (FREEZE, "price", MAGNET, None, None, MAGNET_FACTOR_HEAVY, CRISIS_FROM,
     CRISIS_TO[FREEZE]),
    *((FREEZE, "release", m, None, None, None, CRISIS_FROM, CRISIS_TO[FREEZE])
      for m in (DY_OX, TB_OX, MAGNET)),
    # Embargo: every product outside China at its crisis price; every target released.
    (EMBARGO, "price", NDPR_OX, None, None, NDPR_FACTOR, CRISIS_FROM, CRISIS_TO[EMBARGO]),
    (EMBARGO, "price", NDPR_MET, None, None, METAL_FACTOR, CRISIS_FROM, CRISIS_TO[EMBARGO]),
    (EMBARGO, "price", DY_OX, None, None, DY_FACTOR, CRISIS_FROM, CRISIS_TO[EMBARGO]),
    (EMBARGO, "price", TB_OX, None, None, TB_FACTOR, CRISIS_FROM, CRISIS_TO[EMBARGO]),
    (EMBARGO, "price", MAGNET, None, None, MAGNET_FACTOR_ALL, CRISIS_FROM,
     CRISIS_TO[EMBARGO]),
    *((EMBARGO, "release", m, None, None, None, CRISIS_FROM, CRISIS_TO[EMBARGO])
      for m in STOCKED),
    # Myanmar: heavy RE scarce worldwide; Dy and Tb targets released.
    (MYANMAR, "price", DY_OX, None, None, DY_FACTOR, CRISIS_FROM, CRISIS_TO[MYANMAR]),
    (MYANMAR, "price", TB_OX, None, None, TB_FACTOR, CRISIS_FROM, CRISIS_TO[MYANMAR]),
    *((MYANMAR, "release", m, None, None, None, CRISIS_FROM, CRISIS_TO[MYANMAR])
      for m in (DY_OX, TB_OX)),
    # Demand surge: every demanded material, year by year (the factor grows to 2030).
    *((SURGE, "demand", None, None, None, round(surge_factor(y), 4), y, y)
      for y in YEARS if y >= CRISIS_FROM),
)

# Rules that only a scenario imposes (same columns as RULES, plus the scenario).
SCENARIO_RULES = (
    *((f"FRZ-{tag}", "licence", material, None, "CN", None, None, value / LICENCE_FACTOR,
       CRISIS_FROM, CRISIS_TO[FREEZE], FREEZE, None)  # AW, BS
      for tag, material, value in (("Dy", DY_OX, FREEZE_OXIDES), ("Tb", TB_OX, FREEZE_OXIDES),
                                   ("magnet", MAGNET, FREEZE_MAGNETS))),
    *((f"EMB-{tag}", "ban", material, None, "CN", None, None, None, CRISIS_FROM,
       CRISIS_TO[EMBARGO], EMBARGO, None)  # PLS, PN (0.1% rule), BST (precedent)
      for tag, material in (("NdPr-oxide", NDPR_OX), ("Dy-oxide", DY_OX),
                            ("Tb-oxide", TB_OX), ("NdPr-metal", NDPR_MET),
                            ("magnet", MAGNET))),
    ("MMR-collapse", "licence", None, "mining", "MM", None, None,
     MYANMAR_COLLAPSE / round(MYANMAR_FEED, 2), CRISIS_FROM, CRISIS_TO[MYANMAR], MYANMAR,
     None),  # ARN
    # MOFCOM No. 61 (Oct 2025, suspended to 10 Nov 2026 by No. 70): Chinese-origin heavy
    # rare earths above 0.1 % of a product's value need a licence wherever it is made;
    # licensed at the share No. 18 licenses. From 2027, the first whole year after the
    # suspension ends: a 2027 rule binds the common plan of 2026-2027 too.
    *((f"CN-61-{tag}", "traced_licence", element, None, "CN", None, None, LICENCE_FACTOR,
       REACH_FROM, None, REACH, None, REACH_THRESHOLD, None)  # PLS, PN, UD, CR
      for tag, element in (("Dy", "Dy"), ("Tb", "Tb"))),
)
