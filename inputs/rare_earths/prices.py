"""1. Prices (USD/t) at their early-2026 level: China benchmarks, ex-China quotes, feed
tiers, concentrate and scrap; the price indices offers follow.

Also the magnet composition and yields, the element per t of oxide and the shortfall
multiple, which the later sections build on. SOURCES.md: Offers › Prices, PriceIndex
(with Content for the element factors and Materials for the shortfall cost).
"""

from __future__ import annotations

from statistics import mean

# =====================================================================================
# 1. Prices (USD/t)
# =====================================================================================
# China NdPr oxide, Feb 2026: ¥850k/t, "about $123/kg" (OED), so ¥6.91 per USD.
NDPR_OXIDE_CN_CNY = 850_000.0  # OED: highest since Jul 2022
NDPR_OXIDE_CN = 123_000.0  # OED: ~$123/kg
CNY_PER_USD = NDPR_OXIDE_CN_CNY / NDPR_OXIDE_CN  # ≈ 6.91
# Latest China domestic quotes for Dy and Tb oxide before the plan (25 Dec 2025), ¥/t.
CN_DY_OXIDE_DEC_2025 = mean((1_330_000, 1_350_000))  # SMM-5
CN_TB_OXIDE_DEC_2025 = mean((6_020_000, 6_060_000))  # SMM-5
DY_OXIDE_FOB_CHINA = mean((271_000, 311_000))  # SMM-6: FOB China $271-311/kg (Jan 2026)
# Ex-China heavy rare earths: the last quotes of the sources are of 2025 (thin market).
DY_OXIDE_EX_CHINA = 800_000.0  # BMI: CIF Europe $800/kg (Jul 2025); ARG-P $700-1,000/kg
TB_OXIDE_EX_CHINA = 3_625_000.0  # BMI: CIF Europe $3,625/kg (Jul 2025); ARG-P $2,000-4,000
# The US DoD's floor paid to one producer (a top-up to market, not a price buyers pay);
# used only as the floor of new plants' NdPr offtakes (Assumption, see SOURCES.md).
NDPR_FLOOR = 110_000.0  # MP-DoD-a/b: $110/kg for 10 years

# 2025 quotes: the 2025 average a reversion scenario returns to.
CN_NDPR_OXIDE_2025 = (449_000, 435_000, 411_000, 443_000, 632_000, 593_500)  # SMM-1..5, REX-a
CNY_PER_USD_2025 = 7.2  # REX-a: ¥632k/t quoted as ~$88/kg (Aug 2025)
NDPR_OXIDE_CN_2025 = mean(CN_NDPR_OXIDE_2025) / CNY_PER_USD_2025  # ≈ $68,600/t
# Same-day NdPr (oxide, metal) pairs, ¥/t: the metal/oxide price ratio.
CN_NDPR_OXIDE_METAL_PAIRS = (
    (449_000, 551_000),  # SMM-1
    (435_000, 533_000),  # SMM-2
    (411_000, 506_000),  # SMM-3
)

# 2024 figures that calibrate the Chinese magnet-making margin.
NDPR_OXIDE_2024 = 51_000.0  # ARI-L: Q4 2024 average $51/kg; FM-P $50-52/kg (Jun 2024)
DY_OXIDE_2024 = 260_000.0  # U25: 2024e average $260/kg
TB_OXIDE_2024 = 810_000.0  # U25: 2024e average $810/kg
CN_MAGNET_EXPORT_2024 = 2.86e9 / 58_152  # AD-X: $2.86B / 58,152 t (≈ $49/kg)


def usd(yuan_per_t: float) -> float:
    """¥/t -> USD/t at the early-2026 rate."""
    return yuan_per_t / CNY_PER_USD


def price(value: float) -> float:
    """Prices are rounded to USD 100/t."""
    return float(round(value, -2))


DY_OXIDE_CN_DOMESTIC = usd(CN_DY_OXIDE_DEC_2025)  # ≈ $193,400/t
TB_OXIDE_CN_DOMESTIC = usd(CN_TB_OXIDE_DEC_2025)  # ≈ $874,100/t
METAL_OXIDE_RATIO = mean(m / o for o, m in CN_NDPR_OXIDE_METAL_PAIRS)  # ≈ 1.228; FM-P 1.23
# Licence-controlled Dy and Tb (HK: MOFCOM No. 18) sell abroad at an export premium,
# measured on Dy: FOB China ÷ China domestic ≈ 1.50.
EXPORT_PREMIUM_DY_TB = DY_OXIDE_FOB_CHINA / DY_OXIDE_CN_DOMESTIC
DY_OXIDE_CN_EXPORT = DY_OXIDE_FOB_CHINA  # SMM-6
TB_OXIDE_CN_EXPORT = TB_OXIDE_CN_DOMESTIC * EXPORT_PREMIUM_DY_TB  # derived
# NdPr is not licence-controlled; Europe ~5 % below China, North America China plus
# freight (BMI): ex-China NdPr oxide is priced at the China benchmark.
NDPR_OXIDE_EX_CHINA = NDPR_OXIDE_CN

# Cost of turning oxide into metal in China (the metal/oxide price spread), and the
# factor by which it is higher elsewhere (Assumption: 1.5 for established Japanese,
# Vietnamese and Chinese-fed plants abroad, 2.0 for new US, EU, Indian, Malaysian plants).
CONVERSION_ESTABLISHED = 1.5
CONVERSION_NEW = 2.0


def metal_spread(oxide_price: float = NDPR_OXIDE_CN) -> float:
    return (METAL_OXIDE_RATIO - 1) * oxide_price


METAL_SPREAD_CN = metal_spread()


def ndpr_metal_price(oxide_price: float, conversion: float = 1.0) -> float:
    """NdPr metal = oxide + the Chinese oxide-to-metal spread × a conversion factor."""
    return oxide_price + metal_spread(oxide_price) * conversion


NDPR_METAL_CN = ndpr_metal_price(NDPR_OXIDE_CN)

# Magnet composition and yields of the consortium's grades.
MAGNET_NDPR = 0.295  # Assumption within SPR (31-32% total RE) and CM-b (Nd 29-32.5%)
MAGNET_DY = 0.015  # Assumption: CM-b 0.6-1.2%, MDPI25 1.3-2.0%, HV23 ~4% in wind magnets
MAGNET_TB = 0.005  # Assumption: grain-boundary-diffused Tb in traction grades (MR, IEEE17)
MAGNET_YIELD = 0.75  # RSK: swarf is 20-30% of magnet feedstock
OXIDE_TO_METAL = 0.80  # HV23: ~20% loss from oxide to metal (stoichiometric 0.83-0.87)
OTHER_INPUTS = 1_000.0  # Assumption: Fe, B, Co, Cu etc., USD per t of magnet

# Element per t of oxide, by atomic weights (stoichiometric oxide-to-metal mass factors).
NDPR_OXIDE_ELEMENT = 0.850  # facts §4 [calc]: NdPr oxide 75:25 (Nd2O3 0.857, Pr6O11 0.828)
DY_OXIDE_ELEMENT = 0.871  # facts §4 [calc]: Dy2O3 -> Dy
TB_OXIDE_ELEMENT = 0.850  # facts §4 [calc]: Tb4O7 -> Tb

# t of input per t of finished magnet.
NDPR_METAL_PER_MAGNET = MAGNET_NDPR / MAGNET_YIELD  # ≈ 0.393
DY_OXIDE_PER_MAGNET = MAGNET_DY / MAGNET_YIELD / OXIDE_TO_METAL  # = 0.025
TB_OXIDE_PER_MAGNET = MAGNET_TB / MAGNET_YIELD / OXIDE_TO_METAL  # ≈ 0.0083


def magnet_inputs(ndpr_metal: float, dy_oxide: float, tb_oxide: float) -> float:
    """Material cost of one t of sintered magnet, USD."""
    return (NDPR_METAL_PER_MAGNET * ndpr_metal + DY_OXIDE_PER_MAGNET * dy_oxide
            + TB_OXIDE_PER_MAGNET * tb_oxide + OTHER_INPUTS)


# Chinese conversion margin per t of magnet, calibrated on the 2024 export unit value.
MAGNET_SPREAD_CN = CN_MAGNET_EXPORT_2024 - magnet_inputs(
    NDPR_OXIDE_2024 * METAL_OXIDE_RATIO, DY_OXIDE_2024, TB_OXIDE_2024)  # ≈ $10,300/t


def magnet_price(ndpr_metal: float, dy_oxide: float, tb_oxide: float,
                 conversion: float = 1.0) -> float:
    """Magnet = material cost + the Chinese conversion margin × a conversion factor."""
    return magnet_inputs(ndpr_metal, dy_oxide, tb_oxide) + MAGNET_SPREAD_CN * conversion


def magnet_tiers(ndpr_oxide: float, dy_ex: float, tb_ex: float) -> dict[str, float]:
    """Magnet prices of each feed tier at an NdPr oxide price and ex-China Dy, Tb prices
    (China's own Dy and Tb prices held)."""
    return {
        "CN": magnet_price(ndpr_metal_price(ndpr_oxide), DY_OXIDE_CN_DOMESTIC,
                           TB_OXIDE_CN_DOMESTIC),
        "CN_FED_ABROAD": magnet_price(ndpr_metal_price(ndpr_oxide), DY_OXIDE_CN_EXPORT,
                                      TB_OXIDE_CN_EXPORT, CONVERSION_ESTABLISHED),
        "JP": magnet_price(ndpr_metal_price(ndpr_oxide, CONVERSION_ESTABLISHED), dy_ex,
                           tb_ex, CONVERSION_ESTABLISHED),
        "NEW": magnet_price(ndpr_metal_price(ndpr_oxide, CONVERSION_NEW), dy_ex, tb_ex,
                            CONVERSION_NEW),
    }


# Feed tiers: where the oxides and metal inside a magnet or metal come from.
NDPR_METAL_JP = ndpr_metal_price(NDPR_OXIDE_EX_CHINA, CONVERSION_ESTABLISHED)
NDPR_METAL_NEW = ndpr_metal_price(NDPR_OXIDE_EX_CHINA, CONVERSION_NEW)  # US, EU, IN, MY
TIERS = magnet_tiers(NDPR_OXIDE_CN, DY_OXIDE_EX_CHINA, TB_OXIDE_EX_CHINA)
MAGNET_CN, MAGNET_CN_FED_ABROAD = TIERS["CN"], TIERS["CN_FED_ABROAD"]
MAGNET_JP, MAGNET_NEW = TIERS["JP"], TIERS["NEW"]
RECYCLED_DISCOUNT = 0.10  # Assumption: short-loop recycled magnets 10% below new magnets
MAGNET_RECYCLED = MAGNET_NEW * (1 - RECYCLED_DISCOUNT)

# Concentrate, USD per t REO: the NdPr it contains at the China price, times a payability.
CONC_NDPR_SHARE = 0.157  # MP-10K21: NdPr 15.7% of Mountain Pass TREO
CONC_PAYABILITY = 0.45  # Assumption: share of contained NdPr value paid for concentrate
HEAVY_CLAY_PREMIUM = 1.5  # Assumption: Myanmar clays are Dy/Tb-rich (MIN2: 57% of Dy+Tb)
CONCENTRATE = NDPR_OXIDE_CN * CONC_NDPR_SHARE * CONC_PAYABILITY
CONCENTRATE_HEAVY = CONCENTRATE * HEAVY_CLAY_PREMIUM

# Scrap: contained NdPr (as metal) and Dy, Tb (as oxide) at China prices, times a payability.
SCRAP_PAYABILITY = 0.5  # Assumption
SCRAP_PRICE = SCRAP_PAYABILITY * (
    MAGNET_NDPR * NDPR_METAL_CN
    + MAGNET_DY / OXIDE_TO_METAL * DY_OXIDE_CN_DOMESTIC
    + MAGNET_TB / OXIDE_TO_METAL * TB_OXIDE_CN_DOMESTIC
)

SHORTFALL_MULTIPLE = 3.0  # Assumption: value of lost load = 3 × the dearest offer
# Assumption: a tonne served late costs the dearest offer's price per year of delay
# (expediting, idle lines, penalties to the members' customers), so a quarter late costs
# a quarter of it; demand waits at most one period (a quarter, or a year from 2029).
BACKORDER_MULTIPLE = 1.0
BACKORDER_PERIODS = 1

# =====================================================================================
# Price indices (PriceIndex): every offer of these materials follows its index, so a
# scenario moves them together (a price event on the index). The base path is flat at
# the early-2026 level (Assumption: no forecast).
# =====================================================================================
IDX_NDPR = "NdPr_index"  # NdPr oxide and metal, every origin (BMI: one market)
IDX_DY = "Dy_exCN"  # Dy oxide outside China
IDX_TB = "Tb_exCN"  # Tb oxide outside China
IDX_MAG_CN = "magnet_CN"  # magnets of Chinese feed
IDX_MAG_EX = "magnet_exCN"  # magnets of ex-China feed (Japan, US, EU, India, recycled)
INDEX_BASE = 100.0
INDICES = (IDX_NDPR, IDX_DY, IDX_TB, IDX_MAG_CN, IDX_MAG_EX)


def magnet_factors(ndpr_oxide: float, dy_ex: float, tb_ex: float) -> tuple[float, float]:
    """(Chinese-feed, ex-China-feed) magnet price factors at these prices."""
    tiers = magnet_tiers(ndpr_oxide, dy_ex, tb_ex)
    return tiers["CN"] / MAGNET_CN, tiers["NEW"] / MAGNET_NEW
