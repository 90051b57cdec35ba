"""The ban set that hurts a fixed plan most: a MILP over which bans to impose.

The recourse of a plan (its first stage fixed) is an LP, min c'q s.t. L ≤ Aq ≤ U,
l ≤ q ≤ u (integer decisions relaxed). Its dual is

    max  L'p − U'r + l'α − u'γ + c₀    s.t.  A'(p − r) + α − γ = c,   p, r, α, γ ≥ 0

and a ban that removes column j (an offer or process in a period) removes its dual
constraint. With binaries β_k (country k banned, Σ_k β_k ≤ K) the constraint of a
column that bans on the countries C(j) remove becomes

    A_j'(p − r) − γ_j ≤ c_j + V̄_j · Σ_{k ∈ C(j)} β_k

which is the McCormick envelope of the bilinear form u_j (1 − β) σ_j with the
column's value σ_j ∈ [0, V̄_j]. Maximising the dual over (p, r, α, γ, β) gives the
largest recourse cost any ban set can cause, provided V̄_j bounds what one tonne of
column j can ever be worth; value_bounds derives V̄ from the data (shortfall costs
through process yields, soft penalties, the multipliers of hard share rules), never
from an arbitrary constant.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from models import ModelData, SolveOptions, solve
from models.solving.solver import Status

MAX_SHARE_KINDS = ("max_share", "max_group_share", "max_supplier_share")
MIN_SHARE_KINDS = ("min_share", "min_recycled_share")


def value_bounds(data: ModelData) -> dict[str, float]:
    """Material -> the most one tonne of it can save in any period (undiscounted).

    A tonne less of material m can always be absorbed by serving less demand: of m
    (its shortfall cost), or of what m is made into (a process needing q t of m per t
    of output passes on V(output) / q), and it relieves soft rules by at most their
    penalty per tonne (per supplier counted: penalty / min_supplier_quantity). Each
    hard share rule may force further tonnes out, 1/(1 − v) per tonne under a cap v,
    1/v under a floor v. So

        V̄(m) = Γ · (W(m) + Σ_soft penalty),   W(m) = max(SC(m), max_p W(out_p)/q_pm)
        Γ    = Π_{hard caps} 1/(1 − v) · Π_{hard floors} 1/v

    The bound holds while a tonne less can be absorbed that way: when a ban leaves a
    hard stockpile target or a hard supplier count reachable only by the banned
    tonne, that tonne is worth more, and the exact evaluation of the ban set shows it.
    """
    demanded = {m for (m, _), row in data.demand.items() if row.quantity > 0}
    worth = {m: (mat.shortfall_cost if m in demanded else 0.0)
             for m, mat in data.materials.items()}
    for _ in range(len(worth)):  # longest chains of processes: at most one step per material
        changed = False
        for process in data.processes:
            for material, quantity in process.inputs.items():
                if quantity > 0 and worth[process.output] / quantity > worth[material] + 1e-12:
                    worth[material] = worth[process.output] / quantity
                    changed = True
        if not changed:
            break
    soft = 0.0
    multiplier = 1.0
    for rule in data.rules:
        if rule.soft:
            per_tonne = 1.0 / data.min_supplier_quantity if rule.kind == "min_suppliers" else 1.0
            soft += rule.penalty * per_tonne
        elif rule.kind in MAX_SHARE_KINDS and rule.value is not None and rule.value < 1:
            multiplier /= 1.0 - rule.value
        elif rule.kind in MIN_SHARE_KINDS and rule.value:
            multiplier /= rule.value
    return {m: multiplier * (w + soft) for m, w in worth.items()}


@dataclass
class Search:
    """The worst ban set for a plan, as the LP relaxation of its recourse sees it."""

    banned: tuple[str, ...]
    value: float
    """Largest recourse cost (LP relaxation) over every ban set of at most K."""
    status: Status
    seconds: float


@dataclass
class _Row:
    coefficients: dict[int, float]
    lower: float | None
    upper: float | None


def _linear(expr) -> tuple[dict[int, float], float, dict[int, object]]:
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    if repn.nonlinear_expr is not None:
        raise ValueError("the recourse is not linear")
    coefficients: dict[int, float] = defaultdict(float)
    variables = {}
    for var, coefficient in zip(repn.linear_vars, repn.linear_coefs, strict=True):
        coefficients[id(var)] += coefficient
        variables[id(var)] = var
    return coefficients, float(repn.constant), variables


def worst_bans(model: pyo.ConcreteModel, removes: dict[str, list], max_bans: int,
               bound: dict[int, float], options: SolveOptions) -> Search:
    """The ban set (at most max_bans countries of removes) that maximises the LP
    relaxation of model's cost, and that cost.

    model is the recourse: one scenario without any of the bans, its first stage
    fixed. removes maps a country to the variables (offer or process, period) its ban
    removes; bound maps id(variable) to V̄ of its column.
    """
    rows: list[_Row] = []
    variables: dict[int, object] = {}
    for con in model.component_data_objects(pyo.Constraint, active=True):
        coefficients, constant, found = _linear(con.body)
        coefficients = {k: v for k, v in coefficients.items() if v}
        lower = None if con.lower is None else pyo.value(con.lower) - constant
        upper = None if con.upper is None else pyo.value(con.upper) - constant
        if not coefficients:
            continue  # a row of fixed decisions only
        variables.update(found)
        rows.append(_Row(coefficients, lower, upper))
    objective = next(model.component_data_objects(pyo.Objective, active=True))
    cost, offset, found = _linear(objective.expr)
    variables.update(found)
    columns: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for i, row in enumerate(rows):
        for j, a in row.coefficients.items():
            columns[j].append((i, a))
    banned_by: dict[int, list[str]] = defaultdict(list)
    for country, removed in removes.items():
        for var in removed:
            banned_by[id(var)].append(country)

    d = pyo.ConcreteModel(name="worst ban set")
    equal = [i for i, r in enumerate(rows) if r.lower is not None and r.lower == r.upper]
    lows = [i for i, r in enumerate(rows) if r.lower is not None and r.lower != r.upper
            and math.isfinite(r.lower)]
    ups = [i for i, r in enumerate(rows) if r.upper is not None and r.lower != r.upper
           and math.isfinite(r.upper)]
    d.pi = pyo.Var(equal, domain=pyo.Reals, doc="dual of an equality row")
    d.p = pyo.Var(lows, domain=pyo.NonNegativeReals, doc="dual of a row's lower bound")
    d.r = pyo.Var(ups, domain=pyo.NonNegativeReals, doc="dual of a row's upper bound")
    bounds = {j: var.bounds for j, var in variables.items() if not var.fixed}
    with_lower = [j for j, (lb, _) in bounds.items() if lb is not None and lb != 0]
    with_upper = [j for j, (_, ub) in bounds.items() if ub is not None]
    d.alpha = pyo.Var(with_lower, domain=pyo.NonNegativeReals, doc="dual of a lower bound")
    d.gamma = pyo.Var(with_upper, domain=pyo.NonNegativeReals, doc="dual of an upper bound")
    d.ban = pyo.Var(sorted(removes), domain=pyo.Binary, doc="country banned")
    d.most = pyo.Constraint(expr=sum(d.ban[k] for k in removes) <= max_bans)

    duals: dict[int, object] = {i: d.pi[i] for i in equal}
    for i in lows:
        duals[i] = d.p[i]
    for i in ups:
        duals[i] = duals[i] - d.r[i] if i in duals else -d.r[i]

    def dual_row(i: int):
        return duals.get(i, 0)

    def column(_, j):
        lhs = sum(a * dual_row(i) for i, a in columns.get(j, ()))
        if j in d.alpha:
            lhs += d.alpha[j]
        if j in d.gamma:
            lhs -= d.gamma[j]
        rhs = cost.get(j, 0.0)
        if j in banned_by:  # bannable columns are purchases and runs, all ≥ 0
            return lhs <= rhs + bound[j] * sum(d.ban[k] for k in banned_by[j])
        if isinstance(lhs, (int, float)):
            return pyo.Constraint.Skip  # in no row and unbounded: nothing to price
        if bounds[j][0] == 0:
            return lhs <= rhs  # q ≥ 0: the dual of its bound is the slack
        return lhs == rhs

    d.column = pyo.Constraint(list(bounds), rule=column, doc="dual constraint of a column")
    d.value = pyo.Objective(sense=pyo.maximize, expr=offset
                            + sum(rows[i].lower * d.pi[i] for i in equal)
                            + sum(rows[i].lower * d.p[i] for i in lows)
                            - sum(rows[i].upper * d.r[i] for i in ups)
                            + sum(bounds[j][0] * d.alpha[j] for j in with_lower)
                            - sum(bounds[j][1] * d.gamma[j] for j in with_upper))
    result = solve(d, options)
    banned = tuple(k for k, value in zip(d.ban.keys(), result.solution.values(d.ban).tolist(),
                                         strict=True) if value > 0.5) \
        if result.status.has_plan else ()
    return Search(banned, result.objective if result.objective is not None else math.inf,
                  result.status, result.seconds)


def ordered(countries: Iterable[str], order: list[str]) -> tuple[str, ...]:
    """countries in the order of order."""
    chosen = set(countries)
    return tuple(c for c in order if c in chosen)
