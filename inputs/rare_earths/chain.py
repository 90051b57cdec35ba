"""6. Element content and 7. processes: what each material holds, and tolling.

The Content rows (t of element per t of material); the separation, metal, magnet and
recycling processes with their fees, slots, inputs (ProcessInputs) and co-products
(ProcessOutputs). Capacities are t per YEAR (a pair: in the quarters, in the years);
sheets.py enters each process once per regime.
SOURCES.md: Content, Processes, ProcessInputs, ProcessOutputs.
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
    MONAZITE_NDPR,
    established,
    new_plant,
)

# =====================================================================================
# 6. Element content (t of element per t of material)
# =====================================================================================
# Elements are counted as metal: an oxide holds its stoichiometric metal share. The
# concentrate basket (t oxide per t REO) is NdPr as priced (MP-10K21) and Dy, Tb as the
# tonnage-weighted blend of the offered feeds (Assumption, see SOURCES.md).
CONC_DY_SHARE = 0.005  # Assumption: blend of bastnaesite and monazite feeds, ≈ 0.50%
CONC_TB_SHARE = 0.001  # Assumption: as above, ≈ 0.10%
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
# Joint products: a separation with a heavy-RE circuit makes NdPr oxide (its main
# output) and, from the same feed, Dy and Tb oxide as co-products in the basket's
# proportions (ProcessOutputs). A light-RE plant makes NdPr oxide alone; the heavy
# elements of its feed stay in its residue.
CN_OXIDE_PRICE = {NDPR_OX: NDPR_OXIDE_CN, DY_OX: DY_OXIDE_CN_DOMESTIC, TB_OX: TB_OXIDE_CN_DOMESTIC}
SEPARATION_RECOVERY = 0.90  # Assumption: share of each oxide recovered (facts §4: [UNCONF])
RECYCLING_RECOVERY = 0.90  # Assumption: as for the recycled-oxide offer (US-REC-1)
SHORT_LOOP_YIELD = 0.85  # Assumption: t magnet per t scrap re-sintered without separation


def conc_per_oxide(oxide: str) -> float:
    """t REO of concentrate per t of oxide recovered."""
    return 1 / (CONC_GRADE[oxide] * SEPARATION_RECOVERY)  # NdPr ≈ 7.08


# Share of the China oxide price that pays for separation, measured on NdPr: price less
# the concentrate it takes (= 0.50). Heavy circuits are charged the same share of their
# oxide's China price (Assumption: no published heavy-RE separation cost).
SEPARATION_SHARE = 1 - CONCENTRATE * conc_per_oxide(NDPR_OX) / NDPR_OXIDE_CN
SEPARATION_MARGIN_CN = {oxide: SEPARATION_SHARE * p for oxide, p in CN_OXIDE_PRICE.items()}
# Co-products per t of NdPr oxide from the basket feed: 0.0318 t Dy oxide, 0.0064 t Tb.
BASKET_COPRODUCTS = {oxide: CONC_GRADE[oxide] / CONC_GRADE[NDPR_OX] for oxide in (DY_OX, TB_OX)}

# Scrap holds the magnet's elements; as oxide: NdPr 0.347, Dy 0.0172, Tb 0.0059 t per t.
SCRAP_OXIDE = {oxide: dict(MAGNET_CONTENT)[element] / factor
               for oxide, (element, factor) in OXIDE_ELEMENT.items()}
SCRAP_PER_NDPR = 1 / (SCRAP_OXIDE[NDPR_OX] * RECYCLING_RECOVERY)  # ≈ 3.2 t scrap
# Co-products per t of recycled NdPr oxide: 0.0497 t Dy oxide, 0.0170 t Tb oxide.
SCRAP_COPRODUCTS = {oxide: SCRAP_OXIDE[oxide] / SCRAP_OXIDE[NDPR_OX] for oxide in (DY_OX, TB_OX)}
SCRAP_PER_MAGNET = 1 / SHORT_LOOP_YIELD  # ≈ 1.18 t


def separation_fee(oxide: str, conversion: float) -> float:
    """Tolling fee per t of oxide: the Chinese margin × the site's conversion factor."""
    return SEPARATION_MARGIN_CN[oxide] * conversion


def joint_fee(conversion: float, coproducts: dict[str, float]) -> float:
    """Fee per t of NdPr oxide of a joint separation: every oxide's margin."""
    return separation_fee(NDPR_OX, conversion) + sum(
        q * separation_fee(oxide, conversion) for oxide, q in coproducts.items())


def metal_fee(conversion: float) -> float:
    """Tolling fee per t of NdPr metal: the Chinese metal/oxide spread × the factor."""
    return METAL_SPREAD_CN * conversion


def magnet_fee(conversion: float) -> float:
    """Tolling fee per t of magnet: the Chinese margin × the factor, plus Fe, B etc."""
    return MAGNET_SPREAD_CN * conversion + OTHER_INPUTS


# Short-loop fee: the recycled magnet price less the scrap it uses (tolled = bought).
SHORT_LOOP_FEE = MAGNET_RECYCLED - SCRAP_PER_MAGNET * SCRAP_PRICE

# Tolling slots (Assumption): the same share of a plant as its offer, 5% of an operating
# plant, 10% of a new one, on top of the offer.
CN_TOLL_NDPR = established(45_455 * CONC_NDPR_SHARE)  # MP-24: US feed once tolled in CN
MY_TOLL_NDPR = established(10_500)  # FM-L, L-FY25
US2_TOLL_NDPR = new_plant(6_000)  # EF-2: Phase 2 from Q1 2029
AU_TOLL_NDPR = new_plant(AU_REFINERY_REO * MONAZITE_NDPR)  # MM-IL, AUM
CAREMAG_SCRAP = new_plant(2_000)  # CAR: 2,000 t/yr of magnets recycled
CYCLIC_SCRAP = new_plant(25_000 * 0.02)  # CY-a: 25,000 t/yr feed × 2% magnets (Assumption)
CN_TOLL_MAGNETS = round(CN_MAGNETS_CHINESE * 0.10, 1)  # Assumption: 10% of the allocation
JP_MAGNETS_EX_CHINA = established(JAPAN_MAGNETS * (1 - JAPAN_CHINA_DEPENDENCE))
JP_METAL_EX_CHINA = established(JAPAN_MAGNETS * NDPR_METAL_PER_MAGNET
                                * (1 - JAPAN_CHINA_DEPENDENCE))

MAGNET_INPUTS = {NDPR_MET: NDPR_METAL_PER_MAGNET, DY_OX: DY_OXIDE_PER_MAGNET,
                 TB_OX: TB_OXIDE_PER_MAGNET}
METAL_INPUTS = {NDPR_OX: 1 / OXIDE_TO_METAL}  # 1.25 t oxide per t metal (HV23)
SEPARATION_INPUTS = {CONC: conc_per_oxide(NDPR_OX)}
LONG_LOOP_INPUTS = {SCRAP: SCRAP_PER_NDPR}
SHORT_LOOP_INPUTS = {SCRAP: SCRAP_PER_MAGNET}
NO_COPRODUCTS: dict[str, float] = {}


def joint(conversion: float) -> tuple[float, dict[str, float]]:
    return joint_fee(conversion, BASKET_COPRODUCTS), BASKET_COPRODUCTS


def light(conversion: float) -> tuple[float, dict[str, float]]:
    return separation_fee(NDPR_OX, conversion), NO_COPRODUCTS


LONG_LOOP = (joint_fee(CONVERSION_NEW, SCRAP_COPRODUCTS), SCRAP_COPRODUCTS)

# process, supplier, output, capacity t/yr, (cost USD/t, co-products t/t), from, to,
# recycled, inputs (t/t)
PROCESSES = (
    # --- Separation of concentrate (t REO) into NdPr oxide (+ Dy, Tb co-products) -----
    ("CN-SEP-1:toll", "CN-SEP-1", NDPR_OX, CN_TOLL_NDPR, joint(1.0), None, None, False,
     SEPARATION_INPUTS),  # MP-24, SMM-M2
    ("MY-SEP-1:toll", "MY-SEP-1", NDPR_OX, MY_TOLL_NDPR, joint(CONVERSION_ESTABLISHED),
     None, None, False, SEPARATION_INPUTS),  # FM-L, L-FY25, AM-L
    ("US-SEP-2:toll", "US-SEP-2", NDPR_OX, established(925), light(CONVERSION_NEW), None,
     2028, False, SEPARATION_INPUTS),  # EF-1: Phase 1, light RE
    ("US-SEP-2:toll:ph2", "US-SEP-2", NDPR_OX, US2_TOLL_NDPR, joint(CONVERSION_NEW), 2029,
     None, False, SEPARATION_INPUTS),  # EF-2: Phase 2 with Dy and Tb
    ("AU-SEP-1:toll", "AU-SEP-1", NDPR_OX, AU_TOLL_NDPR, joint(CONVERSION_NEW), 2028, None,
     False, SEPARATION_INPUTS),  # MM-IL, AUM: refinery incl. Dy/Tb
    ("EE-SEP-1:toll", "EE-SEP-1", NDPR_OX, established(3_000 * 0.25), light(CONVERSION_NEW),
     None, None, False, SEPARATION_INPUTS),  # ARG-N: light RE only
    ("FR-SEP-1:toll", "FR-SEP-1", NDPR_OX, (new_plant(300), new_plant(4_500 * 0.8)),
     light(CONVERSION_NEW), None, None, False, SEPARATION_INPUTS),  # SOL-a..c

    # --- NdPr metal from NdPr oxide ------------------------------------------------------
    ("CN-MET-2:toll", "CN-MET-2", NDPR_MET, round(CN_NDPR_METAL / 3, 1),
     (metal_fee(1.0), NO_COPRODUCTS), None, None, False, METAL_INPUTS),  # ECA
    ("JP-MET-1:toll", "JP-MET-1", NDPR_MET, JP_METAL_EX_CHINA,
     (metal_fee(CONVERSION_ESTABLISHED), NO_COPRODUCTS), None, None, False,
     METAL_INPUTS),  # EXB, NYT-J
    ("US-MET-1:toll", "US-MET-1", NDPR_MET, new_plant(2_000 * NDPR_METAL_PER_MAGNET),
     (metal_fee(CONVERSION_NEW), NO_COPRODUCTS), None, None, False, METAL_INPUTS),  # MP-I
    ("IN-MET-1:toll", "IN-MET-1", NDPR_MET, new_plant(6_000 * NDPR_METAL_PER_MAGNET),
     (metal_fee(CONVERSION_NEW), NO_COPRODUCTS), 2028, None, False, METAL_INPUTS),  # IN

    # --- Sintered magnets from NdPr metal, Dy oxide and Tb oxide ------------------------
    ("CN-MAG-1:toll", "CN-MAG-1", MAGNET, CN_TOLL_MAGNETS, (magnet_fee(1.0), NO_COPRODUCTS),
     None, None, False, MAGNET_INPUTS),  # Assumption: 10% of the Chinese allocation (ECA)
    ("JP-MAG-1:toll", "JP-MAG-1", MAGNET, JP_MAGNETS_EX_CHINA,
     (magnet_fee(CONVERSION_ESTABLISHED), NO_COPRODUCTS), None, None, False,
     MAGNET_INPUTS),  # EXB, NYT-J
    ("VN-MAG-1:toll", "VN-MAG-1", MAGNET, established(2_200),
     (magnet_fee(CONVERSION_ESTABLISHED), NO_COPRODUCTS), None, None, False,
     MAGNET_INPUTS),  # CM
    ("EE-MAG-1:toll", "EE-MAG-1", MAGNET, (new_plant(2_000), new_plant(5_000)),
     (magnet_fee(CONVERSION_NEW), NO_COPRODUCTS), None, None, False,
     MAGNET_INPUTS),  # NEO-a, NEO-b
    ("US-MAG-1:toll", "US-MAG-1", MAGNET, new_plant(2_000),
     (magnet_fee(CONVERSION_NEW), NO_COPRODUCTS), None, None, False, MAGNET_INPUTS),  # MP-I
    ("US-MAG-2:toll", "US-MAG-2", MAGNET, new_plant(10_000),
     (magnet_fee(CONVERSION_NEW), NO_COPRODUCTS), 2029, None, False, MAGNET_INPUTS),  # VE
    ("IN-MAG-1:toll", "IN-MAG-1", MAGNET, new_plant(6_000),
     (magnet_fee(CONVERSION_NEW), NO_COPRODUCTS), 2028, None, False, MAGNET_INPUTS),  # IN

    # --- Magnet recycling: long loop (scrap -> NdPr oxide + Dy, Tb), short loop --------
    ("US-REC-1:rec", "US-REC-1", NDPR_OX, round(CYCLIC_SCRAP / SCRAP_PER_NDPR, 1),
     LONG_LOOP, None, None, True, LONG_LOOP_INPUTS),  # CY-a, CY-b
    ("FR-REC-1:rec", "FR-REC-1", NDPR_OX, round(CAREMAG_SCRAP / SCRAP_PER_NDPR, 1),
     LONG_LOOP, 2027, None, True, LONG_LOOP_INPUTS),  # CAR
    ("GB-REC-1:rec", "GB-REC-1", MAGNET, new_plant(mean((100, 300))),
     (SHORT_LOOP_FEE, NO_COPRODUCTS), None, None, True, SHORT_LOOP_INPUTS),  # PB
    ("US-REC-2:rec", "US-REC-2", MAGNET, new_plant(750), (SHORT_LOOP_FEE, NO_COPRODUCTS),
     2028, None, True, SHORT_LOOP_INPUTS),  # HPM-a, HPM-b
)

# Tolling at a magnet maker the members have not qualified needs a qualification of its
# own (magnets of the members' feed), as long as the maker's offer takes, at its cost.
QUALIFIED_WITH = {"JP-MAG-1:toll": "JP-MAG-1:mag", "EE-MAG-1:toll": "EE-MAG-1:mag",
                  "US-MAG-1:toll": "US-MAG-1:mag", "US-MAG-2:toll": "US-MAG-2:mag",
                  "IN-MAG-1:toll": "IN-MAG-1:mag", "GB-REC-1:rec": "GB-REC-1:mag",
                  "US-REC-2:rec": "US-REC-2:mag"}
