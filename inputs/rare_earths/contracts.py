"""10. Long-term offtake contracts (integer decisions, part 1): contract_cost, min_order.

SOURCES.md: Offtake contracts: `contract_cost` and `min_order` (Offers); Settings for the
discount rate.
"""

from __future__ import annotations

from .common import DY_OX, MAGNET, NDPR_OX, TB_OX, YEARS
from .offers import OFFERS
from .prices import DY_OXIDE_EX_CHINA, NDPR_OXIDE_US_FLOOR, TB_OXIDE_EX_CHINA
from .supply import MY_SEGH_FEED, NEW_PLANT_SHARE, SEGH_DY, SEGH_TB

# =====================================================================================
# 10. Long-term offtake contracts (integer decisions, part 1)
# =====================================================================================
# An offtake agreement with a new or heavy-RE plant outside China is signed once, before
# the first delivery, and is a binary decision for the whole horizon (contract_cost); once
# signed, a year's call-off is either nothing or at least the take-or-pay quantity
# (min_order). Spot-like offers (Chinese allocations, small or established plants sold at
# benchmark prices, scrap, recycled products) have neither.
AUD_USD = 0.65  # Assumption: 2025 level of the Australian dollar
EUR_USD = 1.10  # Assumption: 2025 level of the euro
DISCOUNT_RATE = 0.05  # Assumption: real cost of capital of an industrial buyer (Settings)
# A prepayment or equity ticket is kept (repaid, or the stake held at face value) at the
# end of the horizon: what it costs is the return forgone over the ten years.
TICKET_COST = 1 - (1 + DISCOUNT_RATE) ** -len(YEARS)  # ≈ 0.386 of the ticket
QUALIFICATION = {NDPR_OX: 500_000.0, DY_OX: 500_000.0, TB_OX: 500_000.0,
                 MAGNET: 2_000_000.0}  # Assumption: audits, samples, legal; magnet grades
TAKE_OR_PAY = 0.5  # Assumption: least call-off in a year of delivery, share of the volume
BUYER_PLANT_SHARE = NEW_PLANT_SHARE  # the consortium's share of a new plant's output

# Tickets (USD) of the offtakes, from the capital raised privately for the plant (public
# loans and grants are not the offtaker's to pre-fund), at the consortium's share.
LYNAS_HEAVY_OUTPUT = MY_SEGH_FEED * (SEGH_DY + SEGH_TB)  # 90 t/yr Dy+Tb oxide (Assumptions)
JARE_PER_T = 200e6 * AUD_USD / (0.65 * LYNAS_HEAVY_OUTPUT)  # FP: A$200M for ≤65% of Dy/Tb
ENEABBA_EQUITY = 214e6 * AUD_USD  # MM-IL, AUM, NRI: Iluka equity A$214M (rest: loans)
WHITE_MESA_PH2 = 410e6  # EF-2: Phase 2 capex (bankable feasibility study)
SOLVAY_FULL_SCALE = 100e6 * EUR_USD  # SOL-c: >€100M for full scale
VULCAN_PRIVATE = 550e6  # VE-a..c: private capital of the $1.4B package (10,000 t/yr)
VULCAN_PER_T = VULCAN_PRIVATE / 10_000  # $55,000 per t/yr of magnet capacity
APPLE_COMMITMENT = 500e6  # SAG: Apple's commitment to the Fort Worth magnet lines
NARVA_CAPEX = 75e6 * EUR_USD  # NEO-a: €75M, phase 1 (2,000 t/yr)
STILLWATER_CAPEX = 100e6  # USAR: >$100M


def by_value(ticket: float, volumes: dict[str, float], prices: dict[str, float]) -> dict:
    """A plant's ticket split between its oxide offers by the value of their volume."""
    values = {offer: volumes[offer] * prices[offer] for offer in volumes}
    return {offer: ticket * v / sum(values.values()) for offer, v in values.items()}


def _joint(plant: str, ticket: float, volumes: dict[str, float]) -> dict[str, float]:
    prices = {f"{plant}:NdPr": NDPR_OXIDE_US_FLOOR, f"{plant}:NdPr:ph2": NDPR_OXIDE_US_FLOOR,
              f"{plant}:Dy": DY_OXIDE_EX_CHINA, f"{plant}:Tb": TB_OXIDE_EX_CHINA}
    return by_value(ticket, volumes, prices)


OFFER_CAPACITY = {offer[0]: offer[4] for offer in OFFERS}
# offer -> ticket, USD (0 = qualification only)
TICKETS: dict[str, float] = {
    "MY-SEP-1:NdPr": 0.0,  # established producer: qualification only
    "MY-SEP-1:Dy": JARE_PER_T * OFFER_CAPACITY["MY-SEP-1:Dy"],  # FP
    "MY-SEP-1:Tb": JARE_PER_T * OFFER_CAPACITY["MY-SEP-1:Tb"],  # FP
    "US-SEP-3:Dy": JARE_PER_T * OFFER_CAPACITY["US-SEP-3:Dy"],  # FP (same seller), LY-TX
    "US-SEP-3:Tb": JARE_PER_T * OFFER_CAPACITY["US-SEP-3:Tb"],  # FP, LY-TX
    **_joint("AU-SEP-1", BUYER_PLANT_SHARE * ENEABBA_EQUITY,
             {o: OFFER_CAPACITY[o] for o in ("AU-SEP-1:NdPr", "AU-SEP-1:Dy", "AU-SEP-1:Tb")}),
    **_joint("US-SEP-2", BUYER_PLANT_SHARE * WHITE_MESA_PH2,
             {o: OFFER_CAPACITY[o] for o in ("US-SEP-2:NdPr:ph2", "US-SEP-2:Dy",
                                             "US-SEP-2:Tb")}),
    "FR-SEP-1:NdPr:2030": BUYER_PLANT_SHARE * SOLVAY_FULL_SCALE,  # SOL-c
    "US-MAG-1:mag": BUYER_PLANT_SHARE * APPLE_COMMITMENT,  # SAG
    "US-MAG-2:mag": VULCAN_PER_T * OFFER_CAPACITY["US-MAG-2:mag"],  # VE-a..c
    "US-MAG-3:mag:2030": BUYER_PLANT_SHARE * STILLWATER_CAPEX,  # USAR
    "EE-MAG-1:mag": BUYER_PLANT_SHARE * NARVA_CAPEX,  # NEO-a
    "IN-MAG-1:mag": VULCAN_PER_T * OFFER_CAPACITY["IN-MAG-1:mag"],  # IN (no private figure)
    "JP-MAG-1:mag": 0.0,  # established maker: qualification only
}
OFFER_MATERIAL = {offer[0]: offer[2] for offer in OFFERS}


def contract_cost(offer: str) -> float:
    """Qualification plus the cost of the ticket over the horizon, rounded to $10,000."""
    cost = QUALIFICATION[OFFER_MATERIAL[offer]] + TICKET_COST * TICKETS[offer]
    return float(round(cost, -4))


def min_order(offer: str) -> float:
    """Take-or-pay quantity of a year with deliveries, t."""
    return round(TAKE_OR_PAY * OFFER_CAPACITY[offer], 1)
