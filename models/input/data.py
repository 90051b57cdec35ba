"""Typed, validated model data: what the formulation needs and nothing about Excel.

Every record carries `source`, an opaque label of where it came from (the
application passes workbook cells such as "Offers!A5"), so that results and
explanations can point back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from models.input.network import CapacityGroup, Lane, Sale, Site
from models.input.tree import Node, decision_nodes, two_stage_nodes

TRADE_KINDS = ("ban", "tariff", "licence")
"""Rule kinds that act on offers and processes."""
SHARE_KINDS = ("max_share", "min_share", "max_group_share", "max_supplier_share",
               "min_recycled_share")
"""Rule kinds that act on the stage tally or on acquisitions."""
COUNT_KINDS = ("min_suppliers", "max_suppliers")
"""Rule kinds that count suppliers (binary decisions)."""
TRACED_KINDS = ("traced_ban", "traced_licence")
TRACEABLE_KINDS = ("max_share", "min_share", "max_group_share")
"""Share rules whose tally may follow traced history (Rules trace = TRUE)."""
"""Rule kinds matched on the traced history of a lot's content (models/input/classes.py)."""
GENERAL = "general"
"""The segment of demand that names none."""


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
    disposal_cost: float | None = None
    """Cost per t discarded; None = the material cannot be discarded."""
    backorder_cost: float | None = None
    """Cost per t of demand served late, per period late; None = no backorders."""
    max_backorder_periods: int | None = None
    """Most periods a t of demand may wait (None = until the end of the horizon)."""


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
    min_take: float = 0.0
    """t per period paid for while the contract is in force, taken or not."""
    term_periods: int | None = None
    """Periods the contract binds from its start (None = to the end of the window)."""
    order_cost: float = 0.0
    """Fixed cost in each period in which the offer is ordered."""
    index: str | None = None
    """PriceIndex the price follows (None = a fixed price); models/input/prices.py."""
    floor: float | None = None
    """Least indexed price, currency/t (None = no floor)."""
    cap: float | None = None
    """Most indexed price, currency/t (None = no cap)."""
    lead_periods: int = 0
    """Periods from order to arrival in the buyer's stock."""
    qualification_periods: int = 0
    """Periods a qualification takes before the offer may deliver (0 = qualified)."""
    qualification_cost: float = 0.0
    """Paid in the period a qualification starts."""

    @property
    def has_term(self) -> bool:
        """Whether the offer is a contract with a start: take-or-pay or a term."""
        return self.min_take > 0 or self.term_periods is not None

    @property
    def needs_contract(self) -> bool:
        """Whether buying needs the signature z (a contract cost, take-or-pay or term)."""
        return self.contract_cost > 0 or self.has_term


@dataclass(frozen=True)
class Process:
    """Tolling or own processing at a supplier's site: up to `capacity` t of output."""

    id: str
    supplier: str
    output: str
    capacity: float
    cost: float
    """Per t of output."""
    periods: tuple[str, ...]
    country: str
    """Where the output's stage is performed (the supplier's country)."""
    inputs: dict[str, float] = field(default_factory=dict)
    """Input material -> t consumed per t of output."""
    owner_country: str = ""
    recycled: bool = False
    source: str = ""
    outputs: dict[str, float] = field(default_factory=dict)
    """Co-product material -> t made per t of the main output."""
    min_run: float = 0.0
    """Least t of output in a period in which the process runs at all (0 = none)."""
    lead_periods: int = 0
    """Periods from the run (inputs consumed) to its outputs in stock."""
    qualification_periods: int = 0
    """Periods a qualification takes before the process may run (0 = qualified)."""
    qualification_cost: float = 0.0
    """Paid in the period a qualification starts."""


@dataclass(frozen=True)
class Rule:
    """A sanction or diversification rule (SPEC §3), already resolved to countries."""

    id: str
    kind: str
    item: str | None = None
    """Material or element (None = every element)."""
    stage: str | None = None
    """mining, separation, metal, magnet, owner, or None = every stage."""
    countries: frozenset[str] | None = None
    """Countries named by the rule's country and group (None = no country condition)."""
    supplier: str | None = None
    value: float | None = None
    periods: tuple[str, ...] = ()
    scenario: str | None = None
    """Scenario that imposes it (None = every scenario)."""
    penalty: float | None = None
    """Cost per t of violation; None = a hard rule."""
    source: str = ""
    inherited_by: frozenset[str] = frozenset()
    """Leaves of a scenario tree below `scenario` (an interior node), which inherit it."""
    threshold: float = 0.0
    """Traced rules: a lot matches only when its matched content is more than this
    share of it (de-minimis)."""
    trace: bool = False
    """Share rules: the tally counts traced history (delivered plus added to stock)."""
    segment: str | None = None
    """Traced rules: act only on what serves this segment's demand (None = all)."""
    site: str | None = None
    """Act only on what is delivered to this site (None = wherever it goes)."""

    @property
    def soft(self) -> bool:
        return self.penalty is not None

    def in_scenario(self, scenario: str) -> bool:
        """Whether the rule holds in scenario (its own, inherited, or every scenario)."""
        return self.scenario in (None, scenario) or scenario in self.inherited_by

    def applies(self, scenario: str, period: str) -> bool:
        return self.in_scenario(scenario) and period in self.periods


@dataclass(frozen=True)
class Investment:
    """Whole units that add `capacity` t/period to a process, `lead_periods` after build."""

    id: str
    process: str
    capacity: float
    capex: float
    """Per unit, paid in the build period."""
    periods: tuple[str, ...]
    """Periods in which a unit may be built (from earliest_period on)."""
    fixed_cost: float = 0.0
    """Per built unit and period, from the build period on."""
    lead_periods: int = 0
    max_units: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Event:
    """What changes in a scenario: a factor on capacity, price or demand, or a release
    of the stockpile target."""

    scenario: str
    kind: str
    """capacity, price, demand or release."""
    periods: tuple[str, ...]
    item: str | None = None
    supplier: str | None = None
    country: str | None = None
    """Matches the supplier's country."""
    value: float | None = None
    """Factor (capacity, price, demand) or t of target released (None = all)."""
    source: str = ""


@dataclass(frozen=True)
class Scenario:
    """A costed scenario; in a scenario tree, a leaf with its path probability."""

    id: str = "base"
    probability: float = 1.0


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
    """t required, every segment together."""
    source: str = ""
    segments: tuple[tuple[str, float], ...] = ()
    """(segment, t) of each segment, when some demand names a segment (empty: all of it
    is general demand)."""

    sites: tuple[tuple[str, float], ...] = ()
    """(site, t) demanded at each site, when the workbook has sites (empty: no sites)."""
    cells: tuple[tuple[str, str, float], ...] = ()
    """(segment, site, t) of each row's demand, when the workbook has sites (empty: no
    sites): what traced provenance serves site by site and segment by segment."""

    def by_segment(self) -> dict[str, float]:
        """Segment -> t of this demand."""
        return dict(self.segments) if self.segments else {GENERAL: self.quantity}


@dataclass(frozen=True)
class ModelData:
    """Everything the formulation needs, already validated."""

    periods: tuple[Period, ...]
    materials: dict[str, Material]
    offers: tuple[Offer, ...] = ()
    demand: dict[tuple[str, str], Demand] = field(default_factory=dict)
    """(material, period) -> demand row."""
    stockpiles: dict[str, Stockpile] = field(default_factory=dict)
    processes: tuple[Process, ...] = ()
    content: dict[str, dict[str, float]] = field(default_factory=dict)
    """Material -> element -> t of element per t (a material without rows: itself, 1)."""
    rules: tuple[Rule, ...] = ()
    investments: tuple[Investment, ...] = ()
    scenarios: tuple[Scenario, ...] = (Scenario(),)
    events: tuple[Event, ...] = ()
    decision_period: str | None = None
    """Last period whose decisions are common to all scenarios (None = the first);
    unused with a scenario tree."""
    tree: tuple[Node, ...] = ()
    """Every scenario of a scenario tree, leaves and interior nodes (empty: the
    two-stage model of decision_period). `scenarios` are its leaves."""
    risk_measure: str = "expected"
    cvar_alpha: float = 0.95
    cvar_weight: float = 0.0
    """λ: weight of CVaR against expected cost when risk_measure is cvar."""
    min_supplier_quantity: float = 1.0
    """t a supplier must deliver of an item to count for min_suppliers."""
    discount_rate: float = 0.0
    """Yearly rate; a period's cost is discounted by the years elapsed before it."""
    sales: tuple[Sale, ...] = ()
    threshold_basis: str = "mass"
    """What a traced rule's threshold is a share of: mass (of the element) or value."""
    price_index: dict[str, dict[str, float]] = field(default_factory=dict)
    """Index -> period -> value, as given (models/input/prices.py carries values forward)."""
    capacity_groups: tuple[CapacityGroup, ...] = ()
    sites: tuple[Site, ...] = ()
    """Sites of the buyer, the first the default (empty: one implicit site, and the
    model is the one without sites)."""
    lanes: tuple[Lane, ...] = ()
    site_stockpiles: dict[tuple[str, str], Stockpile] = field(default_factory=dict)
    """(material, site) -> the stockpile row of that site (only with sites; then
    `stockpiles` holds per material only the total initial stock, no bounds or costs)."""
    rates_per_year: bool = False
    """True: capacities, least quantities (min_order, min_take, min_run) and holding,
    fixed and backorder costs are rates per year, and a period gets years × the rate;
    False: they are per period, whatever its length."""

    @cached_property
    def period_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.periods)

    @cached_property
    def position(self) -> dict[str, int]:
        """Period id -> its position in the horizon."""
        return {t: i for i, t in enumerate(self.period_ids)}

    @cached_property
    def probability(self) -> dict[str, float]:
        """Scenario id -> probability."""
        return {s.id: s.probability for s in self.scenarios}

    @cached_property
    def offer_by_id(self) -> dict[str, Offer]:
        return {o.id: o for o in self.offers}

    @cached_property
    def process_by_id(self) -> dict[str, Process]:
        return {p.id: p for p in self.processes}

    @cached_property
    def investment_by_id(self) -> dict[str, Investment]:
        return {i.id: i for i in self.investments}

    @cached_property
    def rule_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def acquisition(self, key: str) -> Offer | Process:
        """The offer or process of that id."""
        return self.offer_by_id.get(key) or self.process_by_id[key]

    def investments_of(self, process: str) -> tuple[Investment, ...]:
        return self._investments_of.get(process, ())

    @cached_property
    def _investments_of(self) -> dict[str, tuple[Investment, ...]]:
        found: dict[str, list[Investment]] = {}
        for i in self.investments:
            found.setdefault(i.process, []).append(i)
        return {p: tuple(v) for p, v in found.items()}

    def demand_of(self, material: str, period: str) -> float:
        row = self.demand.get((material, period))
        return row.quantity if row else 0.0

    def per_period(self, period: str) -> float:
        """What a rate of the data is worth in the period: its years with
        rates_per_year, else 1 (the rate is the period's)."""
        return self._per_period[period]

    @cached_property
    def _per_period(self) -> dict[str, float]:
        return {p.id: p.years if self.rates_per_year else 1.0 for p in self.periods}

    def discount_factor(self, period: str) -> float:
        """1 / (1 + r)^(years elapsed before the period)."""
        return self._discount[period]

    @cached_property
    def _discount(self) -> dict[str, float]:
        factors, elapsed = {}, 0.0
        for p in self.periods:
            factors[p.id] = 1.0 / (1.0 + self.discount_rate) ** elapsed
            elapsed += p.years
        return factors

    @property
    def here_and_now(self) -> tuple[str, ...]:
        """Periods whose decisions are taken before the scenario is known (with a tree:
        the periods in which every scenario is still in the root node)."""
        if self.tree:
            return tuple(t for t in self.period_ids if len(self.decision_nodes[t]) == 1)
        last = self.period_ids.index(self.decision_period) if self.decision_period else 0
        return self.period_ids[:last + 1]

    @cached_property
    def decision_nodes(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Period -> decision node -> the scenarios in it, which share the period's
        decisions (models/input/tree.py)."""
        if self.tree:
            return decision_nodes(self.tree, self.period_ids)
        return two_stage_nodes([s.id for s in self.scenarios], self.period_ids,
                               self.here_and_now)

    @property
    def risk_weight(self) -> float:
        """λ of the objective (0 unless risk_measure is cvar; 1 for worst)."""
        if self.risk_measure == "worst":
            return 1.0
        return self.cvar_weight if self.risk_measure == "cvar" else 0.0

    @property
    def risk_alpha(self) -> float:
        """α of the CVaR term (1 for worst: the largest scenario cost)."""
        return 1.0 if self.risk_measure == "worst" else self.cvar_alpha

    def elements_of(self, material: str) -> dict[str, float]:
        """Element -> fraction in material; a material without Content is its own element."""
        return self.content.get(material) or {material: 1.0}

    @property
    def elements(self) -> tuple[str, ...]:
        """Every element of every non-scrap material, in a stable order."""
        found: dict[str, None] = {}
        for mat in self.materials.values():
            if mat.stage != "scrap":
                found.update(dict.fromkeys(self.elements_of(mat.id)))
        return tuple(found)

    def stockpile(self, material: str) -> Stockpile:
        """The material's stockpile row, or the default (start at 0, no bounds, no cost)."""
        return self.stockpiles.get(material) or Stockpile(material)
