"""Traced flows: material kept apart by origin class through processing and stock.

Each traced material (one that carries a traced rule's mark, models/input/classes.py) has
its flows split by class, a multi-commodity flow: every class is conserved on its
own, so no share of a mix is ever a variable and the model stays linear. The
aggregate variables (x, y, I, u) and the material balance stay as they are; the
class flows refine them. Without traced rules nothing here is indexed.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import Sums, linear, variables
from models.input.classes import TRACE, Class, label, outputs_of, unit_values
from models.input.data import Process, Rule
from models.rules.outflows import add_class_outflows
from models.rules.traced_backorders import backlog_terms
from models.rules.traced_sites import (
    acts_at,
    cell_demand,
    cell_key,
    delivery_places,
    demand_cells,
    initial_stock,
    output_arrival,
    places,
    run_places,
    site_label,
    split_label,
    unmet_target,
)


class _Index:
    """The class flows that exist: what no hard traced ban forbids."""

    def __init__(self, m: pyo.ConcreteModel):
        self.m, self.classes = m, m.classes
        hard = [r for r in self.classes.rules if r.kind == "traced_ban" and not r.soft]
        self.hard = [r for r in hard if r.segment is None]
        self.hard_for = [r for r in hard if r.segment is not None]
        """Hard traced bans on what serves one segment."""
        self.of: dict[tuple[str, str], Class] = {}
        """(material or process, label) -> class."""
        self.site_of: dict[tuple[str, str], str | None] = {}
        """(material or process, label) -> the site the class is kept at (None: no sites)."""

    def banned(self, s: str, t: str, material: str, marks: Class,
               site: str | None = None) -> bool:
        """A hard traced ban forbids lots of material of this class in s and t (at site)."""
        return any(r.id in marks and r.applies(s, t) and self.classes.acts(r, material)
                   and acts_at(r.site, site) for r in self.hard)

    def barred(self, s: str, t: str, material: str, marks: Class, segment: str,
               site: str | None = None) -> bool:
        """Lots of material of this class may not serve segment's demand in s and t."""
        return self.banned(s, t, material, marks, site) or any(
            r.id in marks and r.segment == segment and r.applies(s, t)
            and self.classes.acts(r, material) and acts_at(r.site, site)
            for r in self.hard_for)

    def name(self, key: str, marks: Class, site: str | None = None) -> str:
        text = site_label(site, label(marks))
        self.of[key, text] = marks
        self.site_of[key, text] = site
        return text

    def inputs(self, s: str, p: str, out: Class, t: str,
               site: str | None = None) -> dict[str, list[str]] | None:
        """Traced input -> labels of the input classes a run of out may consume (None
        when some traced input has none); with sites, the classes held at its site."""
        classes, process = self.classes, self.m.data.process_by_id[p]
        found = {}
        for material in process.inputs:
            if not classes.traced(material):
                continue
            found[material] = [self.name(material, c, site)
                               for c in sorted(classes.reachable[material], key=label)
                               if classes.compatible(c, out, classes.run_carried(process),
                                                     classes.own_tag_keys(process))
                               and not self.banned(s, t, material, c, site)]
            if not found[material]:
                return None
        return found


def add_traced_flows(m: pyo.ConcreteModel) -> None:
    """Class flows of traced materials, per scenario s, period t and class c.

        run split:      Σ_c yc[s,p,c,t] = y[s,p,t]                (p makes a traced output)
        input split:    Σ_c' cc[s,p,c,i,c',t] = input[p,i] · yc[s,p,c,t]
                                                                  (i a traced input of p)
        served split:   Σ_c sv[s,m,c,g,t] + u[s,m,g,t] = d[s,m,g,t]      (segment g)
                        (+ Bg[t] − Bg[t−1] with backorders: models/rules/traced_backorders.py)
        unmet split:    Σ_g u[s,m,g,t] = u[s,m,t]          (demand of several segments)
        class balance:  Ic[s,m,c,t-1] + Σ_{o of m in class c} x[s,o,t−L_o]
                        + Σ_{p makes m} yc[s,p,c,t−L_p] − Σ_{p,c''} cc[s,p,c'',m,c,t]
                        − Σ_g sv[s,m,c,g,t] − qc[s,m,c,t] − Σ_k zc[s,k,c,t]
                        = Ic[s,m,c,t]

    with L the lead time of an offer or process (models/input/arrival.py: what is bought or
    run in t is in stock from t + L; a run consumes its inputs in t),
    Ic[s,m,c,0] = initial stock in its class (unknown history), yc = y where the
    output is not traced (one class, no mark), and cc only for input classes whose
    marks the output class carries (classes.compatible); qc and zc are disposal and
    sales by class (models/rules/outflows.py); a co-product enters its own material's class
    balance with out[p,m] t per t of the run. Summed over classes, the
    class balances are the material balance, so Σ_c Ic = I follows and stock bounds
    and costs stay on I. A hard traced ban r in (s, t) removes, for lots of the
    materials it acts on in classes marked r: the runs that make them, their
    consumption and their service to demand; such stock may still be held. A hard
    traced ban with a segment removes only the service of matched lots to that
    segment's demand. d[s,m,g,t] is the segment's share of the scenario's demand
    d[s,m,t] (demand events scale every segment alike).

    With sites (models/rules/traced_sites.py) every class is kept at each site k, c = (k,
    marks): x is replaced by the deliveries r[s,o,k,t] (at their arrival with the
    lane's lead), y by the site's runs ry[s,p,k,t] (inputs from k's class stock,
    outputs to k at their lane's arrival), u by the site's unmet demand uk (or u)
    and d[s,m,g,t] by the demand of segment g at site k, d[s,m,g,k,t]; Σ_c Ic at a
    site is its stock Ik. A traced ban naming a site acts on what is used or served
    at that site only.
    """
    data, classes, index = m.data, m.classes, _Index(m)
    held, made, used, served = [], [], [], []
    runs: dict[tuple, tuple] = {}  # (s, p, label, t) -> (traced output, inputs, site, run)
    split_rows: dict[tuple, object] = {}  # run split row -> the run variable it splits
    if classes.rules or classes.tagged:
        for s in m.S:
            for material in sorted(classes.reachable):
                if material in m.M:
                    for k in places(data):
                        for c in sorted(classes.reachable[material], key=label):
                            held += [(s, material, index.name(material, c, k), t)
                                     for t in m.T]
        for s, p, t, k, run in run_places(m):
            process = data.process_by_id[p]
            if p not in classes.runs:
                continue
            traced_output = classes.traced_run(process)
            if traced_output:
                split_rows[(s, p, t) if k is None else (s, p, k, t)] = run
            for c in sorted(classes.runs[p], key=label):
                if traced_output and any(index.banned(s, t, o, classes.project(c, o), k)
                                         for o in outputs_of(process)):
                    continue
                inputs = index.inputs(s, p, c, t, k)
                if inputs is None:
                    continue
                key = (s, p, index.name(p, c, k), t)
                if traced_output:
                    made.append(key)
                runs[key] = (traced_output, inputs, k, run)
                used += [(*key[:3], i, lab, t) for i, labels in inputs.items()
                         for lab in labels]
        for (s, material, t), cells in m.served_cells.items():
            served += [(s, material, index.name(material, c, k), g, t)
                       for g, k in cells
                       for c in sorted(classes.reachable[material], key=label)
                       if not index.barred(s, t, material, c, g, k)]
    m.index_of_class = index.of
    """(material or process, class label) -> the class (its marks)."""
    m.site_of_class = index.site_of
    """(material or process, class label) -> its site (None without sites)."""
    m.IC = pyo.Set(initialize=held, dimen=4, ordered=True,
                   doc="(scenario, material, class, period) of traced stock")
    m.YC = pyo.Set(initialize=made, dimen=4, ordered=True,
                   doc="(scenario, process, output class, period) of traced runs")
    m.CC = pyo.Set(initialize=used, dimen=6, ordered=True,
                   doc="(scenario, process, output class, input, input class, period)")
    m.SV = pyo.Set(initialize=served, dimen=5, ordered=True,
                   doc="(scenario, material, class, segment, period) served to demand")
    m.UG = pyo.Set(initialize=_unmet_cells(m), dimen=5 if data.sites else 4, ordered=True,
                   doc="(scenario, material, segment, (site,) period) of traced demand "
                   "in several segments")
    m.Ic = pyo.Var(m.IC, domain=pyo.NonNegativeReals, doc="closing inventory by class, t")
    m.yc = pyo.Var(m.YC, domain=pyo.NonNegativeReals, doc="t of output by class")
    m.cc = pyo.Var(m.CC, domain=pyo.NonNegativeReals, doc="t of input consumed by class")
    m.sv = pyo.Var(m.SV, domain=pyo.NonNegativeReals, doc="t of demand served by class")
    m.ug = pyo.Var(m.UG, domain=pyo.NonNegativeReals, doc="unmet demand of a segment, t",
                   bounds=lambda m, *key: (0.0, cell_demand(m, *key)))
    _add_rows(m, runs, split_rows)
    add_blending_bounds(m, runs)


def _unmet_cells(m: pyo.ConcreteModel) -> list[tuple]:
    """Demand rows of traced materials whose place (the one site, or a site) has
    demand of several segments: each segment's unmet demand is a variable there."""
    found = []
    for s, mat, t in m.D:
        if not m.classes.traced(mat):
            continue
        cells = demand_cells(m, mat, t)
        for g, k in cells:
            if sum(1 for _, k2 in cells if k2 == k) > 1:
                found.append(cell_key(s, mat, g, k, t))
    return found


def _add_rows(m: pyo.ConcreteModel, runs: dict, split_rows: dict) -> None:
    data, classes = m.data, m.classes
    yc, cc, sv, stock = (variables(v) for v in (m.yc, m.cc, m.sv, m.Ic))
    split = Sums()
    for key, var in yc.items():
        k = runs[key][2]
        split.add((key[0], key[1], key[3]) if k is None else (key[0], key[1], k, key[3]),
                  1.0, var)
    m.run_split = pyo.Constraint(
        list(split_rows), doc="runs of a traced output by class",
        rule=lambda m, *row: split.take(row, [-1.0], [split_rows[row]]) == 0.0)
    consumed = Sums()
    for key, var in cc.items():
        consumed.add(key[:4] + key[5:], 1.0, var)
    input_rows = list(consumed.keys())

    def input_row(m, s, p, c, i, t):
        run = yc[s, p, c, t] if runs[s, p, c, t][0] else runs[s, p, c, t][3]
        return consumed.take((s, p, c, i, t), [-data.process_by_id[p].inputs[i]],
                             [run]) == 0.0

    m.input_split = pyo.Constraint(input_rows, rule=input_row,
                                   doc="traced inputs of a run by class")
    site_of = m.site_of_class
    served = Sums()
    for (s, material, c, g, t), var in sv.items():
        k = site_of[material, c]
        served.add(cell_key(s, material, g, k, t), 1.0, var)
    due = {cell_key(s, mat, g, k, t)
           for s, mat, t in m.D if classes.traced(mat) for g, k in demand_cells(m, mat, t)}
    served_rows = [cell_key(s, mat, g, k, t)
                   for (s, mat, t), cells in m.served_cells.items() for g, k in cells]
    unmet = variables(m.ug)

    def unmet_of(s, mat, *rest):
        if (s, mat, *rest) not in due:  # a segment's backlog alone is served in t
            return [], []
        k = rest[1] if len(rest) == 3 else None
        return [1.0], [unmet.get((s, mat, *rest), unmet_target(m, s, mat, k, rest[-1]))]

    def served_row(m, *row):
        coefs, parts = unmet_of(*row)
        carried = backlog_terms(m, row)
        return served.take(row, coefs + carried[0], parts + carried[1]) \
            == cell_demand(m, *row)

    m.served_split = pyo.Constraint(served_rows, rule=served_row,
                                    doc="demand of a segment served by class")
    parts = Sums()
    for key, var in unmet.items():
        parts.add((key[0], key[1], *key[3:]), 1.0, var)
    m.unmet_split = pyo.Constraint(
        list(parts.keys()), doc="unmet demand by segment",
        rule=lambda m, s, mat, *rest: parts.take(
            (s, mat, *rest), [-1.0],
            [unmet_target(m, s, mat, rest[0] if len(rest) == 2 else None, rest[-1])]) == 0.0)
    m.class_balance = pyo.Constraint(m.IC, doc="material balance by class",
                                     rule=_balance_rule(m, cc, sv, stock, runs))


def _balance_rule(m, cc, sv, stock, runs):
    data, classes = m.data, m.classes
    flows = add_class_outflows(m)
    for s, o, k, when, var in delivery_places(m):  # bought in t, in stock from arrival
        material = data.offer_by_id[o].material
        if classes.traced(material) and when is not None:
            flows.add((s, material, site_label(k, label(classes.offer_class(o))), when),
                      1.0, var)
    yc = variables(m.yc)
    for (s, p, c, t), (traced_output, _, k, _) in runs.items():
        if traced_output:  # inputs consumed in t, outputs in stock from the arrival
            marks = m.index_of_class[p, c]
            for o, q in outputs_of(data.process_by_id[p]).items():
                ready = output_arrival(m, s, p, k, t, o)
                if classes.traced(o) and ready is not None:
                    flows.add((s, o, site_label(k, label(classes.project(marks, o))), ready),
                              q, yc[s, p, c, t])
    for (s, _, _, i, c_in, t), var in cc.items():
        flows.add((s, i, c_in, t), -1.0, var)
    for (s, material, c, _, t), var in sv.items():
        flows.add((s, material, c, t), -1.0, var)
    previous = dict(zip(data.period_ids[1:], data.period_ids[:-1], strict=False))
    for (s, material, c, t), var in stock.items():
        flows.add((s, material, c, t), -1.0, var)
        if t in previous:
            flows.add((s, material, c, t), 1.0, stock[s, material, c, previous[t]])

    def rule(m, s, material, c, t):
        return flows.take((s, material, c, t)) == class_balance_rhs(m, s, material, c, t)

    return rule


def segments(m: pyo.ConcreteModel, mat: str, t: str) -> tuple[str, ...]:
    """Segments with demand of mat in t."""
    row = m.data.demand.get((mat, t))
    return tuple(g for g, q in row.by_segment().items() if q > 0) if row else ()


def class_balance_rhs(m: pyo.ConcreteModel, s: str, mat: str, c: str, t: str) -> float:
    """− the initial stock (at the class's site), in the first period and the initial
    stock's class."""
    if m.data.position[t] != 0:
        return 0.0
    site, marks = split_label(m.data, c)
    if label(m.classes.initial_class(mat)) == marks:
        return -initial_stock(m.data, mat, site)
    return 0.0


def record_traced_bans(m: pyo.ConcreteModel) -> None:
    """Rule-book entries of traced bans, per scenario and period where they apply.

    A hard ban's volume is the stock of the classes it matches (held, not usable);
    a soft ban's violation is every t of matched lots made, consumed or served
    (matched offers, and runs whose own stage matches, are priced as soft bans on
    the acquisitions: models/rules/trade.py):

        violation[r,s,t] = Σ_{c∋r} yc + Σ_{c'∋r} cc + Σ_{c∋r} sv      (lots r acts on)

    (a rule with a segment: only what is served to that segment; a rule with a site:
    only the classes kept at that site).
    """
    classes, book = m.classes, m.rulebook
    of, site_of = m.index_of_class, m.site_of_class
    data = m.data
    for rule in (r for r in classes.rules if r.kind == "traced_ban"):
        parts: dict[tuple[str, str], list] = {}

        def add(s, t, material, key, var, rule=rule, parts=parts):
            if rule.id in of[key] and classes.acts(rule, material) and rule.applies(s, t) \
                    and acts_at(rule.site, site_of[key]):
                parts.setdefault((s, t), []).append(var)

        if not rule.soft:
            for (s, material, c, t), var in variables(m.Ic).items():
                add(s, t, material, (material, c), var)
        else:
            made = variables(m.yc).items() if rule.segment is None else ()
            for (s, p, c, t), var in made:
                process = data.process_by_id[p]
                if rule.id not in classes.process_marks(process):
                    add(s, t, process.output, (p, c), var)
            used = variables(m.cc).items() if rule.segment is None else ()
            for (s, _, _, i, c, t), var in used:
                add(s, t, i, (i, c), var)
            for (s, material, c, g, t), var in variables(m.sv).items():
                if rule.segment in (None, g):
                    add(s, t, material, (material, c), var)
        for (s, t), found in parts.items():
            if rule.soft:  # one entry per variable: the objective prices each
                for var in found:
                    book.add(rule, s, t, volume=var, violation=var)
            else:
                book.add(rule, s, t, volume=linear([1.0] * len(found), found))


def _weights(m: pyo.ConcreteModel, rule: Rule, process: Process) -> tuple[dict, float]:
    """(input -> weight of a t of it, weight of a t of output) in a threshold rule's
    blending bound: t of the rule's element (mass), t of input against all the inputs'
    t (mass, a material or blank item), or reference value (value)."""
    classes = m.classes
    carrying = [i for i in process.inputs if rule.id in classes.carried.get(i, ())]
    if m.data.threshold_basis == "value":
        values = m.unit_values
        return ({i: values[i] for i in carrying},
                sum(q * values[i] for i, q in process.inputs.items()))
    if rule.item is not None and rule.item not in m.data.materials:
        return ({i: m.data.elements_of(i).get(rule.item, 0.0) for i in carrying},
                sum(q * m.data.elements_of(o).get(rule.item, 0.0)
                    for o, q in outputs_of(process).items()))
    return dict.fromkeys(carrying, 1.0), sum(process.inputs.values())


def add_blending_bounds(m: pyo.ConcreteModel, runs: dict) -> None:
    """A run labelled with the de-minimis mark r~ of a threshold rule r keeps its
    matched content within θ of the lot:

        Σ_{i,c'} share[r,c'] · w[i] · cc[s,p,c,i,c',t] ≤ θ[r] · W[p] · yc[s,p,c,t]

    share = 1 for input lots matching r, θ for de-minimis lots (counted at the most
    they may carry, so that blending cannot be repeated to launder content), 0 for
    the rest; w[i] and W[p] weigh inputs and output by the rule's element (mass), by
    t of input against all the inputs' t (mass, a material or blank item), or by
    reference value (Settings threshold_basis = value: models.input.classes.unit_values).
    """
    data, classes = m.data, m.classes
    m.unit_values = unit_values(data) if data.threshold_basis == "value" else {}
    yc, cc = variables(m.yc), variables(m.cc)
    by_run: dict[tuple, list] = {}
    for key, var in cc.items():
        by_run.setdefault((*key[:3], key[5]), []).append((key[3], key[4], var))
    rows: dict[tuple, tuple[Rule, list[float], list]] = {}
    for (s, p, c, t), (traced_output, _, _, whole) in runs.items():
        marks = m.index_of_class[p, c]
        process = data.process_by_id[p]
        for rule in (r for r in classes.rules if r.id + TRACE in marks):
            weights, whole = _weights(m, rule, process)
            coefs, parts = [], []
            for i, c_in, var in by_run.get((s, p, c, t), []):
                inputs = m.index_of_class[i, c_in]
                share = 1.0 if rule.id in inputs else \
                    rule.threshold if rule.id + TRACE in inputs else 0.0
                if share and weights.get(i):
                    coefs.append(share * weights[i])
                    parts.append(var)
            run = yc[s, p, c, t] if traced_output else whole
            rows[s, rule.id, p, c, t] = (rule, [*coefs, -rule.threshold * whole],
                                         [*parts, run])
    m.BLEND = pyo.Set(initialize=list(rows), dimen=5, ordered=True,
                      doc="(scenario, rule, process, output class, period) of a de-minimis run")
    m.blend = pyo.Constraint(m.BLEND, doc="de-minimis content of a run",
                             rule=lambda m, *key: linear(*rows[key][1:]) <= 0.0)
    for key, (rule, coefs, parts) in rows.items():
        m.rulebook.add(rule, key[0], key[4], constraint=m.blend[key],
                       volume=linear(coefs[:-1], parts[:-1]) if parts[:-1] else None)
