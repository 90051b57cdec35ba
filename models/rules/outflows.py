"""What leaves a traced material's classes besides use and service: disposal and sales.

Sales and disposal carry no history requirement: lots of any class may be sold or
discarded, matched ones included (a traced ban bars using and serving them only).
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import Sums, variables
from models.input.classes import label
from models.rules.traced_sites import places, site_label, split_label


def add_class_outflows(m: pyo.ConcreteModel) -> Sums:
    """Disposal and sales of traced materials split by class; returns the class
    balance terms (−1 per t leaving each class).

        disposal split:  Σ_c qc[s,m,c,t] = q[s,m,t]
        sales split:     Σ_c zc[s,k,c,t] = z[s,k,t]      (k sells a traced material)

    With sites each site's classes add up to what leaves that site (qk and zk of
    models/families/sites.py; with one site, q and z themselves).
    """
    data, classes = m.data, m.classes
    material_of = {sale.id: sale.material for sale in data.sales}
    classes_of = {mat: sorted(label(c) for c in found)
                  for mat, found in classes.reachable.items()}
    sites = places(data)
    m.DC = pyo.Set(initialize=[(s, mat, site_label(k, c), t) for s, mat, t in m.DISPOSE
                               for k in sites for c in classes_of.get(mat, ())],
                   dimen=4, ordered=True, doc="(scenario, material, class, period) discarded")
    m.ZC = pyo.Set(initialize=[(s, j, site_label(k, c), t) for s, j, t in m.SELL
                               for k in sites for c in classes_of.get(material_of[j], ())],
                   dimen=4, ordered=True, doc="(scenario, sale, class, period) sold")
    m.dc = pyo.Var(m.DC, domain=pyo.NonNegativeReals, doc="t discarded by class")
    m.zc = pyo.Var(m.ZC, domain=pyo.NonNegativeReals, doc="t sold by class")
    leaving, disposed, sold = Sums(), Sums(), Sums()
    for (s, mat, c, t), var in variables(m.dc).items():
        disposed.add(_where(data, s, mat, c, t), 1.0, var)
        leaving.add((s, mat, c, t), -1.0, var)
    for (s, j, c, t), var in variables(m.zc).items():
        sold.add(_where(data, s, j, c, t), 1.0, var)
        leaving.add((s, material_of[j], c, t), -1.0, var)
    dispose = variables(m.qk) if len(data.sites) > 1 else variables(m.dispose)
    sell = variables(m.zk) if len(data.sites) > 1 else variables(m.sell)
    m.disposal_split = pyo.Constraint(
        list(disposed.keys()), doc="disposal by class",
        rule=lambda m, *key: disposed.take(key, [-1.0], [dispose[key]]) == 0.0)
    m.sales_split = pyo.Constraint(
        list(sold.keys()), doc="sales by class",
        rule=lambda m, *key: sold.take(key, [-1.0], [sell[key]]) == 0.0)
    return leaving


def _where(data, s: str, a: str, c: str, t: str) -> tuple[str, ...]:
    """The row a class's disposal or sale adds up in: (s, a, t), or (s, a, site, t)
    where several sites each dispose and sell (qk, zk)."""
    if len(data.sites) > 1:
        return s, a, split_label(data, c)[0], t
    return s, a, t
