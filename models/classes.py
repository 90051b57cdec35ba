"""Origin classes of traced provenance: which traced rules a lot's history matches.

A lot carries, for each chain stage, the countries where that stage was done for its
content. Only what a traced rule (traced_ban, traced_licence) looks at is kept: one
mark per traced rule, set when the lot's content of the rule's item has, at the
rule's stage (blank: any stage), a country the rule names. A lot's class is the set
of its marks, so with R traced rules a material has at most 2^R classes; only the
classes that some offer, initial stock or process run can make are indexed.

    item an element k   the mark follows the content of k: every material that
                        contains k carries it, and a process output inherits it from
                        the inputs that contain k
    item a material M   the mark is on lots of M; it is carried on every material
                        upstream of M (whose history M's lots inherit), for all of
                        their content, and, for a rule with a segment, on what is
                        made from M (its stages there do not set the mark)
    item blank          every material carries it, for all of its content

A rule with a segment acts only where lots serve that segment's demand: on every
material that carries its mark.

A rule with a threshold θ matches only lots whose matched content is more than θ
of the lot. A run that inherits its mark may instead label its output with the
de-minimis mark r~ when its blending bound holds (models/traced.py); a lot marked r~
is not matched, and when it is used again its content counts as θ matched, so
blending cannot be repeated to launder content.

A run with co-products (ProcessOutputs) has one class for all of its outputs; each
output's lots carry the run's marks that the output carries.

A material whose lots can only ever be clean (no reachable class carries a mark) is
not traced: its flows are the aggregate ones.

An offer's class comes from its declared history (its own stage in the supplier's
country, mined_in, separated_in, metal_in; recycled material has no mining stage).
Initial stock has an unknown history: UNK at every stage up to its own. A process
output's class is its own stage's marks (in the processor's country) plus the marks
of the inputs it was made from, as far as the output carries them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

from models.chain import (
    CHAIN,
    UNKNOWN,
    Acquisition,
    matches,
    offer_acquisition,
    process_acquisition,
)
from models.data import TRACED_KINDS, ModelData, Process, Rule

Class = frozenset[str]
"""The traced rules whose mark a lot carries (r), and those of which it carries no
more than the rule's threshold (r~, a de-minimis mark)."""
TRACE = "~"
"""Suffix of a de-minimis mark."""
CLEAN: Class = frozenset()


def label(marks: Class) -> str:
    """The class as text: its marks, sorted and joined by '+' ('' for no mark)."""
    return "+".join(sorted(marks))


@dataclass
class Classes:
    """The marks each material carries and the classes that can reach it."""

    data: ModelData
    rules: tuple[Rule, ...]
    """The traced rules, one mark each."""
    carried: dict[str, frozenset[str]] = field(default_factory=dict)
    """Material -> the marks its lots carry (materials carrying none are not traced)."""
    history: dict[str, frozenset[str]] = field(default_factory=dict)
    """Material -> the marks that its own stages may set."""
    reachable: dict[str, set[Class]] = field(default_factory=dict)
    """Traced material -> the classes some offer, initial stock or process run makes."""
    runs: dict[str, set[Class]] = field(default_factory=dict)
    """Process -> the classes of its output it can make (processes touching a traced
    material)."""

    @cached_property
    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def traced(self, material: str) -> bool:
        return bool(self.carried.get(material))

    def acts(self, rule: Rule, material: str) -> bool:
        """Whether rule acts on lots of material (its item, or a material containing it;
        with a segment, every material carrying its mark, where it serves the segment)."""
        if rule.segment is not None:
            return rule.id in self.carried.get(material, frozenset())
        if rule.item is None:
            return True
        if rule.item in self.data.materials:
            return material == rule.item
        return self.data.elements_of(material).get(rule.item, 0) > 0

    def own_marks(self, acq: Acquisition) -> Class:
        """Marks that the stages acq performs itself set on its output."""
        history = self.history.get(acq.material, frozenset())
        return frozenset(r.id for r in self.rules if r.id in history
                         and matches(_countries_only(r), acq, self.data))

    def offer_class(self, offer_id: str) -> Class:
        return self.own_marks(offer_acquisition(self.data.offer_by_id[offer_id], self.data))

    def initial_class(self, material: str) -> Class:
        """Initial stock: an unknown history (UNK at every stage up to its own)."""
        return self.own_marks(unknown_acquisition(self.data, material))

    def process_marks(self, process: Process) -> Class:
        """Marks its own stage sets on its outputs (main output and co-products)."""
        return frozenset().union(*(
            self.own_marks(process_acquisition(dataclasses.replace(process, output=o),
                                               self.data))
            for o in outputs_of(process)))

    def run_carried(self, process: Process) -> frozenset[str]:
        """Marks that some output of the process carries."""
        return frozenset().union(*(self.carried.get(o, frozenset())
                                   for o in outputs_of(process)))

    def traced_run(self, process: Process) -> bool:
        return any(self.traced(o) for o in outputs_of(process))

    def passes(self, marks: Class, material: str | frozenset[str]) -> Class:
        """The marks (and de-minimis marks) of an input that an output of material
        (or a run whose outputs carry these marks) inherits."""
        carried = self.carried.get(material, frozenset()) if isinstance(material, str) \
            else material
        return frozenset(k for k in marks if k.removesuffix(TRACE) in carried)

    def project(self, run_class: Class, material: str) -> Class:
        """The class of a run's output of material: the run's marks that it carries."""
        return self.passes(run_class, material)

    def compatible(self, in_class: Class, out_class: Class,
                   output: str | frozenset[str]) -> bool:
        """An input lot of in_class may go into an output lot labelled out_class: every
        mark it passes on is in the label, or (a threshold rule) the label carries the
        de-minimis mark and the run's blending bound holds. A label may carry more marks
        than the lot, which only ever restricts the plan."""
        for mark in self.passes(in_class, output):
            rule = mark.removesuffix(TRACE)
            if rule not in out_class and rule + TRACE not in out_class:
                return False
        return True

    def threshold_alternatives(self, marks: Class, own: Class) -> set[Class]:
        """A run's label and, for each threshold rule it inherits (not set by the run's
        own stage), the label with that rule's de-minimis mark instead."""
        labels = {frozenset(k for k in marks if not (k.endswith(TRACE)
                                                     and k.removesuffix(TRACE) in marks))}
        for rule in self.rules:
            if rule.threshold > 0 and rule.id in marks and rule.id not in own:
                labels |= {c - {rule.id} | {rule.id + TRACE} for c in labels}
        return labels

    def matched(self, material: str, marks: Class) -> tuple[Rule, ...]:
        """Traced rules that act on a lot of material of this class."""
        return tuple(r for r in self.rules if r.id in marks and self.acts(r, material))

    @property
    def counts(self) -> dict[str, int]:
        """Traced material -> number of classes indexed."""
        return {m: len(c) for m, c in sorted(self.reachable.items())}


def outputs_of(process: Process) -> dict[str, float]:
    """Material -> t made per t of the main output: the main output and co-products."""
    return {process.output: 1.0, **process.outputs}


def _countries_only(rule: Rule) -> Rule:
    """The rule's country and stage condition alone (item and supplier are traced)."""
    return dataclasses.replace(rule, item=None, supplier=None)


def unknown_acquisition(data: ModelData, material: str) -> Acquisition:
    stage = data.materials[material].stage
    stages = tuple((g, UNKNOWN) for g in CHAIN[:CHAIN.index(stage) + 1]) if stage in CHAIN \
        else ()
    return Acquisition(f"initial {material}", "stock", "", material, UNKNOWN, UNKNOWN,
                       stages, False)


def _closure(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for found in edges.get(todo.pop(), ()):
            if found not in seen:
                seen.add(found)
                todo.append(found)
    return seen


def _carried(data: ModelData, rules: tuple[Rule, ...]) -> tuple[dict, dict]:
    """(material -> marks it carries, material -> marks its own stages may set)."""
    made_from: dict[str, set[str]] = {}
    made_into: dict[str, set[str]] = {}
    for p in data.processes:
        for o in outputs_of(p):
            made_from.setdefault(o, set()).update(p.inputs)
            for source in p.inputs:
                made_into.setdefault(source, set()).add(o)
    carried: dict[str, set[str]] = {m: set() for m in data.materials}
    history: dict[str, set[str]] = {m: set() for m in data.materials}
    for rule in rules:
        downstream: set[str] = set()
        if rule.item is None:
            chosen = set(data.materials)
        elif rule.item in data.materials:
            chosen = {rule.item} | _closure(made_from, rule.item)
            if rule.segment is not None:
                downstream = _closure(made_into, rule.item)
        else:
            chosen = {m for m in data.materials if data.elements_of(m).get(rule.item, 0) > 0}
        for material in chosen:
            history[material].add(rule.id)
        for material in chosen | downstream:
            carried[material].add(rule.id)
    return ({m: frozenset(c) for m, c in carried.items() if c},
            {m: frozenset(c) for m, c in history.items() if c})


def origin_classes(data: ModelData) -> Classes:
    """The marks and reachable classes of data's traced rules (none: nothing traced)."""
    rules = tuple(r for r in data.rules if r.kind in TRACED_KINDS)
    found = Classes(data, rules)
    if not rules:
        return found
    found.carried, found.history = _carried(data, rules)
    reachable: dict[str, set[Class]] = {m: set() for m in found.carried}
    for offer in data.offers:
        if offer.material in reachable:
            reachable[offer.material].add(found.offer_class(offer.id))
    for material, stock in data.stockpiles.items():
        if material in reachable and stock.initial > 0:
            reachable[material].add(found.initial_class(material))
    touching = [p for p in data.processes
                if found.traced_run(p) or any(found.traced(i) for i in p.inputs)]
    changed = True
    while changed:  # forward propagation to a fixed point (classes only ever grow)
        changed = False
        for p in touching:
            carried = found.run_carried(p)
            own = found.process_marks(p) & carried
            labels = {own}
            for material in p.inputs:
                if found.traced(material):
                    labels = {s | found.passes(c, carried) for s in labels
                              for c in reachable[material]}
            labels = set().union(*(found.threshold_alternatives(c, own) for c in labels))
            if not all(reachable[i] for i in p.inputs if found.traced(i)):
                labels = set()  # an input that no lot can reach: the process cannot run
            if labels - found.runs.get(p.id, set()):
                found.runs.setdefault(p.id, set()).update(labels)
                changed = True
            for o in outputs_of(p):
                made = {found.project(c, o) for c in labels}
                if found.traced(o) and made - reachable[o]:
                    reachable[o] |= made
                    changed = True
    for material, made in list(reachable.items()):
        if made <= {CLEAN}:  # only ever clean lots: nothing to keep apart, not traced
            del reachable[material]
            found.carried.pop(material)
            found.history.pop(material, None)
    found.reachable = reachable
    return found


def unit_values(data: ModelData) -> dict[str, float]:
    """Reference value per t of each material, for thresholds by value: the mean price
    of its offers over the horizon; a material no one offers is valued at what making
    it costs (the cheapest process: its cost plus its inputs' values); 0 otherwise."""
    prices: dict[str, list[float]] = {}
    for offer in data.offers:
        prices.setdefault(offer.material, []).append(offer.price)
    values = {m: sum(p) / len(p) for m, p in prices.items()}

    def value(material: str, seen: frozenset[str]) -> float:
        if material in values:
            return values[material]
        made = [p.cost + sum(q * value(i, seen | {material}) for i, q in p.inputs.items())
                for p in data.processes if p.output == material
                and not (set(p.inputs) & (seen | {material}))]
        return min(made, default=0.0)

    return {m: value(m, frozenset()) for m in data.materials}
