"""8. Stockpile policy and 9. the rules in force for a plan made in December 2026.

SOURCES.md: Stockpile, Rules.
"""

from __future__ import annotations

from .common import (
    CONC,
    DY_OX,
    EU_SITE,
    FIRST,
    MAGNET,
    NDPR_MET,
    NDPR_OX,
    SCRAP,
    TB_OX,
    US_SITE,
)
from .demand import DEFENCE, US_MEMBERS
from .prices import (
    CONCENTRATE,
    DY_OXIDE_CN_EXPORT,
    MAGNET_CN,
    NDPR_METAL_CN,
    NDPR_OXIDE_CN,
    SCRAP_PRICE,
    TB_OXIDE_CN_EXPORT,
)
from .supply import MYANMAR_FEED

# =====================================================================================
# 8. Stockpile policy (one row per material and site)
# =====================================================================================
INITIAL_DAYS = 30  # Assumption: working inventory held at the end of 2026
MAX_DAYS = 180  # JF, IEA-J: JOGMEC may hold up to 180 days for high-risk metals
HOLDING_RATE = 0.07  # Assumption: 5% cost of capital + 2% storage, insurance, handling
TARGET_FROM = "2028Q1"  # Assumption: one year to build the stock (Project Vault, Feb 2026)
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
# 9. Rules in force in every scenario (sources and derivations in SOURCES.md, Rules)
# =====================================================================================
SECTION_301_MAGNETS = 0.25  # GTSL, PRR: Chinese permanent magnets, 1 Jan 2026
IEEPA_FENTANYL = 0.10  # LP, UD2, MDQ: 20% -> 10% from 10 Nov 2025, all Chinese goods
CRMA_MAX_SHARE = 0.65  # MA, TLR, ETH: the Union's 2030 benchmark, taken as company policy
CRMA_FROM = "2030"  # the benchmark's target year
CRMA_PENALTY = 1_000_000.0  # Assumption: the policy's internal charge per t of element over
FEOC_MAX_SHARE = 0.5  # Assumption: US members' policy on FEOC-owned supply (see SOURCES.md)


def rules(sites: bool) -> list[tuple]:
    """Rows of the rules in force: (rule, kind, item, stage, country, group, supplier,
    value, from, to, penalty, threshold, segment, site). Without sites a US measure
    binds the US half of one buyer (tariffs at US_MEMBERS × the rate, FEOC on the whole
    at the EU members' slack) and the EU policy the whole volume."""
    us = US_SITE if sites else None
    eu = EU_SITE if sites else None
    rate = 1.0 if sites else US_MEMBERS
    rows: list[tuple] = [
        # Myanmar: mines held by the KIA since late 2024; no lawful route to the buyer.
        ("MM-KIA-ban", "ban", CONC, "mining", None, "conflict", None, None, None, None,
         None, None, None, None),  # IRR, DVB, CTOL, REX-K, MIN
        ("MM-feed-cut", "licence", None, "mining", "MM", None, None, round(MYANMAR_FEED, 2),
         None, None, None, None, None, None),  # MIN, RM, WX, ARN
        # United States: tariffs on Chinese-origin goods delivered to the US site.
        ("US-301-magnet", "tariff", MAGNET, "magnet", "CN", None, None,
         rate * SECTION_301_MAGNETS, None, None, None, None, None, us),  # GTSL, PRR, FM-T
        *(
            (f"US-IEEPA-{tag}", "tariff", material, stage, "CN", None, None,
             rate * IEEPA_FENTANYL, None, None, None, None, None, us)  # LP, UD2, MDQ
            for tag, material, stage in (
                ("NdPr-oxide", NDPR_OX, "separation"), ("Dy-oxide", DY_OX, "separation"),
                ("Tb-oxide", TB_OX, "separation"), ("NdPr-metal", NDPR_MET, "metal"),
                ("magnet", MAGNET, "magnet"))
        ),
        # United States, foreign entity of concern: the US members' sourcing policy on
        # FEOC-owned supply (owner stage, every element) at the US site.
        ("US-FEOC-owner", "max_group_share", None, "owner", None, "FEOC", None,
         FEOC_MAX_SHARE if sites else 1 - US_MEMBERS * (1 - FEOC_MAX_SHARE), None, None,
         None, None, None, us),  # CSIS-OBBBA, MC-45X, MB
        # European Union, CRMA 65 % benchmark as the EU members' own policy, from 2030.
        *(
            (f"EU-CRMA-65-{element}", "max_share", element, None, None, None, None,
             CRMA_MAX_SHARE, CRMA_FROM, None, CRMA_PENALTY, None, None, eu)  # MA, TLR, ETH
            for element in ("NdPr", "Dy", "Tb")
        ),
        # United States, DFARS 225.7018 from 1 Jan 2027: no NdFeB magnet for defence work
        # whose mining, separation, metal or magnet stage was in a covered country.
        ("US-DFARS-magnet", "traced_ban", MAGNET, None, None, "covered", None, None, FIRST,
         None, None, None, DEFENCE, None),  # D7018, GCL, REX-D
    ]
    return rows
