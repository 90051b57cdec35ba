"""Build the shipped dataset inputs/rare_earths.xlsx (rare-earth procurement, 2026-2035).

The buyer is an illustrative consortium of EU and US magnet users (automotive and
wind). Every figure below carries the code of its source (e.g. ``# U25``); the codes,
the publications behind them and every assumption are listed in inputs/SOURCES.md.
Supplier ids are illustrative (country, stage, number); no supplier is a real company.

All money is USD at the 2025 price level, constant in real terms; all quantities are
metric tonnes (concentrate in t of rare-earth oxide, REO). The script is deterministic.

The dataset is a two-stage stochastic MILP: offtake contracts and capacity investments
(integer decisions), and five scenarios from 2028 with the decisions of 2026-2027 common
to all. --base-case writes the deterministic LP of the rules in force instead.

Usage: python inputs/build_rare_earths.py [--base-case] [OUTPUT.xlsx]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from statistics import mean

import pandas as pd

from planner.writer import write_tables

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "rare_earths.xlsx"

FIRST_YEAR, LAST_YEAR = 2026, 2035
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))

# Material ids.
CONC = "RE_concentrate"
NDPR_OX = "NdPr_oxide"
DY_OX = "Dy_oxide"
TB_OX = "Tb_oxide"
NDPR_MET = "NdPr_metal"
MAGNET = "NdFeB_magnet"
SCRAP = "magnet_scrap"

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

# =====================================================================================
# 3. Capacity available to ONE buyer (t/year)
# =====================================================================================
ESTABLISHED_SHARE = 0.05  # Assumption: share of an operating ex-China plant's output
NEW_PLANT_SHARE = 0.10  # Assumption: share of a new ex-China plant's nameplate (anchor buyer)
# China-origin volumes: the consortium keeps China's 2024 share of its need, held flat.
CN_SHARE_MAGNETS = 17_000 / 20_000  # ECA: 17,000 of 20,000 t of EU magnets from China
CN_SHARE_NDPR = mean((0.69, 0.74))  # ECA: China supplies 69-74% of Nd/Pr
LICENCE_APPROVAL_EU = 0.5  # CS, UKR: about half of EU licence applications unapproved
US_MEMBERS = 0.5  # Assumption: half of the consortium's volume is for US plants
# US end users: general licences since Nov 2025 (LP, UD2) -> approval 1.0 for that half.
LICENCE_FACTOR = US_MEMBERS * 1.0 + (1 - US_MEMBERS) * LICENCE_APPROVAL_EU  # 0.75
MYANMAR_DY_TB_SHARE = 0.57  # MIN2: Myanmar 57% of global Dy+Tb mine supply (2023)

WORLD_MAGNETS = mean((320_000, 333_000))  # ARG-M 300 kt ÷ China share 0.90-0.94 (IEAc25)
JAPAN_CONVERSION_SHARE = 0.06  # EXB: Japan 6% of metal/alloy/magnet conversion
JAPAN_CHINA_DEPENDENCE = mean((0.60, 0.70))  # NYT-J: 60-70% in 2025
JAPAN_MAGNETS = WORLD_MAGNETS * JAPAN_CONVERSION_SHARE  # ≈ 19,600 t

# Heavy-RE content of ex-China feeds (Assumptions; no published split, see SOURCES.md).
SEGH_DY, SEGH_TB = 0.05, 0.01  # share of Dy, Tb in a SEG+heavy concentrate
MONAZITE_NDPR, MONAZITE_DY, MONAZITE_TB = 0.20, 0.01, 0.002  # share of REO in monazite
MY_SEGH_FEED = 1_500  # FM-L: Malaysian heavy-RE circuit, t/yr SEGH feed
US_MINE_SEG_PLUS = 50_692 * 0.018  # MP-25, MP-10K21: 2025 concentrate × 1.8% SEG+ ≈ 912 t
AU_REFINERY_REO = 17_500  # MM-IL, AUM: 17,500 t/yr REO incl. Dy/Tb, commissioning 2027


def established(output: float) -> float:
    """Volume one buyer can contract from an operating ex-China plant."""
    return round(output * ESTABLISHED_SHARE, 1)


def new_plant(nameplate: float) -> float:
    """Volume one buyer can contract from a new ex-China plant."""
    return round(nameplate * NEW_PLANT_SHARE, 1)


def china_allocation(material: str, share: float) -> float:
    """China-origin volume: China's share of the buyer's 2024 need, held flat."""
    return material_need(material, 2024) * share


CN_MAGNETS = china_allocation(MAGNET, CN_SHARE_MAGNETS)  # ≈ 2,040 t
CN_MAGNETS_JP_OWNED = established(3_000)  # CM: Japanese-owned plant in China, 3,000 t/yr
CN_MAGNETS_CHINESE = CN_MAGNETS - CN_MAGNETS_JP_OWNED
CN_NDPR_OXIDE = round(china_allocation(NDPR_OX, CN_SHARE_NDPR), 1)  # ≈ 281 t
CN_NDPR_METAL = china_allocation(NDPR_MET, CN_SHARE_NDPR)  # ≈ 225 t
# Dy and Tb at their unlicensed volume: the licence is a rule (CN-A18-*), not a cut here.
CN_DY = china_allocation(DY_OX, 1.0)  # 40 t before licensing
CN_TB = china_allocation(TB_OX, 1.0)  # 13.3 t before licensing

# =====================================================================================
# 4. Countries, materials, suppliers
# =====================================================================================
# (country, name, groups). Tagging assumptions are in SOURCES.md.
COUNTRIES = (
    ("CN", "China", "FEOC"),
    ("MM", "Myanmar", "conflict"),
    ("AU", "Australia", "allied, FTA"),
    ("MY", "Malaysia", ""),
    ("US", "United States", "allied, FTA"),
    ("CA", "Canada", "allied, FTA"),
    ("JP", "Japan", "allied, FTA"),
    ("KR", "South Korea", "allied, FTA"),
    ("GB", "United Kingdom", "allied"),
    ("EE", "Estonia", "allied, EU"),
    ("FR", "France", "allied, EU"),
    ("DE", "Germany", "allied, EU"),
    ("BE", "Belgium", "allied, EU"),
    ("VN", "Vietnam", ""),
    ("TH", "Thailand", ""),
    ("IN", "India", ""),
    ("BR", "Brazil", ""),
    ("NG", "Nigeria", ""),
)

# (material, stage, name)
MATERIALS = (
    (CONC, "mining", "Mixed rare-earth concentrate (t REO contained)"),
    (NDPR_OX, "separation", "NdPr oxide (Nd2O3/Pr6O11, ~75:25)"),
    (DY_OX, "separation", "Dysprosium oxide Dy2O3, 99.5%"),
    (TB_OX, "separation", "Terbium oxide Tb4O7, 99.99%"),
    (NDPR_MET, "metal", "NdPr metal"),
    (MAGNET, "magnet", "Sintered NdFeB magnet (automotive/wind grades)"),
    (SCRAP, "scrap", "NdFeB magnet scrap and swarf"),
)

# (supplier, country, owner_country or None, name). Ids: country-stage-number.
SUPPLIERS = (
    ("CN-SEP-1", "CN", None, "Chinese separator, domestic feed"),
    ("CN-SEP-2", "CN", None, "Chinese separator, Myanmar ion-adsorption clay feed"),
    ("CN-MET-1", "CN", None, "Chinese NdPr metal maker"),
    ("CN-MET-2", "CN", None, "Chinese metal maker tolling Malaysian oxide"),
    ("CN-MAG-1", "CN", None, "Chinese magnet maker A"),
    ("CN-MAG-2", "CN", None, "Chinese magnet maker B"),
    ("CN-MAG-3", "CN", "JP", "Japanese-owned magnet plant in China"),
    ("MM-MIN-1", "MM", None, "Kachin ion-adsorption clay mines"),
    ("NG-MIN-1", "NG", "CN", "Chinese-operated Nigerian mines"),
    ("TH-MIN-1", "TH", None, "Thai rare-earth mines"),
    ("IN-MIN-1", "IN", None, "Indian state mineral-sands miner"),
    ("VN-MIN-1", "VN", None, "Vietnamese new mines"),
    ("AU-MIN-1", "AU", None, "Australian concentrate producers"),
    ("AU-SEP-1", "AU", None, "Australian integrated refinery (new)"),
    ("MY-SEP-1", "MY", "AU", "Australian-owned separation plant in Malaysia"),
    ("MY-MAG-1", "MY", "KR", "Korean-led magnet plant in Malaysia (planned)"),
    ("US-MIN-1", "US", None, "US bastnaesite mine"),
    ("US-SEP-1", "US", None, "US integrated separation plant"),
    ("US-SEP-2", "US", None, "US monazite processor"),
    ("US-SEP-3", "US", "AU", "Australian-owned heavy-RE plant in the US"),
    ("US-MET-1", "US", None, "US NdPr metal plant"),
    ("US-MAG-1", "US", None, "US magnet plant (operating)"),
    ("US-MAG-2", "US", None, "US magnet plant (new, large)"),
    ("US-MAG-3", "US", None, "US magnet plant (new, mid-size)"),
    ("US-REC-1", "US", "CA", "Canadian-owned magnet recycler in the US (oxide)"),
    ("US-REC-2", "US", "GB", "British-owned short-loop magnet recycler in the US"),
    ("US-SCR-1", "US", None, "US scrap collectors"),
    ("EE-SEP-1", "EE", "CA", "Canadian-owned separation plant in Estonia"),
    ("EE-MAG-1", "EE", "CA", "Canadian-owned magnet plant in Estonia"),
    ("FR-SEP-1", "FR", "BE", "Belgian-owned separation plant in France"),
    ("JP-MET-1", "JP", None, "Japanese NdPr metal maker"),
    ("JP-MAG-1", "JP", None, "Japanese magnet maker, non-Chinese feed"),
    ("JP-MAG-2", "JP", None, "Japanese magnet maker, Chinese feed"),
    ("JP-SCR-1", "JP", None, "Japanese swarf pool"),
    ("VN-MAG-1", "VN", "JP", "Japanese-owned magnet plant in Vietnam"),
    ("IN-MET-1", "IN", None, "Indian integrated magnet complex, metal line (new)"),
    ("IN-MAG-1", "IN", None, "Indian integrated magnet complex, magnet line (new)"),
    ("GB-REC-1", "GB", None, "British short-loop magnet recycler"),
    ("DE-SCR-1", "DE", None, "EU end-of-life magnet collectors"),
    ("FR-REC-1", "FR", None, "French magnet recycler and heavy-RE refinery (new)"),
)

# =====================================================================================
# 5. Offers
# =====================================================================================
# offer, supplier, material, price USD/t, capacity t/yr, from, to,
# mined_in, separated_in, metal_in, recycled.  None = blank (whole horizon / unknown).
# The offer's own stage is in its supplier's country; chain columns after the
# material's own stage are left blank (not applicable).
OFFERS = (
    # --- Mixed concentrate (t REO): for later tolling; no demand of its own ---------
    # Operating mines: 5% of national (US: mine) output. US: surplus concentrate while
    # in-house separation ramps up, exports to China halted (assumed to end after 2028).
    ("US-MIN-1:conc", "US-MIN-1", CONC, CONCENTRATE, established(50_692), None, 2028,
     "US", None, None, False),  # MP-25, SMM-M2
    ("AU-MIN-1:conc", "AU-MIN-1", CONC, CONCENTRATE, established(13_000), None, None,
     "AU", None, None, False),  # U25: AU 2024e
    ("MM-MIN-1:conc", "MM-MIN-1", CONC, CONCENTRATE_HEAVY, established(31_000), None, None,
     "MM", None, None, False),  # U25: MM 2024e; MIN2
    ("NG-MIN-1:conc", "NG-MIN-1", CONC, CONCENTRATE, established(13_000), None, None,
     "NG", None, None, False),  # U25: NG 2024e
    ("TH-MIN-1:conc", "TH-MIN-1", CONC, CONCENTRATE, established(13_000), None, None,
     "TH", None, None, False),  # U25: TH 2024e
    ("IN-MIN-1:conc", "IN-MIN-1", CONC, CONCENTRATE, established(2_900), None, None,
     "IN", None, None, False),  # U25: IN 2024e
    ("VN-MIN-1:conc", "VN-MIN-1", CONC, CONCENTRATE, new_plant(20_000), 2030, None,
     "VN", None, None, False),  # VN-R: low end of the 20-60 kt/yr plan for 2030

    # --- NdPr oxide -----------------------------------------------------------------
    ("CN-SEP-1:NdPr", "CN-SEP-1", NDPR_OX, NDPR_OXIDE_CN, CN_NDPR_OXIDE, None, None,
     "CN", "CN", None, False),  # SMM-1..5, REX-a; ECA
    ("MY-SEP-1:NdPr", "MY-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, established(10_500), None,
     None, "AU", "MY", None, False),  # FM-L, L-FY25: 10,500 t/yr NdPr
    ("US-SEP-1:NdPr", "US-SEP-1", NDPR_OX, NDPR_OXIDE_US_FLOOR, established(4_000), None,
     None, "US", "US", None, False),  # MP-25: ~4,000 t/yr run-rate end-2025
    ("US-SEP-2:NdPr", "US-SEP-2", NDPR_OX, NDPR_OXIDE_US_FLOOR, established(925), None,
     2028, "US", "US", None, False),  # EF-1: Phase 1 850-1,000 t/yr
    ("US-SEP-2:NdPr:ph2", "US-SEP-2", NDPR_OX, NDPR_OXIDE_US_FLOOR, new_plant(6_000), 2029,
     None, "BR", "US", None, False),  # EF-2: Phase 2 >6,000 t NdPr, Q1 2029
    ("AU-SEP-1:NdPr", "AU-SEP-1", NDPR_OX, NDPR_OXIDE_US_FLOOR,
     new_plant(AU_REFINERY_REO * MONAZITE_NDPR), 2028, None, "AU", "AU", None, False),  # MM-IL
    ("EE-SEP-1:NdPr", "EE-SEP-1", NDPR_OX, NDPR_OXIDE_US_FLOOR, established(3_000 * 0.25),
     None, None, None, "EE", None, False),  # ARG-N: 3,000 t/yr light RE; 25% NdPr assumed
    ("FR-SEP-1:NdPr", "FR-SEP-1", NDPR_OX, NDPR_OXIDE_US_FLOOR, new_plant(300), None, 2029,
     None, "FR", None, False),  # SOL-a..c: "several hundred t" (2025)
    ("FR-SEP-1:NdPr:2030", "FR-SEP-1", NDPR_OX, NDPR_OXIDE_US_FLOOR, new_plant(4_500 * 0.8),
     2030, None, None, "FR", None, False),  # SOL-a: ~4,500 t/yr magnet RE by 2030
    # Recycled oxide: 25,000 t/yr end-of-life feed × 2% magnets × 29.5% NdPr × 90% / 0.850
    ("US-REC-1:NdPr", "US-REC-1", NDPR_OX, NDPR_OXIDE_US_FLOOR,
     new_plant(25_000 * 0.02 * MAGNET_NDPR * 0.9 / NDPR_OXIDE_ELEMENT), None, None,
     None, "US", None, True),  # CY-a, CY-b

    # --- Dy oxide -------------------------------------------------------------------
    ("CN-SEP-1:Dy", "CN-SEP-1", DY_OX, DY_OXIDE_CN_EXPORT,
     round(CN_DY * (1 - MYANMAR_DY_TB_SHARE), 1), None, None,
     "CN", "CN", None, False),  # SMM-6; ECA; MIN2 (licence: rule CN-A18-Dy)
    ("CN-SEP-2:Dy", "CN-SEP-2", DY_OX, DY_OXIDE_CN_EXPORT,
     round(CN_DY * MYANMAR_DY_TB_SHARE, 1), None, None,
     "MM", "CN", None, False),  # SMM-6; HK; MIN, MIN2
    ("MY-SEP-1:Dy", "MY-SEP-1", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_DY), None, None,
     "AU", "MY", None, False),  # FM-L, AM-L: first Dy May 2025
    ("US-SEP-1:Dy", "US-SEP-1", DY_OX, DY_OXIDE_EX_CHINA, new_plant(US_MINE_SEG_PLUS * SEGH_DY),
     2027, None, "US", "US", None, False),  # MP-Q3: heavy-RE separation mid-2026
    ("AU-SEP-1:Dy", "AU-SEP-1", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(AU_REFINERY_REO * MONAZITE_DY), 2028, None,
     "AU", "AU", None, False),  # MM-IL, AUM: commissioning 2027
    ("US-SEP-2:Dy", "US-SEP-2", DY_OX, DY_OXIDE_EX_CHINA, new_plant(240), 2029, None,
     "BR", "US", None, False),  # EF-2: 240 t Dy, Q1 2029
    ("US-SEP-3:Dy", "US-SEP-3", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_DY), 2029, None,
     "AU", "US", None, False),  # LY-TX: status unconfirmed; start 2029 assumed

    # --- Tb oxide -------------------------------------------------------------------
    ("CN-SEP-1:Tb", "CN-SEP-1", TB_OX, TB_OXIDE_CN_EXPORT,
     round(CN_TB * (1 - MYANMAR_DY_TB_SHARE), 1), None, None,
     "CN", "CN", None, False),  # SMM-1..5 × export premium; MIN2 (licence: CN-A18-Tb)
    ("CN-SEP-2:Tb", "CN-SEP-2", TB_OX, TB_OXIDE_CN_EXPORT,
     round(CN_TB * MYANMAR_DY_TB_SHARE, 1), None, None,
     "MM", "CN", None, False),  # as above
    ("MY-SEP-1:Tb", "MY-SEP-1", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_TB), None, None,
     "AU", "MY", None, False),  # FM-L, AM-L: first Tb Jun 2025
    ("US-SEP-1:Tb", "US-SEP-1", TB_OX, TB_OXIDE_EX_CHINA, new_plant(US_MINE_SEG_PLUS * SEGH_TB),
     2027, None, "US", "US", None, False),  # MP-Q3
    ("AU-SEP-1:Tb", "AU-SEP-1", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(AU_REFINERY_REO * MONAZITE_TB), 2028, None,
     "AU", "AU", None, False),  # MM-IL, AUM
    ("US-SEP-2:Tb", "US-SEP-2", TB_OX, TB_OXIDE_EX_CHINA, new_plant(66), 2029, None,
     "BR", "US", None, False),  # EF-2: 66 t Tb, Q1 2029
    ("US-SEP-3:Tb", "US-SEP-3", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_TB), 2029, None,
     "AU", "US", None, False),  # LY-TX

    # --- NdPr metal -----------------------------------------------------------------
    ("CN-MET-1:NdPr", "CN-MET-1", NDPR_MET, NDPR_METAL_CN, round(CN_NDPR_METAL * 2 / 3, 1),
     None, None, "CN", "CN", "CN", False),  # SMM-1..3; ECA
    ("CN-MET-2:NdPr", "CN-MET-2", NDPR_MET, NDPR_METAL_CN_FED_ABROAD,
     round(CN_NDPR_METAL / 3, 1), None, None, "AU", "MY", "CN", False),  # ECA
    ("JP-MET-1:NdPr", "JP-MET-1", NDPR_MET, NDPR_METAL_JP,
     established(JAPAN_MAGNETS * NDPR_METAL_PER_MAGNET * (1 - JAPAN_CHINA_DEPENDENCE)),
     None, None, "AU", "MY", "JP", False),  # EXB, NYT-J
    ("US-MET-1:NdPr", "US-MET-1", NDPR_MET, NDPR_METAL_US,
     new_plant(2_000 * NDPR_METAL_PER_MAGNET), None, None,
     "US", "US", "US", False),  # MP-I, SAG: metal for ~2,000 t/yr of magnets
    ("IN-MET-1:NdPr", "IN-MET-1", NDPR_MET, NDPR_METAL_NEW,
     new_plant(6_000 * NDPR_METAL_PER_MAGNET), 2028, None,
     "IN", "IN", "IN", False),  # IN: integrated REPM scheme, 6,000 t/yr

    # --- NdFeB magnets --------------------------------------------------------------
    # China-origin magnets: ECA share of the 2024 need, less the Japanese-owned plant,
    # split 60:40 between two Chinese makers (Assumption).
    ("CN-MAG-1:mag", "CN-MAG-1", MAGNET, MAGNET_CN, round(CN_MAGNETS_CHINESE * 0.6, 1), None,
     None, "CN", "CN", "CN", False),  # AD-X, ECA
    ("CN-MAG-2:mag", "CN-MAG-2", MAGNET, MAGNET_CN, round(CN_MAGNETS_CHINESE * 0.4, 1), None,
     None, "CN", "CN", "CN", False),  # AD-X, ECA
    ("CN-MAG-3:mag", "CN-MAG-3", MAGNET, MAGNET_CN, CN_MAGNETS_JP_OWNED, None, None,
     "CN", "CN", "CN", False),  # CM: Japanese-owned China plant 3,000 t/yr
    ("VN-MAG-1:mag", "VN-MAG-1", MAGNET, MAGNET_CN_FED_ABROAD, established(2_200), None,
     None, "CN", "CN", "CN", False),  # CM: Japanese-owned Vietnam plant 2,200 t/yr
    ("JP-MAG-1:mag", "JP-MAG-1", MAGNET, MAGNET_JP,
     established(JAPAN_MAGNETS * (1 - JAPAN_CHINA_DEPENDENCE)), None, None,
     "AU", "MY", "JP", False),  # EXB, NYT-J, FP
    ("JP-MAG-2:mag", "JP-MAG-2", MAGNET, MAGNET_CN_FED_ABROAD,
     established(JAPAN_MAGNETS * JAPAN_CHINA_DEPENDENCE), None, None,
     "CN", "CN", "CN", False),  # EXB, NYT-J
    ("EE-MAG-1:mag", "EE-MAG-1", MAGNET, MAGNET_US, new_plant(2_000), None, None,
     None, "EE", None, False),  # NEO-a: phase 1 2,000 t/yr, ramp 2026
    ("EE-MAG-1:mag:ph2", "EE-MAG-1", MAGNET, MAGNET_US, new_plant(5_000 - 2_000), 2029,
     None, None, "EE", None, False),  # NEO-a, NEO-b: phase 2 5,000 t/yr
    ("US-MAG-1:mag", "US-MAG-1", MAGNET, MAGNET_US, new_plant(2_000), None, None,
     "US", "US", "US", False),  # MP-I, SAG: ~2,000 t/yr with the added lines
    ("US-MAG-2:mag", "US-MAG-2", MAGNET, MAGNET_US, new_plant(10_000), 2029, None,
     None, "US", "US", False),  # VE-a..c: 10,000 t/yr, 2027-2029
    ("US-MAG-3:mag", "US-MAG-3", MAGNET, MAGNET_US, new_plant(1_200), 2027, 2029,
     None, None, None, False),  # USAR: 1,200 t/yr initial, slipped
    ("US-MAG-3:mag:2030", "US-MAG-3", MAGNET, MAGNET_US, new_plant(4_800), 2030, None,
     None, None, None, False),  # USAR: 4,800 t/yr nameplate
    ("IN-MAG-1:mag", "IN-MAG-1", MAGNET, MAGNET_NEW, new_plant(6_000), 2028, None,
     "IN", "IN", "IN", False),  # IN: 6,000 t/yr, 2-year gestation from Nov 2025
    ("MY-MAG-1:mag", "MY-MAG-1", MAGNET, MAGNET_NEW, new_plant(3_000), 2029, None,
     "AU", "MY", None, False),  # L-FY25b: 3,000 t/yr MoU (non-binding)
    ("GB-REC-1:mag", "GB-REC-1", MAGNET, MAGNET_RECYCLED, new_plant(mean((100, 300))), None,
     None, None, "GB", "GB", True),  # PB: 100-300 t/yr, opened Jan 2026
    ("US-REC-2:mag", "US-REC-2", MAGNET, MAGNET_RECYCLED, new_plant(750), 2028, None,
     None, "US", "US", True),  # HPM-a, HPM-b: 750 t/yr, commissioning 2027

    # --- Magnet scrap (feed for later recycling processes; no demand of its own) -----
    ("DE-SCR-1:scrap", "DE-SCR-1", SCRAP, SCRAP_PRICE, 100.0, None, None,
     None, None, None, True),  # ECA 20,000 t × GC18 <1% recycled; half to the buyer
    ("US-SCR-1:scrap", "US-SCR-1", SCRAP, SCRAP_PRICE, 100.0, None, None,
     None, None, None, True),  # Assumption: same as the EU pool
    ("JP-SCR-1:scrap", "JP-SCR-1", SCRAP, SCRAP_PRICE,
     established(JAPAN_MAGNETS * (1 - MAGNET_YIELD) / MAGNET_YIELD), None, None,
     None, None, None, True),  # EXB, RSK: swarf of Japanese magnet making
)

# =====================================================================================
# 6. Element content (t of element per t of material)
# =====================================================================================
# Elements are counted as metal: an oxide holds its stoichiometric metal share. The
# concentrate basket (t oxide per t REO) is NdPr as priced (MP-10K21) and Dy, Tb as the
# tonnage-weighted blend of the offered feeds, rounded (Assumption, see SOURCES.md):
# bastnaesite (US, 2,534.6 t) with 1.8% SEG+ (MP-10K21) at 5% Dy / 1% Tb, monazite (AU,
# NG, TH, IN, 2,095 t) at 1.0% Dy / 0.2% Tb -> 0.50% Dy2O3, 0.10% Tb4O7.
CONC_DY_SHARE = 0.005  # Assumption: (2,534.6 × 0.09% + 2,095 × 1.0%) / 4,629.6 ≈ 0.50%
CONC_TB_SHARE = 0.001  # Assumption: (2,534.6 × 0.018% + 2,095 × 0.2%) / 4,629.6 ≈ 0.10%
CONC_GRADE = {NDPR_OX: CONC_NDPR_SHARE, DY_OX: CONC_DY_SHARE, TB_OX: CONC_TB_SHARE}
OXIDE_ELEMENT = {NDPR_OX: ("NdPr", NDPR_OXIDE_ELEMENT), DY_OX: ("Dy", DY_OXIDE_ELEMENT),
                 TB_OX: ("Tb", TB_OXIDE_ELEMENT)}
MAGNET_CONTENT = (("NdPr", MAGNET_NDPR), ("Dy", MAGNET_DY), ("Tb", MAGNET_TB))


def content_rows() -> list[tuple[str, str, float]]:
    """(material, element, fraction) for every material of the chain."""
    rows = [(CONC, OXIDE_ELEMENT[oxide][0], CONC_GRADE[oxide] * OXIDE_ELEMENT[oxide][1])
            for oxide in CONC_GRADE]
    rows += [(oxide, element, factor) for oxide, (element, factor) in OXIDE_ELEMENT.items()]
    rows.append((NDPR_MET, "NdPr", 1.0))
    rows += [(MAGNET, element, share) for element, share in MAGNET_CONTENT]
    rows += [(SCRAP, element, share) for element, share in MAGNET_CONTENT]  # Assumption
    return [(m, e, round(f, 5)) for m, e, f in rows]


# =====================================================================================
# 7. Processes: tolling at a supplier's site (t of output per year, USD per t of output)
# =====================================================================================
# Joint products: one separation yields NdPr, Dy and Tb oxide from the same feed, but a
# process has one output. Each oxide is therefore a process of its own, charged the whole
# feed that holds it (Assumption): co-products are not returned, so the plan can never
# recover more of an element than the feed it buys holds. A split of the feed between
# the products (e.g. by value) would let the model run a Dy process without its NdPr
# counterpart and recover Dy that no bought feed contains.
CN_OXIDE_PRICE = {NDPR_OX: NDPR_OXIDE_CN, DY_OX: DY_OXIDE_CN_DOMESTIC, TB_OX: TB_OXIDE_CN_DOMESTIC}
SEPARATION_RECOVERY = 0.90  # Assumption: share of each oxide recovered (facts §4: [UNCONF])
RECYCLING_RECOVERY = 0.90  # Assumption: as for the recycled-oxide offer (US-REC-1)
SHORT_LOOP_YIELD = 0.85  # Assumption: t magnet per t scrap re-sintered without separation


def conc_per_oxide(oxide: str) -> float:
    """t REO of concentrate per t of oxide: the whole feed that holds it."""
    return 1 / (CONC_GRADE[oxide] * SEPARATION_RECOVERY)  # NdPr ≈ 7.1, Dy ≈ 222, Tb ≈ 1,111


# Share of the China oxide price that pays for separation, measured on NdPr: price less
# the concentrate it takes (≈ 0.50). Heavy circuits are charged the same share of their
# oxide's China price (Assumption: no published heavy-RE separation cost).
SEPARATION_SHARE = 1 - CONCENTRATE * conc_per_oxide(NDPR_OX) / NDPR_OXIDE_CN
SEPARATION_MARGIN_CN = {oxide: SEPARATION_SHARE * p for oxide, p in CN_OXIDE_PRICE.items()}
# NdPr ≈ $34,300, Dy ≈ $111,200, Tb ≈ $461,700 per t of oxide

# Scrap holds the magnet's elements; as oxide: NdPr 0.347, Dy 0.0172, Tb 0.0059 t per t.
SCRAP_OXIDE = {oxide: dict(MAGNET_CONTENT)[element] / factor
               for oxide, (element, factor) in OXIDE_ELEMENT.items()}


def scrap_per_oxide(oxide: str) -> float:
    """t scrap per t of oxide from a long-loop recycler (the whole scrap that holds it)."""
    return 1 / (SCRAP_OXIDE[oxide] * RECYCLING_RECOVERY)  # NdPr ≈ 3.2, Dy ≈ 65, Tb ≈ 189


SCRAP_PER_MAGNET = 1 / SHORT_LOOP_YIELD  # ≈ 1.18 t


def separation_fee(oxide: str, conversion: float) -> float:
    """Tolling fee per t of oxide: the Chinese margin × the site's conversion factor."""
    return SEPARATION_MARGIN_CN[oxide] * conversion


def metal_fee(conversion: float) -> float:
    """Tolling fee per t of NdPr metal: the Chinese metal/oxide spread × the factor."""
    return METAL_SPREAD_CN * conversion


def magnet_fee(conversion: float) -> float:
    """Tolling fee per t of magnet: the Chinese margin × the factor, plus Fe, B etc."""
    return MAGNET_SPREAD_CN * conversion + OTHER_INPUTS


# Short-loop fee: the recycled magnet price less the scrap it uses (tolled = bought).
SHORT_LOOP_FEE = MAGNET_RECYCLED - SCRAP_PER_MAGNET * SCRAP_PRICE

# Tolling slots (Assumption): the same share of a plant as its offer, 5% of an operating
# plant, 10% of a new one, on top of the offer. Heavy-RE slots are the Dy/Tb the NdPr
# slot's feed holds, capped at the same share of the plant's reported heavy-RE output.
CN_TOLL_NDPR = established(45_455 * CONC_NDPR_SHARE)  # MP-24: US feed once tolled in CN
MY_TOLL_NDPR = established(10_500)  # FM-L, L-FY25
US2_TOLL_NDPR = new_plant(6_000)  # EF-2: Phase 2 from Q1 2029
AU_TOLL_NDPR = new_plant(AU_REFINERY_REO * MONAZITE_NDPR)  # MM-IL, AUM
CAREMAG_NDPR = new_plant(800)  # CAR: 800 t/yr NdPr oxide from 5,000 t concentrate
CAREMAG_SCRAP = new_plant(2_000)  # CAR: 2,000 t/yr of magnets recycled
CYCLIC_SCRAP = new_plant(25_000 * 0.02)  # CY-a: 25,000 t/yr feed × 2% magnets (Assumption)
CN_TOLL_MAGNETS = round(CN_MAGNETS_CHINESE * 0.10, 1)  # Assumption: 10% of the allocation


def heavy_slot(ndpr_slot: float, oxide: str, reported: float | None = None) -> float:
    """Dy or Tb oxide a separation slot yields from the basket, capped by the plant."""
    by_feed = ndpr_slot * CONC_GRADE[oxide] / CONC_GRADE[NDPR_OX]
    return round(by_feed if reported is None else min(by_feed, reported), 1)


def long_loop_slot(scrap: float, oxide: str) -> float:
    """Oxide a long-loop recycler recovers from a scrap slot."""
    return round(scrap * SCRAP_OXIDE[oxide] * RECYCLING_RECOVERY, 1)


MAGNET_INPUTS = {NDPR_MET: NDPR_METAL_PER_MAGNET, DY_OX: DY_OXIDE_PER_MAGNET,
                 TB_OX: TB_OXIDE_PER_MAGNET}
METAL_INPUTS = {NDPR_OX: 1 / OXIDE_TO_METAL}  # 1.25 t oxide per t metal (HV23)


def separation(oxide: str) -> dict[str, float]:
    return {CONC: conc_per_oxide(oxide)}


def long_loop(oxide: str) -> dict[str, float]:
    return {SCRAP: scrap_per_oxide(oxide)}


# process, supplier, output, capacity t/yr, cost USD/t, from, to, recycled, inputs (t/t)
PROCESSES = (
    # --- Separation of concentrate (t REO), one oxide per process --------------------
    ("CN-SEP-1:toll:NdPr", "CN-SEP-1", NDPR_OX, CN_TOLL_NDPR,
     separation_fee(NDPR_OX, 1.0), None, None, False, separation(NDPR_OX)),  # MP-24
    ("CN-SEP-1:toll:Dy", "CN-SEP-1", DY_OX, heavy_slot(CN_TOLL_NDPR, DY_OX),
     separation_fee(DY_OX, 1.0), None, None, False, separation(DY_OX)),
    ("CN-SEP-1:toll:Tb", "CN-SEP-1", TB_OX, heavy_slot(CN_TOLL_NDPR, TB_OX),
     separation_fee(TB_OX, 1.0), None, None, False, separation(TB_OX)),
    ("MY-SEP-1:toll:NdPr", "MY-SEP-1", NDPR_OX, MY_TOLL_NDPR,
     separation_fee(NDPR_OX, CONVERSION_ESTABLISHED), None, None, False,
     separation(NDPR_OX)),  # FM-L, L-FY25: 10,500 t/yr, 6,558 t made in FY25
    ("MY-SEP-1:toll:Dy", "MY-SEP-1", DY_OX,
     heavy_slot(MY_TOLL_NDPR, DY_OX, established(MY_SEGH_FEED * SEGH_DY)),
     separation_fee(DY_OX, CONVERSION_ESTABLISHED), None, None, False,
     separation(DY_OX)),  # FM-L, AM-L: heavy circuit 1,500 t/yr SEGH feed
    ("MY-SEP-1:toll:Tb", "MY-SEP-1", TB_OX,
     heavy_slot(MY_TOLL_NDPR, TB_OX, established(MY_SEGH_FEED * SEGH_TB)),
     separation_fee(TB_OX, CONVERSION_ESTABLISHED), None, None, False, separation(TB_OX)),
    ("US-SEP-2:toll:NdPr", "US-SEP-2", NDPR_OX, established(925),
     separation_fee(NDPR_OX, CONVERSION_NEW), None, 2028, False,
     separation(NDPR_OX)),  # EF-1: Phase 1 850-1,000 t/yr
    ("US-SEP-2:toll:NdPr:ph2", "US-SEP-2", NDPR_OX, US2_TOLL_NDPR,
     separation_fee(NDPR_OX, CONVERSION_NEW), 2029, None, False, separation(NDPR_OX)),  # EF-2
    ("US-SEP-2:toll:Dy", "US-SEP-2", DY_OX, heavy_slot(US2_TOLL_NDPR, DY_OX, new_plant(240)),
     separation_fee(DY_OX, CONVERSION_NEW), 2029, None, False, separation(DY_OX)),  # EF-2
    ("US-SEP-2:toll:Tb", "US-SEP-2", TB_OX, heavy_slot(US2_TOLL_NDPR, TB_OX, new_plant(66)),
     separation_fee(TB_OX, CONVERSION_NEW), 2029, None, False, separation(TB_OX)),  # EF-2
    ("AU-SEP-1:toll:NdPr", "AU-SEP-1", NDPR_OX, AU_TOLL_NDPR,
     separation_fee(NDPR_OX, CONVERSION_NEW), 2028, None, False,
     separation(NDPR_OX)),  # MM-IL, AUM: commissioning 2027
    ("AU-SEP-1:toll:Dy", "AU-SEP-1", DY_OX,
     heavy_slot(AU_TOLL_NDPR, DY_OX, new_plant(AU_REFINERY_REO * MONAZITE_DY)),
     separation_fee(DY_OX, CONVERSION_NEW), 2028, None, False, separation(DY_OX)),
    ("AU-SEP-1:toll:Tb", "AU-SEP-1", TB_OX,
     heavy_slot(AU_TOLL_NDPR, TB_OX, new_plant(AU_REFINERY_REO * MONAZITE_TB)),
     separation_fee(TB_OX, CONVERSION_NEW), 2028, None, False, separation(TB_OX)),
    ("EE-SEP-1:toll:NdPr", "EE-SEP-1", NDPR_OX, established(3_000 * 0.25),
     separation_fee(NDPR_OX, CONVERSION_NEW), None, None, False,
     separation(NDPR_OX)),  # ARG-N: light RE only
    ("FR-SEP-1:toll:NdPr", "FR-SEP-1", NDPR_OX, new_plant(300),
     separation_fee(NDPR_OX, CONVERSION_NEW), None, 2029, False,
     separation(NDPR_OX)),  # SOL-a..c
    ("FR-SEP-1:toll:NdPr:2030", "FR-SEP-1", NDPR_OX, new_plant(4_500 * 0.8),
     separation_fee(NDPR_OX, CONVERSION_NEW), 2030, None, False, separation(NDPR_OX)),
    ("FR-REC-1:toll:NdPr", "FR-REC-1", NDPR_OX, CAREMAG_NDPR,
     separation_fee(NDPR_OX, CONVERSION_NEW), 2027, None, False,
     separation(NDPR_OX)),  # CAR: operations from end-2026
    ("FR-REC-1:toll:Dy", "FR-REC-1", DY_OX, heavy_slot(CAREMAG_NDPR, DY_OX, new_plant(600)),
     separation_fee(DY_OX, CONVERSION_NEW), 2027, None, False, separation(DY_OX)),  # CAR
    ("FR-REC-1:toll:Tb", "FR-REC-1", TB_OX, heavy_slot(CAREMAG_NDPR, TB_OX, new_plant(600)),
     separation_fee(TB_OX, CONVERSION_NEW), 2027, None, False, separation(TB_OX)),  # CAR

    # --- NdPr metal from NdPr oxide ------------------------------------------------------
    ("CN-MET-2:toll", "CN-MET-2", NDPR_MET, round(CN_NDPR_METAL / 3, 1), metal_fee(1.0),
     None, None, False, METAL_INPUTS),  # ECA (as its offer)
    ("JP-MET-1:toll", "JP-MET-1", NDPR_MET,
     established(JAPAN_MAGNETS * NDPR_METAL_PER_MAGNET * (1 - JAPAN_CHINA_DEPENDENCE)),
     metal_fee(CONVERSION_ESTABLISHED), None, None, False, METAL_INPUTS),  # EXB, NYT-J
    ("US-MET-1:toll", "US-MET-1", NDPR_MET, new_plant(2_000 * NDPR_METAL_PER_MAGNET),
     metal_fee(CONVERSION_NEW), None, None, False, METAL_INPUTS),  # MP-I, SAG
    ("IN-MET-1:toll", "IN-MET-1", NDPR_MET, new_plant(6_000 * NDPR_METAL_PER_MAGNET),
     metal_fee(CONVERSION_NEW), 2028, None, False, METAL_INPUTS),  # IN

    # --- Sintered magnets from NdPr metal, Dy oxide and Tb oxide ------------------------
    ("CN-MAG-1:toll", "CN-MAG-1", MAGNET, CN_TOLL_MAGNETS, magnet_fee(1.0), None, None,
     False, MAGNET_INPUTS),  # Assumption: 10% of the Chinese allocation (ECA)
    ("JP-MAG-1:toll", "JP-MAG-1", MAGNET,
     established(JAPAN_MAGNETS * (1 - JAPAN_CHINA_DEPENDENCE)),
     magnet_fee(CONVERSION_ESTABLISHED), None, None, False, MAGNET_INPUTS),  # EXB, NYT-J
    ("VN-MAG-1:toll", "VN-MAG-1", MAGNET, established(2_200),
     magnet_fee(CONVERSION_ESTABLISHED), None, None, False, MAGNET_INPUTS),  # CM
    ("EE-MAG-1:toll", "EE-MAG-1", MAGNET, new_plant(2_000), magnet_fee(CONVERSION_NEW),
     None, None, False, MAGNET_INPUTS),  # NEO-a
    ("EE-MAG-1:toll:ph2", "EE-MAG-1", MAGNET, new_plant(5_000 - 2_000),
     magnet_fee(CONVERSION_NEW), 2029, None, False, MAGNET_INPUTS),  # NEO-a, NEO-b
    ("US-MAG-1:toll", "US-MAG-1", MAGNET, new_plant(2_000), magnet_fee(CONVERSION_NEW),
     None, None, False, MAGNET_INPUTS),  # MP-I, SAG
    ("US-MAG-2:toll", "US-MAG-2", MAGNET, new_plant(10_000), magnet_fee(CONVERSION_NEW),
     2029, None, False, MAGNET_INPUTS),  # VE-a..c
    ("IN-MAG-1:toll", "IN-MAG-1", MAGNET, new_plant(6_000), magnet_fee(CONVERSION_NEW),
     2028, None, False, MAGNET_INPUTS),  # IN

    # --- Magnet recycling: long loop (scrap -> oxide), short loop (scrap -> magnet) ---
    ("US-REC-1:rec:NdPr", "US-REC-1", NDPR_OX, long_loop_slot(CYCLIC_SCRAP, NDPR_OX),
     separation_fee(NDPR_OX, CONVERSION_NEW), None, None, True,
     long_loop(NDPR_OX)),  # CY-a, CY-b
    ("FR-REC-1:rec:NdPr", "FR-REC-1", NDPR_OX, long_loop_slot(CAREMAG_SCRAP, NDPR_OX),
     separation_fee(NDPR_OX, CONVERSION_NEW), 2027, None, True, long_loop(NDPR_OX)),  # CAR
    ("FR-REC-1:rec:Dy", "FR-REC-1", DY_OX, long_loop_slot(CAREMAG_SCRAP, DY_OX),
     separation_fee(DY_OX, CONVERSION_NEW), 2027, None, True, long_loop(DY_OX)),  # CAR
    ("FR-REC-1:rec:Tb", "FR-REC-1", TB_OX, long_loop_slot(CAREMAG_SCRAP, TB_OX),
     separation_fee(TB_OX, CONVERSION_NEW), 2027, None, True, long_loop(TB_OX)),  # CAR
    ("GB-REC-1:rec:mag", "GB-REC-1", MAGNET, new_plant(mean((100, 300))), SHORT_LOOP_FEE,
     None, None, True, {SCRAP: SCRAP_PER_MAGNET}),  # PB
    ("US-REC-2:rec:mag", "US-REC-2", MAGNET, new_plant(750), SHORT_LOOP_FEE, 2028, None,
     True, {SCRAP: SCRAP_PER_MAGNET}),  # HPM-a, HPM-b
)


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
)


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


# =====================================================================================
# 11. Investments (integer decisions, part 2): capacity the consortium owns or pre-funds
# =====================================================================================
FIXED_COST_RATE = 0.04  # Assumption: fixed operating cost per year, share of capex
# The running cost of a line the consortium has paid for is the Chinese margin × the
# factor of an ESTABLISHED plant outside China (Assumption): the capital part of a new
# plant's higher cost is paid as capex.
OWN_LINE = CONVERSION_ESTABLISHED

# Short-loop magnet recycling line, on HyProMag USA: 750 t/yr for $125M (HPM-a, HPM-b).
HYPROMAG_USA_T, HYPROMAG_USA_CAPEX = 750.0, 125e6
SHORT_LOOP_UNITS = 3  # Assumption: a line in three modules of 250 t/yr, capex pro rata
# End-of-life hub, on Cyclic Materials Mesa: 25,000 t/yr of feed for >$20M (CY-a, CY-b),
# 2% of it magnets (Assumption, as for the US-REC-1 offer) -> 500 t/yr of magnet scrap.
CYCLIC_FEED, CYCLIC_CAPEX, MAGNET_SHARE_OF_FEED = 25_000.0, 20e6, 0.02
HUB_SCRAP = CYCLIC_FEED * MAGNET_SHARE_OF_FEED
# Long-loop line (scrap -> NdPr oxide) at the French recycler: the hub's capex per t of
# NdPr it recovers plus separation capex per t/yr of NdPr oxide of White Mesa Phase 2.
LONG_LOOP_NDPR = 100.0  # Assumption: unit size, t/yr of NdPr oxide
HUB_NDPR = HUB_SCRAP * SCRAP_OXIDE[NDPR_OX] * RECYCLING_RECOVERY  # ≈ 156 t/yr
SEPARATION_CAPEX_PER_T = WHITE_MESA_PH2 / 6_000  # EF-2: $410M for >6,000 t/yr NdPr
LONG_LOOP_CAPEX = LONG_LOOP_NDPR * (CYCLIC_CAPEX / HUB_NDPR + SEPARATION_CAPEX_PER_T)
# Heavy-RE circuit at the Malaysian separator, on its first circuit: 1,500 t/yr of SEGH
# feed for "$25M" (FM-L; currency not stated, taken as USD), first Dy 11 months after the
# decision (FM-L Jun 2024, AM-L May 2025). Feed: the SEGH of the NdPr capacity added in
# 2024-25 (7,200 -> 10,500 t/yr, FM-L), pro rata to the first circuit (Assumption).
LYNAS_CIRCUIT_CAPEX = 25e6
HEAVY_UNIT_FEED = 300.0  # Assumption: a module of one fifth of the first circuit
HEAVY_UNIT_CAPEX = LYNAS_CIRCUIT_CAPEX * HEAVY_UNIT_FEED / MY_SEGH_FEED  # $5M
EXTRA_SEGH = MY_SEGH_FEED * (10_500 / 7_200 - 1)  # ≈ 688 t/yr
HEAVY_UNITS = int(EXTRA_SEGH // HEAVY_UNIT_FEED)  # 2
HEAVY_UNIT_OUT = {DY_OX: HEAVY_UNIT_FEED * SEGH_DY, TB_OX: HEAVY_UNIT_FEED * SEGH_TB}
HEAVY_VALUE = {DY_OX: DY_OXIDE_EX_CHINA, TB_OX: TB_OXIDE_EX_CHINA}
HEAVY_CAPEX = by_value(HEAVY_UNIT_CAPEX, HEAVY_UNIT_OUT, HEAVY_VALUE)  # Dy and Tb stages


def own_heavy_cost(oxide: str) -> float:
    """USD per t of oxide from the own circuit: SEGH feed bought from the host at the
    feed's share of the ex-China oxide price (the host sells at the market outside
    China), plus the separation margin × OWN_LINE."""
    return (1 - SEPARATION_SHARE) * HEAVY_VALUE[oxide] + separation_fee(oxide, OWN_LINE)


# New processes that only investments give capacity to (capacity 0); same columns as
# PROCESSES.
OWN_PROCESSES = (
    ("US-REC-2:own:mag", "US-REC-2", MAGNET, 0.0, magnet_fee(OWN_LINE), None, None, True,
     {SCRAP: SCRAP_PER_MAGNET}),  # HPM-a, HPM-b
    ("US-REC-1:hub:scrap", "US-REC-1", SCRAP, 0.0, SCRAP_PRICE, None, None, True,
     {}),  # CY-a, CY-b: end-of-life feed bought at the scrap price (Assumption)
    ("FR-REC-1:own:NdPr", "FR-REC-1", NDPR_OX, 0.0, separation_fee(NDPR_OX, OWN_LINE), None,
     None, True, long_loop(NDPR_OX)),  # CAR, CY-a, EF-2
    ("MY-SEP-1:own:Dy", "MY-SEP-1", DY_OX, 0.0, own_heavy_cost(DY_OX), None, None, False,
     {}),  # FM-L, AM-L
    ("MY-SEP-1:own:Tb", "MY-SEP-1", TB_OX, 0.0, own_heavy_cost(TB_OX), None, None, False,
     {}),  # FM-L, AM-L
)

# investment, process, t/yr per unit, capex per unit, earliest, lead years, max units
INVESTMENTS = (
    ("INV-US-short-loop", "US-REC-2:own:mag", HYPROMAG_USA_T / SHORT_LOOP_UNITS,
     HYPROMAG_USA_CAPEX / SHORT_LOOP_UNITS, FIRST_YEAR, 2, SHORT_LOOP_UNITS),  # HPM-a, -b
    ("INV-US-hub", "US-REC-1:hub:scrap", HUB_SCRAP, CYCLIC_CAPEX, FIRST_YEAR, 1,
     2),  # CY-a, CY-b: announced 2025, operating early 2026
    ("INV-EU-long-loop", "FR-REC-1:own:NdPr", LONG_LOOP_NDPR, LONG_LOOP_CAPEX, FIRST_YEAR, 2,
     2),  # CAR, CY-a, EF-2
    ("INV-MY-heavy-Dy", "MY-SEP-1:own:Dy", HEAVY_UNIT_OUT[DY_OX], HEAVY_CAPEX[DY_OX],
     FIRST_YEAR, 1, HEAVY_UNITS),  # FM-L, AM-L
    ("INV-MY-heavy-Tb", "MY-SEP-1:own:Tb", HEAVY_UNIT_OUT[TB_OX], HEAVY_CAPEX[TB_OX],
     FIRST_YEAR, 1, HEAVY_UNITS),  # FM-L, AM-L
)


# =====================================================================================
# 12. Scenarios: what may happen from 2028, once the 2026-2027 decisions are taken
# =====================================================================================
DECISION_PERIOD = 2027  # Assumption: contracts, stock and builds of 2026-27 come first
CRISIS_FROM = DECISION_PERIOD + 1
CALM, FREEZE, EMBARGO, MYANMAR, SURGE = "calm", "hre_freeze", "embargo", "myanmar", "surge"
# (scenario, probability, last crisis year or None, description). Probabilities are
# Assumptions (no published odds); the reasoning is in SOURCES.md.
SCENARIOS = (
    (CALM, 0.45, None, "The 2025-2026 rules stay in force; no new disruption."),
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
)


# =====================================================================================
# Tables
# =====================================================================================
def frame(sheet: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """One sheet's table; object dtype keeps ints, bools and blanks as they are."""
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{sheet}: row {row!r} does not match columns {columns}")
    return pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype=object)


def offer_rows(integer: bool = True) -> list[tuple[object, ...]]:
    """Offers; with integer, the offtake contracts' min_order and contract_cost."""
    rows = []
    for (offer, supplier, material, cost, capacity, first, last,
         mined, separated, metal, recycled) in OFFERS:
        contracted = integer and offer in TICKETS
        rows.append((offer, supplier, material, price(cost), float(capacity), first, last,
                     min_order(offer) if contracted else None,
                     contract_cost(offer) if contracted else None,
                     mined, separated, metal, recycled))
    return rows


def shortfall_costs() -> dict[str, float]:
    """SHORTFALL_MULTIPLE × the dearest offer of each material."""
    dearest: dict[str, float] = {}
    for _, _, material, cost, *_ in OFFERS:
        dearest[material] = max(dearest.get(material, 0.0), price(cost))
    return {m: price(SHORTFALL_MULTIPLE * p) for m, p in dearest.items()}


def days_of(material: str, year: int, days: float) -> float:
    return round(days / 365 * material_need(material, year), 1)


def _value(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def build_tables(base_case: bool = False) -> dict[str, pd.DataFrame]:
    """Every sheet of the dataset, in workbook order.

    base_case leaves out the integer and stochastic data (contracts, minimum orders,
    investments, scenarios, events, scenario rules): the deterministic LP of the rules
    in force, for comparison.
    """
    shortfall = shortfall_costs()
    settings = [
        ("currency", "USD"),
        ("discount_rate", DISCOUNT_RATE),
        ("shortfall_cost", max(shortfall.values())),  # fallback; every material has its own
        ("time_limit_s", 300),
        ("mip_gap", 0.001),
    ]
    if not base_case:
        settings += [
            ("decision_period", DECISION_PERIOD),
            ("risk_measure", "expected"),  # Assumption: risk-neutral consortium
            ("cvar_alpha", 0.95),  # product default, reported in Summary
        ]
    stockpile = [
        (material, days_of(material, FIRST_YEAR, INITIAL_DAYS), None, days,
         days_of(material, LAST_YEAR, MAX_DAYS), price(HOLDING_RATE * basis), TARGET_FROM)
        for material, days, basis in STOCKPILES
    ] + [
        (material, None, None, None, None, price(HOLDING_RATE * basis), None)
        for material, basis in WORKING_STOCKS
    ]
    processes = PROCESSES if base_case else (*PROCESSES, *OWN_PROCESSES)
    rules = [(*rule[:7], _value(rule[7]), *rule[8:10], None, rule[10]) for rule in RULES]
    if not base_case:
        rules += [(*rule[:7], _value(rule[7]), *rule[8:]) for rule in SCENARIO_RULES]
    tables = {
        "Settings": frame("Settings", ("key", "value"), settings),
        "Periods": frame("Periods", ("period", "years"), [(y, 1) for y in YEARS]),
        "Countries": frame("Countries", ("country", "name", "groups"), COUNTRIES),
        "Materials": frame(
            "Materials", ("material", "stage", "name", "shortfall_cost"),
            [(m, stage, name, shortfall[m]) for m, stage, name in MATERIALS],
        ),
        "Content": frame("Content", ("material", "element", "fraction"), content_rows()),
        "Suppliers": frame("Suppliers", ("supplier", "country", "owner_country", "name"),
                           SUPPLIERS),
        "Offers": frame(
            "Offers",
            ("offer", "supplier", "material", "price", "capacity", "from_period",
             "to_period", "min_order", "contract_cost", "mined_in", "separated_in",
             "metal_in", "recycled"),
            offer_rows(integer=not base_case),
        ),
        "Processes": frame(
            "Processes",
            ("process", "supplier", "output", "capacity", "cost", "from_period", "to_period",
             "recycled"),
            [(process, supplier, output, float(capacity), price(cost), first, last, recycled)
             for process, supplier, output, capacity, cost, first, last, recycled, _
             in processes],
        ),
        "ProcessInputs": frame(
            "ProcessInputs", ("process", "material", "quantity"),
            [(process, material, round(quantity, 4))
             for process, *_, inputs in processes for material, quantity in inputs.items()],
        ),
        "Demand": frame(
            "Demand", ("material", "period", "quantity"),
            [(m, y, round(material_need(m, y), 1)) for m in DEMANDED for y in YEARS],
        ),
        "Stockpile": frame(
            "Stockpile",
            ("material", "initial", "target", "target_days", "max", "holding_cost",
             "target_from"),
            stockpile,
        ),
        "Rules": frame(
            "Rules",
            ("rule", "kind", "item", "stage", "country", "group", "supplier", "value",
             "from_period", "to_period", "scenario", "penalty"),
            rules,
        ),
    }
    if base_case:
        return tables
    tables["Investments"] = frame(
        "Investments",
        ("investment", "process", "capacity", "capex", "fixed_cost", "earliest_period",
         "lead_periods", "max_units"),
        [(inv, process, round(capacity, 1), float(round(capex, -4)),
          float(round(FIXED_COST_RATE * capex, -3)), earliest, lead, units)
         for inv, process, capacity, capex, earliest, lead, units in INVESTMENTS],
    )
    tables["Scenarios"] = frame(
        "Scenarios", ("scenario", "probability", "description"),
        [(s, p, text) for s, p, _, text in SCENARIOS],
    )
    tables["Events"] = frame(
        "Events",
        ("scenario", "kind", "item", "supplier", "country", "value", "from_period",
         "to_period"),
        [(*event[:5], _value(event[5]), *event[6:]) for event in EVENTS],
    )
    return tables


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build the shipped rare-earth dataset (inputs/rare_earths.xlsx).")
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                        help=f"workbook to write (default: {DEFAULT_OUTPUT.name} beside "
                             "this script)")
    parser.add_argument("--base-case", action="store_true",
                        help="leave out contracts, minimum orders, investments, scenarios "
                             "and events (the deterministic LP of the rules in force)")
    args = parser.parse_args(argv)
    tables = build_tables(base_case=args.base_case)
    write_tables(args.output, tables)
    counts = ", ".join(f"{name} {len(t)}" for name, t in tables.items())
    print(f"wrote {args.output} ({counts})")


if __name__ == "__main__":
    main()
