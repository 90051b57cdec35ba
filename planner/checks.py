"""Cross-sheet checks that the schema alone cannot express.

Each check takes the schema-validated tables and yields problems; blank (None)
values were already reported by the schema checks and are skipped here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from planner.problems import Problem
from planner.tables import Tables


def shortfall_cost_known(tables: Tables) -> Iterator[Problem]:
    """A material with demand needs a shortfall cost, its own or the Settings default."""
    if tables.settings.get("shortfall_cost") is not None:
        return
    demanded = {r["material"] for r in tables.records["Demand"] if r["quantity"]}
    for record in tables.records["Materials"]:
        if record["material"] in demanded and record["shortfall_cost"] is None:
            yield Problem(
                tables.where("Materials", record["_row"], "shortfall_cost"),
                f"material '{record['material']}' has demand but no shortfall_cost",
                "enter its cost per t of unmet demand here, or a shortfall_cost in Settings",
            )


CHECKS: tuple[Callable[[Tables], Iterator[Problem]], ...] = (shortfall_cost_known,)
