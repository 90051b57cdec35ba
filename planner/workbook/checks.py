"""Cross-sheet checks that the schema alone cannot express.

Each check takes the schema-validated tables and yields problems; blank (None)
values were already reported by the schema checks and are skipped here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from models.input.terms import days_of_demand
from planner.workbook import contract_checks, groups, prices, sites, timing, traced
from planner.workbook.problems import Problem
from planner.workbook.tables import Tables


def shortfall_cost_known(tables: Tables) -> Iterator[Problem]:
    """A material with demand needs a shortfall cost, its own or the Settings default."""
    if tables.settings.get("shortfall_cost") is not None:
        return
    demanded = {r["material"] for r in tables.records["Demand"] if r["quantity"]}
    for record in tables.records["Materials"]:
        if record["material"] in demanded and record["shortfall_cost"] is None:
            yield Problem(
                tables.where("Materials", record["_row"], "shortfall_cost"),
                f"material '{record['material']}' has demand but no shortfall_cost",
                "enter its cost per t of unmet demand here, or a shortfall_cost in Settings",
            )


SHARE_VALUE_KINDS = ("licence", "traced_licence", "max_share", "min_share", "max_group_share",
                     "max_supplier_share", "min_recycled_share")
NEEDS_COUNTRIES = ("min_share", "max_group_share")


def rules_are_complete(tables: Tables) -> Iterator[Problem]:
    """Each rule kind has the fields it needs, with values that make sense for it."""
    for r in tables.records["Rules"]:
        kind, value, row = r["kind"], r["value"], r["_row"]
        if kind is None:
            continue
        if kind not in ("ban", "traced_ban") and value is None:
            yield Problem(tables.where("Rules", row, "value"),
                          f"a {kind} rule needs a value", _VALUE_HINT[kind])
        elif kind in SHARE_VALUE_KINDS and value is not None and value > 1:
            yield Problem(tables.where("Rules", row, "value"),
                          f"a {kind} value is a share between 0 and 1, got {value:g}",
                          "enter e.g. 0.65 for 65 %")
        elif kind == "min_suppliers" and value is not None and (
                value < 1 or not float(value).is_integer()):
            yield Problem(tables.where("Rules", row, "value"),
                          f"min_suppliers needs a whole number of suppliers ≥ 1, got {value:g}",
                          "enter e.g. 2")
        if kind in NEEDS_COUNTRIES and not (r["country"] or r["group"]):
            yield Problem(tables.where("Rules", row, "country"),
                          f"a {kind} rule needs a country or a group",
                          "name the country (or the group in the group column) it is about")
        if kind == "tariff" and r["penalty"] is not None:
            yield Problem(tables.where("Rules", row, "penalty"),
                          "a tariff cannot be soft: it is a cost, not a limit",
                          "clear the penalty")
        if kind == "min_recycled_share" and r["stage"] == "owner":
            yield Problem(tables.where("Rules", row, "stage"),
                          "min_recycled_share looks at a processing stage, not at owners",
                          "choose mining, separation, metal or magnet, or leave it blank")


_VALUE_HINT = {
    "tariff": "enter the tariff as a fraction of the price, e.g. 0.25 for 25 %",
    "licence": "enter the share of volume that obtains a licence, e.g. 0.5",
    "traced_licence": "enter the share of matched volume that obtains a licence, e.g. 0.5",
    "max_share": "enter the largest share allowed, e.g. 0.65",
    "min_share": "enter the smallest share required, e.g. 0.3",
    "max_group_share": "enter the largest share allowed for the group, e.g. 0.1",
    "max_supplier_share": "enter the largest share one supplier may have, e.g. 0.5",
    "min_recycled_share": "enter the smallest recycled share, e.g. 0.25",
    "min_suppliers": "enter the least number of suppliers, e.g. 2",
    "max_suppliers": "enter the most suppliers allowed, e.g. 2",
}


def content_fractions_fit(tables: Tables) -> Iterator[Problem]:
    """The element fractions of one material cannot add up to more than 1 t per t."""
    sums: dict[str, tuple[float, int]] = {}
    for r in tables.records["Content"]:
        if r["material"] and r["fraction"] is not None:
            total, _ = sums.get(r["material"], (0.0, 0))
            sums[r["material"]] = (total + r["fraction"], r["_row"])
    for material, (total, row) in sums.items():
        if total > 1 + 1e-9:
            yield Problem(tables.where("Content", row, "fraction"),
                          f"the fractions of {material} add up to {total:g} t per t",
                          "fractions are t of element per t of material; their sum must be ≤ 1")


def probabilities_sum_to_one(tables: Tables) -> Iterator[Problem]:
    """Scenario probabilities sum to 1; in a tree, those of each node's children."""
    rows = tables.records["Scenarios"]
    if not is_tree(tables):
        total = sum(r["probability"] or 0.0 for r in rows)
        if rows and abs(total - 1.0) > 1e-6:
            yield Problem(tables.where("Scenarios", rows[-1]["_row"], "probability"),
                          f"scenario probabilities add up to {total:g}, not 1",
                          "adjust them so that they sum to 1")
        return
    ids = {r["scenario"] for r in rows}
    families: dict[str | None, list] = {}
    for r in rows:
        if r["parent"] is None or (r["parent"] in ids and r["parent"] not in _cyclic(rows)):
            families.setdefault(r["parent"], []).append(r)
    for parent, members in families.items():
        total = sum(r["probability"] or 0.0 for r in members)
        if abs(total - 1.0) <= 1e-6:
            continue
        where = tables.where("Scenarios", members[-1]["_row"], "probability")
        if parent is None:
            yield Problem(where, f"the probabilities of the scenarios without a parent add "
                          f"up to {total:g}, not 1",
                          "they are the first branches of the tree; adjust them so that "
                          "they sum to 1")
        else:
            yield Problem(where, f"the probabilities of the scenarios branching from "
                          f"'{parent}' add up to {total:g}, not 1",
                          f"they are conditional on '{parent}'; adjust them so that they "
                          "sum to 1")


def is_tree(tables: Tables) -> bool:
    """Whether the Scenarios sheet describes a tree (a parent or a branch period given)."""
    return any(r["parent"] or r["branch_period"] for r in tables.records["Scenarios"])


def _cyclic(rows: list) -> set[str]:
    """Scenarios that are their own ancestors."""
    parent = {r["scenario"]: r["parent"] for r in rows if r["scenario"]}
    cyclic = set()
    for start in parent:
        seen, node = [], start
        while node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if node == start:
            cyclic.add(start)
    return cyclic


def scenario_tree_is_sound(tables: Tables) -> Iterator[Problem]:
    """A tree has no cycles, each child says when it branches, no child branches before
    its parent, and decision_period (the two-stage setting) is not given beside it."""
    if not is_tree(tables):
        return
    rows = tables.records["Scenarios"]
    if tables.settings.get("decision_period") and "decision_period" in tables.settings_rows:
        yield Problem(tables.setting_where("decision_period"),
                      "decision_period is for two-stage scenarios, but Scenarios holds a tree "
                      "(parent, branch_period)",
                      "clear decision_period: each scenario's branch_period says when it "
                      "differs from its parent")
    by_id = {r["scenario"]: r for r in rows if r["scenario"]}
    cyclic, reported = _cyclic(rows), set()
    for r in rows:
        if r["scenario"] in cyclic and r["scenario"] not in reported:
            loop = [r["scenario"]]
            while by_id[loop[-1]]["parent"] != r["scenario"]:
                loop.append(by_id[loop[-1]]["parent"])
            reported |= set(loop)
            shown = " → ".join([*loop, r["scenario"]][::-1])
            yield Problem(tables.where("Scenarios", r["_row"], "parent"),
                          f"scenario '{r['scenario']}' is its own ancestor ({shown})",
                          "a scenario tree has no cycles: clear or correct the parent of one "
                          "of them")
    order = {p["period"]: i for i, p in enumerate(tables.records["Periods"])}
    default = 1 if len(order) > 1 else len(order)
    for r in rows:
        parent = by_id.get(r["parent"])
        if parent is None or r["scenario"] in cyclic:
            continue
        if r["branch_period"] is None:
            yield Problem(tables.where("Scenarios", r["_row"], "branch_period"),
                          f"scenario '{r['scenario']}' has a parent but no branch_period",
                          f"enter the first period in which it differs from "
                          f"'{r['parent']}'")
            continue
        mine = order.get(r["branch_period"])
        theirs = order.get(parent["branch_period"], default) if parent["branch_period"] \
            else default
        if mine is not None and mine < theirs:
            shown = next((t for t, i in order.items() if i == theirs), "after the horizon")
            yield Problem(tables.where("Scenarios", r["_row"], "branch_period"),
                          f"branch_period {r['branch_period']} comes before {shown}, when "
                          f"its parent '{r['parent']}' branches",
                          f"a scenario cannot differ from its parent before the parent "
                          f"differs; choose {shown} or later")


def orders_fit_capacity(tables: Tables) -> Iterator[Problem]:
    """A minimum order above the offer's capacity could never be placed; a take-or-pay
    volume above it would pay every period for more than can be delivered."""
    for r in tables.records["Offers"]:
        for column, what in (("min_order", "minimum order"), ("min_take", "take-or-pay volume")):
            if r[column] and r["capacity"] is not None and r[column] > r["capacity"]:
                yield Problem(tables.where("Offers", r["_row"], column),
                              f"{column} {r[column]:g} exceeds the capacity "
                              f"{r['capacity']:g} of offer '{r['offer']}'",
                              f"lower the {what} or raise the capacity")


def ids_are_one_name_space(tables: Tables) -> Iterator[Problem]:
    """Offers and processes are both acquisitions, and rules and results name them by
    id, so an id may not be used by both."""
    offers = {r["offer"]: r["_row"] for r in tables.records["Offers"]}
    for r in tables.records["Processes"]:
        if r["process"] in offers:
            yield Problem(tables.where("Processes", r["_row"], "process"),
                          f"process '{r['process']}' has the id of the offer in "
                          f"{tables.where('Offers', offers[r['process']], 'offer')}",
                          "offers and processes share one set of ids; rename one of them")


def events_have_values(tables: Tables) -> Iterator[Problem]:
    """Capacity, price and demand events multiply by their value; only a release may
    leave it blank (release everything)."""
    for r in tables.records["Events"]:
        if r["kind"] in ("capacity", "price", "demand") and r["value"] is None:
            yield Problem(tables.where("Events", r["_row"], "value"),
                          f"a {r['kind']} event needs a value",
                          "enter the factor, e.g. 0.5 to halve or 1.2 to raise by a fifth")


def cvar_has_weight(tables: Tables) -> Iterator[Problem]:
    """risk_measure = cvar only changes the plan with a weight on CVaR."""
    settings = tables.settings
    if settings.get("risk_measure") == "cvar" and not settings.get("cvar_weight"):
        yield Problem(tables.setting_where("risk_measure"),
                      "risk_measure is cvar but cvar_weight is 0, so CVaR carries no weight",
                      "set cvar_weight between 0 and 1 (1 = minimise CVaR alone), or set "
                      "risk_measure to expected")


def stockpile_targets_fit(tables: Tables) -> Iterator[Problem]:
    """A stockpile target (in t, or the t that target_days of demand make) above the
    stockpile's max can never be held. Checked on the workbook's own demand; a
    scenario's demand events are left to the solve (planner explain names them)."""
    periods = [(r["period"], r["years"]) for r in tables.records["Periods"]]
    demand: dict[tuple, float] = {}
    home = sites.default_site(tables)  # with sites: the demand of the stockpile's site
    for r in tables.records["Demand"]:  # every segment together
        key = (r["material"], r["period"], r["site"] or home)
        demand[key] = demand.get(key, 0.0) + (r["quantity"] or 0.0)
    for r in tables.records["Stockpile"]:
        most, material = r["max"], r["material"]
        if most is None or material is None:
            continue
        if r["target"] is not None and r["target"] > most:
            yield Problem(tables.where("Stockpile", r["_row"], "target"),
                          f"the target {r['target']:g} t of {material} is above its max "
                          f"{most:g} t", "lower the target or raise the max")
            continue
        if not r["target_days"]:
            continue
        binding = [p for p in periods if p[0] is not None]
        ids = [p[0] for p in binding]
        if r["target_from"] in ids:
            binding = binding[ids.index(r["target_from"]):]
        for period, years in binding:
            quantity = demand.get((material, period, r["site"] or home)) or 0.0
            target = days_of_demand(r["target_days"], quantity, years or 0.0)
            if target > most + 1e-9:
                yield Problem(tables.where("Stockpile", r["_row"], "target_days"),
                              f"target_days {r['target_days']:g} make a target of "
                              f"{target:,.4g} t of {material} in {period} "
                              f"({r['target_days']:g}/365 × {quantity:g} t of demand"
                              f"{f' / {years:g} years' if years != 1 else ''}), above its "
                              f"max {most:g} t", "lower target_days or raise the max")
                break


def processes_make_nothing_from_nothing(tables: Tables) -> Iterator[Problem]:
    """No process may consume its own output, and no cycle of processes may turn a
    tonne of a material back into more than a tonne of it (material from nothing).

    Each ProcessInputs row is an edge input → output that turns q t of input into 1 t
    of output; a cycle makes material when the product of its q is below 1, i.e. when
    Σ log q < 0: a negative cycle, found by Bellman-Ford over the materials.
    """
    outputs = {r["process"]: r["output"] for r in tables.records["Processes"]
               if r["process"] and r["output"]}
    edges = []
    for r in tables.records["ProcessInputs"]:
        output, quantity = outputs.get(r["process"]), r["quantity"]
        if output is None or r["material"] is None or not quantity or quantity <= 0:
            continue
        where = tables.where("ProcessInputs", r["_row"], "quantity")
        if r["material"] == output:
            yield Problem(where, f"process '{r['process']}' consumes its own output "
                          f"{output}", "a process turns inputs into another material; "
                          "remove this row or correct the material")
            continue
        edges.append((r["material"], output, math.log(quantity), r["process"], where))
    cycle = _negative_cycle(edges)
    if cycle:
        product = math.exp(sum(edge[2] for edge in cycle))
        start = cycle[0][0]
        steps = " → ".join([start, *(edge[1] for edge in cycle)])
        cells = ", ".join(edge[4] for edge in cycle)
        yield Problem(cycle[0][4], f"processes {', '.join(e[3] for e in cycle)} turn 1 t of "
                      f"{start} into {1 / product:.4g} t of it ({steps}; their input "
                      f"quantities multiply to {product:.4g}, below 1): the plan could make "
                      "material from nothing",
                      f"check the quantities (t of input per t of output) in {cells}")


def _negative_cycle(edges: list[tuple]) -> list[tuple]:
    """The edges of one cycle whose weights sum below zero (Bellman-Ford), or []."""
    nodes = {e[0] for e in edges} | {e[1] for e in edges}
    distance = dict.fromkeys(nodes, 0.0)
    through: dict[str, tuple] = {}
    changed = None
    for _ in range(len(nodes)):
        changed = None
        for edge in edges:
            source, target, weight = edge[:3]
            if distance[source] + weight < distance[target] - 1e-12:
                distance[target] = distance[source] + weight
                through[target] = edge
                changed = target
        if changed is None:
            return []
    if changed is None:
        return []
    node = changed
    for _ in range(len(nodes)):  # step back until inside the cycle
        node = through[node][0]
    cycle, current = [], node
    while True:
        edge = through[current]
        cycle.append(edge)
        current = edge[0]
        if current == node:
            break
    return cycle[::-1]


CHECKS: tuple[Callable[[Tables], Iterator[Problem]], ...] = (
    ids_are_one_name_space,
    events_have_values,
    cvar_has_weight,
    orders_fit_capacity,
    shortfall_cost_known,
    rules_are_complete,
    content_fractions_fit,
    probabilities_sum_to_one,
    scenario_tree_is_sound,
    stockpile_targets_fit,
    processes_make_nothing_from_nothing,
    *traced.CHECKS,
    *contract_checks.CHECKS,
    *prices.CHECKS,
    *groups.CHECKS,
    *timing.CHECKS,
    *sites.CHECKS,
)
