"""Stochastic structure: decisions shared by the scenarios of one decision node
(non-anticipativity), and the derived problems behind the value of information."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pyomo.environ as pyo

from models.families.linear import linear, variables
from models.input.data import ModelData, Scenario
from models.input.terms import Terms, scenario_terms

NONANTICIPATIVE = ("x", "y", "w", "n", "qualify", "sell", "dispose", "yc", "cc",
                   "r", "ry", "qk", "zk")
"""Decisions whose rows same_<name> tie the scenarios of a decision node."""
COUPLING_ROWS = tuple(f"same_{name}" for name in NONANTICIPATIVE)
"""Rows that tie scenarios together."""


def _rows(m: pyo.ConcreteModel, index: pyo.Set) -> list[tuple]:
    """(key, reference) rows for the shared keys of an (s, ..., t) index: one per
    scenario of a decision node with several scenarios, but its first; reference is
    the first scenario's key, or None when the decision must be 0 (missing in some
    scenario of the node)."""
    nodes = m.data.decision_nodes
    node_of = {(s, t): node for t, in_period in nodes.items()
               for node, members in in_period.items() for s in members}
    present: dict[tuple, list[str]] = defaultdict(list)
    for s, *a, t in index:
        present[tuple(a), t].append(s)
    rows = []
    for (a, t), found in present.items():
        by_node: dict[str, list[str]] = defaultdict(list)
        for s in found:
            by_node[node_of[s, t]].append(s)
        for node, members in by_node.items():
            if len(nodes[t][node]) < 2:
                continue
            if len(members) < len(nodes[t][node]):  # banned in some scenario: bought in none
                rows += [((s, *a, t), None) for s in members]
            else:
                rows += [((s, *a, t), (members[0], *a, t)) for s in members[1:]]
    return rows


def add_nonanticipativity(m: pyo.ConcreteModel) -> None:
    """Decisions of a period are the same in every scenario of its decision node.

        q[s,a,t] = q[s0,a,t]    for every s ≠ s0 in node n of period t, q ∈ {x, y, w, n}
                                (and sales and disposal, the class split of traced runs,
                                yc and cc, the start of a qualification,
                                models/families/qualification.py, and with sites the
                                split by site r, ry, qk and zk, models/families/sites.py)
        q[s,a,t] = 0            where the decision does not exist in some scenario of n

    s0 is the first scenario of the node. The nodes come from the scenario tree
    (models/input/tree.py); without one, every scenario is in the root node up to the
    decision period and alone after it. Contracts z and their starts are taken once
    for all scenarios anyway.
    """
    decisions = [("x", m.x, m.X), ("y", m.y, m.Y), ("w", m.w, m.W), ("n", m.n, m.N)]
    if len(m.QUALIFY):  # when a qualification starts
        decisions.append(("qualify", m.qualify, m.QUALIFY))
    if len(m.SELL) or len(m.DISPOSE):  # selling and discarding are decisions too
        decisions += [("sell", m.sell, m.SELL), ("dispose", m.dispose, m.DISPOSE)]
    if len(m.YC) or len(m.CC):  # traced runs: which classes a run makes and consumes
        decisions += [("yc", m.yc, m.YC), ("cc", m.cc, m.CC)]
    if len(m.R) or len(m.RY):  # sites: where an order goes is decided when it is placed
        decisions += [("r", m.r, m.R), ("ry", m.ry, m.RY), ("qk", m.qk, m.QK),
                      ("zk", m.zk, m.ZK)]
    for name, var, index in decisions:
        rows, q = _rows(m, index), variables(var)

        def rule(m, i, rows=rows, q=q):
            key, reference = rows[i]
            if reference is None:
                return q[key] == 0.0
            return linear([1.0, -1.0], [q[key], q[reference]]) == 0.0

        setattr(m, f"same_{name}", pyo.Constraint(
            range(len(rows)), rule=rule, doc=f"non-anticipativity of {name}"))


def scenario_data(data: ModelData, scenario: str) -> ModelData:
    """data as if scenario were certain (probability 1): for wait-and-see solves."""
    chosen = next(s for s in data.scenarios if s.id == scenario)
    return dataclasses.replace(
        data, scenarios=(dataclasses.replace(chosen, probability=1.0),), tree=(),
        rules=tuple(r for r in data.rules if r.in_scenario(scenario)),
        events=tuple(e for e in data.events if e.scenario == scenario))


EXPECTED = "expected"
"""Scenario id of the expected-value problem."""


def expected_value_problem(data: ModelData) -> tuple[ModelData, Terms]:
    """One scenario whose random terms are their expectations over the scenarios.

    An offer or process is available if it is in any scenario; its capacity factor
    is Σ π_s f_s (0 where banned), its price factor the mean over the scenarios that
    have it; demand and stockpile targets are their expectations. Rules that only
    some scenarios impose enter through these factors (bans, licences, tariffs) or
    not at all (share and count rules).
    """
    full = scenario_terms(data)
    probability = data.probability
    here = data.here_and_now
    ev_data = dataclasses.replace(
        data, scenarios=(Scenario(EXPECTED, 1.0),), events=(), tree=(),
        decision_period=here[-1] if here else None,
        rules=tuple(r for r in data.rules if r.scenario is None))
    ev = scenario_terms(ev_data)
    ev.available, ev.capacity_factor, ev.price_factor = {}, {}, {}
    weight: dict[tuple[str, str], float] = defaultdict(float)
    for (s, a, t), acq in full.available.items():
        key = (EXPECTED, a, t)
        ev.available[key] = acq
        p = probability[s]
        ev.capacity_factor[key] = ev.capacity_factor.get(key, 0.0) + p * full.capacity_factor[
            s, a, t]
        ev.price_factor[key] = ev.price_factor.get(key, 0.0) + p * full.price_factor[s, a, t]
        weight[a, t] += p
    for key in ev.price_factor:
        ev.price_factor[key] /= weight[key[1:]]
    ev.demand, ev.target = _expectation(full.demand, probability), _expectation(
        full.target, probability)
    ev.matched = {rule: [k for k in keys if k in ev.available]
                  for rule, keys in ev.matched.items()}
    ev.soft_licences = [(rule, key) for rule, key in ev.soft_licences if key in ev.available]
    return ev_data, ev


def _expectation(values: dict[tuple[str, str, str], float],
                 probability: dict[str, float]) -> dict[tuple[str, str, str], float]:
    expected: dict[tuple[str, str, str], float] = defaultdict(float)
    for (s, a, t), value in values.items():
        expected[EXPECTED, a, t] += probability[s] * value
    return dict(expected)


HereAndNow = dict[tuple[str, ...], float]
"""("x"|"y"|"w"|"n"|"qualify", id, period), ("z", offer) or ("start", offer, period)
-> value of a first-stage decision."""
WHOLE = ("w", "n", "qualify")
"""First-stage decisions that take whole values."""


def period_decisions(m: pyo.ConcreteModel) -> tuple[tuple[str, pyo.Var], ...]:
    """(name, variable) of the decisions indexed (scenario, id, period)."""
    return (("x", m.x), ("y", m.y), ("w", m.w), ("n", m.n), ("qualify", m.qualify))


def here_and_now(m: pyo.ConcreteModel) -> HereAndNow:
    """The first-stage decisions of a solved model (taken from its first scenario)."""
    here, first, solution = set(m.data.here_and_now), next(iter(m.S)), m.solution
    values: HereAndNow = {("z", o): v for o, v in zip(m.z.keys(),
                                                      solution.values(m.z).tolist(),
                                                      strict=True)}
    values |= {("start", *k): v for k, v in zip(m.start.keys(),
                                                  solution.values(m.start).tolist(),
                                                  strict=True)}
    for name, var in period_decisions(m):
        for (s, a, t), v in zip(var.keys(), solution.values(var).tolist(), strict=True):
            if s == first and t in here:
                values[name, a, t] = v
    return values


def fix_here_and_now(m: pyo.ConcreteModel, values: HereAndNow) -> None:
    """Fix m's first-stage decisions to values (0 where values has none).

    A decision that some scenario bans is 0 in every scenario by non-anticipativity,
    so a plan that buys it makes m infeasible: that plan cannot be carried out.
    """
    here = set(m.data.here_and_now)
    for o in m.Z:
        m.z[o].fix(round(values.get(("z", o), 0.0)))
    for key, v in m.start.items():
        v.fix(round(values.get(("start", *key), 0.0)))
    for name, var in period_decisions(m):
        for (_, a, t), v in var.items():
            if t in here:
                value = values.get((name, a, t), 0.0)
                v.fix(round(value) if name in WHOLE else value)
