"""Assemble the Pyomo model from typed data: index sets, variables, then each family.

Only combinations that exist are indexed: an offer or process has a variable only in
the scenarios and periods where it is valid and not banned, unmet demand only where
there is demand.
"""

from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from models.families import (
    backorders,
    balance,
    capacity,
    contracts,
    groups,
    investments,
    objective,
    qualification,
    site_backorders,
    site_rules,
    sites,
    stochastic,
    stockpile,
    takeorpay,
)
from models.families.rulebook import RuleBook
from models.input.classes import origin_classes
from models.input.data import ModelData
from models.input.terms import Terms, scenario_terms
from models.rules import (
    shares,
    suppliers,
    tally,
    traced,
    traced_backorders,
    traced_licences,
    traced_tally,
    trade,
)


def build_model(data: ModelData, terms: Terms | None = None, *,
                keep_banned: bool = False) -> pyo.ConcreteModel:
    """The procurement model for data; solve it with models.solving.solver.solve.

    terms overrides what each scenario looks like (the expected-value problem uses
    averaged terms); by default they come from the rules and events of data.
    keep_banned builds a study model: what hard bans remove keeps its variables,
    fixed at 0, so that a re-solve can lift a ban (models.solving.variants).
    """
    with PauseGC():  # the collector would rescan the growing model at every allocation
        m = pyo.ConcreteModel(name="procurement")
        m.data = data  # kept for the constraint families and solution extraction
        m.terms = terms or scenario_terms(data, keep_banned)
        m.rulebook = RuleBook()
        m.classes = origin_classes(data)
        _index_and_variables(m)
        backorders.add_backlog_variables(m)
        qualification.add_qualification_variables(m)
        site_backorders.add_site_backlog(m)
        traced_backorders.add_segment_backlog(m)
        sites.add_site_flows(m)
        balance.add_balance(m)
        traced.add_traced_flows(m)
        takeorpay.add_contract_starts(m)
        capacity.add_offer_capacity(m)
        capacity.add_process_capacity(m)
        qualification.add_qualification(m)
        contracts.add_orders_and_contracts(m)
        takeorpay.add_take_or_pay(m)
        groups.add_capacity_groups(m)
        groups.add_min_runs(m)
        investments.add_unit_limits(m)
        stochastic.add_nonanticipativity(m)
        trade.add_trade_rules(m)
        site_rules.add_site_rules(m)
        traced.record_traced_bans(m)
        traced_licences.add_traced_licences(m)
        stockpile.add_stockpile_bounds(m)
        tally.add_tally(m)
        traced_tally.add_traced_tally(m)
        shares.add_share_rules(m)
        suppliers.add_min_suppliers(m)
        suppliers.add_max_suppliers(m)
        objective.add_objective(m)
    return m


def _index_and_variables(m: pyo.ConcreteModel) -> None:
    """Index sets of the combinations that exist, and the decision variables.

    Every index that belongs to one scenario starts with the scenario (studies find a
    scenario's rows and columns by it); z is shared by all scenarios.
    """
    data = m.data
    m.S = pyo.Set(initialize=[s.id for s in data.scenarios], ordered=True, doc="scenarios")
    m.T = pyo.Set(initialize=data.period_ids, ordered=True, doc="periods")
    m.M = pyo.Set(initialize=sorted(_active_materials(data)), ordered=True,
                  doc="materials with a balance")
    offers = [k for k, a in m.terms.available.items() if a.kind == "offer"]
    processes = [k for k, a in m.terms.available.items() if a.kind == "process"]
    m.X = pyo.Set(initialize=offers, dimen=3, ordered=True,
                  doc="(scenario, offer, period) where the offer may be bought")
    m.Y = pyo.Set(initialize=processes, dimen=3, ordered=True,
                  doc="(scenario, process, period) where the process may run")
    m.D = pyo.Set(initialize=list(m.terms.demand), dimen=3, ordered=True,
                  doc="(scenario, material, period) with demand")

    offer = data.offer_by_id
    m.Z = pyo.Set(initialize=sorted({o for _, o, _ in offers if offer[o].needs_contract}),
                  ordered=True, doc="offers whose use needs a signed contract")
    m.W = pyo.Set(initialize=[k for k in offers if offer[k[1]].min_order > 0
                              or offer[k[1]].order_cost > 0], dimen=3, ordered=True,
                  doc="(scenario, offer, period) with a minimum order or an order cost")
    m.N = pyo.Set(
        dimen=3, ordered=True, doc="(scenario, investment, period) where units may be built",
        initialize=[(s, i.id, t) for s in m.S for i in data.investments for t in i.periods])

    m.x = pyo.Var(m.X, domain=pyo.NonNegativeReals, doc="t bought")
    m.y = pyo.Var(m.Y, domain=pyo.NonNegativeReals, doc="t of output processed")
    for key in m.terms.banned:  # a study model: banned, so fixed at 0 until lifted
        (m.x if key in m.x else m.y)[key].setub(0.0)
    m.I = pyo.Var(m.S, m.M, m.T, domain=pyo.NonNegativeReals, doc="closing inventory, t")
    m.u = pyo.Var(m.D, domain=pyo.NonNegativeReals, doc="unmet demand, t",
                  bounds=lambda m, *key: (0.0, m.terms.demand[key]))
    m.z = pyo.Var(m.Z, domain=pyo.Binary, doc="contract signed (once, for all scenarios)")
    m.w = pyo.Var(m.W, domain=pyo.Binary, doc="order placed")
    m.DISPOSE = pyo.Set(initialize=[(s, mat, t) for s in m.S for mat in m.M for t in m.T
                                    if data.materials[mat].disposal_cost is not None],
                        dimen=3, ordered=True, doc="(scenario, material, period) that may "
                        "be discarded")
    m.SELL = pyo.Set(initialize=[(s, sale.id, t) for s in m.S for sale in data.sales
                                 if sale.material in m.M for t in sale.periods],
                     dimen=3, ordered=True, doc="(scenario, sale, period) where it is open")
    m.dispose = pyo.Var(m.DISPOSE, domain=pyo.NonNegativeReals, doc="t discarded")
    sale_of = {sale.id: sale for sale in data.sales}
    m.sell = pyo.Var(m.SELL, domain=pyo.NonNegativeReals, doc="t sold",
                     bounds=lambda _, s, k, t: (0.0, sale_of[k].capacity * data.per_period(t)))
    max_units = {i.id: i.max_units for i in data.investments}
    m.n = pyo.Var(m.N, domain=pyo.NonNegativeIntegers, doc="units built",
                  bounds=lambda _, s, i, t: (0, max_units[i]))


def _active_materials(data: ModelData) -> set[str]:
    """Materials that can be bought, made, consumed, demanded or held."""
    active = {o.material for o in data.offers}
    for process in data.processes:
        active |= {process.output, *process.inputs, *process.outputs}
    active |= {d.material for d in data.demand.values()}
    active |= {s.material for s in data.stockpiles.values()}
    return active


def integer_variables(m: pyo.ConcreteModel) -> int:
    """How many decisions take whole values (binaries and unit counts)."""
    return sum(1 for v in m.component_data_objects(pyo.Var) if v.is_integer())
