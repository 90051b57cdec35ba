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
de-minimis mark r~ when its blending bound holds (models/rules/traced.py); a lot marked r~
is not matched, and when it is used again its content counts as θ matched, so
blending cannot be repeated to launder content.

A run with co-products (ProcessOutputs) has one class for all of its outputs; each
output's lots carry the run's marks that the output carries.

A material whose lots can only ever be clean (no reachable class carries a mark) is
not traced: its flows are the aggregate ones.

A share rule with trace = TRUE (models/rules/traced_tally.py) adds one categorical tag per
item k and stage g it tallies, 'rule@k/g=bucket': the country of g for the lot's
content of k, as finely as the rule tells countries apart (Classes.bucket), or NONE
where the content has not been through g. Tags are exact: a run inherits a tag from
the inputs containing k, which must agree, unless its own stage sets it.

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

from models.input.chain import (
    CHAIN,
    UNKNOWN,
    Acquisition,
    matches,
    offer_acquisition,
    process_acquisition,
)
from models.input.data import TRACEABLE_KINDS, TRACED_KINDS, ModelData, Process, Rule

Class = frozenset[str]
"""The traced rules whose mark a lot carries (r), and those of which it carries no
more than the rule's threshold (r~, a de-minimis mark)."""
TRACE = "~"
"""Suffix of a de-minimis mark."""
CLEAN: Class = frozenset()
NONE = "none"
"""Bucket of a tag whose stage the lot's content has not been through (or never will:
the mining stage of recycled content)."""
OTHER = "other"
"""Bucket of every country a traced share rule does not name."""
IN = "in"
"""Bucket of the countries a traced group rule (min_share, max_group_share) names."""


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
    tagged: tuple[Rule, ...] = ()
    """Share rules with trace = TRUE, whose tallies follow the lots' stage countries."""
    tag_keys: dict[str, tuple[Rule, str, str]] = field(default_factory=dict)
    """Tag key 'rule@item/stage' -> (rule, item, stage)."""
    tag_of: dict[str, str] = field(default_factory=dict)
    """Tag 'key=bucket' -> its key."""

    def tag(self, key: str, bucket: str) -> str:
        text = f"{key}={bucket}"
        self.tag_of[text] = key
        return text

    def bucket(self, rule: Rule, country: str) -> str:
        """A stage country as a traced share rule tells it apart: max_share keeps every
        country it caps (blank countries: each one), group rules only named or not."""
        named = rule.countries is None or country in rule.countries
        if rule.kind == "max_share":
            return country if named else OTHER
        return IN if named and rule.countries is not None else OTHER

    def own_tags(self, acq: Acquisition, carried: frozenset[str], whole: bool) -> Class:
        """Tags of the stages acq performs (whole: an offer or initial stock, which
        declares every stage of its history; a stage it lacks is NONE)."""
        countries = acq.stage_countries
        found = set()
        for key, (rule, _, g) in self.tag_keys.items():
            if key not in carried:
                continue
            if g in countries:
                found.add(self.tag(key, self.bucket(rule, countries[g])))
            elif whole or (acq.recycled and g == CHAIN[0]):
                found.add(self.tag(key, NONE))
        return frozenset(found)

    def own_tag_keys(self, process: Process) -> frozenset[str]:
        """Tag keys a process's own stage sets on its outputs."""
        return frozenset(self.tag_of[t] for o in outputs_of(process)
                         for t in self.own_tags(process_acquisition(
                             dataclasses.replace(process, output=o), self.data),
                             self.carried.get(o, frozenset()), False))

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
        acq = offer_acquisition(self.data.offer_by_id[offer_id], self.data)
        return self.own_marks(acq) | self.own_tags(
            acq, self.carried.get(acq.material, frozenset()), True)

    def initial_class(self, material: str) -> Class:
        """Initial stock: an unknown history (UNK at every stage up to its own)."""
        acq = unknown_acquisition(self.data, material)
        return self.own_marks(acq) | self.own_tags(
            acq, self.carried.get(material, frozenset()), True)

    def process_marks(self, process: Process) -> Class:
        """Marks (and tags) its own stage sets on its outputs (main output and
        co-products)."""
        found: Class = frozenset()
        for o in outputs_of(process):
            acq = process_acquisition(dataclasses.replace(process, output=o), self.data)
            found |= self.own_marks(acq) | self.own_tags(
                acq, self.carried.get(o, frozenset()), False)
        return found

    def key(self, mark: str) -> str:
        """The rule (or tag key) a mark belongs to."""
        return self.tag_of.get(mark) or mark.removesuffix(TRACE)

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
        return frozenset(k for k in marks if self.key(k) in carried)

    def project(self, run_class: Class, material: str) -> Class:
        """The class of a run's output of material: the run's marks that it carries."""
        return self.passes(run_class, material)

    def compatible(self, in_class: Class, out_class: Class,
                   output: str | frozenset[str], own: frozenset[str] = frozenset()) -> bool:
        """An input lot of in_class may go into an output lot labelled out_class: every
        mark it passes on is in the label, or (a threshold rule) the label carries the
        de-minimis mark and the run's blending bound holds. A label may carry more marks
        than the lot, which only ever restricts the plan. A tag (traced share rule) is
        exact: the label has the input's tag for every key the run's own stage (own)
        does not set."""
        for mark in self.passes(in_class, output):
            if mark in self.tag_of:
                if self.tag_of[mark] not in own and mark not in out_class:
                    return False
                continue
            rule = mark.removesuffix(TRACE)
            if rule not in out_class and rule + TRACE not in out_class:
                return False
        return True

    def missing_tags(self, marks: Class, carried: frozenset[str]) -> Class:
        """NONE for each tag key a run's outputs carry that neither its own stage nor
        any input sets."""
        have = {self.tag_of[k] for k in marks if k in self.tag_of}
        return frozenset(self.tag(key, NONE) for key in self.tag_keys
                         if key in carried and key not in have)

    def tags_only(self, marks: Class) -> Class:
        return frozenset(k for k in marks if k in self.tag_of)

    def consistent(self, marks: Class) -> bool:
        """At most one tag per key: a run does not mix content of different countries."""
        keys = [self.tag_of[k] for k in marks if k in self.tag_of]
        return len(keys) == len(set(keys))

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


def _tag_keys(data: ModelData, rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, str, str]]:
    """'rule@item/stage' -> (rule, item, stage) for each item and stage a traced share
    rule tallies (blank item: every element; blank stage: every chain stage)."""
    return {f"{r.id}@{k}/{g}": (r, k, g)
            for r in rules for k in ((r.item,) if r.item is not None else data.elements)
            for g in ((r.stage,) if r.stage is not None else CHAIN)}


def _carriers(data: ModelData, item: str) -> set[str]:
    """Materials whose lots carry a tag of item: those containing the element, or the
    material and everything upstream of it."""
    if item in data.materials:
        made_from: dict[str, set[str]] = {}
        for p in data.processes:
            for o in outputs_of(p):
                made_from.setdefault(o, set()).update(p.inputs)
        return {item} | _closure(made_from, item)
    return {m for m in data.materials if data.elements_of(m).get(item, 0) > 0}


MAX_CLASSES = 2_000
"""Most origin classes one material or process run may split into. Classes multiply
with every traced rule a run combines (a share rule traced on every element and stage
of a chain of several inputs reaches thousands, and a model that does not fit in memory);
beyond this the workbook is refused before anything is built."""


class TooManyClasses(ValueError):
    """Tracing the rules would split a material or run into more than MAX_CLASSES."""

    def __init__(self, where: str, rules: tuple[Rule, ...], limit: int):
        self.where, self.rules, self.limit = where, rules, limit
        super().__init__(f"tracing {', '.join(r.id for r in rules)} splits {where} into "
                         f"more than {limit:,} origin classes")


def _bounded(labels: set, where: str, rules: tuple[Rule, ...]) -> set:
    if len(labels) > MAX_CLASSES:
        raise TooManyClasses(where, rules, MAX_CLASSES)
    return labels


def origin_classes(data: ModelData) -> Classes:
    """The marks and reachable classes of data's traced rules (none: nothing traced)."""
    rules = tuple(r for r in data.rules if r.kind in TRACED_KINDS)
    tagged = tuple(r for r in data.rules if r.kind in TRACEABLE_KINDS and r.trace)
    found = Classes(data, rules, tagged=tagged)
    if not rules and not tagged:
        return found
    found.carried, found.history = _carried(data, rules)
    found.tag_keys = _tag_keys(data, tagged)
    for key, (_, k, _) in found.tag_keys.items():
        for material in _carriers(data, k):
            found.carried[material] = found.carried.get(material, frozenset()) | {key}
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
            own = found.process_marks(p) & carried | found.tags_only(found.process_marks(p))
            own_keys = frozenset(found.tag_of[k] for k in own if k in found.tag_of)
            labels = {own}
            for material in p.inputs:
                if found.traced(material):
                    labels = _bounded({s | found.passes(frozenset(
                        k for k in c if found.tag_of.get(k) not in own_keys), carried)
                        for s in labels for c in reachable[material]},
                        f"the runs of process {p.id}", rules + tagged)
            labels = {c | found.missing_tags(c, carried) for c in labels
                      if found.consistent(c)}
            labels = set().union(*(found.threshold_alternatives(c, own) for c in labels))
            if not all(reachable[i] for i in p.inputs if found.traced(i)):
                labels = set()  # an input that no lot can reach: the process cannot run
            if labels - found.runs.get(p.id, set()):
                found.runs.setdefault(p.id, set()).update(labels)
                changed = True
            for o in outputs_of(p):
                made = {found.project(c, o) for c in labels}
                _bounded(made | reachable.get(o, set()), f"material {o}", rules + tagged)
                if found.traced(o) and made - reachable[o]:
                    reachable[o] |= made
                    changed = True
    for material, made in list(reachable.items()):
        if made <= {CLEAN}:  # only ever clean lots: nothing to keep apart, not traced
            del reachable[material]
            found.carried.pop(material)
            found.history.pop(material, None)
    found.reachable = reachable
    _fits_sites(found, rules + tagged)
    return found


def _fits_sites(found: Classes, rules: tuple[Rule, ...]) -> None:
    """With sites every class is kept at each site (models/rules/traced_sites.py): a
    material or run splits into its classes times the sites."""
    sites = len(found.data.sites)
    if sites < 2:
        return
    for where, classes in (*((f"material {m}", c) for m, c in found.reachable.items()),
                           *((f"the runs of process {p}", c) for p, c in found.runs.items())):
        if len(classes) * sites > MAX_CLASSES:
            raise TooManyClasses(f"{where} at {sites} sites", rules, MAX_CLASSES)


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
