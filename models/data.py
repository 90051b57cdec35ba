"""Typed, validated model data: what the formulation needs and nothing about Excel.

Every record carries `source`, an opaque label of where it came from (the
application passes workbook cells such as "Offers!A5"), so that results and
explanations can point back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Period:
    id: str
    years: float = 1.0


@dataclass(frozen=True)
class Material:
    id: str
    stage: str
    shortfall_cost: float = 0.0
    """Penalty per t of unmet demand."""
    source: str = ""


@dataclass(frozen=True)
class Offer:
    """A purchase option: up to `capacity` t per period at `price` in `periods`."""

    id: str
    supplier: str
    material: str
    price: float
    capacity: float
    periods: tuple[str, ...]
    """Periods in which the offer is valid."""
    country: str
    """Country where the supplier performs the material's stage."""
    owner_country: str = ""
    mined_in: str = "UNK"
    separated_in: str = "UNK"
    metal_in: str = "UNK"
    recycled: bool = False
    min_order: float = 0.0
    contract_cost: float = 0.0
    source: str = ""


@dataclass(frozen=True)
class Stockpile:
    """Strategic inventory bounds and cost for one material."""

    material: str
    initial: float = 0.0
    target: float | None = None
    target_days: float | None = None
    max: float | None = None
    holding_cost: float = 0.0
    target_from: str | None = None
    """First period in which the target binds (None = first period)."""
    source: str = ""


@dataclass(frozen=True)
class Demand:
    material: str
    period: str
    quantity: float
    source: str = ""


@dataclass(frozen=True)
class ModelData:
    """Everything the formulation needs, already validated."""

    periods: tuple[Period, ...]
    materials: dict[str, Material]
    offers: tuple[Offer, ...] = ()
    demand: dict[tuple[str, str], Demand] = field(default_factory=dict)
    """(material, period) -> demand row."""
    stockpiles: dict[str, Stockpile] = field(default_factory=dict)
    discount_rate: float = 0.0
    """Yearly rate; a period's cost is discounted by the years elapsed before it."""

    @property
    def period_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.periods)

    def demand_of(self, material: str, period: str) -> float:
        row = self.demand.get((material, period))
        return row.quantity if row else 0.0

    def discount_factor(self, period: str) -> float:
        """1 / (1 + r)^(years elapsed before the period)."""
        elapsed = 0.0
        for p in self.periods:
            if p.id == period:
                return 1.0 / (1.0 + self.discount_rate) ** elapsed
            elapsed += p.years
        raise KeyError(period)

    def stockpile(self, material: str) -> Stockpile:
        """The material's stockpile row, or the default (start at 0, no bounds, no cost)."""
        return self.stockpiles.get(material) or Stockpile(material)
