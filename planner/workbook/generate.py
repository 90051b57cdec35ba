"""Seeded workbooks of any size, shaped like the shipped rare-earth dataset.

`planner generate OUT.xlsx --elements 12 --suppliers 200 --periods 40 --scenarios 1`
writes a valid input workbook: every stage of the chain (concentrate, oxides, metals,
magnets, scrap), tolling, metal and magnet making and recycling processes, stockpiles
with targets, rules of every kind, and with several scenarios the events and rules
that only a scenario imposes. --integer adds what makes it a MILP like the shipped
dataset: offtake contracts, minimum orders, investments, a min_suppliers and a max_suppliers
rule.

Elements come in families of three (a light element, two heavy ones); each family
has its own concentrate, oxides, metal (of the light element), magnet and scrap.
Each supplier has one role (miner, separator, metal maker, magnet maker, recycler,
scrap collector), one country and serves some families, with offers over windows of
the horizon. Demand is set against the offered capacity so that most of it can be
met. The same arguments and seed always give the same workbook.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.workbook.excel import write_tables

ELEMENT_NAMES = ("NdPr", "Dy", "Tb", "La", "Ho", "Gd", "Ce", "Er", "Y", "Sm", "Eu", "Lu",
                 "Yb", "Tm", "Sc")
COUNTRIES = (  # id, name, groups
    ("CN", "China", "FEOC"), ("MM", "Myanmar", "conflict"), ("AU", "Australia", "allied, FTA"),
    ("MY", "Malaysia", ""), ("US", "United States", "allied, FTA"),
    ("CA", "Canada", "allied, FTA"), ("JP", "Japan", "allied, FTA"),
    ("KR", "South Korea", "allied, FTA"), ("GB", "United Kingdom", "allied"),
    ("EE", "Estonia", "allied, EU"), ("FR", "France", "allied, EU"),
    ("DE", "Germany", "allied, EU"), ("VN", "Vietnam", ""), ("TH", "Thailand", ""),
    ("IN", "India", ""), ("BR", "Brazil", ""), ("NG", "Nigeria", ""),
)
ROLES = (  # role, share of suppliers, countries it is found in (weights)
    ("mining", 0.20, {"CN": 4, "MM": 2, "AU": 2, "US": 2, "BR": 1, "NG": 1, "TH": 1, "IN": 1}),
    ("separation", 0.22, {"CN": 6, "MY": 1, "US": 1, "EE": 1, "FR": 1, "AU": 1, "VN": 1}),
    ("metal", 0.13, {"CN": 6, "JP": 1, "US": 1, "VN": 1, "IN": 1}),
    ("magnet", 0.25, {"CN": 6, "JP": 2, "US": 1, "DE": 1, "KR": 1, "EE": 1, "VN": 1}),
    ("recycling", 0.10, {"US": 1, "GB": 1, "FR": 1, "JP": 1, "DE": 1}),
    ("scrap", 0.10, {"US": 1, "JP": 1, "DE": 1, "CN": 1}),
)
PRICE = {"conc": 8_000.0, "light": 75_000.0, "heavy": 900_000.0, "metal": 110_000.0,
         "magnet": 90_000.0, "scrap": 20_000.0}
"""USD per t at the reference country (China sells about 15 % below it)."""
MAGNET_CONTENT = (0.30, 0.02, 0.005)
"""t of the light and the two heavy elements of a family per t of its magnet."""
CONC_CONTENT = (0.20, 0.01, 0.002)
"""t of each element of a family per t of its concentrate."""
DEMAND_T = 400.0
"""t of one family's magnets demanded in the first year."""


@dataclass(frozen=True)
class Family:
    """Three elements and the materials made of them."""

    number: int
    elements: tuple[str, ...]

    @property
    def conc(self) -> str:
        return f"conc_{self.number}"

    def oxide(self, element: str) -> str:
        return f"{element}_oxide"

    @property
    def metal(self) -> str:
        return f"{self.elements[0]}_metal"

    @property
    def magnet(self) -> str:
        return f"magnet_{self.number}"

    @property
    def scrap(self) -> str:
        return f"scrap_{self.number}"


def element_names(count: int) -> list[str]:
    return [ELEMENT_NAMES[i] if i < len(ELEMENT_NAMES) else f"E{i + 1}" for i in range(count)]


def period_labels(count: int) -> tuple[list[str], float]:
    """Yearly labels 2026… up to ten periods, quarterly (2026Q1…) beyond."""
    if count <= 10:
        return [str(2026 + i) for i in range(count)], 1.0
    return [f"{2026 + i // 4}Q{i % 4 + 1}" for i in range(count)], 0.25


class _Generator:
    def __init__(self, elements: int, suppliers: int, periods: int, scenarios: int,
                 seed: int, integer: bool):
        self.rng = random.Random(seed)
        names = element_names(elements)
        self.families = [Family(i + 1, tuple(names[j:j + 3]))
                         for i, j in enumerate(range(0, elements, 3))]
        self.periods, self.years = period_labels(periods)
        self.n_suppliers, self.n_scenarios, self.integer = suppliers, scenarios, integer
        self.rows: dict[str, list[dict]] = {}
        self.capacity: dict[str, float] = {}
        """Material -> t/period offered or processable (to size demand)."""
        self.contracts = 0

    def add(self, sheet: str, **row: object) -> None:
        self.rows.setdefault(sheet, []).append(row)

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def window(self) -> tuple[str | None, str | None]:
        """A from..to window: the whole horizon, or a stretch of it."""
        n = len(self.periods)
        if n < 3 or self.rng.random() < 0.4:
            return None, None
        first = self.rng.randrange(0, n // 2)
        last = self.rng.randrange(first + n // 3, n)
        return self.periods[first], self.periods[last]

    def price(self, kind: str, country: str) -> float:
        factor = 0.85 if country == "CN" else 1.0
        return round(PRICE[kind] * factor * self.rng.uniform(0.9, 1.25), -1)

    def materials(self) -> None:
        for f in self.families:
            self.add("Materials", material=f.conc, stage="mining",
                     name=f"concentrate of family {f.number}")
            for k, element in enumerate(f.elements):
                self.add("Materials", material=f.oxide(element), stage="separation",
                         name=f"{element} oxide")
                self.add("Content", material=f.oxide(element), element=element,
                         fraction=0.85)
                self.add("Content", material=f.conc, element=element,
                         fraction=CONC_CONTENT[k])
            self.add("Materials", material=f.metal, stage="metal", name=f"{f.elements[0]} metal")
            self.add("Content", material=f.metal, element=f.elements[0], fraction=1.0)
            for material, stage in ((f.magnet, "magnet"), (f.scrap, "scrap")):
                self.add("Materials", material=material, stage=stage,
                         name=f"{stage} of family {f.number}")
                for k, element in enumerate(f.elements):
                    self.add("Content", material=material, element=element,
                             fraction=MAGNET_CONTENT[k])

    def suppliers(self) -> None:
        for country, name, groups in COUNTRIES:
            self.add("Countries", country=country, name=name, groups=groups)
        serves = max(1, math.ceil(len(self.families) / 2))
        counts = [max(1, round(share * self.n_suppliers)) for _, share, _ in ROLES]
        number = 0
        for (role, _, where), count in zip(ROLES, counts, strict=True):
            for _ in range(count):
                number += 1
                country = self.pick(where)
                owner = self.rng.choice(("CN", "JP", "AU", "CA")) \
                    if self.rng.random() < 0.1 else None
                supplier = f"{country}-{role[:3].upper()}-{number}"
                self.add("Suppliers", supplier=supplier, country=country,
                         owner_country=owner if owner != country else None)
                families = self.rng.sample(self.families, min(serves, len(self.families)))
                for family in families:
                    self.supply(supplier, role, country, family)

    def offer(self, supplier: str, material: str, kind: str, country: str, capacity: float,
              **extra: object) -> None:
        for _ in range(self.rng.randint(1, 3)):
            first, last = self.window()
            number = len(self.rows.get("Offers", ())) + 1
            row = {"offer": f"O{number}", "supplier": supplier, "material": material,
                   "price": self.price(kind, country),
                   "capacity": round(capacity * self.rng.uniform(0.5, 1.5), 1),
                   "from_period": first, "to_period": last, **extra}
            if self.integer and (self.rng.random() < 0.15 or not self.contracts):
                self.contracts += 1
                row["min_order"] = round(0.3 * row["capacity"], 1)
                row["contract_cost"] = round(50 * row["price"] * self.rng.uniform(0.5, 1.5), -3)
            self.add("Offers", **row)
            self.capacity[material] = self.capacity.get(material, 0.0) + row["capacity"] / 2

    def upstream(self, country: str) -> dict[str, str | None]:
        """Where earlier stages were done: mostly China, sometimes unknown."""
        def one() -> str | None:
            draw = self.rng.random()
            return "CN" if draw < 0.6 else (None if draw < 0.75 else country)
        return {"mined_in": one(), "separated_in": one(), "metal_in": one()}

    def supply(self, supplier: str, role: str, country: str, f: Family) -> None:
        """Offers and processes of one supplier for one family."""
        scale = DEMAND_T / max(1, self.n_suppliers / 20)
        if role == "mining":
            self.offer(supplier, f.conc, "conc", country, 8 * scale, mined_in=None)
        elif role == "separation":
            for k, element in enumerate(f.elements):
                kind = "light" if k == 0 else "heavy"
                up = self.upstream(country)
                self.offer(supplier, f.oxide(element), kind, country,
                           scale * MAGNET_CONTENT[k], mined_in=up["mined_in"])
                self.process(supplier, f.oxide(element), country, scale * MAGNET_CONTENT[k],
                             {f.conc: round(0.85 / CONC_CONTENT[k] * 1.1, 2)})
        elif role == "metal":
            up = self.upstream(country)
            self.offer(supplier, f.metal, "metal", country, 0.35 * scale,
                       mined_in=up["mined_in"], separated_in=up["separated_in"])
            self.process(supplier, f.metal, country, 0.35 * scale,
                         {f.oxide(f.elements[0]): 1.25})
        elif role == "magnet":
            self.offer(supplier, f.magnet, "magnet", country, scale, **self.upstream(country))
            inputs = {f.metal: 0.32, **{f.oxide(e): round(MAGNET_CONTENT[k] * 1.25, 4)
                                        for k, e in enumerate(f.elements) if k}}
            self.process(supplier, f.magnet, country, scale, inputs)
        elif role == "recycling":
            self.offer(supplier, f.magnet, "magnet", country, 0.3 * scale, recycled=True)
            self.process(supplier, f.magnet, country, 0.3 * scale, {f.scrap: 1.15},
                         recycled=True)
        else:  # scrap collector
            self.offer(supplier, f.scrap, "scrap", country, 0.5 * scale)

    def process(self, supplier: str, output: str, country: str, capacity: float,
                inputs: dict[str, float], recycled: bool = False) -> None:
        first, last = self.window()
        number = len(self.rows.get("Processes", ())) + 1
        process = f"P{number}"
        capacity = round(capacity * self.rng.uniform(0.5, 1.2), 1)
        self.add("Processes", process=process, supplier=supplier, output=output,
                 capacity=capacity, cost=round(PRICE["conc"] * self.rng.uniform(0.5, 1.5), -1),
                 from_period=first, to_period=last, recycled=recycled or None)
        for material, quantity in inputs.items():
            self.add("ProcessInputs", process=process, material=material, quantity=quantity)
        self.capacity[output] = self.capacity.get(output, 0.0) + capacity / 2
        if self.integer and output.startswith("magnet") and (
                self.rng.random() < 0.3 or "Investments" not in self.rows):
            self.add("Investments", investment=f"I{number}", process=process,
                     capacity=round(capacity / 2, 1), capex=round(2e5 * capacity, -4),
                     fixed_cost=round(4e3 * capacity, -2),
                     earliest_period=self.periods[min(1, len(self.periods) - 1)],
                     lead_periods=min(2, len(self.periods) - 1), max_units=3)

    def demand(self) -> None:
        growth = 1.05 ** self.years
        for f in self.families:
            wanted = [(f.magnet, 0.8), (f.oxide(f.elements[-1]), 0.15)]
            for material, share in wanted:
                base = min(DEMAND_T * self.years, share * self.capacity.get(material, 0.0))
                for i, t in enumerate(self.periods):
                    self.add("Demand", material=material, period=t,
                             quantity=round(base * growth ** i, 1))
                self.add("Stockpile", material=material, initial=round(0.1 * base, 1),
                         target_days=30, max=round(4 * base, 1),
                         holding_cost=round(0.02 * self.years * PRICE["magnet"], -1),
                         target_from=self.periods[len(self.periods) // 3])
            for material in (f.conc, f.metal, f.scrap):
                self.add("Stockpile", material=material, holding_cost=round(
                    0.02 * self.years * PRICE["metal"], -1))

    def rules(self) -> None:
        late = self.periods[len(self.periods) // 2]
        f = self.families[0]
        light, heavy = f.elements[0], f.elements[1:2]
        rules = [
            dict(rule="conflict-ban", kind="ban", stage="mining", group="conflict"),
            dict(rule="cn-heavy-licence", kind="licence", item=heavy[0] if heavy else light,
                 country="CN", value=0.75),
            dict(rule="cn-magnet-licence", kind="licence", item=f.magnet, country="CN",
                 value=0.8, penalty=2 * PRICE["magnet"]),
            dict(rule="cn-magnet-tariff", kind="tariff", item=f.magnet, stage="magnet",
                 country="CN", value=0.125),
            dict(rule="feoc-owner", kind="max_group_share", stage="owner", group="FEOC",
                 value=0.6, penalty=PRICE["magnet"]),
            dict(rule="crma-65", kind="max_share", value=0.65, from_period=late,
                 penalty=PRICE["magnet"]),
            dict(rule="allied-floor", kind="min_share", item=light, stage="magnet",
                 group="allied", value=0.2, penalty=PRICE["magnet"]),
            dict(rule="supplier-cap", kind="max_supplier_share", item=light, value=0.5,
                 penalty=PRICE["magnet"]),
            dict(rule="recycled-floor", kind="min_recycled_share", item=light, value=0.05,
                 from_period=late, penalty=PRICE["magnet"]),
        ]
        if self.integer:
            rules.append(dict(rule="two-suppliers", kind="min_suppliers", item=f.magnet,
                              value=2, penalty=PRICE["magnet"]))
            rules.append(dict(rule="few-magnet-makers", kind="max_suppliers", item=f.magnet,
                              value=4, penalty=PRICE["magnet"]))
        for row in rules:
            self.add("Rules", **row)

    def scenarios(self) -> None:
        if self.n_scenarios <= 1:
            return
        crisis = self.periods[min(len(self.periods) - 1, max(1, len(self.periods) // 4))]
        self.add("Settings", key="decision_period",
                 value=self.periods[self.periods.index(crisis) - 1])
        kinds = ("freeze", "embargo", "surge", "cut")
        weights = [2.0] + [1.0] * (self.n_scenarios - 1)
        probabilities = [round(w / sum(weights), 6) for w in weights]
        probabilities[-1] = round(1 - sum(probabilities[:-1]), 6)
        f = self.families[0]
        for i, probability in enumerate(probabilities):
            name = "calm" if i == 0 else f"{kinds[(i - 1) % 4]}_{i}"
            self.add("Scenarios", scenario=name, probability=probability)
            kind = name.split("_")[0]
            if kind == "freeze":
                self.add("Rules", rule=f"freeze-{i}", kind="licence", item=f.elements[-1],
                         country="CN", value=0.4, from_period=crisis, scenario=name)
                self.add("Events", scenario=name, kind="price", item=f.elements[-1],
                         value=1.4, from_period=crisis)
                self.add("Events", scenario=name, kind="release", item=f.magnet,
                         from_period=crisis)
            elif kind == "embargo":
                self.add("Rules", rule=f"embargo-{i}", kind="ban", item=f.magnet,
                         country="CN", from_period=crisis, scenario=name)
                self.add("Events", scenario=name, kind="price", item=f.magnet, value=1.3,
                         from_period=crisis)
                self.add("Events", scenario=name, kind="release", item=f.magnet,
                         from_period=crisis)
            elif kind == "surge":
                self.add("Events", scenario=name, kind="demand", value=1.25,
                         from_period=crisis)
            elif kind == "cut":
                self.add("Events", scenario=name, kind="capacity", country="MY", value=0.3,
                         from_period=crisis)
                self.add("Events", scenario=name, kind="release", from_period=crisis)

    def tables(self) -> dict[str, pd.DataFrame]:
        self.add("Settings", key="currency", value="USD")
        self.add("Settings", key="shortfall_cost", value=5 * PRICE["heavy"])
        self.add("Settings", key="discount_rate", value=0.05)
        self.add("Settings", key="time_limit_s", value=600)
        self.add("Settings", key="mip_gap", value=0.001)
        for t in self.periods:
            self.add("Periods", period=t, years=self.years)
        self.materials()
        self.suppliers()
        self.demand()
        self.rules()
        self.scenarios()
        return {sheet: pd.DataFrame(rows, dtype=object) for sheet, rows in self.rows.items()}


def generate_tables(elements: int = 12, suppliers: int = 200, periods: int = 40,
                    scenarios: int = 1, seed: int = 0,
                    integer: bool = False) -> dict[str, pd.DataFrame]:
    """The sheets of a generated workbook (see the module docstring)."""
    if min(elements, suppliers, periods, scenarios) < 1:
        raise ValueError("elements, suppliers, periods and scenarios must each be ≥ 1")
    return _Generator(elements, suppliers, periods, scenarios, seed, integer).tables()


def generate(path: Path | str, *, force: bool = False,
             **sizes: int | bool) -> dict[str, pd.DataFrame]:
    """Write a generated workbook to path (atomically; a read-only file is replaced only
    with force) and return its sheets."""
    tables = generate_tables(**sizes)  # type: ignore[arg-type]
    write_tables(Path(path), tables, force=force)
    return tables
