"""Validated tables -> typed model data (the last step that knows about the workbook)."""

from __future__ import annotations

from models.data import Demand, Material, ModelData, Offer, Period, Stockpile
from planner.schema import sheet as declared_sheet
from planner.tables import Record, Tables


def window(tables: Tables, record: Record) -> tuple[str, ...]:
    """Period ids from record's from_period to its to_period (blank = horizon end)."""
    periods = [p["period"] for p in tables.records["Periods"]]
    first = periods.index(record["from_period"]) if record.get("from_period") else 0
    last = periods.index(record["to_period"]) if record.get("to_period") else len(periods) - 1
    return tuple(periods[first:last + 1])


def to_model_data(tables: Tables) -> ModelData:
    """The typed model data of validated tables."""
    records, settings = tables.records, tables.settings

    def source(sheet: str, record: Record) -> str:
        return tables.where(sheet, record["_row"], declared_sheet(sheet).key[0])

    countries = {s["supplier"]: s for s in records["Suppliers"]}
    default_shortfall = settings.get("shortfall_cost") or 0.0
    materials = {
        r["material"]: Material(
            r["material"], r["stage"],
            r["shortfall_cost"] if r["shortfall_cost"] is not None else default_shortfall,
            source("Materials", r),
        )
        for r in records["Materials"]
    }
    offers = tuple(
        Offer(
            id=r["offer"], supplier=r["supplier"], material=r["material"], price=r["price"],
            capacity=r["capacity"], periods=window(tables, r),
            country=countries[r["supplier"]]["country"],
            owner_country=countries[r["supplier"]]["owner_country"]
            or countries[r["supplier"]]["country"],
            mined_in=r["mined_in"], separated_in=r["separated_in"], metal_in=r["metal_in"],
            recycled=r["recycled"], min_order=r["min_order"], contract_cost=r["contract_cost"],
            source=source("Offers", r),
        )
        for r in records["Offers"]
    )
    demand = {
        (r["material"], r["period"]): Demand(r["material"], r["period"], r["quantity"],
                                             source("Demand", r))
        for r in records["Demand"]
    }
    stockpiles = {
        r["material"]: Stockpile(
            r["material"], r["initial"], r["target"], r["target_days"], r["max"],
            r["holding_cost"], r["target_from"], source("Stockpile", r),
        )
        for r in records["Stockpile"]
    }
    return ModelData(
        periods=tuple(Period(p["period"], p["years"]) for p in records["Periods"]),
        materials=materials,
        offers=offers,
        demand=demand,
        stockpiles=stockpiles,
        discount_rate=settings["discount_rate"],
    )
