"""Result tables (pandas DataFrames) from the model data and the solved plan."""

from __future__ import annotations

from typing import Any

import pandas as pd

from models.data import ModelData
from models.solution import Plan
from models.stockpile import stockpile_target

SCENARIO = "base"

PURCHASE_COLUMNS = ["scenario", "period", "offer", "supplier", "country", "material",
                    "quantity", "price", "cost", "discounted_cost"]
INVENTORY_COLUMNS = ["scenario", "period", "material", "opening", "acquired", "consumed",
                     "demand", "served", "shortfall", "closing", "target"]


def purchases_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """One row per offer and period with a purchase; cost = price × quantity."""
    rows = []
    for period in data.period_ids:
        for offer in data.offers:
            quantity = plan.purchases.get((offer.id, period), 0.0)
            if quantity <= 0:
                continue
            cost = offer.price * quantity
            rows.append([SCENARIO, period, offer.id, offer.supplier, offer.country,
                         offer.material, quantity, offer.price, cost,
                         cost * data.discount_factor(period)])
    return pd.DataFrame(rows, columns=PURCHASE_COLUMNS)


def inventory_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """Per material and period: opening + acquired − consumed − served = closing."""
    materials = sorted({mat for mat, _ in plan.inventory})
    material_of = {o.id: o.material for o in data.offers}
    bought: dict[tuple[str, str], float] = {}
    for (offer_id, period), quantity in plan.purchases.items():
        material = material_of[offer_id]
        bought[material, period] = bought.get((material, period), 0.0) + quantity
    rows = []
    for material in materials:
        opening = data.stockpile(material).initial
        for period in data.period_ids:
            demand = data.demand_of(material, period)
            shortfall = plan.unmet.get((material, period), 0.0)
            closing = plan.inventory[material, period]
            rows.append([SCENARIO, period, material, opening, bought.get((material, period), 0.0),
                         0.0, demand, demand - shortfall, shortfall, closing,
                         stockpile_target(data, material, period)])
            opening = closing
    return pd.DataFrame(rows, columns=INVENTORY_COLUMNS)


def summary_table(entries: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({"key": list(entries), "value": list(entries.values())})


def spend_by_country(purchases: pd.DataFrame) -> pd.Series:
    """Discounted purchase spend per supplier country, largest first."""
    if purchases.empty:
        return pd.Series(dtype=float)
    return (purchases.groupby("country")["discounted_cost"].sum()
            .sort_values(ascending=False))
