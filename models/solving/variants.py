"""Variants of a built model, solved warm: changes to the HiGHS model already built.

A study solves many models that differ from one by a few numbers or rows: the plan
without one rule, one scenario on its own, the first stage fixed to another plan, a
point of a sweep. A Warm model is built, handed to HiGHS and solved once; each
variant then changes bounds, costs and coefficients of that HiGHS model, is solved
from the last basis (a MILP also from the base plan, when it stays feasible), and is
reverted. What changes comes from the families' own row functions, called on the
model seen with the variant's data (Seen), so the formulation is written once.

    lift a rule      its rows are freed; a hard ban's columns get their bounds back
                     (the study model keeps banned columns, fixed at 0); a hard
                     licence or tariff changes capacity rows and costs; a soft ban's
                     penalty leaves the costs
    scenario alone   every other scenario's rows and the non-anticipativity rows are
                     freed; the costs are that scenario's own (probability 1)
    fixed stage      the here-and-now columns get equal bounds
    data point       (models.solving.points) rows, bounds and costs recomputed where the
                     numbers changed; a change of which rows or columns exist is
                     refused with its reason, and the caller builds a new model.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np
import pyomo.environ as pyo

from models.build import build_model
from models.families.capacity import offer_capacity_row, process_capacity_row
from models.families.groups import run_gate_row
from models.families.objective import COST_TERMS, acquisition_cost
from models.families.qualification import qualified_row
from models.families.site_rules import site_licence_row, site_tariff_cost, soft_site_licence_row
from models.families.stochastic import COUPLING_ROWS, WHOLE, HereAndNow, period_decisions
from models.families.takeorpay import take_or_pay_row
from models.input.data import TRACED_KINDS, TRADE_KINDS, ModelData
from models.input.terms import Terms, scenario_terms
from models.readback.solution import Plan, extract_plan
from models.rules.suppliers import max_suppliers_link_row
from models.rules.traced_licences import traced_licence_row
from models.rules.trade import soft_licence_row
from models.solving.lexicographic import lexicographic_pass, root_columns
from models.solving.matrix import Linear
from models.solving.solver import SolveOptions, SolveResult, SolverModel

SHARED_COLUMNS = ("z", "start", "eta")
"""Variables common to every scenario."""


class Seen:
    """The model seen with other data and terms: a family's row function called on it
    gives the row of the variant, over the model's own variables."""

    def __init__(self, model: pyo.ConcreteModel, data: ModelData, terms: Terms):
        self._model, self.data, self.terms = model, data, terms

    def __getattr__(self, name: str):
        return getattr(self._model, name)


class Warm:
    """A model built once and handed to HiGHS; variants are solved from it.

    A MILP's variants may start from a plan of the model itself (a lifted rule leaves
    the plan with every rule feasible): `start`, that plan's values by variable
    (plan_values of a model of the same data; a study model's extra columns are 0,
    which keeps the plan feasible), else the model is solved once for it. An LP needs
    no start: each variant starts from the basis the last one left."""

    def __init__(self, data: ModelData, options: SolveOptions | None = None, *,
                 keep_banned: bool = False, terms: Terms | None = None,
                 start: PlanValues | None = None):
        model = build_model(data, terms, keep_banned=keep_banned)
        solver = SolverModel(model, options)
        vector, highs = None, None
        if solver.matrix.has_integers:
            if start is not None:
                vector = _start_vector(model, solver.matrix, start)
            else:
                base = solver.run(duals=False)
                vector = base.solution.x if base.solution is not None else None
                highs = base.timings["highs"]
        self._setup(model, solver, vector, keep_banned, highs)

    @classmethod
    def adopt(cls, model: pyo.ConcreteModel, result: SolveResult) -> Warm:
        """A model already solved by models.solving.solver.solve (its HiGHS model is reused)."""
        warm = cls.__new__(cls)
        warm._setup(model, model.solver, result.solution.x if result.solution else None,
                    bool(model.terms.banned), result.timings.get("highs"))
        return warm

    def _setup(self, model: pyo.ConcreteModel, solver: SolverModel, start: np.ndarray | None,
               keep_banned: bool, highs_seconds: float | None) -> None:
        self.model, self.solver, self.start = model, solver, start
        self.highs_seconds = highs_seconds
        """HiGHS's time for the model itself, when it has been solved (else None)."""
        self.data, self.keep_banned = model.data, keep_banned
        self.matrix = solver.matrix
        self._costs: dict[tuple[str, str], Linear] | None = None
        self._scenario: tuple[np.ndarray, np.ndarray] | None = None
        self._changed_costs: dict[tuple[str, str], dict[int, float]] = {}

    @property
    def integer(self) -> bool:
        return self.matrix.has_integers

    def plan_values(self) -> PlanValues | None:
        """The start plan by variable, for a Warm of the same data elsewhere."""
        if self.start is None:
            return None
        return {var.local_name: dict(zip(var.keys(),
                                         self.start[self.matrix.block(var)].tolist(),
                                         strict=True))
                for var in self.model.component_objects(pyo.Var, active=True)}

    @property
    def lifts_every_ban(self) -> bool:
        """Whether every hard ban can be lifted by bounds (nothing banned is missing)."""
        return self.keep_banned or not self.model.terms.excluded

    # ---- solving a variant --------------------------------------------------------------
    def solve(self, change, *arguments, options: SolveOptions | None = None,
              start_from_base: bool = False, second_pass: bool = False
              ) -> SolveResult | str:
        """Apply change(self, *arguments), solve, and revert. The result, or the reason
        (a string) why the change cannot be made to this model. second_pass: with more
        than one scenario, also give every scenario its own best recourse at the
        variant's optimum (models.solving.lexicographic), as a plain solve does."""
        mark, kept = self.solver.mark(), self.solver.options
        self._changed_costs = {}
        try:
            reason = change(self, *arguments)
            if reason:
                return reason
            start = self.start if start_from_base else None
            result = self.solver.run(duals=False, start=start, options=options)
            if second_pass and result.status.has_plan and len(self.model.S) > 1:
                result = lexicographic_pass(self.solver, result, self.scenario_costs(),
                                            root_columns(self.model, self.matrix),
                                            options).result
            return result
        finally:
            self.solver.revert(mark)
            if options is not None:
                self.solver.set_options(kept)

    def plan(self, result: SolveResult) -> Plan:
        """The plan of a variant's result, costs as the variant priced them."""
        costs = {}
        x = result.solution.x
        for key, linear in self.cost_terms().items():
            changed = self._changed_costs.get(key, {})
            delta = sum(d * x[c] for c, d in changed.items())
            costs[key] = linear.value(x) + delta
        return extract_plan(self.model, result, scenario_costs=costs)

    def scenario_costs(self) -> dict[str, Linear]:
        """Scenario -> its cost as the variant prices it (every term, changes included)."""
        parts: dict[str, list[tuple[np.ndarray, np.ndarray, float]]] = defaultdict(list)
        for (term, s), linear in self.cost_terms().items():
            parts[s].append((linear.cols, linear.coefs, linear.constant))
            changed = self._changed_costs.get((term, s), {})
            if changed:
                parts[s].append((np.array(list(changed), dtype=np.int64),
                                 np.array(list(changed.values()), dtype=float), 0.0))
        return {s: Linear(np.concatenate([p[0] for p in found]).astype(np.int64),
                          np.concatenate([p[1] for p in found]).astype(float),
                          sum(p[2] for p in found))
                for s, found in parts.items()}

    # ---- what the model is made of -----------------------------------------------------
    def cost_terms(self) -> dict[tuple[str, str], Linear]:
        """(term, scenario) -> the cost term as compiled."""
        if self._costs is None:
            memo: dict = {}
            self._costs = {(term, s): self.matrix.linear(self.model.cost[term, s], memo)
                           for term in COST_TERMS for s in self.model.S}
        return self._costs

    def scenario_of(self) -> tuple[np.ndarray, np.ndarray]:
        """Scenario position of every column and row: −1 shared columns, −2 rows
        that couple scenarios."""
        if self._scenario is None:
            m, matrix = self.model, self.matrix
            position = {s: i for i, s in enumerate(m.S)}
            cols = np.full(len(matrix.columns), -1, dtype=np.int64)
            rows = np.full(len(matrix.rows), -2, dtype=np.int64)
            for blocks, found, free in ((matrix.col_blocks, cols, SHARED_COLUMNS),
                                        (matrix.row_blocks, rows, COUPLING_ROWS)):
                for name, (first, last) in blocks.items():
                    if name not in free and first < last:
                        found[first:last] = [position[_lead(key)] for key in m.component(name)]
            self._scenario = cols, rows
        return self._scenario

    def cols(self, var: pyo.Var, keys: list) -> np.ndarray:
        lookup = var.__getitem__
        return self.matrix.cols_of([lookup(k) for k in keys])

    # ---- primitive changes ----------------------------------------------------------
    def change_cost(self, s: str, term: str, cols: np.ndarray, delta: np.ndarray) -> None:
        """Add delta to the coefficients of cols in scenario s's cost term: in the
        objective (weighted as the objective weighs the scenario) and in its CVaR tail."""
        if not len(cols):
            return
        m, solver = self.model, self.solver
        weight = (1 - m.data.risk_weight) * m.data.probability[s]
        solver.set_costs(cols, solver.col_cost[cols] + weight * delta)
        if hasattr(m, "tail"):
            row = self.matrix.row(m.tail[s])
            current = solver.row(row)
            solver.set_coefficients(np.full(len(cols), row), cols,  # cost − η − ξ ≤ 0
                                    [current.get(c, 0.0) + d for c, d in
                                     zip(np.asarray(cols).tolist(), delta, strict=True)])
        changed = self._changed_costs.setdefault((term, s), {})
        for c, d in zip(cols.tolist(), np.asarray(delta).tolist(), strict=True):
            changed[c] = changed.get(c, 0.0) + d

    def set_rows(self, component: pyo.Constraint, indices: list, seen: Seen,
                 row_function) -> None:
        """Replace the rows of component at indices by what row_function(seen, *index)
        gives for each: the entries and bounds that differ are changed."""
        if not indices:
            return
        solver = self.solver
        rows = self.matrix.rows_of([component[i] for i in indices])
        block, lower, upper = self.matrix.relations(
            [row_function(seen, *(i if isinstance(i, tuple) else (i,))) for i in indices])
        changed_rows, changed_cols, values = [], [], []
        starts, cols, coefs = block.start.tolist(), block.index.tolist(), block.value.tolist()
        for n, row in enumerate(rows.tolist()):
            new: dict[int, float] = {}
            for c, v in zip(cols[starts[n]:starts[n + 1]], coefs[starts[n]:starts[n + 1]],
                            strict=True):
                new[c] = new.get(c, 0.0) + v
            current = solver.row(row)
            for c in current.keys() | new.keys():
                if new.get(c, 0.0) != current.get(c, 0.0):
                    changed_rows.append(row)
                    changed_cols.append(c)
                    values.append(new.get(c, 0.0))
        if changed_rows:
            solver.set_coefficients(np.array(changed_rows), np.array(changed_cols),
                                    np.array(values))
        differ = (lower != solver.row_lower[rows]) | (upper != solver.row_upper[rows])
        solver.set_row_bounds(rows[differ], lower[differ], upper[differ])


PlanValues = dict[str, dict]
"""Var component name -> index -> value: a plan that another model of the same data
can start from."""


def _start_vector(model: pyo.ConcreteModel, matrix, values: PlanValues) -> np.ndarray:
    x = np.zeros(len(matrix.columns))
    for name, (first, last) in matrix.col_blocks.items():
        known = values.get(name, {})
        x[first:last] = [known.get(key, 0.0) for key in model.component(name)]
    return x


def _lead(key) -> str:
    return key[0] if isinstance(key, tuple) else key


# ---- lifting a rule --------------------------------------------------------------------
SITE_RULE = "a hard ban, tariff or licence at a site decides which deliveries exist"


def lift_rule(warm: Warm, rule_id: str) -> str | None:
    """The model as if rule_id were not there."""
    m = warm.model
    rule = m.data.rule_by_id[rule_id]
    entries = [e for e in m.rulebook.entries if e.rule.id == rule_id]
    if rule.kind in TRACED_KINDS or rule.trace:
        return "a traced rule decides which class flows exist"
    if rule.site is not None and rule.kind in TRADE_KINDS and not rule.soft:
        return SITE_RULE
    if rule.kind == "ban" and not rule.soft:
        if not warm.lifts_every_ban:
            return "the model was built without the banned combinations"
        lifted = [key for key, bans in m.terms.banned.items() if bans == (rule_id,)]
        if any(m.data.offer_by_id[k[1]].min_take > 0 for k in lifted
               if k[1] in m.data.offer_by_id and k[1] in m.Z):
            return "the ban waives a take-or-pay obligation, which lifting it brings back"
        for var in (m.x, m.y):
            keys = [k for k in lifted if k in var]
            cols = warm.cols(var, keys)
            warm.solver.set_col_bounds(cols, np.zeros(len(cols)), np.full(len(cols), np.inf))
        return None
    if rule.kind in TRADE_KINDS and not rule.soft:  # a hard licence or tariff
        relaxed = dataclasses.replace(m.data, rules=tuple(r for r in m.data.rules
                                                          if r.id != rule_id))
        return refresh_trade(warm, relaxed, scenario_terms(relaxed, warm.keep_banned))
    if rule.kind == "ban":  # soft: its penalty prices every t bought
        delta = {t: m.data.discount_factor(t) for t in m.data.period_ids}
        by_scenario: dict[str, list] = defaultdict(list)
        for entry in entries:
            by_scenario[entry.scenario].append((entry.violation, delta[entry.period]))
        for s, found in by_scenario.items():
            cols = warm.matrix.cols_of([var for var, _ in found])
            warm.change_cost(s, "penalty", cols,
                             -rule.penalty * np.array([d for _, d in found]))
        return None
    rows = [e.constraint for e in entries if e.constraint is not None]
    if rows:
        warm.solver.relax_rows(warm.matrix.rows_of(rows))
    return None


def refresh_trade(warm: Warm, data: ModelData, terms: Terms) -> str | None:
    """Capacity rows (and the rows whose big-M is a capacity: take-or-pay, supplier
    counts, qualification, minimum runs, traced licences on runs) and costs where the
    capacity or price factors (or the capacities, prices and licence values behind
    them) differ between the model and data."""
    m = warm.model
    old = m.terms
    if set(terms.available) != set(old.available) or terms.banned != old.banned:
        return "it changes which offers and processes are available"
    if {(r.id, k) for r, k in terms.soft_licences} != {(r.id, k) for r, k in old.soft_licences}:
        return "it changes which soft licences act"
    seen = Seen(m, data, terms)
    resized = {a for a in (*m.data.offer_by_id, *m.data.process_by_id)
               if m.data.acquisition(a).capacity != data.acquisition(a).capacity}
    repriced = {a for a in (*m.data.offer_by_id, *m.data.process_by_id)
                if _price(m.data, a) != _price(data, a)}
    new_capacity, new_price = terms.capacity_factor, terms.price_factor
    capacity = [k for k, f in old.capacity_factor.items()
                if f != new_capacity[k] or k[1] in resized]
    warm.set_rows(m.offer_capacity, [k for k in capacity if k in m.X], seen,
                  offer_capacity_row)
    warm.set_rows(m.take_or_pay, [k for k in capacity if k in m.SHORT], seen,
                  take_or_pay_row)
    if capacity:  # the big-M of max_suppliers is what the suppliers can deliver
        warm.set_rows(m.most_counts, list(m.most_counts), seen, max_suppliers_link_row)
    warm.set_rows(m.process_capacity, [k for k in capacity if k in m.Y], seen,
                  process_capacity_row)
    warm.set_rows(m.qualified, [k for k in capacity if k in m.qualified], seen, qualified_row)
    warm.set_rows(m.run_gate, [k for k in capacity if k in m.RUNS], seen, run_gate_row)
    values_changed = {r.id for r in data.rules
                      if r.value != m.data.rule_by_id[r.id].value}
    acting = set(capacity)
    warm.set_rows(m.traced_licence, [k for k in m.traced_licence_parts if not k[3]
                                     and (k[0], k[2], k[4]) in acting], seen,
                  traced_licence_row)
    warm.set_rows(m.soft_licence, [key for key in m.V_licence
                                   if (key[0], *key[2:]) in acting or key[1] in values_changed],
                  seen, soft_licence_row)
    _refresh_sites(warm, seen, acting, values_changed)
    priced = [k for k, f in old.price_factor.items() if f != new_price[k] or k[1] in repriced]
    by_scenario: dict[tuple[str, str], list] = defaultdict(list)
    for key in priced:
        term = "purchase" if key in m.X else "processing"
        change = acquisition_cost(seen, *key) - acquisition_cost(m, *key)
        by_scenario[key[0], term].append((key, change))
    for key in priced:  # what is paid for but not taken costs the purchase price
        if key in m.SHORT:
            by_scenario[key[0], "take_or_pay"].append(
                (key, acquisition_cost(seen, *key) - acquisition_cost(m, *key)))
    for (s, term), found in by_scenario.items():
        var = {"purchase": m.x, "processing": m.y, "take_or_pay": m.short}[term]
        warm.change_cost(s, term, warm.cols(var, [k for k, _ in found]),
                         np.array([c for _, c in found]))
    _reprice_sites(warm, seen, set(priced))
    return None


def _refresh_sites(warm: Warm, seen: Seen, acting: set, values_changed: set[str]) -> None:
    """Site licence rows of the (s, a, t) whose capacity factor or capacity changed
    (their limit carries f[s,a,t]), and of soft site licences whose value changed."""
    m = warm.model
    warm.set_rows(m.site_licence, [k for k in m.site_licence
                                   if (k[0], k[1], k[3]) in acting], seen, site_licence_row)
    warm.set_rows(m.soft_site_licence, [k for k in m.V_site_licence
                                        if (k[0], k[2], k[4]) in acting
                                        or k[1] in values_changed],
                  seen, soft_site_licence_row)


def _reprice_sites(warm: Warm, seen: Seen, priced: set) -> None:
    """The site tariffs' part of the cost of deliveries whose price factor changed."""
    m = warm.model
    by_scenario: dict[tuple[str, str], list] = defaultdict(list)
    for key, tariff in m.site_terms.price_factor.items():
        s, a, _, t = key
        if tariff != 1.0 and (s, a, t) in priced:
            term = "purchase" if a in m.data.offer_by_id else "processing"
            by_scenario[s, term].append(
                (key, site_tariff_cost(seen, *key) - site_tariff_cost(m, *key)))
    for (s, term), found in by_scenario.items():
        var = m.r if term == "purchase" else m.ry
        warm.change_cost(s, term, warm.cols(var, [k for k, _ in found]),
                         np.array([c for _, c in found]))


def _price(data: ModelData, a: str) -> float:
    record = data.acquisition(a)
    return record.price if a in data.offer_by_id else record.cost


# ---- one scenario alone, a fixed first stage ------------------------------------------
def scenario_alone(warm: Warm, scenario: str) -> str | None:
    """Scenario on its own, with probability 1 (a wait-and-see solve)."""
    m = warm.model
    try:
        rows_of = warm.scenario_of()[1]
    except KeyError:
        return "a row or column of the model does not name its scenario"
    own = list(m.S).index(scenario)
    others = np.flatnonzero(rows_of != own)
    warm.solver.relax_rows(others)
    costs = np.zeros(len(warm.matrix.columns))
    for term in COST_TERMS:
        linear = warm.cost_terms()[term, scenario]
        np.add.at(costs, linear.cols, linear.coefs)
    warm.solver.set_costs(np.arange(len(costs)), costs)
    return None


def fix_first_stage(warm: Warm, values: HereAndNow) -> str | None:
    """The here-and-now decisions fixed to values (0 where values has none)."""
    m = warm.model
    here = set(m.data.here_and_now)
    keys, fixed = [], []
    for o in m.Z:
        keys.append(m.z[o])
        fixed.append(round(values.get(("z", o), 0.0)))
    for key, v in m.start.items():
        keys.append(v)
        fixed.append(round(values.get(("start", *key), 0.0)))
    for name, var in period_decisions(m):
        for (_, a, t), v in var.items():
            if t in here:
                value = values.get((name, a, t), 0.0)
                keys.append(v)
                fixed.append(round(value) if name in WHOLE else value)
    cols = warm.matrix.cols_of(keys)
    warm.solver.set_col_bounds(cols, np.array(fixed, dtype=float), np.array(fixed, dtype=float))
    return None
