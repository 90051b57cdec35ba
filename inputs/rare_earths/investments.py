"""11. Investments (integer decisions, part 2): the processes only an investment gives
capacity to, and the capacity the consortium owns or pre-funds.

Builds are decided from 2029, the first yearly period, so that lead times count years
and a unit's capacity and fixed cost are yearly figures (common.py).
SOURCES.md: Investments.
"""

from __future__ import annotations

from .chain import (
    LONG_LOOP_INPUTS,
    RECYCLING_RECOVERY,
    SCRAP_COPRODUCTS,
    SCRAP_OXIDE,
    SCRAP_PER_MAGNET,
    joint_fee,
    magnet_fee,
)
from .common import FIRST_YEARLY, MAGNET, NDPR_OX, SCRAP
from .contracts import WHITE_MESA_PH2
from .prices import CONVERSION_ESTABLISHED, SCRAP_PRICE

# =====================================================================================
# 11. Investments (integer decisions, part 2): capacity the consortium owns or pre-funds
# =====================================================================================
FIXED_COST_RATE = 0.04  # Assumption: fixed operating cost per year, share of capex
# The running cost of a line the consortium has paid for is the Chinese margin × the
# factor of an ESTABLISHED plant outside China (Assumption): the capital part of a new
# plant's higher cost is paid as capex.
OWN_LINE = CONVERSION_ESTABLISHED

# Short-loop magnet recycling line, on HyProMag USA: 750 t/yr for $125M (HPM-a, HPM-b),
# two years from decision to output.
HYPROMAG_USA_T, HYPROMAG_USA_CAPEX = 750.0, 125e6
SHORT_LOOP_UNITS = 3  # Assumption: a line in three modules of 250 t/yr, capex pro rata
# End-of-life hub, on Cyclic Materials Mesa: 25,000 t/yr of feed for >$20M (CY-a, CY-b),
# 2% of it magnets (Assumption, as for the US-REC-1 offer) -> 500 t/yr of magnet scrap.
CYCLIC_FEED, CYCLIC_CAPEX, MAGNET_SHARE_OF_FEED = 25_000.0, 20e6, 0.02
HUB_SCRAP = CYCLIC_FEED * MAGNET_SHARE_OF_FEED
HUB_UNITS = 1  # Assumption: one hub's worth of end-of-life products the members return
# Long-loop line (scrap -> NdPr oxide, with Dy and Tb oxide as co-products) at the French
# recycler: the hub's capex per t of NdPr it recovers plus the separation capex per t/yr
# of NdPr oxide of White Mesa Phase 2.
LONG_LOOP_NDPR = 100.0  # Assumption: unit size, t/yr of NdPr oxide
HUB_NDPR = HUB_SCRAP * SCRAP_OXIDE[NDPR_OX] * RECYCLING_RECOVERY  # ≈ 156 t/yr
SEPARATION_CAPEX_PER_T = WHITE_MESA_PH2 / 6_000  # EF-2: $410M for >6,000 t/yr NdPr
LONG_LOOP_CAPEX = LONG_LOOP_NDPR * (CYCLIC_CAPEX / HUB_NDPR + SEPARATION_CAPEX_PER_T)

# New processes that only investments give capacity to (capacity 0), from 2029; columns
# as PROCESSES (cost, co-products).
OWN_PROCESSES = (
    ("US-REC-2:own", "US-REC-2", MAGNET, 0.0, (magnet_fee(OWN_LINE), {}), FIRST_YEARLY,
     None, True, {SCRAP: SCRAP_PER_MAGNET}),  # HPM-a, HPM-b
    ("US-REC-1:hub", "US-REC-1", SCRAP, 0.0, (SCRAP_PRICE, {}), FIRST_YEARLY, None, True,
     {}),  # CY-a, CY-b: end-of-life feed bought at the scrap price (Assumption)
    ("FR-REC-1:own", "FR-REC-1", NDPR_OX, 0.0,
     (joint_fee(OWN_LINE, SCRAP_COPRODUCTS), SCRAP_COPRODUCTS), FIRST_YEARLY, None, True,
     LONG_LOOP_INPUTS),  # CAR, CY-a, EF-2
)

# investment, process, t/yr per unit, capex per unit, earliest, lead years, max units
INVESTMENTS = (
    ("INV-US-short-loop", "US-REC-2:own", HYPROMAG_USA_T / SHORT_LOOP_UNITS,
     HYPROMAG_USA_CAPEX / SHORT_LOOP_UNITS, FIRST_YEARLY, 2, SHORT_LOOP_UNITS),  # HPM-a, -b
    ("INV-US-hub", "US-REC-1:hub", HUB_SCRAP, CYCLIC_CAPEX, FIRST_YEARLY, 1,
     HUB_UNITS),  # CY-a, CY-b: announced 2025, operating early 2026
    ("INV-EU-long-loop", "FR-REC-1:own", LONG_LOOP_NDPR, LONG_LOOP_CAPEX, FIRST_YEARLY, 2,
     2),  # CAR, CY-a, EF-2
)
