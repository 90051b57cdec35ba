"""3. Capacity available to one buyer, and 4. countries, materials and suppliers.

Section 3 holds the share of a plant one buyer can contract (established(), new_plant()),
the China-origin allocations, the licence factor and the heavy-RE content of ex-China
feeds; section 4 the rows of the Countries, Materials and Suppliers sheets.
SOURCES.md: Offers › Capacities (volume available to this one buyer), Countries,
Materials, Suppliers.
"""

from __future__ import annotations

from statistics import mean

from .common import CONC, DY_OX, MAGNET, NDPR_MET, NDPR_OX, SCRAP, TB_OX
from .demand import material_need

# =====================================================================================
# 3. Capacity available to ONE buyer (t/year)
# =====================================================================================
ESTABLISHED_SHARE = 0.05  # Assumption: share of an operating ex-China plant's output
NEW_PLANT_SHARE = 0.10  # Assumption: share of a new ex-China plant's nameplate (anchor buyer)
# China-origin volumes: China's share of the consortium's 2026 need (its 2024 share, ECA),
# held flat: Chinese allocations do not grow under export licensing.
CN_SHARE_MAGNETS = 17_000 / 20_000  # ECA: 17,000 of 20,000 t of EU magnets from China
CN_SHARE_NDPR = mean((0.69, 0.74))  # ECA: China supplies 69-74% of Nd/Pr
ALLOCATION_YEAR = 2026  # the year before the plan
# Selective denial once the Oct 2025 controls apply: about half of EU licence
# applications were left unapproved in Sep 2025, before the general licences (CS, UKR).
LICENCE_APPROVAL = 0.5
MYANMAR_DY_TB_SHARE = 0.57  # MIN2: Myanmar 57% of global Dy+Tb mine supply (2023)
MYANMAR_FEED = 1 - mean((0.10, 0.316))  # RM, WX: China's imports from MM -10% to -31.6%

WORLD_MAGNETS = mean((320_000, 333_000))  # ARG-M 300 kt ÷ China share 0.90-0.94 (IEAc25)
JAPAN_CONVERSION_SHARE = 0.06  # EXB: Japan 6% of metal/alloy/magnet conversion
JAPAN_CHINA_DEPENDENCE = mean((0.60, 0.70))  # NYT-J: 60-70% in 2025
JAPAN_MAGNETS = WORLD_MAGNETS * JAPAN_CONVERSION_SHARE  # ≈ 19,600 t

# Heavy-RE content of ex-China feeds (Assumptions; no published split, see SOURCES.md).
SEGH_DY, SEGH_TB = 0.05, 0.01  # share of Dy, Tb in a SEG+heavy concentrate
MONAZITE_NDPR, MONAZITE_DY, MONAZITE_TB = 0.20, 0.01, 0.002  # share of REO in monazite
MY_SEGH_FEED = 1_500  # FM-L: Malaysian heavy-RE circuit, t/yr SEGH feed
# Lynas's new heavy-RE plant in Malaysia: 5,000 t/yr of feed, ~5 % Dy and ~1 % Tb of it,
# the first separated heavy oxides within two years of Oct 2025 (LY-HRE).
LYNAS_HRE_FEED, LYNAS_HRE_DY, LYNAS_HRE_TB = 5_000, 0.05, 0.01  # LY-HRE
LYNAS_HRE_FROM = 2028  # LY-HRE: "within two years" of the Oct 2025 announcement
JARE_PRIORITY = 0.65  # JARE: up to 65 % of Lynas's Dy/Tb from Mt Weld feed for Japan
# Caremag, Lacq: 800 t/yr NdPr oxide and 600 t/yr Dy+Tb oxide (CAR), of which 500 t Dy and
# 90 t Tb (CAR-J), from end-2026; half of the heavy oxides go to Japanese offtakers.
CAREMAG_NDPR, CAREMAG_DY, CAREMAG_TB = 800, 500, 90  # CAR, CAR-J
CAREMAG_JAPAN = 0.5  # CAR-J: long-term offtake of half the heavy-RE oxide output
US_MINE_SEG_PLUS = 50_692 * 0.018  # MP-25, MP-10K21: 2025 concentrate × 1.8% SEG+ ≈ 912 t
AU_REFINERY_REO = 17_500  # MM-IL, AUM: 17,500 t/yr REO incl. Dy/Tb, commissioning 2027


def established(output: float) -> float:
    """Volume one buyer can contract from an operating ex-China plant."""
    return round(output * ESTABLISHED_SHARE, 1)


def new_plant(nameplate: float) -> float:
    """Volume one buyer can contract from a new ex-China plant."""
    return round(nameplate * NEW_PLANT_SHARE, 1)


def china_allocation(material: str, share: float) -> float:
    """China-origin volume: China's share of the buyer's 2026 need, held flat."""
    return material_need(material, ALLOCATION_YEAR) * share


CN_MAGNETS = china_allocation(MAGNET, CN_SHARE_MAGNETS)  # ≈ 2,250 t
CN_MAGNETS_JP_OWNED = established(3_000)  # CM: Japanese-owned plant in China, 3,000 t/yr
CN_MAGNETS_CHINESE = CN_MAGNETS - CN_MAGNETS_JP_OWNED
CN_NDPR_OXIDE = round(china_allocation(NDPR_OX, CN_SHARE_NDPR), 1)
CN_NDPR_METAL = china_allocation(NDPR_MET, CN_SHARE_NDPR)
# Dy and Tb at the whole 2026 need: the licences are a delay (Offers lead_periods) and,
# in the scenarios where the Oct 2025 controls apply, rules (CN-A18-*, CN-61-magnet).
CN_DY = china_allocation(DY_OX, 1.0)
CN_TB = china_allocation(TB_OX, 1.0)


# =====================================================================================
# 4. Countries, materials, suppliers
# =====================================================================================
# (country, name, groups). Tagging assumptions are in SOURCES.md.
COUNTRIES = (
    ("CN", "China", "FEOC, covered"),
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
