"""Result tables of a scenario tree: the tree itself and the decisions of each node."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from models.input.data import ModelData
from models.input.tree import descendants, path
from models.readback.figures import scenario_shortfall
from models.readback.solution import Plan

NODE_COLUMNS = ["node", "period", "scenarios", "probability", "decision", "id", "quantity"]


def scenario_tree_columns(data: ModelData, plan: Plan) -> pd.DataFrame:
    """Per scenario of the tree: path probability, leaf or interior, the leaves below
    it, and for leaves their cost and shortfall (for the copy of the Scenarios sheet)."""
    shortfall = scenario_shortfall(plan)
    rows = {}
    for node in data.tree:
        below = descendants(data.tree, node.id)
        leaf = below == [node.id]
        probability = 1.0
        for step in path(data.tree, node.id):
            probability *= step.probability
        rows[node.id] = {
            "path_probability": probability,
            "role": "leaf" if leaf else "interior",
            "leaves_below": None if leaf else ", ".join(below),
            "depth": len(path(data.tree, node.id)),
            "cost": sum(plan.scenario_costs[node.id].values()) if leaf else None,
            "shortfall_t": shortfall[node.id] if leaf else None,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def node_decisions_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """One row per decision node, period and decision taken there (once for all the
    scenarios of the node): purchases, processing, orders placed and units built."""
    taken: dict[tuple[str, str], list[tuple[str, str, float]]] = defaultdict(list)
    for kind, values in (("purchase", plan.purchases), ("processing", plan.processing),
                         ("order", plan.orders), ("build", plan.units)):
        for (s, a, t), value in values.items():
            if value:
                taken[s, t].append((kind, a, value))
    rows = []
    for t, nodes in data.decision_nodes.items():
        for node, members in nodes.items():
            probability = sum(data.probability[s] for s in members)
            rows += [[node, t, ", ".join(members), probability, kind, a, value]
                     for kind, a, value in taken[members[0], t]]
    return pd.DataFrame(rows, columns=NODE_COLUMNS)
