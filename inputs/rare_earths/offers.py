"""5. Offers: price, capacity, years and upstream countries of every offer.

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
    MAGNET_CN,
    MAGNET_CN_FED_ABROAD,
    MAGNET_JP,
    MAGNET_NDPR,
    MAGNET_NEW,
    MAGNET_RECYCLED,
    MAGNET_US,
    MAGNET_YIELD,
    NDPR_METAL_CN,
    NDPR_METAL_CN_FED_ABROAD,
    NDPR_METAL_JP,
    NDPR_METAL_NEW,
    NDPR_METAL_PER_MAGNET,
    NDPR_METAL_US,
    NDPR_OXIDE_CN,
    NDPR_OXIDE_ELEMENT,
    NDPR_OXIDE_EX_CHINA,
    NDPR_OXIDE_US_FLOOR,
    SCRAP_PRICE,
    TB_OXIDE_CN_EXPORT,
    TB_OXIDE_EX_CHINA,
)
from .supply import (
    AU_REFINERY_REO,
    CN_DY,
    CN_MAGNETS_CHINESE,
    CN_MAGNETS_JP_OWNED,
    CN_NDPR_METAL,
    CN_NDPR_OXIDE,
    CN_TB,
    JAPAN_CHINA_DEPENDENCE,
    JAPAN_MAGNETS,
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
