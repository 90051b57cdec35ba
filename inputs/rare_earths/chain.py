"""6. Element content and 7. processes: what each material holds, and tolling.

The Content rows (t of element per t of material); the separation, metal, magnet and
recycling processes with their fees, slots and inputs (ProcessInputs).
SOURCES.md: Content, Processes, ProcessInputs.
"""

from __future__ import annotations

from statistics import mean

from .common import CONC, DY_OX, MAGNET, NDPR_MET, NDPR_OX, SCRAP, TB_OX
from .prices import (
    CONC_NDPR_SHARE,
    CONCENTRATE,
    CONVERSION_ESTABLISHED,
    CONVERSION_NEW,
    DY_OXIDE_CN_DOMESTIC,
    DY_OXIDE_ELEMENT,
    DY_OXIDE_PER_MAGNET,
    MAGNET_DY,
    MAGNET_NDPR,
    MAGNET_RECYCLED,
    MAGNET_SPREAD_CN,
    MAGNET_TB,
    METAL_SPREAD_CN,
    NDPR_METAL_PER_MAGNET,
    NDPR_OXIDE_CN,
    NDPR_OXIDE_ELEMENT,
    OTHER_INPUTS,
    OXIDE_TO_METAL,
    SCRAP_PRICE,
    TB_OXIDE_CN_DOMESTIC,
    TB_OXIDE_ELEMENT,
    TB_OXIDE_PER_MAGNET,
)
from .supply import (
    AU_REFINERY_REO,
    CN_MAGNETS_CHINESE,
    CN_NDPR_METAL,
    JAPAN_CHINA_DEPENDENCE,
    JAPAN_MAGNETS,
    MONAZITE_DY,
    MONAZITE_NDPR,
    MONAZITE_TB,
    MY_SEGH_FEED,
    SEGH_DY,
    SEGH_TB,
    established,
    new_plant,
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
