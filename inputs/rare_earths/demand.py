"""2. Demand of the consortium (t/year): its magnet need and the materials it buys.

SOURCES.md: Demand.
"""

from __future__ import annotations

from .common import DY_OX, MAGNET, NDPR_MET, NDPR_OX, TB_OX
from .prices import DY_OXIDE_PER_MAGNET, NDPR_METAL_PER_MAGNET, OXIDE_TO_METAL, TB_OXIDE_PER_MAGNET

# =====================================================================================
# 2. Demand of the consortium (t/year)
# =====================================================================================
EU_MAGNET_USE_2024 = 20_000.0  # ECA: NdFeB magnets used by EU industry in 2024
BUYER_SHARE = 0.20  # Assumption: consortium = 20% of EU magnet use (EU + US members)
FINISHED_SHARE = 0.60  # Assumption: 60% bought as finished magnets, 40% made by tollers
NDPR_AS_METAL = 0.50  # Assumption: half the tollers' NdPr is supplied as metal, half as oxide
GROWTH_TO_2030 = (131 / 93) ** (1 / 7) - 1  # IEA24: magnet-REE demand 93 kt 2023 -> 131 kt 2030
GROWTH_AFTER_2030 = (181 / 131) ** (1 / 20) - 1  # IEA24: 131 kt 2030 -> 181 kt 2050

BUYER_MAGNETS_2024 = EU_MAGNET_USE_2024 * BUYER_SHARE  # 4,000 t


def magnet_need(year: int) -> float:
    """Total magnet requirement of the consortium in year (finished + tolled), t."""
    fast = min(year, 2030) - 2024
    slow = max(year - 2030, 0)
    return BUYER_MAGNETS_2024 * (1 + GROWTH_TO_2030) ** fast * (1 + GROWTH_AFTER_2030) ** slow


def material_need(material: str, year: int) -> float:
    """The consortium's demand for material in year, t."""
    total = magnet_need(year)
    tolled = total * (1 - FINISHED_SHARE)
    ndpr_metal = tolled * NDPR_METAL_PER_MAGNET
    return {
        MAGNET: total * FINISHED_SHARE,
        NDPR_MET: ndpr_metal * NDPR_AS_METAL,
        NDPR_OX: ndpr_metal * (1 - NDPR_AS_METAL) / OXIDE_TO_METAL,
        DY_OX: tolled * DY_OXIDE_PER_MAGNET,
        TB_OX: tolled * TB_OXIDE_PER_MAGNET,
    }[material]


DEMANDED = (MAGNET, NDPR_MET, NDPR_OX, DY_OX, TB_OX)
# Defence: the members' magnets for US defence work, kept apart from 2027, when DFARS
# 225.7018 bars magnets with a Chinese, Russian, North Korean or Iranian stage (D7018).
DEFENCE = "defence"
DEFENCE_SHARE = 0.05  # Assumption: 5 % of the consortium's magnets go into defence work
DEFENCE_FROM = 2027  # D7018: from 1 Jan 2027


def demand_rows(material: str, year: int) -> list[tuple[str, int, float, str | None]]:
    """(material, period, t, segment) rows of the consortium's demand in year."""
    need = material_need(material, year)
    if material != MAGNET or year < DEFENCE_FROM:
        return [(material, year, round(need, 1), None)]
    defence = round(DEFENCE_SHARE * need, 1)
    return [(material, year, round(need - defence, 1), None),
            (material, year, defence, DEFENCE)]
