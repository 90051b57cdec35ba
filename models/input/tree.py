"""Scenario trees: which scenarios share one decision node in each period.

A tree is given by its scenarios (nodes). Each has a parent (None: a child of the
root), the first period in which it differs from its parent (its branch period) and
its probability conditional on the parent. Scenarios without children are the
leaves: the futures that are costed, each with the product of the conditional
probabilities on its path. An interior scenario is not costed itself; what it says
(its events and rules) holds in every leaf below it.

Leaf a is in node n in period t when n is the deepest scenario on a's path whose
branch period is at or before t (the root when there is none). Two leaves take the
same decisions in t exactly when they are in the same node then. Branch periods do
not decrease down a path (validation checks it), so the nodes of each period
partition the leaves and only get finer with time.

The two-stage model is the tree whose leaves all hang from the root and branch in
the period after the decision period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

ROOT = "(root)"
"""Name of the root node: the decisions every scenario shares."""


@dataclass(frozen=True)
class Node:
    """One scenario of a tree, as the Scenarios sheet gives it."""

    id: str
    probability: float
    """Conditional on the parent."""
    parent: str | None = None
    """None: a child of the root."""
    branch_period: str | None = None
    """First period in which the scenario differs from its parent (None: after the
    horizon, i.e. never within it)."""
    source: str = ""


def children(nodes: Sequence[Node]) -> dict[str | None, list[Node]]:
    """Parent id (None = the root) -> its children, in the order given."""
    found: dict[str | None, list[Node]] = defaultdict(list)
    for node in nodes:
        found[node.parent].append(node)
    return found


def leaves(nodes: Sequence[Node]) -> list[Node]:
    """The scenarios without children, in the order given."""
    parents = {node.parent for node in nodes}
    return [node for node in nodes if node.id not in parents]


def path(nodes: Sequence[Node], leaf: str) -> list[Node]:
    """The scenarios from the root's child down to leaf (leaf included)."""
    by_id = {node.id: node for node in nodes}
    chain = [by_id[leaf]]
    while chain[-1].parent is not None:
        chain.append(by_id[chain[-1].parent])
    return chain[::-1]


def path_probability(nodes: Sequence[Node], leaf: str) -> float:
    """Product of the conditional probabilities from the root down to leaf."""
    probability = 1.0
    for node in path(nodes, leaf):
        probability *= node.probability
    return probability


def descendants(nodes: Sequence[Node], scenario: str) -> list[str]:
    """The leaves below scenario (scenario itself if it is a leaf)."""
    return [leaf.id for leaf in leaves(nodes)
            if scenario in (node.id for node in path(nodes, leaf.id))]


def decision_nodes(nodes: Sequence[Node],
                   periods: Sequence[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Period -> node -> the leaves in that node: the leaves of one node share the
    period's decisions."""
    position = {t: i for i, t in enumerate(periods)}
    start = {node.id: position.get(node.branch_period, len(periods)) if node.branch_period
             else len(periods) for node in nodes}
    paths = {leaf.id: path(nodes, leaf.id) for leaf in leaves(nodes)}
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for i, t in enumerate(periods):
        members: dict[str, list[str]] = defaultdict(list)
        for leaf, chain in paths.items():
            node = ROOT
            for step in chain:
                if start[step.id] > i:
                    break
                node = step.id
            members[node].append(leaf)
        table[t] = {node: tuple(found) for node, found in members.items()}
    return table


def two_stage_nodes(scenarios: Sequence[str], periods: Sequence[str],
                    here_and_now: Sequence[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """The decision nodes of the two-stage model: the root up to the decision period,
    then each scenario on its own."""
    shared = set(here_and_now)
    return {t: {ROOT: tuple(scenarios)} if t in shared else {s: (s,) for s in scenarios}
            for t in periods}
