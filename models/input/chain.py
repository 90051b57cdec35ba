"""The processing chain: which stages an acquisition carries, and where they were done.

An acquisition is an offer bought or a process run. A bought material carries every
stage from mining up to its own (its own stage done in the supplier's country, the
earlier ones where its offer says); recycled material carries no mining stage; a
process carries only its output's stage, in the processor's country (a recycling
process every stage from separation to its output's); scrap carries none. Every
acquisition also has an owner: the supplier's owner country.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.input.data import ModelData, Offer, Process, Rule

CHAIN = ("mining", "separation", "metal", "magnet")
OWNER = "owner"
UNKNOWN = "UNK"
"""Country id of an unknown origin."""


@dataclass(frozen=True)
class Acquisition:
    """An offer or a process seen through the chain."""

    id: str
    kind: str
    """'offer' or 'process'."""
    supplier: str
    material: str
    country: str
    """The supplier's country."""
    owner: str
    stages: tuple[tuple[str, str], ...]
    """(stage, country) for every chain stage it carries."""
    recycled: bool

    @property
    def stage_countries(self) -> dict[str, str]:
        return dict(self.stages)

    def tally_stages(self) -> tuple[tuple[str, str], ...]:
        """(stage, country) it adds to in the tally, the owner pseudo-stage included."""
        if not self.stages:
            return ()
        return (*self.stages, (OWNER, self.owner))


def offer_acquisition(offer: Offer, data: ModelData) -> Acquisition:
    stage = data.materials[offer.material].stage
    stages: list[tuple[str, str]] = []
    if stage in CHAIN:
        upstream = {"mining": offer.mined_in, "separation": offer.separated_in,
                    "metal": offer.metal_in}
        for earlier in CHAIN[:CHAIN.index(stage)]:
            if not (earlier == "mining" and offer.recycled):
                stages.append((earlier, upstream[earlier]))
        if not (stage == "mining" and offer.recycled):
            stages.append((stage, offer.country))
    return Acquisition(offer.id, "offer", offer.supplier, offer.material, offer.country,
                       offer.owner_country or offer.country, tuple(stages), offer.recycled)


def process_acquisition(process: Process, data: ModelData) -> Acquisition:
    """A process carries its output's stage in the processor's country; a recycling
    process (recycled output) carries every stage from separation up to its output's
    there, as it turns scrap back into that material in one place."""
    stage = data.materials[process.output].stage
    if stage not in CHAIN:
        stages: tuple[tuple[str, str], ...] = ()
    elif process.recycled:
        stages = tuple((g, process.country) for g in CHAIN[1:CHAIN.index(stage) + 1])
    else:
        stages = ((stage, process.country),)
    return Acquisition(process.id, "process", process.supplier, process.output,
                       process.country, process.owner_country or process.country, stages,
                       process.recycled)


def acquisitions(data: ModelData) -> tuple[Acquisition, ...]:
    """Every offer and process of data, as acquisitions."""
    return (*(offer_acquisition(o, data) for o in data.offers),
            *(process_acquisition(p, data) for p in data.processes))


def contains(data: ModelData, material: str, item: str | None) -> bool:
    """Material is the item or contains it (a blank item matches everything)."""
    return item is None or item == material or data.elements_of(material).get(item, 0) > 0


def item_weight(data: ModelData, material: str, item: str) -> float:
    """t of item per t of material: 1 for the material itself, else its content fraction."""
    if item == material:
        return 1.0
    return data.elements_of(material).get(item, 0.0)


def matches(rule: Rule, acq: Acquisition, data: ModelData) -> bool:
    """Whether a ban, tariff or licence acts on the acquisition (SPEC §3).

    Item: the material is the item or contains it. Supplier: the named one, if any.
    Country: its country at the rule's stage is named; a blank stage looks at every
    stage it carries and at the supplier's own country; `owner` at the owner country.
    """
    if not contains(data, acq.material, rule.item):
        return False
    if rule.supplier is not None and rule.supplier != acq.supplier:
        return False
    if rule.countries is None:
        return True
    if rule.stage is None:
        where = {country for _, country in acq.stages} | {acq.country}
    elif rule.stage == OWNER:
        where = {acq.owner}
    else:
        where = {acq.stage_countries.get(rule.stage)}
    return bool(where & rule.countries)


def describe(rule: Rule, acq: Acquisition, data: ModelData) -> str:
    """Why the rule matches the acquisition, in words."""
    parts = []
    if rule.supplier:
        parts.append(f"supplier {acq.supplier}")
    if rule.countries is not None:
        if rule.stage == OWNER:
            parts.append(f"owned from {acq.owner}")
        elif rule.stage:
            parts.append(f"{rule.stage} in {acq.stage_countries.get(rule.stage)}")
        else:
            named = sorted(({c for _, c in acq.stages} | {acq.country}) & rule.countries)
            parts.append("a stage in " + ", ".join(named))
    if rule.item and rule.item != acq.material:
        parts.append(f"{acq.material} contains {rule.item}")
    return "; ".join(parts) or "every offer and process"
