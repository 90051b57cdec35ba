"""The figures and tables of the shipped dataset rare_earths.xlsx, one module per section.

Every figure carries the code of its source in a comment (e.g. ``# U25``); the codes, the
publications behind them and every assumption are listed in inputs/SOURCES.md, whose
sections each module's docstring names. Supplier ids are illustrative (country, stage,
number); no supplier is a real company. All money is USD at the 2025 price level, constant
in real terms; all quantities are metric tonnes (concentrate in t of rare-earth oxide,
REO). Everything is deterministic.

Modules, each importing only from those above it:

- common: the horizon and the material ids
- prices: 1. Prices
- demand: 2. Demand
- supply: 3. Capacity available to one buyer; 4. Countries, materials, suppliers
- offers: 5. Offers
- chain: 6. Element content; 7. Processes (and their inputs)
- policy: 8. Stockpile policy; 9. Rules in force
- contracts: 10. Long-term offtake contracts
- investments: 11. Investments
- scenarios: 12. Scenarios, events and scenario rules
- sheets: the DataFrame of each sheet (build_tables)

inputs/build_rare_earths.py writes the workbook from build_tables().
"""

from __future__ import annotations

from .sheets import build_tables

__all__ = ["build_tables"]
