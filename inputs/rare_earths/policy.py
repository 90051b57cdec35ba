"""8. Stockpile policy and 9. the rules in force 2025-2026.

SOURCES.md: Stockpile, Rules.
"""

from __future__ import annotations

from statistics import mean

from .common import CONC, DY_OX, FIRST_YEAR, MAGNET, NDPR_MET, NDPR_OX, SCRAP, TB_OX
from .demand import DEFENCE, DEFENCE_FROM
from .prices import (
    CONCENTRATE,
    DY_OXIDE_CN_EXPORT,
    MAGNET_CN,
    NDPR_METAL_CN,
    NDPR_OXIDE_CN,
    SCRAP_PRICE,
    TB_OXIDE_CN_EXPORT,
)
from .supply import LICENCE_FACTOR, US_MEMBERS

# =====================================================================================
# 8. Stockpile policy
# =====================================================================================
INITIAL_DAYS = 30  # Assumption: working inventory held at the start of 2026
MAX_DAYS = 180  # JF, IEA-J: JOGMEC may hold up to 180 days for high-risk metals
HOLDING_RATE = 0.07  # Assumption: 5% cost of capital + 2% storage, insurance, handling
TARGET_FROM = 2027  # Assumption: one year to build the stock (Project Vault, Feb 2026)
# (material, target days, price the holding cost is based on)
STOCKPILES = (
    (NDPR_OX, 60, NDPR_OXIDE_CN),  # PV: 60-day emergency supply; JOGMEC 60 days (IEA-J)
    (DY_OX, 60, DY_OXIDE_CN_EXPORT),  # PV, IEA-J
    (TB_OX, 60, TB_OXIDE_CN_EXPORT),  # PV, IEA-J
    (MAGNET, 30, MAGNET_CN),  # Assumption: 30-day production buffer for finished magnets
)
# Working stocks without a target: holding cost only (they start at 0, no upper bound).
WORKING_STOCKS = (
    (CONC, CONCENTRATE),  # feed for tolling
    (NDPR_MET, NDPR_METAL_CN),
    (SCRAP, SCRAP_PRICE),  # feed for recycling
)


# =====================================================================================
# 9. Rules in force 2025-2026 (sources and derivations in SOURCES.md, section Rules)
# =====================================================================================
# The consortium is one buyer with US and EU members (US_MEMBERS = 0.5 of its volume).
# A US measure binds only the US half: a tariff enters at its volume-weighted rate
# (US_MEMBERS × rate), and the FEOC exclusion as a cap of the EU half on FEOC-owned supply.
SECTION_301_MAGNETS = 0.25  # GTSL, PRR: Chinese permanent magnets, 1 Jan 2026
IEEPA_FENTANYL = 0.10  # LP, UD2, MDQ: 20% -> 10% from 10 Nov 2025, all Chinese goods
MYANMAR_FEED = 1 - mean((0.10, 0.316))  # RM, WX: China's imports from MM -10% to -31.6%
CRMA_MAX_SHARE = 0.65  # MA, TLR, ETH: at most 65% from one third country, per stage
CRMA_RECYCLED = 0.25  # MA, TLR, ETH: 25% of consumption from recycling
CRMA_FROM = 2030  # the benchmarks' target year
# Penalties (Assumptions): per t of element beyond the cap / short of the floor.
CRMA_SHARE_PENALTY = 1_000_000.0
CRMA_RECYCLED_PENALTY = 100_000.0

# rule, kind, item, stage, country, group, supplier, value, from, to, penalty
RULES = (
    # China, MOFCOM/GAC Announcement No. 18 (4 Apr 2025): export licences for Dy, Tb and
    # Dy/Tb-bearing magnets; every Chinese stage of the chain (blank stage).
    ("CN-A18-Dy", "licence", DY_OX, None, "CN", None, None, LICENCE_FACTOR, None, None,
     None),  # HK, OSM; CS, UKR, LP, UD2
    ("CN-A18-Tb", "licence", TB_OX, None, "CN", None, None, LICENCE_FACTOR, None, None,
     None),  # HK, OSM
    ("CN-A18-magnet", "licence", MAGNET, None, "CN", None, None, LICENCE_FACTOR, None,
     None, None),  # HK, OSM; AW, BS (magnet exports -74% y/y in May 2025)
    # Myanmar: mines held by the KIA since late 2024; no lawful route to the consortium.
    ("MM-KIA-ban", "ban", CONC, "mining", None, "conflict", None, None, None, None,
     None),  # IRR, DVB, CTOL, REX-K, MIN
    ("MM-feed-cut", "licence", None, "mining", "MM", None, None, round(MYANMAR_FEED, 2),
     None, None, None),  # MIN, RM, WX, ARN
    # United States: tariffs on Chinese-origin goods, at the US members' share.
    ("US-301-magnet", "tariff", MAGNET, "magnet", "CN", None, None,
     US_MEMBERS * SECTION_301_MAGNETS, FIRST_YEAR, None, None),  # GTSL, PRR, FM-T
    *(
        (f"US-IEEPA-{tag}", "tariff", material, stage, "CN", None, None,
         US_MEMBERS * IEEPA_FENTANYL, None, None, None)  # LP, UD2, MDQ
        for tag, material, stage in (
            ("NdPr-oxide", NDPR_OX, "separation"), ("Dy-oxide", DY_OX, "separation"),
            ("Tb-oxide", TB_OX, "separation"), ("NdPr-metal", NDPR_MET, "metal"),
            ("magnet", MAGNET, "magnet"))
    ),
    # United States: no FEOC-owned supply for the US members (owner stage, every element).
    ("US-FEOC-owner", "max_group_share", None, "owner", None, "FEOC", None,
     1 - US_MEMBERS, None, None, None),  # MB, OC
    # European Union, Critical Raw Materials Act (Reg. 2024/1252): 2030 benchmarks.
    ("EU-CRMA-65", "max_share", None, None, None, None, None, CRMA_MAX_SHARE, CRMA_FROM,
     None, CRMA_SHARE_PENALTY),  # MA, TLR, ETH
    ("EU-CRMA-recycled", "min_recycled_share", None, None, None, None, None, CRMA_RECYCLED,
     CRMA_FROM, None, CRMA_RECYCLED_PENALTY),  # MA, TLR, ETH
    # United States, DFARS 225.7018: no NdFeB magnet for defence work whose mining,
    # separation, metal or magnet stage was done in a covered country (traced history).
    ("US-DFARS-magnet", "traced_ban", MAGNET, None, None, "covered", None, None,
     DEFENCE_FROM, None, None, None, DEFENCE),  # D7018
)
