"""2. Demand of the consortium: its magnet need and the materials it buys, by site.

SOURCES.md: Demand.
"""

from __future__ import annotations

from .common import DY_OX, EU_SITE, LENGTH, MAGNET, NDPR_MET, NDPR_OX, TB_OX, US_SITE, year_of
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
US_MEMBERS = 0.5  # Assumption: half of the consortium's volume is for US plants

BUYER_MAGNETS_2024 = EU_MAGNET_USE_2024 * BUYER_SHARE  # 4,000 t


def magnet_need(year: int) -> float:
    """Total magnet requirement of the consortium in year (finished + tolled), t/yr."""
    fast = min(year, 2030) - 2024
    slow = max(year - 2030, 0)
    return BUYER_MAGNETS_2024 * (1 + GROWTH_TO_2030) ** fast * (1 + GROWTH_AFTER_2030) ** slow


def material_need(material: str, year: int) -> float:
    """The consortium's demand for material in year, t/yr (both sites)."""
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


def period_need(material: str, period: str) -> float:
    """t of material needed in a period (both sites): the year's need × its length."""
    return material_need(material, year_of(period)) * LENGTH[period]


DEMANDED = (MAGNET, NDPR_MET, NDPR_OX, DY_OX, TB_OX)
SITE_SHARE = {EU_SITE: 1 - US_MEMBERS, US_SITE: US_MEMBERS}
# Defence: the US members' magnets for US defence work, kept apart from 1 Jan 2027, when
# DFARS 225.7018 reaches back to mining and separation (D7018, GCL).
DEFENCE = "defence"
DEFENCE_SHARE = 0.05  # Assumption: 5 % of the consortium's magnets go into defence work


def demand_rows(material: str, period: str, sites: bool,
                ) -> list[tuple[str, str, float, str | None, str | None]]:
    """(material, period, t, segment, site) rows of the consortium's demand in a period;
    without sites one row for both (the defence row apart)."""
    need = period_need(material, period)
    defence = round(DEFENCE_SHARE * need, 2) if material == MAGNET else 0.0
    if not sites:
        rows = [(material, period, round(need - defence, 2), None, None)]
        return rows + ([(material, period, defence, DEFENCE, None)] if defence else [])
    rows = []
    for site, share in SITE_SHARE.items():
        quantity = need * share - (defence if site == US_SITE else 0.0)
        rows.append((material, period, round(quantity, 2), None,
                     None if site == EU_SITE else site))
    if defence:
        rows.append((material, period, defence, DEFENCE, US_SITE))
    return rows
