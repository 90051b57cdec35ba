"""Validated tables -> typed model data (the last step that knows about the workbook)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from models.input.data import (
    GENERAL,
    Demand,
    Event,
    Investment,
    Material,
    ModelData,
    Offer,
    Period,
    Process,
    Rule,
    Scenario,
    Stockpile,
)
from models.input.network import CapacityGroup, Lane, Sale, Site
from models.input.tree import Node, descendants, leaves, path_probability
from planner.workbook.checks import is_tree
from planner.workbook.reader import collector_paused
from planner.workbook.schema import DEFAULT_SCENARIO
from planner.workbook.schema import sheet as declared_sheet
from planner.workbook.sites import default_site
from planner.workbook.tables import Record, Tables


def window(tables: Tables, record: Record,
           periods: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Period ids from record's from_period to its to_period (blank = horizon end);
    periods, if given, are the workbook's period ids (computed once for many records)."""
    if periods is None:
        periods = tuple(p["period"] for p in tables.records["Periods"])
    first = periods.index(record["from_period"]) if record.get("from_period") else 0
    last = periods.index(record["to_period"]) if record.get("to_period") else len(periods) - 1
    return tuple(periods[first:last + 1])


def timing(record: Record) -> dict[str, object]:
    """Lead time and qualification of an offer or process record."""
    return {"lead_periods": record["lead_periods"],
            "qualification_periods": record["qualification_periods"],
            "qualification_cost": record["qualification_cost"]}


def country_groups(tables: Tables) -> dict[str, frozenset[str]]:
    """Group tag -> the countries that carry it."""
    groups: dict[str, set[str]] = defaultdict(set)
    for record in tables.records["Countries"]:
        for tag in record["groups"] or ():
            groups[tag].add(record["country"])
    return {tag: frozenset(members) for tag, members in groups.items()}


class _Assembler:
    def __init__(self, tables: Tables):
        self.tables = tables
        self.records = tables.records
        self.suppliers = {s["supplier"]: s for s in self.records["Suppliers"]}
        self.periods = tuple(p["period"] for p in self.records["Periods"])
        self.prefixes: dict[str, str] = {}
        self.home = default_site(tables)
        """The first site, which a blank site column means (None: no sites)."""

    def source(self, sheet: str, record: Record) -> str:
        """The cell of the record's first column, e.g. Offers!A5."""
        prefix = self.prefixes.get(sheet)
        if prefix is None:  # "Offers!A" of "Offers!A1" (or "Offers!" of "Offers!1")
            prefix = self.prefixes[sheet] = self.tables.where(
                sheet, 1, declared_sheet(sheet).columns[0].name)[:-1]
        return f"{prefix}{record['_row']}"

    def window(self, record: Record) -> tuple[str, ...]:
        return window(self.tables, record, self.periods)

    def where(self, supplier: str) -> tuple[str, str]:
        """(country, owner country) of a supplier."""
        record = self.suppliers[supplier]
        return record["country"], record["owner_country"] or record["country"]

    def materials(self) -> dict[str, Material]:
        default = self.tables.settings.get("shortfall_cost") or 0.0
        return {
            r["material"]: Material(
                r["material"], r["stage"],
                r["shortfall_cost"] if r["shortfall_cost"] is not None else default,
                self.source("Materials", r), r["disposal_cost"], r["backorder_cost"],
                r["max_backorder_periods"])
            for r in self.records["Materials"]
        }

    def offers(self) -> tuple[Offer, ...]:
        offers = []
        for r in self.records["Offers"]:
            country, owner = self.where(r["supplier"])
            offers.append(Offer(
                id=r["offer"], supplier=r["supplier"], material=r["material"],
                price=r["price"], capacity=r["capacity"], periods=self.window(r),
                country=country, owner_country=owner, mined_in=r["mined_in"],
                separated_in=r["separated_in"], metal_in=r["metal_in"],
                recycled=r["recycled"], min_order=r["min_order"],
                contract_cost=r["contract_cost"], source=self.source("Offers", r),
                min_take=r["min_take"], term_periods=r["term_periods"],
                order_cost=r["order_cost"], index=r["index"], floor=r["floor"],
                cap=r["cap"], **timing(r)))
        return tuple(offers)

    def processes(self) -> tuple[Process, ...]:
        inputs: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self.records["ProcessInputs"]:
            inputs[r["process"]][r["material"]] = r["quantity"]
        outputs: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self.records["ProcessOutputs"]:
            outputs[r["process"]][r["material"]] = r["quantity"]
        processes = []
        for r in self.records["Processes"]:
            country, owner = self.where(r["supplier"])
            processes.append(Process(
                id=r["process"], supplier=r["supplier"], output=r["output"],
                capacity=r["capacity"], cost=r["cost"], periods=self.window(r),
                country=country, inputs=dict(inputs[r["process"]]), owner_country=owner,
                recycled=r["recycled"], source=self.source("Processes", r),
                outputs=dict(outputs[r["process"]]), min_run=r["min_run"],
                **timing(r)))
        return tuple(processes)

    def rules(self) -> tuple[Rule, ...]:
        groups = country_groups(self.tables)
        rules = []
        for r in self.records["Rules"]:
            named: set[str] = set()
            if r["country"]:
                named.add(r["country"])
            if r["group"]:
                named |= groups.get(r["group"], frozenset())
            rules.append(Rule(
                id=r["rule"], kind=r["kind"], item=r["item"], stage=r["stage"],
                countries=frozenset(named) if (r["country"] or r["group"]) else None,
                supplier=r["supplier"], value=r["value"], periods=self.window(r),
                scenario=r["scenario"], penalty=r["penalty"], source=self.source("Rules", r),
                threshold=r["threshold"], trace=r["trace"], segment=r["segment"],
                site=r["site"]))
        return tuple(rules)

    def investments(self) -> tuple[Investment, ...]:
        periods = [p["period"] for p in self.records["Periods"]]
        investments = []
        for r in self.records["Investments"]:
            first = periods.index(r["earliest_period"]) if r["earliest_period"] else 0
            investments.append(Investment(
                id=r["investment"], process=r["process"], capacity=r["capacity"],
                capex=r["capex"], periods=tuple(periods[first:]), fixed_cost=r["fixed_cost"],
                lead_periods=r["lead_periods"], max_units=r["max_units"],
                source=self.source("Investments", r)))
        return tuple(investments)

    def events(self) -> tuple[Event, ...]:
        """Events of their scenario; a blank scenario is every scenario (each future)."""
        every = [s.id for s in self.scenarios()]
        return tuple(
            Event(scenario=s, kind=r["kind"], periods=self.window(r),
                  item=r["item"], supplier=r["supplier"], country=r["country"],
                  value=r["value"], source=self.source("Events", r))
            for r in self.records["Events"] for s in ([r["scenario"]] if r["scenario"]
                                                      else every))

    def demand(self) -> dict[tuple[str, str], Demand]:
        """(material, period) -> its demand, every segment together (with the split by
        segment when some row names one)."""
        rows: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for r in self.records["Demand"]:
            rows[r["material"], r["period"]].append(r)
        segmented = any(r["segment"] != GENERAL for r in self.records["Demand"])
        demand = {}
        for (material, period), found in rows.items():
            split: dict[str, float] = defaultdict(float)
            at: dict[str, float] = defaultdict(float)
            cells: dict[tuple[str, str], float] = defaultdict(float)
            for r in found:
                split[r["segment"]] += r["quantity"]
                if self.home:
                    at[r["site"] or self.home] += r["quantity"]
                    cells[r["segment"], r["site"] or self.home] += r["quantity"]
            demand[material, period] = Demand(
                material, period, sum(split.values()), self.source("Demand", found[0]),
                tuple(split.items()) if segmented else (), tuple(at.items()),
                tuple((g, k, q) for (g, k), q in cells.items()))
        return demand

    def sites(self) -> tuple[Site, ...]:
        return tuple(Site(r["site"], r["country"], self.source("Sites", r))
                     for r in self.records["Sites"])

    def lanes(self) -> tuple[Lane, ...]:
        return tuple(Lane(r["from_country"], r["to_site"], r["cost"], r["lead_periods"],
                          r["material"], self.source("Lanes", r))
                     for r in self.records["Lanes"])

    def stockpiles(self) -> tuple[dict[str, Stockpile], dict[tuple[str, str], Stockpile]]:
        """(per material, per material and site): without sites the rows themselves;
        with sites each row belongs to its site, and per material only the total
        initial stock is kept."""
        rows = {}
        for r in self.records["Stockpile"]:
            rows[r["material"], r["site"] or self.home] = Stockpile(
                r["material"], r["initial"], r["target"], r["target_days"], r["max"],
                r["holding_cost"], r["target_from"], self.source("Stockpile", r))
        if not self.home:
            return {material: row for (material, _), row in rows.items()}, {}
        total: dict[str, float] = defaultdict(float)
        for (material, _), row in rows.items():
            total[material] += row.initial
        return {m: Stockpile(m, initial) for m, initial in total.items()}, rows

    def sales(self) -> tuple[Sale, ...]:
        return tuple(Sale(r["sale"], r["material"], r["price"], r["capacity"],
                          self.window(r), self.source("Sales", r))
                     for r in self.records["Sales"])

    def price_index(self) -> dict[str, dict[str, float]]:
        found: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self.records["PriceIndex"]:
            found[r["index"]][r["period"]] = r["value"]
        return dict(found)

    def capacity_groups(self) -> tuple[CapacityGroup, ...]:
        """One group per group id; its capacity and window are the first given on its
        rows (validation checks that the rows agree)."""
        rows: dict[str, list[Record]] = defaultdict(list)
        for r in self.records["CapacityGroups"]:
            rows[r["group"]].append(r)

        def first(found: list[Record], column: str):
            return next((r[column] for r in found if r[column] is not None), None)

        return tuple(CapacityGroup(
            group, tuple(r["member"] for r in found), first(found, "capacity"),
            self.window({"from_period": first(found, "from_period"),
                         "to_period": first(found, "to_period")}),
            self.source("CapacityGroups", found[0])) for group, found in rows.items())

    def content(self) -> dict[str, dict[str, float]]:
        content: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self.records["Content"]:
            content[r["material"]][r["element"]] = r["fraction"]
        return dict(content)

    def scenarios(self) -> tuple[Scenario, ...]:
        rows = self.records["Scenarios"]
        if not rows:
            return (Scenario(DEFAULT_SCENARIO, 1.0),)
        tree = self.tree()
        if tree:
            return tuple(Scenario(leaf.id, path_probability(tree, leaf.id))
                         for leaf in leaves(tree))
        return tuple(Scenario(r["scenario"], r["probability"]) for r in rows)

    def tree(self) -> tuple[Node, ...]:
        """The scenario tree, when any scenario has a parent or a branch period."""
        if not is_tree(self.tables):
            return ()
        periods = [p["period"] for p in self.records["Periods"]]
        first_branch = periods[1] if len(periods) > 1 else None
        return tuple(Node(r["scenario"], r["probability"], r["parent"],
                          r["branch_period"] or first_branch, self.source("Scenarios", r))
                     for r in self.records["Scenarios"])

    def data(self) -> ModelData:
        data = self.two_stage_data()
        tree = self.tree()
        if not tree:
            return data
        return dataclasses.replace(data, tree=tree, **inherited(tree, data.rules, data.events))

    def two_stage_data(self) -> ModelData:
        records, settings = self.records, self.tables.settings
        stockpiles, site_stockpiles = self.stockpiles()
        return ModelData(
            periods=tuple(Period(p["period"], p["years"]) for p in records["Periods"]),
            materials=self.materials(),
            offers=self.offers(),
            demand=self.demand(),
            stockpiles=stockpiles,
            processes=self.processes(),
            content=self.content(),
            rules=self.rules(),
            investments=self.investments(),
            scenarios=self.scenarios(),
            events=self.events(),
            decision_period=settings["decision_period"],
            risk_measure=settings["risk_measure"],
            cvar_alpha=settings["cvar_alpha"],
            cvar_weight=settings["cvar_weight"],
            min_supplier_quantity=settings["min_supplier_quantity"],
            discount_rate=self.tables.settings["discount_rate"],
            sales=self.sales(),
            threshold_basis=settings["threshold_basis"],
            price_index=self.price_index(),
            capacity_groups=self.capacity_groups(),
            sites=self.sites(),
            lanes=self.lanes(),
            site_stockpiles=site_stockpiles,
            rates_per_year=settings["rates_per_year"],
        )


def inherited(tree: tuple[Node, ...], rules: tuple[Rule, ...],
              events: tuple[Event, ...]) -> dict[str, tuple]:
    """Rules and events of every scenario hold in the leaves below it.

    A rule keeps its id and lists the leaves that inherit it; an event of an interior
    scenario is copied to each leaf below it (same source cell).
    """
    below = {node.id: descendants(tree, node.id) for node in tree}
    rules = tuple(dataclasses.replace(r, inherited_by=frozenset(below[r.scenario]) - {
        r.scenario}) if r.scenario in below else r for r in rules)
    copies = []
    for event in events:
        copies += [dataclasses.replace(event, scenario=leaf)
                   for leaf in below.get(event.scenario, [event.scenario])]
    return {"rules": rules, "events": tuple(copies)}


def to_model_data(tables: Tables) -> ModelData:
    """The typed model data of validated tables."""
    with collector_paused():
        return _Assembler(tables).data()
