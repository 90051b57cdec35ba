"""10. Long-term offtake contracts (integer decisions, part 1): take-or-pay volume
(min_take) and the cost of the ticket (contract_cost), on an offer's yearly row.

SOURCES.md: Offtake contracts (Offers); Settings for the discount rate.
"""

from __future__ import annotations

from .common import CALENDAR_YEARS, DY_OX, NDPR_OX, TB_OX
from .offers import OFFERS
from .prices import DY_OXIDE_EX_CHINA, NDPR_OXIDE_EX_CHINA, TB_OXIDE_EX_CHINA
from .supply import (
    CAREMAG_DY,
    CAREMAG_JAPAN,
    CAREMAG_TB,
    MY_SEGH_FEED,
    NEW_PLANT_SHARE,
    SEGH_DY,
    SEGH_TB,
)

# =====================================================================================
# 10. Long-term offtake contracts (integer decisions, part 1)
# =====================================================================================
# An offtake with a new or heavy-RE plant outside China is signed once (the same in every
# scenario) and starts in one period of its window; from then on the consortium pays
# for min_take t a period whether it takes them or not, to the end of the horizon (the
# reported offtakes run ten years or more: MP-DoD-a, JARE). The quarters of 2027-2028
# are bought on spot terms from the same plants (the ':q' rows carry no contract).
AUD_USD = 0.65  # Assumption: 2025 level of the Australian dollar
EUR_USD = 1.10  # Assumption: 2025 level of the euro
DISCOUNT_RATE = 0.05  # Assumption: real cost of capital of an industrial buyer (Settings)
# A prepayment or equity ticket is kept (repaid, or the stake held at face value) at the
# end of the horizon: what it costs is the return forgone over the ten years.
TICKET_COST = 1 - (1 + DISCOUNT_RATE) ** -len(CALENDAR_YEARS)  # ≈ 0.386 of the ticket
TAKE_OR_PAY = 0.5  # Assumption: take-or-pay share of the contracted yearly volume
BUYER_PLANT_SHARE = NEW_PLANT_SHARE  # the consortium's share of a new plant's output

# Tickets (USD) of the offtakes, from the capital raised privately for the plant (public
# loans and grants are not the offtaker's to pre-fund), at the consortium's share.
LYNAS_HEAVY_OUTPUT = MY_SEGH_FEED * (SEGH_DY + SEGH_TB)  # 90 t/yr Dy+Tb oxide (Assumptions)
JARE_PER_T = 200e6 * AUD_USD / (0.65 * LYNAS_HEAVY_OUTPUT)  # FP: A$200M for ≤65% of Dy/Tb
ENEABBA_EQUITY = 214e6 * AUD_USD  # MM-IL, AUM, NRI: Iluka equity A$214M (rest: loans)
WHITE_MESA_PH2 = 410e6  # EF-2: Phase 2 capex (bankable feasibility study)
SOLVAY_FULL_SCALE = 100e6 * EUR_USD  # SOL-c: >€100M for full scale
# Caremag: JOGMEC and Iwatani put up to €110M for half the heavy-RE oxide (CAR-J).
CAREMAG_PER_T = 110e6 * EUR_USD / (CAREMAG_JAPAN * (CAREMAG_DY + CAREMAG_TB))
VULCAN_PRIVATE = 550e6  # VE-a..c: private capital of the $1.4B package (10,000 t/yr)
VULCAN_PER_T = VULCAN_PRIVATE / 10_000  # $55,000 per t/yr of magnet capacity
APPLE_COMMITMENT = 500e6  # SAG: Apple's commitment to the Fort Worth magnet lines
NARVA_CAPEX = 75e6 * EUR_USD  # NEO-a: €75M, phase 1 (2,000 t/yr)
STILLWATER_CAPEX = 100e6  # USAR: >$100M

OFFER_CAPACITY = {offer[0]: offer[4] for offer in OFFERS}


def yearly_capacity(offer: str) -> float:
    capacity = OFFER_CAPACITY[offer]
    return capacity[1] if isinstance(capacity, tuple) else capacity


def by_value(ticket: float, offers: tuple[str, ...]) -> dict[str, float]:
    """A plant's ticket split between its oxide offers by the value of their volume."""
    prices = {NDPR_OX: NDPR_OXIDE_EX_CHINA, DY_OX: DY_OXIDE_EX_CHINA, TB_OX: TB_OXIDE_EX_CHINA}
    material = {offer[0]: offer[2] for offer in OFFERS}
    values = {o: yearly_capacity(o) * prices[material[o]] for o in offers}
    return {o: ticket * v / sum(values.values()) for o, v in values.items()}


# offer -> ticket, USD (0 = take-or-pay without a prepayment)
TICKETS: dict[str, float] = {
    "MY-SEP-1:Dy": JARE_PER_T * yearly_capacity("MY-SEP-1:Dy"),  # FP, JARE
    "MY-SEP-1:Tb": JARE_PER_T * yearly_capacity("MY-SEP-1:Tb"),  # FP, JARE
    "MY-SEP-1:Dy:hre": 0.0,  # LY-HRE: self-funded; offtakes sought "at fair prices"
    "MY-SEP-1:Tb:hre": 0.0,  # LY-HRE
    "US-SEP-3:Dy": JARE_PER_T * yearly_capacity("US-SEP-3:Dy"),  # FP (same seller), LY-TX
    "US-SEP-3:Tb": JARE_PER_T * yearly_capacity("US-SEP-3:Tb"),  # FP, LY-TX
    **by_value(BUYER_PLANT_SHARE * ENEABBA_EQUITY,
               ("AU-SEP-1:NdPr", "AU-SEP-1:Dy", "AU-SEP-1:Tb")),  # MM-IL, AUM, NRI
    **by_value(BUYER_PLANT_SHARE * WHITE_MESA_PH2,
               ("US-SEP-2:NdPr:ph2", "US-SEP-2:Dy", "US-SEP-2:Tb")),  # EF-2
    **by_value(CAREMAG_PER_T * (yearly_capacity("FR-REC-1:Dy")
                                + yearly_capacity("FR-REC-1:Tb")),
               ("FR-REC-1:NdPr", "FR-REC-1:Dy", "FR-REC-1:Tb")),  # CAR-J
    "FR-SEP-1:NdPr:2030": BUYER_PLANT_SHARE * SOLVAY_FULL_SCALE,  # SOL-c
    "US-MAG-1:mag": BUYER_PLANT_SHARE * APPLE_COMMITMENT,  # SAG
    "US-MAG-2:mag": VULCAN_PER_T * yearly_capacity("US-MAG-2:mag"),  # VE-a..c
    "US-MAG-3:mag": BUYER_PLANT_SHARE * STILLWATER_CAPEX,  # USAR
    "EE-MAG-1:mag": BUYER_PLANT_SHARE * NARVA_CAPEX,  # NEO-a
    "IN-MAG-1:mag": VULCAN_PER_T * yearly_capacity("IN-MAG-1:mag"),  # IN (no private figure)
}


def contract_cost(offer: str) -> float:
    """The cost of the ticket over the horizon, rounded to $10,000."""
    return float(round(TICKET_COST * TICKETS[offer], -4))


def min_take(offer: str) -> float:
    """Take-or-pay volume of a year, t."""
    return round(TAKE_OR_PAY * yearly_capacity(offer), 1)
