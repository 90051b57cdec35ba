"""Traced flows: material kept apart by origin class through processing and stock.

Each traced material (one that carries a traced rule's mark, models/classes.py) has
its flows split by class, a multi-commodity flow: every class is conserved on its
own, so no share of a mix is ever a variable and the model stays linear. The
aggregate variables (x, y, I, u) and the material balance stay as they are; the
class flows refine them. Without traced rules nothing here is indexed.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.arrival import arrival
from models.classes import TRACE, Class, label, outputs_of, unit_values
from models.data import Process, Rule
from models.linear import Sums, linear, variables
from models.outflows import add_class_outflows


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

    def banned(self, s: str, t: str, material: str, marks: Class) -> bool:
        """A hard traced ban forbids lots of material of this class in s and t."""
        return any(r.id in marks and r.applies(s, t) and self.classes.acts(r, material)
                   for r in self.hard)

    def barred(self, s: str, t: str, material: str, marks: Class, segment: str) -> bool:
        """Lots of material of this class may not serve segment's demand in s and t."""
        return self.banned(s, t, material, marks) or any(
            r.id in marks and r.segment == segment and r.applies(s, t)
            and self.classes.acts(r, material) for r in self.hard_for)

    def name(self, key: str, marks: Class) -> str:
        text = label(marks)
        self.of[key, text] = marks
        return text

    def inputs(self, s: str, p: str, out: Class, t: str) -> dict[str, list[str]] | None:
        """Traced input -> labels of the input classes a run of out may consume (None
        when some traced input has none)."""
        classes, process = self.classes, self.m.data.process_by_id[p]
        found = {}
        for material in process.inputs:
            if not classes.traced(material):
                continue
            found[material] = [self.name(material, c)
                               for c in sorted(classes.reachable[material], key=label)
                               if classes.compatible(c, out, classes.run_carried(process),
                                                     classes.own_tag_keys(process))
                               and not self.banned(s, t, material, c)]
            if not found[material]:
                return None
        return found


def add_traced_flows(m: pyo.ConcreteModel) -> None:
    """Class flows of traced materials, per scenario s, period t and class c.

        run split:      Σ_c yc[s,p,c,t] = y[s,p,t]                (p makes a traced output)
        input split:    Σ_c' cc[s,p,c,i,c',t] = input[p,i] · yc[s,p,c,t]
                                                                  (i a traced input of p)
        served split:   Σ_c sv[s,m,c,g,t] + u[s,m,g,t] = d[s,m,g,t]      (segment g)
        unmet split:    Σ_g u[s,m,g,t] = u[s,m,t]          (demand of several segments)
        class balance:  Ic[s,m,c,t-1] + Σ_{o of m in class c} x[s,o,t−L_o]
                        + Σ_{p makes m} yc[s,p,c,t−L_p] − Σ_{p,c''} cc[s,p,c'',m,c,t]
                        − Σ_g sv[s,m,c,g,t] − qc[s,m,c,t] − Σ_k zc[s,k,c,t]
                        = Ic[s,m,c,t]

    with L the lead time of an offer or process (models/arrival.py: what is bought or
    run in t is in stock from t + L; a run consumes its inputs in t),
    Ic[s,m,c,0] = initial stock in its class (unknown history), yc = y where the
    output is not traced (one class, no mark), and cc only for input classes whose
    marks the output class carries (classes.compatible); qc and zc are disposal and
    sales by class (models/outflows.py); a co-product enters its own material's class
    balance with out[p,m] t per t of the run. Summed over classes, the
    class balances are the material balance, so Σ_c Ic = I follows and stock bounds
    and costs stay on I. A hard traced ban r in (s, t) removes, for lots of the
    materials it acts on in classes marked r: the runs that make them, their
    consumption and their service to demand; such stock may still be held. A hard
    traced ban with a segment removes only the service of matched lots to that
    segment's demand. d[s,m,g,t] is the segment's share of the scenario's demand
    d[s,m,t] (demand events scale every segment alike).
    """
    data, classes, index = m.data, m.classes, _Index(m)
    held, made, used, served = [], [], [], []
    runs: dict[tuple, tuple[object, dict]] = {}  # (s, p, label, t) -> (run variable, inputs)
    split_rows: list[tuple[str, str, str]] = []
    if classes.rules or classes.tagged:
        for s in m.S:
            for material in sorted(classes.reachable):
                if material in m.M:
                    for c in sorted(classes.reachable[material], key=label):
                        held += [(s, material, index.name(material, c), t) for t in m.T]
        for s, p, t in m.Y:
            process = data.process_by_id[p]
            if p not in classes.runs:
                continue
            traced_output = classes.traced_run(process)
            if traced_output:
                split_rows.append((s, p, t))
            for c in sorted(classes.runs[p], key=label):
                if traced_output and any(index.banned(s, t, o, classes.project(c, o))
                                         for o in outputs_of(process)):
                    continue
                inputs = index.inputs(s, p, c, t)
                if inputs is None:
                    continue
                key = (s, p, index.name(p, c), t)
                if traced_output:
                    made.append(key)
                runs[key] = (traced_output, inputs)
                used += [(*key[:3], i, lab, t) for i, labels in inputs.items()
                         for lab in labels]
        for s, material, t in m.D:
            if classes.traced(material):
                served += [(s, material, index.name(material, c), g, t)
                           for g in segments(m, material, t)
                           for c in sorted(classes.reachable[material], key=label)
                           if not index.barred(s, t, material, c, g)]
    m.index_of_class = index.of
    """(material or process, class label) -> the class (its marks)."""
    m.IC = pyo.Set(initialize=held, dimen=4, ordered=True,
                   doc="(scenario, material, class, period) of traced stock")
    m.YC = pyo.Set(initialize=made, dimen=4, ordered=True,
                   doc="(scenario, process, output class, period) of traced runs")
    m.CC = pyo.Set(initialize=used, dimen=6, ordered=True,
                   doc="(scenario, process, output class, input, input class, period)")
    m.SV = pyo.Set(initialize=served, dimen=5, ordered=True,
                   doc="(scenario, material, class, segment, period) served to demand")
    m.UG = pyo.Set(initialize=[(s, mat, g, t) for s, mat, t in m.D if classes.traced(mat)
                               and len(segments(m, mat, t)) > 1 for g in segments(m, mat, t)],
                   dimen=4, ordered=True, doc="(scenario, material, segment, period) of "
                   "traced demand in several segments")
    m.Ic = pyo.Var(m.IC, domain=pyo.NonNegativeReals, doc="closing inventory by class, t")
    m.yc = pyo.Var(m.YC, domain=pyo.NonNegativeReals, doc="t of output by class")
    m.cc = pyo.Var(m.CC, domain=pyo.NonNegativeReals, doc="t of input consumed by class")
    m.sv = pyo.Var(m.SV, domain=pyo.NonNegativeReals, doc="t of demand served by class")
    m.ug = pyo.Var(m.UG, domain=pyo.NonNegativeReals, doc="unmet demand of a segment, t",
                   bounds=lambda m, *key: (0.0, segment_demand(m, *key)))
    _add_rows(m, runs, split_rows)
    add_blending_bounds(m, runs)


def _add_rows(m: pyo.ConcreteModel, runs: dict, split_rows: list) -> None:
    data, classes = m.data, m.classes
    y, x, u = variables(m.y), variables(m.x), variables(m.u)
    yc, cc, sv, stock = (variables(v) for v in (m.yc, m.cc, m.sv, m.Ic))
    split = Sums()
    for key, var in yc.items():
        split.add((key[0], key[1], key[3]), 1.0, var)
    m.run_split = pyo.Constraint(
        split_rows, doc="runs of a traced output by class",
        rule=lambda m, s, p, t: split.take((s, p, t), [-1.0], [y[s, p, t]]) == 0.0)
    consumed = Sums()
    for key, var in cc.items():
        consumed.add(key[:4] + key[5:], 1.0, var)
    input_rows = list(consumed.keys())

    def input_row(m, s, p, c, i, t):
        run = yc[s, p, c, t] if runs[s, p, c, t][0] else y[s, p, t]
        return consumed.take((s, p, c, i, t), [-data.process_by_id[p].inputs[i]],
                             [run]) == 0.0

    m.input_split = pyo.Constraint(input_rows, rule=input_row,
                                   doc="traced inputs of a run by class")
    served = Sums()
    for (s, material, _, g, t), var in sv.items():
        served.add((s, material, g, t), 1.0, var)
    served_rows = [(s, mat, g, t) for s, mat, t in m.D if classes.traced(mat)
                   for g in segments(m, mat, t)]
    unmet = variables(m.ug)
    m.served_split = pyo.Constraint(
        served_rows, doc="demand of a segment served by class",
        rule=lambda m, s, mat, g, t: served.take(
            (s, mat, g, t), [1.0], [unmet.get((s, mat, g, t), u[s, mat, t])])
        == segment_demand(m, s, mat, g, t))
    parts = Sums()
    for (s, mat, _, t), var in unmet.items():
        parts.add((s, mat, t), 1.0, var)
    m.unmet_split = pyo.Constraint(
        list(parts.keys()), doc="unmet demand by segment",
        rule=lambda m, s, mat, t: parts.take((s, mat, t), [-1.0], [u[s, mat, t]]) == 0.0)
    m.class_balance = pyo.Constraint(m.IC, doc="material balance by class",
                                     rule=_balance_rule(m, x, yc, cc, sv, stock, runs))


def _balance_rule(m, x, yc, cc, sv, stock, runs):
    data, classes = m.data, m.classes
    flows = add_class_outflows(m)
    for (s, o, t), var in x.items():  # bought in t, in stock from its arrival
        material = data.offer_by_id[o].material
        if classes.traced(material):
            flows.add((s, material, label(classes.offer_class(o)), arrival(data, o, t)), 1.0,
                      var)
    for (s, p, c, t), (traced_output, _) in runs.items():
        if traced_output:  # inputs consumed in t, outputs in stock from the arrival
            marks = m.index_of_class[p, c]
            ready = arrival(data, p, t)
            for o, q in outputs_of(data.process_by_id[p]).items():
                if classes.traced(o):
                    flows.add((s, o, label(classes.project(marks, o)), ready), q,
                              yc[s, p, c, t])
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


def segment_demand(m: pyo.ConcreteModel, s: str, mat: str, g: str, t: str) -> float:
    """d[s,m,g,t] = d[s,m,t] · (the segment's share of the workbook's demand)."""
    split = m.data.demand[mat, t].by_segment()
    return m.terms.demand[s, mat, t] * split[g] / sum(split.values())


def class_balance_rhs(m: pyo.ConcreteModel, s: str, mat: str, c: str, t: str) -> float:
    """− the initial stock, in the first period and the initial stock's class."""
    if m.data.position[t] == 0 and label(m.classes.initial_class(mat)) == c:
        return -m.data.stockpile(mat).initial
    return 0.0


def record_traced_bans(m: pyo.ConcreteModel) -> None:
    """Rule-book entries of traced bans, per scenario and period where they apply.

    A hard ban's volume is the stock of the classes it matches (held, not usable);
    a soft ban's violation is every t of matched lots made, consumed or served
    (matched offers, and runs whose own stage matches, are priced as soft bans on
    the acquisitions: models/trade.py):

        violation[r,s,t] = Σ_{c∋r} yc + Σ_{c'∋r} cc + Σ_{c∋r} sv      (lots r acts on)

    (a rule with a segment: only what is served to that segment).
    """
    classes, book = m.classes, m.rulebook
    of = m.index_of_class
    data = m.data
    for rule in (r for r in classes.rules if r.kind == "traced_ban"):
        parts: dict[tuple[str, str], list] = {}

        def add(s, t, material, key, var, rule=rule, parts=parts):
            if rule.id in of[key] and classes.acts(rule, material) and rule.applies(s, t):
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
    reference value (Settings threshold_basis = value: models.classes.unit_values).
    """
    data, classes = m.data, m.classes
    m.unit_values = unit_values(data) if data.threshold_basis == "value" else {}
    y, yc, cc = variables(m.y), variables(m.yc), variables(m.cc)
    by_run: dict[tuple, list] = {}
    for key, var in cc.items():
        by_run.setdefault((*key[:3], key[5]), []).append((key[3], key[4], var))
    rows: dict[tuple, tuple[Rule, list[float], list]] = {}
    for (s, p, c, t), (traced_output, _) in runs.items():
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
            run = yc[s, p, c, t] if traced_output else y[s, p, t]
            rows[s, rule.id, p, c, t] = (rule, [*coefs, -rule.threshold * whole],
                                         [*parts, run])
    m.BLEND = pyo.Set(initialize=list(rows), dimen=5, ordered=True,
                      doc="(scenario, rule, process, output class, period) of a de-minimis run")
    m.blend = pyo.Constraint(m.BLEND, doc="de-minimis content of a run",
                             rule=lambda m, *key: linear(*rows[key][1:]) <= 0.0)
    for key, (rule, coefs, parts) in rows.items():
        m.rulebook.add(rule, key[0], key[4], constraint=m.blend[key],
                       volume=linear(coefs[:-1], parts[:-1]) if parts[:-1] else None)
