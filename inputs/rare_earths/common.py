"""The planning horizon (2026-2035) and the material ids that every other module uses.

SOURCES.md: Periods (the horizon) and Materials (the ids).
"""

from __future__ import annotations

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
