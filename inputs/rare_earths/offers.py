"""5. Offers: price, index, capacity, years and upstream countries of every offer; which
are offtakes, which need qualifying and which wait for a Chinese export licence.

Capacities are t per YEAR here; sheets.py enters each offer once per regime (a ':q' row
for the quarters of 2027-2028 at a quarter of the volume, a row for 2029-2036).
SOURCES.md: Offers (its Prices and Capacities tables give the basis of each figure).
"""

from __future__ import annotations

from statistics import mean

from .common import CONC, DY_OX, MAGNET, NDPR_MET, NDPR_OX, SCRAP, TB_OX
from .prices import (
    CONCENTRATE,
    CONCENTRATE_HEAVY,
    DY_OXIDE_CN_EXPORT,
    DY_OXIDE_EX_CHINA,
    IDX_DY,
    IDX_MAG_CN,
    IDX_MAG_EX,
    IDX_NDPR,
    IDX_TB,
    MAGNET_CN,
    MAGNET_CN_FED_ABROAD,
    MAGNET_JP,
    MAGNET_NDPR,
    MAGNET_NEW,
    MAGNET_RECYCLED,
    MAGNET_YIELD,
    NDPR_FLOOR,
    NDPR_METAL_CN,
    NDPR_METAL_JP,
    NDPR_METAL_NEW,
    NDPR_METAL_PER_MAGNET,
    NDPR_OXIDE_CN,
    NDPR_OXIDE_ELEMENT,
    NDPR_OXIDE_EX_CHINA,
    SCRAP_PRICE,
    TB_OXIDE_CN_EXPORT,
    TB_OXIDE_EX_CHINA,
)
from .supply import (
    AU_REFINERY_REO,
    CAREMAG_DY,
    CAREMAG_NDPR,
    CAREMAG_TB,
    CN_DY,
    CN_MAGNETS_CHINESE,
    CN_MAGNETS_JP_OWNED,
    CN_NDPR_METAL,
    CN_NDPR_OXIDE,
    CN_TB,
    JAPAN_CHINA_DEPENDENCE,
    JAPAN_MAGNETS,
    LYNAS_HRE_DY,
    LYNAS_HRE_FEED,
    LYNAS_HRE_FROM,
    LYNAS_HRE_TB,
    MONAZITE_DY,
    MONAZITE_NDPR,
    MONAZITE_TB,
    MY_SEGH_FEED,
    MYANMAR_DY_TB_SHARE,
    SEGH_DY,
    SEGH_TB,
    US_MINE_SEG_PLUS,
    established,
    new_plant,
)

# =====================================================================================
# 5. Offers
# =====================================================================================
# offer, supplier, material, price USD/t (at the index's first value), capacity t/yr
# (a pair: in the quarters, in the years),
# from, to (calendar years or periods; None = whole horizon), mined_in, separated_in,
# metal_in, recycled, index. The offer's own stage is in its supplier's country; chain
# columns after the material's own stage are left blank (not applicable).
OFFERS = (
    # --- Mixed concentrate (t REO): feed for tolling; no demand of its own ------------
    ("US-MIN-1:conc", "US-MIN-1", CONC, CONCENTRATE, established(50_692), None, 2028,
     "US", None, None, False, None),  # MP-25, SMM-M2
    ("AU-MIN-1:conc", "AU-MIN-1", CONC, CONCENTRATE, established(13_000), None, None,
     "AU", None, None, False, None),  # U25: AU 2024e
    ("MM-MIN-1:conc", "MM-MIN-1", CONC, CONCENTRATE_HEAVY, established(31_000), None, None,
     "MM", None, None, False, None),  # U25: MM 2024e; MIN2
    ("NG-MIN-1:conc", "NG-MIN-1", CONC, CONCENTRATE, established(13_000), None, None,
     "NG", None, None, False, None),  # U25: NG 2024e
    ("TH-MIN-1:conc", "TH-MIN-1", CONC, CONCENTRATE, established(13_000), None, None,
     "TH", None, None, False, None),  # U25: TH 2024e
    ("IN-MIN-1:conc", "IN-MIN-1", CONC, CONCENTRATE, established(2_900), None, None,
     "IN", None, None, False, None),  # U25: IN 2024e
    ("VN-MIN-1:conc", "VN-MIN-1", CONC, CONCENTRATE, new_plant(20_000), 2030, None,
     "VN", None, None, False, None),  # VN-R: low end of the 20-60 kt/yr plan for 2030

    # --- NdPr oxide (index NdPr: one market, BMI) -----------------------------------
    ("CN-SEP-1:NdPr", "CN-SEP-1", NDPR_OX, NDPR_OXIDE_CN, CN_NDPR_OXIDE, None, None,
     "CN", "CN", None, False, IDX_NDPR),  # OED; ECA
    ("MY-SEP-1:NdPr", "MY-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, established(10_500), None,
     None, "AU", "MY", None, False, IDX_NDPR),  # FM-L, L-FY25: 10,500 t/yr NdPr
    ("US-SEP-1:NdPr", "US-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, established(4_000), None,
     None, "US", "US", None, False, IDX_NDPR),  # MP-25: ~4,000 t/yr run-rate end-2025
    ("US-SEP-2:NdPr", "US-SEP-2", NDPR_OX, NDPR_OXIDE_EX_CHINA, established(925), None,
     2028, "US", "US", None, False, IDX_NDPR),  # EF-1: Phase 1 850-1,000 t/yr
    ("US-SEP-2:NdPr:ph2", "US-SEP-2", NDPR_OX, NDPR_OXIDE_EX_CHINA, new_plant(6_000), 2029,
     None, "BR", "US", None, False, IDX_NDPR),  # EF-2: Phase 2 >6,000 t NdPr, Q1 2029
    ("AU-SEP-1:NdPr", "AU-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA,
     new_plant(AU_REFINERY_REO * MONAZITE_NDPR), 2028, None, "AU", "AU", None, False,
     IDX_NDPR),  # MM-IL
    ("EE-SEP-1:NdPr", "EE-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, established(3_000 * 0.25),
     None, None, None, "EE", None, False, IDX_NDPR),  # ARG-N: 3,000 t/yr light RE
    ("FR-SEP-1:NdPr", "FR-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, new_plant(300), None, 2029,
     None, "FR", None, False, IDX_NDPR),  # SOL-a..c: "several hundred t" (2025)
    ("FR-SEP-1:NdPr:2030", "FR-SEP-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, new_plant(4_500 * 0.8),
     2030, None, None, "FR", None, False, IDX_NDPR),  # SOL-a: ~4,500 t/yr magnet RE by 2030
    ("FR-REC-1:NdPr", "FR-REC-1", NDPR_OX, NDPR_OXIDE_EX_CHINA, new_plant(CAREMAG_NDPR),
     2027, None, None, "FR", None, False, IDX_NDPR),  # CAR: 800 t/yr NdPr oxide
    # Recycled oxide: 25,000 t/yr end-of-life feed × 2% magnets × 29.5% NdPr × 90% / 0.850
    ("US-REC-1:NdPr", "US-REC-1", NDPR_OX, NDPR_OXIDE_EX_CHINA,
     new_plant(25_000 * 0.02 * MAGNET_NDPR * 0.9 / NDPR_OXIDE_ELEMENT), None, None,
     None, "US", None, True, IDX_NDPR),  # CY-a, CY-b

    # --- Dy oxide (ex-China: index Dy_exCN; China: fixed export price) ---------------
    ("CN-SEP-1:Dy", "CN-SEP-1", DY_OX, DY_OXIDE_CN_EXPORT,
     round(CN_DY * (1 - MYANMAR_DY_TB_SHARE), 1), None, None,
     "CN", "CN", None, False, None),  # SMM-6; ECA; MIN2
    ("CN-SEP-2:Dy", "CN-SEP-2", DY_OX, DY_OXIDE_CN_EXPORT,
     round(CN_DY * MYANMAR_DY_TB_SHARE, 1), None, None,
     "MM", "CN", None, False, None),  # SMM-6; HK; MIN, MIN2
    ("MY-SEP-1:Dy", "MY-SEP-1", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_DY), None, None,
     "AU", "MY", None, False, IDX_DY),  # FM-L, AM-L: first Dy May 2025
    ("MY-SEP-1:Dy:hre", "MY-SEP-1", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(LYNAS_HRE_FEED * LYNAS_HRE_DY), LYNAS_HRE_FROM, None,
     "AU", "MY", None, False, IDX_DY),  # LY-HRE: 5,000 t/yr feed, ~5 % Dy; JARE
    ("US-SEP-1:Dy", "US-SEP-1", DY_OX, DY_OXIDE_EX_CHINA, new_plant(US_MINE_SEG_PLUS * SEGH_DY),
     None, None, "US", "US", None, False, IDX_DY),  # MP-Q3: heavy-RE separation mid-2026
    ("AU-SEP-1:Dy", "AU-SEP-1", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(AU_REFINERY_REO * MONAZITE_DY), 2028, None,
     "AU", "AU", None, False, IDX_DY),  # MM-IL, AUM: commissioning 2027
    ("US-SEP-2:Dy", "US-SEP-2", DY_OX, DY_OXIDE_EX_CHINA, new_plant(240), 2029, None,
     "BR", "US", None, False, IDX_DY),  # EF-2: 240 t Dy, Q1 2029
    ("US-SEP-3:Dy", "US-SEP-3", DY_OX, DY_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_DY), 2030, None,
     "AU", "US", None, False, IDX_DY),  # LY-TX: status unconfirmed; start 2030 assumed
    ("FR-REC-1:Dy", "FR-REC-1", DY_OX, DY_OXIDE_EX_CHINA, new_plant(CAREMAG_DY), 2027, None,
     None, "FR", None, False, IDX_DY),  # CAR, CAR-J: 500 t Dy, half to Japan

    # --- Tb oxide -------------------------------------------------------------------
    ("CN-SEP-1:Tb", "CN-SEP-1", TB_OX, TB_OXIDE_CN_EXPORT,
     round(CN_TB * (1 - MYANMAR_DY_TB_SHARE), 1), None, None,
     "CN", "CN", None, False, None),  # SMM-5 × export premium; MIN2
    ("CN-SEP-2:Tb", "CN-SEP-2", TB_OX, TB_OXIDE_CN_EXPORT,
     round(CN_TB * MYANMAR_DY_TB_SHARE, 1), None, None,
     "MM", "CN", None, False, None),  # as above
    ("MY-SEP-1:Tb", "MY-SEP-1", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_TB), None, None,
     "AU", "MY", None, False, IDX_TB),  # FM-L, AM-L: first Tb Jun 2025
    ("MY-SEP-1:Tb:hre", "MY-SEP-1", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(LYNAS_HRE_FEED * LYNAS_HRE_TB), LYNAS_HRE_FROM, None,
     "AU", "MY", None, False, IDX_TB),  # LY-HRE: ~1 % Tb; JARE
    ("US-SEP-1:Tb", "US-SEP-1", TB_OX, TB_OXIDE_EX_CHINA, new_plant(US_MINE_SEG_PLUS * SEGH_TB),
     None, None, "US", "US", None, False, IDX_TB),  # MP-Q3
    ("AU-SEP-1:Tb", "AU-SEP-1", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(AU_REFINERY_REO * MONAZITE_TB), 2028, None,
     "AU", "AU", None, False, IDX_TB),  # MM-IL, AUM
    ("US-SEP-2:Tb", "US-SEP-2", TB_OX, TB_OXIDE_EX_CHINA, new_plant(66), 2029, None,
     "BR", "US", None, False, IDX_TB),  # EF-2: 66 t Tb, Q1 2029
    ("US-SEP-3:Tb", "US-SEP-3", TB_OX, TB_OXIDE_EX_CHINA,
     new_plant(MY_SEGH_FEED * SEGH_TB), 2030, None,
     "AU", "US", None, False, IDX_TB),  # LY-TX
    ("FR-REC-1:Tb", "FR-REC-1", TB_OX, TB_OXIDE_EX_CHINA, new_plant(CAREMAG_TB), 2027, None,
     None, "FR", None, False, IDX_TB),  # CAR, CAR-J: 90 t Tb, half to Japan

    # --- NdPr metal (index NdPr) ------------------------------------------------------
    ("CN-MET-1:NdPr", "CN-MET-1", NDPR_MET, NDPR_METAL_CN, round(CN_NDPR_METAL * 2 / 3, 1),
     None, None, "CN", "CN", "CN", False, IDX_NDPR),  # SMM-1..3; ECA
    ("CN-MET-2:NdPr", "CN-MET-2", NDPR_MET, NDPR_METAL_CN,
     round(CN_NDPR_METAL / 3, 1), None, None, "AU", "MY", "CN", False, IDX_NDPR),  # ECA
    ("JP-MET-1:NdPr", "JP-MET-1", NDPR_MET, NDPR_METAL_JP,
     established(JAPAN_MAGNETS * NDPR_METAL_PER_MAGNET * (1 - JAPAN_CHINA_DEPENDENCE)),
     None, None, "AU", "MY", "JP", False, IDX_NDPR),  # EXB, NYT-J
    ("US-MET-1:NdPr", "US-MET-1", NDPR_MET, NDPR_METAL_NEW,
     new_plant(2_000 * NDPR_METAL_PER_MAGNET), None, None,
     "US", "US", "US", False, IDX_NDPR),  # MP-I, SAG: metal for ~2,000 t/yr of magnets
    ("IN-MET-1:NdPr", "IN-MET-1", NDPR_MET, NDPR_METAL_NEW,
     new_plant(6_000 * NDPR_METAL_PER_MAGNET), 2028, None,
     "IN", "IN", "IN", False, IDX_NDPR),  # IN: integrated REPM scheme, 6,000 t/yr

    # --- NdFeB magnets (Chinese feed: index magnet_CN; ex-China feed: magnet_exCN) ---
    ("CN-MAG-1:mag", "CN-MAG-1", MAGNET, MAGNET_CN, round(CN_MAGNETS_CHINESE * 0.6, 1), None,
     None, "CN", "CN", "CN", False, IDX_MAG_CN),  # AD-X, ECA
    ("CN-MAG-2:mag", "CN-MAG-2", MAGNET, MAGNET_CN, round(CN_MAGNETS_CHINESE * 0.4, 1), None,
     None, "CN", "CN", "CN", False, IDX_MAG_CN),  # AD-X, ECA
    ("CN-MAG-3:mag", "CN-MAG-3", MAGNET, MAGNET_CN, CN_MAGNETS_JP_OWNED, None, None,
     "CN", "CN", "CN", False, IDX_MAG_CN),  # CM: Japanese-owned China plant 3,000 t/yr
    ("VN-MAG-1:mag", "VN-MAG-1", MAGNET, MAGNET_CN_FED_ABROAD, established(2_200), None,
     None, "CN", "CN", "CN", False, IDX_MAG_CN),  # CM: Japanese-owned Vietnam plant
    ("JP-MAG-1:mag", "JP-MAG-1", MAGNET, MAGNET_JP,
     established(JAPAN_MAGNETS * (1 - JAPAN_CHINA_DEPENDENCE)), None, None,
     "AU", "MY", "JP", False, IDX_MAG_EX),  # EXB, NYT-J, FP
    ("JP-MAG-2:mag", "JP-MAG-2", MAGNET, MAGNET_CN_FED_ABROAD,
     established(JAPAN_MAGNETS * JAPAN_CHINA_DEPENDENCE), None, None,
     "CN", "CN", "CN", False, IDX_MAG_CN),  # EXB, NYT-J
    ("EE-MAG-1:mag", "EE-MAG-1", MAGNET, MAGNET_NEW, (new_plant(2_000), new_plant(5_000)),
     None, None, None, "EE", None, False, IDX_MAG_EX),  # NEO-a, NEO-b: 2,000 -> 5,000 t/yr
    ("US-MAG-1:mag", "US-MAG-1", MAGNET, MAGNET_NEW, new_plant(2_000), None, None,
     "US", "US", "US", False, IDX_MAG_EX),  # MP-I, SAG: ~2,000 t/yr with the added lines
    ("US-MAG-2:mag", "US-MAG-2", MAGNET, MAGNET_NEW, new_plant(10_000), 2029, None,
     None, "US", "US", False, IDX_MAG_EX),  # VE-a..c: 10,000 t/yr, 2027-2029
    ("US-MAG-3:mag", "US-MAG-3", MAGNET, MAGNET_NEW, new_plant(4_800), 2030, None,
     None, None, None, False, IDX_MAG_EX),  # USAR: 4,800 t/yr nameplate; slipped
    ("IN-MAG-1:mag", "IN-MAG-1", MAGNET, MAGNET_NEW, new_plant(6_000), 2028, None,
     "IN", "IN", "IN", False, IDX_MAG_EX),  # IN: 6,000 t/yr, 2-year gestation
    ("MY-MAG-1:mag", "MY-MAG-1", MAGNET, MAGNET_NEW, new_plant(3_000), 2029, None,
     "AU", "MY", None, False, IDX_MAG_EX),  # L-FY25b: 3,000 t/yr MoU (non-binding)
    ("GB-REC-1:mag", "GB-REC-1", MAGNET, MAGNET_RECYCLED, new_plant(mean((100, 300))), None,
     None, None, "GB", "GB", True, IDX_MAG_EX),  # PB: 100-300 t/yr, opened Jan 2026
    ("US-REC-2:mag", "US-REC-2", MAGNET, MAGNET_RECYCLED, new_plant(750), 2028, None,
     None, "US", "US", True, IDX_MAG_EX),  # HPM-a, HPM-b: 750 t/yr, commissioning 2027

    # --- Magnet scrap (feed for recycling; the buyer's share of what is on offer) ----
    ("DE-SCR-1:scrap", "DE-SCR-1", SCRAP, SCRAP_PRICE, 20.0, None, None,
     None, None, None, True, None),  # ECA 20,000 t × GC18 <1% recycled; 10 % of it
    ("US-SCR-1:scrap", "US-SCR-1", SCRAP, SCRAP_PRICE, 20.0, None, None,
     None, None, None, True, None),  # Assumption: as the EU pool
    ("JP-SCR-1:scrap", "JP-SCR-1", SCRAP, SCRAP_PRICE,
     established(JAPAN_MAGNETS * (1 - MAGNET_YIELD) / MAGNET_YIELD), None, None,
     None, None, None, True, None),  # EXB, RSK: swarf of Japanese magnet making
)

# Chinese exports of licence-controlled items (Dy, Tb and the magnets that hold them)
# wait one period for their licence in the quarters (MOFCOM review, Assumption in
# SOURCES.md); within a year the wait does not show.
LICENCE_WAIT = {"CN-SEP-1:Dy", "CN-SEP-2:Dy", "CN-SEP-1:Tb", "CN-SEP-2:Tb",
                "CN-MAG-1:mag", "CN-MAG-2:mag", "CN-MAG-3:mag"}

# Magnet sources the members have not qualified yet: quarters of qualification before a
# first delivery (MR-Q: 4-7 months for an operating maker; twice that for a new plant or
# a recycled grade, Assumption).
QUALIFY_ESTABLISHED, QUALIFY_NEW = 2, 4  # quarters
QUALIFICATION_COST = 2_000_000.0  # Assumption: audits, PPAP samples, motor-line trials
QUALIFY = {
    "JP-MAG-1:mag": QUALIFY_ESTABLISHED,
    "EE-MAG-1:mag": QUALIFY_NEW,
    "US-MAG-1:mag": QUALIFY_NEW, "US-MAG-2:mag": QUALIFY_NEW, "US-MAG-3:mag": QUALIFY_NEW,
    "IN-MAG-1:mag": QUALIFY_NEW, "MY-MAG-1:mag": QUALIFY_NEW,
    "GB-REC-1:mag": QUALIFY_NEW, "US-REC-2:mag": QUALIFY_NEW,
}

# New ex-China NdPr offtakes carry a floor (Assumption: the level the US government
# judged a new producer needs, MP-DoD-a/b), paid when the index falls below it.
FLOORED = {"US-SEP-2:NdPr:ph2", "AU-SEP-1:NdPr", "FR-SEP-1:NdPr:2030", "FR-REC-1:NdPr"}
FLOOR = NDPR_FLOOR
