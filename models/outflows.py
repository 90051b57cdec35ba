"""What leaves a traced material's classes besides use and service: disposal and sales.

Sales and disposal carry no history requirement: lots of any class may be sold or
discarded, matched ones included (a traced ban bars using and serving them only).
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.classes import label
from models.linear import Sums, variables


def add_class_outflows(m: pyo.ConcreteModel) -> Sums:
    """Disposal and sales of traced materials split by class; returns the class
    balance terms (−1 per t leaving each class).

        disposal split:  Σ_c qc[s,m,c,t] = q[s,m,t]
        sales split:     Σ_c zc[s,k,c,t] = z[s,k,t]      (k sells a traced material)
    """
    data, classes = m.data, m.classes
    material_of = {sale.id: sale.material for sale in data.sales}
    classes_of = {mat: sorted(label(c) for c in found)
                  for mat, found in classes.reachable.items()}
    m.DC = pyo.Set(initialize=[(s, mat, c, t) for s, mat, t in m.DISPOSE
                               for c in classes_of.get(mat, ())],
                   dimen=4, ordered=True, doc="(scenario, material, class, period) discarded")
    m.ZC = pyo.Set(initialize=[(s, k, c, t) for s, k, t in m.SELL
                               for c in classes_of.get(material_of[k], ())],
                   dimen=4, ordered=True, doc="(scenario, sale, class, period) sold")
    m.dc = pyo.Var(m.DC, domain=pyo.NonNegativeReals, doc="t discarded by class")
    m.zc = pyo.Var(m.ZC, domain=pyo.NonNegativeReals, doc="t sold by class")
    leaving, disposed, sold = Sums(), Sums(), Sums()
    for (s, mat, c, t), var in variables(m.dc).items():
        disposed.add((s, mat, t), 1.0, var)
        leaving.add((s, mat, c, t), -1.0, var)
    for (s, k, c, t), var in variables(m.zc).items():
        sold.add((s, k, t), 1.0, var)
        leaving.add((s, material_of[k], c, t), -1.0, var)
    dispose, sell = variables(m.dispose), variables(m.sell)
    m.disposal_split = pyo.Constraint(
        list(disposed.keys()), doc="disposal by class",
        rule=lambda m, *key: disposed.take(key, [-1.0], [dispose[key]]) == 0.0)
    m.sales_split = pyo.Constraint(
        list(sold.keys()), doc="sales by class",
        rule=lambda m, *key: sold.take(key, [-1.0], [sell[key]]) == 0.0)
    return leaving
