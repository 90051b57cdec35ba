"""11. Investments (integer decisions, part 2): the processes only an investment gives
capacity to, and the capacity the consortium owns or pre-funds.

SOURCES.md: Investments.
"""

from __future__ import annotations

from .chain import (
    RECYCLING_RECOVERY,
    SCRAP_OXIDE,
    SCRAP_PER_MAGNET,
    SEPARATION_SHARE,
    long_loop,
    magnet_fee,
    separation_fee,
)
from .common import DY_OX, FIRST_YEAR, MAGNET, NDPR_OX, SCRAP, TB_OX
from .contracts import WHITE_MESA_PH2, by_value
from .prices import CONVERSION_ESTABLISHED, DY_OXIDE_EX_CHINA, SCRAP_PRICE, TB_OXIDE_EX_CHINA
from .supply import MY_SEGH_FEED, SEGH_DY, SEGH_TB

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
