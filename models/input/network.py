"""Records of the buyer's network beyond one store: sites and the lanes that reach them,
outlets that buy by-products, and capacity that several sources share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sale:
    """An outlet: up to `capacity` t of material sold per period at `price`."""

    id: str
    material: str
    price: float
    capacity: float
    periods: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class Site:
    """A place where the buyer receives, holds and uses material."""

    id: str
    country: str
    source: str = ""


@dataclass(frozen=True)
class Lane:
    """Transport from a supplier country to a site: cost per t and periods in transit."""

    from_country: str
    to_site: str
    cost: float = 0.0
    lead_periods: int = 0
    material: str | None = None
    """None: every material."""
    source: str = ""


@dataclass(frozen=True)
class CapacityGroup:
    """Offers and processes sharing one physical capacity: Σ volumes ≤ capacity."""

    id: str
    members: tuple[str, ...]
    """Offer, process or supplier ids (a supplier: all its offers and processes)."""
    capacity: float
    """t per period."""
    periods: tuple[str, ...]
    source: str = ""
