"""1. Prices (USD/t): China benchmarks, ex-China quotes, feed tiers, concentrate and scrap.

Also the magnet composition and yields, the element per t of oxide and the shortfall
multiple, which the later sections build on. SOURCES.md: Offers › Prices (with Content for
the element factors and Materials for the shortfall cost).
"""

from __future__ import annotations

from statistics import mean

# =====================================================================================
# 1. Prices (USD/t)
# =====================================================================================
CNY_PER_USD = 7.2  # REX-a: ¥632k/t quoted as ~$88/kg (Aug 2025)

# China domestic spot quotes in 2025, midpoints of the reported ranges, ¥/t.
CN_NDPR_OXIDE_2025 = (
    449_000,  # SMM-1, 26 Feb 2025: ¥448-450k
    435_000,  # SMM-2, 10 Apr 2025: ¥433-437k
    411_000,  # SMM-3, 24 Apr 2025: ¥410-412k
    443_000,  # SMM-4, 16 Jun 2025: ¥442-444k
    632_000,  # REX-a, Aug 2025
    593_500,  # SMM-5, 25 Dec 2025: ¥592-595k
)
CN_DY_OXIDE_2025 = (1_730_000, 1_690_000, 1_615_000, 1_630_000, 1_340_000)  # SMM-1..5
CN_TB_OXIDE_2025 = (6_250_000, 7_075_000, 6_750_000, 7_125_000, 6_040_000)  # SMM-1..5
# Same-day NdPr (oxide, metal) pairs, ¥/t: the metal/oxide price ratio.
CN_NDPR_OXIDE_METAL_PAIRS = (
    (449_000, 551_000),  # SMM-1
    (435_000, 533_000),  # SMM-2
    (411_000, 506_000),  # SMM-3
)

DY_OXIDE_FOB_CHINA = 291_000.0  # SMM-6: FOB China Dy oxide $271-311/kg (Jan 2026)
DY_OXIDE_EX_CHINA = 800_000.0  # BMI: CIF Europe $800/kg (Jul 2025); ARG-P $700-1,000/kg
TB_OXIDE_EX_CHINA = 3_625_000.0  # BMI: CIF Europe $3,625/kg (Jul 2025); ARG-P $2,000-4,000
NDPR_OXIDE_US_FLOOR = 110_000.0  # MP-DoD-a/b: DoD price floor $110/kg for 10 years
EX_CHINA_PREMIUM = 0.05  # Assumption: offtake premium for established non-Chinese origin

# 2024 figures that calibrate the Chinese magnet-making margin.
NDPR_OXIDE_2024 = 51_000.0  # ARI-L: Q4 2024 average $51/kg; FM-P $50-52/kg (Jun 2024)
DY_OXIDE_2024 = 260_000.0  # U25: 2024e average $260/kg
TB_OXIDE_2024 = 810_000.0  # U25: 2024e average $810/kg
CN_MAGNET_EXPORT_2024 = 2.86e9 / 58_152  # AD-X: $2.86B / 58,152 t (≈ $49/kg)


def usd(yuan_per_t: float) -> float:
    """¥/t -> USD/t at the 2025 rate."""
    return yuan_per_t / CNY_PER_USD


def price(value: float) -> float:
    """Prices are rounded to USD 100/t."""
    return float(round(value, -2))


# China-origin benchmarks: 2025 average of the domestic quotes.
NDPR_OXIDE_CN = usd(mean(CN_NDPR_OXIDE_2025))  # ≈ $68,600/t
DY_OXIDE_CN_DOMESTIC = usd(mean(CN_DY_OXIDE_2025))  # ≈ $222,400/t (Adamas AD-P: $224/kg)
TB_OXIDE_CN_DOMESTIC = usd(mean(CN_TB_OXIDE_2025))  # ≈ $923,300/t
METAL_OXIDE_RATIO = mean(m / o for o, m in CN_NDPR_OXIDE_METAL_PAIRS)  # ≈ 1.228; FM-P 1.23
# Licence-controlled Dy and Tb (HK: MOFCOM No. 18) sell abroad at an export premium,
# measured on Dy: FOB China ÷ China domestic 2025 average ≈ 1.31.
EXPORT_PREMIUM_DY_TB = DY_OXIDE_FOB_CHINA / DY_OXIDE_CN_DOMESTIC
DY_OXIDE_CN_EXPORT = DY_OXIDE_FOB_CHINA  # SMM-6
TB_OXIDE_CN_EXPORT = TB_OXIDE_CN_DOMESTIC * EXPORT_PREMIUM_DY_TB  # derived, ≈ $1.21M/t
NDPR_OXIDE_EX_CHINA = NDPR_OXIDE_CN * (1 + EX_CHINA_PREMIUM)  # established ex-China origin

# Cost of turning oxide into metal in China (the metal/oxide price spread), and the
# factor by which it is higher elsewhere (Assumption: 1.5 for established Japanese,
# Vietnamese and Chinese-fed plants abroad, 2.0 for new US, EU, Indian, Malaysian plants).
METAL_SPREAD_CN = (METAL_OXIDE_RATIO - 1) * NDPR_OXIDE_CN
CONVERSION_ESTABLISHED = 1.5
CONVERSION_NEW = 2.0


def ndpr_metal_price(oxide_price: float, conversion: float = 1.0) -> float:
    """NdPr metal = oxide + the Chinese oxide-to-metal spread × a conversion factor."""
    return oxide_price + METAL_SPREAD_CN * conversion


NDPR_METAL_CN = ndpr_metal_price(NDPR_OXIDE_CN)  # ≈ $84,200/t

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


# Feed tiers: where the oxides and metal inside a magnet or metal come from.
NDPR_METAL_CN_FED_ABROAD = ndpr_metal_price(NDPR_OXIDE_EX_CHINA)  # MY oxide made metal in CN
NDPR_METAL_JP = ndpr_metal_price(NDPR_OXIDE_EX_CHINA, CONVERSION_ESTABLISHED)
NDPR_METAL_NEW = ndpr_metal_price(NDPR_OXIDE_EX_CHINA, CONVERSION_NEW)  # IN, MY
NDPR_METAL_US = ndpr_metal_price(NDPR_OXIDE_US_FLOOR, CONVERSION_NEW)  # US, EU

MAGNET_CN = magnet_price(NDPR_METAL_CN, DY_OXIDE_CN_DOMESTIC, TB_OXIDE_CN_DOMESTIC)
MAGNET_CN_FED_ABROAD = magnet_price(NDPR_METAL_CN, DY_OXIDE_CN_EXPORT, TB_OXIDE_CN_EXPORT,
                                    CONVERSION_ESTABLISHED)
MAGNET_JP = magnet_price(NDPR_METAL_JP, DY_OXIDE_EX_CHINA, TB_OXIDE_EX_CHINA,
                         CONVERSION_ESTABLISHED)
MAGNET_NEW = magnet_price(NDPR_METAL_NEW, DY_OXIDE_EX_CHINA, TB_OXIDE_EX_CHINA, CONVERSION_NEW)
MAGNET_US = magnet_price(NDPR_METAL_US, DY_OXIDE_EX_CHINA, TB_OXIDE_EX_CHINA, CONVERSION_NEW)
RECYCLED_DISCOUNT = 0.10  # Assumption: short-loop recycled magnets 10% below new US/EU magnets
MAGNET_RECYCLED = MAGNET_US * (1 - RECYCLED_DISCOUNT)

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
