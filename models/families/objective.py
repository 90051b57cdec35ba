"""Cost terms and the objective: every term discounted to the first period."""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.backorders import add_backlog_costs
from models.families.investments import built_by
from models.families.linear import Sums, variables
from models.families.qualification import add_qualification_costs
from models.families.site_rules import add_site_costs

COST_TERMS = ("purchase", "processing", "holding", "shortfall", "penalty", "contract",
              "capex", "fixed", "disposal", "sales", "take_or_pay", "ordering",
              "qualification", "backorder", "transport")


def add_objective(m: pyo.ConcreteModel) -> None:
    """Minimise the expected discounted cost, kept as named components per scenario.

        purchase[s]   = Σ_{o,t} δ_t · price[o] · τ[s,o,t] · x[s,o,t]
        processing[s] = Σ_{p,t} δ_t · cost[p] · τ[s,p,t] · y[s,p,t]
        holding[s]    = Σ_{m,t} δ_t · ρ_t · holding[m] · I[s,m,t]
        shortfall[s]  = Σ_{m,t} δ_t · shortfall_cost[m] · u[s,m,t]
        penalty[s]    = Σ_{soft rules r,t} δ_t · penalty[r] · v[r,s,t]
        contract[s]   = Σ_o contract_cost[o] · z[o]            (once, not discounted)
        capex[s]      = Σ_{i,t} δ_t · capex[i] · n[s,i,t]
        fixed[s]      = Σ_{i,t} δ_t · ρ_t · fixed_cost[i] · Σ_{τ≤t} n[s,i,τ]
        disposal[s]   = Σ_{m,t} δ_t · disposal_cost[m] · q[s,m,t]
        sales[s]      = − Σ_{k,t} δ_t · price[k] · z[s,k,t]   (revenue lowers the cost)
        take_or_pay[s] = Σ_{o,t} δ_t · price[o] · τ[s,o,t] · short[s,o,t]  (paid, not taken)
        ordering[s]   = Σ_{o,t} δ_t · order_cost[o] · w[s,o,t]
        qualification[s] = Σ_{a,τ} δ_τ · qualification_cost[a] · q[s,a,τ]
        backorder[s]  = Σ_{m,t<last} δ_t · ρ_t · backorder_cost[m] · B[s,m,t]
                        (B[s,m,last] is lost: priced in shortfall at shortfall_cost)
        transport[s]  = lane costs of deliveries to sites (models/families/site_rules.py, which
                        also adds site tariffs and site holding costs)
        min  (1 − λ) · Σ_s prob[s] · cost[s] + λ · CVaR_α(cost)

    where cost[s] is the sum of the terms above and λ = cvar_weight when risk_measure
    is cvar (else 0). With risk_measure = worst the objective is max_s cost[s]: CVaR
    at α = 1 alone.

    with δ_t = 1 / (1 + discount_rate)^(years elapsed before t), ρ_t = years[t] with
    rates_per_year (a yearly rate's worth in the period; else 1), and τ the product of
    the tariff factors (1 + value) and price events acting on the offer or process
    (for an indexed offer also its clipped index ratio, models/input/prices.py).
    """
    data = m.data
    delta = {t: data.discount_factor(t) for t in m.T}
    costs = Sums()
    for key, q in (variables(m.x) | variables(m.y)).items():
        costs.add((_TERM_OF[m.terms.available[key].kind], key[0]), acquisition_cost(m, *key), q)
    for (s, mat, t), stock in variables(m.I).items():
        holding = data.stockpile(mat).holding_cost
        if holding:
            costs.add(("holding", s), delta[t] * holding * data.per_period(t), stock)
    for (s, mat, t), unmet in variables(m.u).items():
        costs.add(("shortfall", s), delta[t] * data.materials[mat].shortfall_cost, unmet)
    for (s, mat, t), discarded in variables(m.dispose).items():
        costs.add(("disposal", s), delta[t] * data.materials[mat].disposal_cost, discarded)
    price = {sale.id: sale.price for sale in data.sales}
    for (s, k, t), sold in variables(m.sell).items():
        costs.add(("sales", s), -delta[t] * price[k], sold)
    for key, unused in variables(m.short).items():
        costs.add(("take_or_pay", key[0]), acquisition_cost(m, *key), unused)
    for (s, o, t), ordered in variables(m.w).items():
        if data.offer_by_id[o].order_cost:
            costs.add(("ordering", s), delta[t] * data.offer_by_id[o].order_cost, ordered)
    contracts = [(o.contract_cost, m.z[o.id]) for o in data.offers
                 if o.id in m.Z and o.contract_cost > 0]
    for s in m.S:
        for cost, signed in contracts:
            costs.add(("contract", s), cost, signed)
    for (s, i, t), units in variables(m.n).items():
        costs.add(("capex", s), delta[t] * data.investment_by_id[i].capex, units)
    remaining = {}  # Σ_{t' ≥ t} δ_t' ρ_t': the fixed cost of a unit built in t, discounted
    later = 0.0
    for t in reversed(data.period_ids):
        later += delta[t] * data.per_period(t)
        remaining[t] = later
    for i in data.investments:
        if i.fixed_cost and i.periods:
            for s in m.S:
                for t, units in zip(i.periods, built_by(m, s, i.id, len(m.T) - 1),
                                    strict=True):
                    costs.add(("fixed", s), i.fixed_cost * remaining[t], units)
    add_qualification_costs(m, costs)
    add_backlog_costs(m, costs)
    add_site_costs(m, costs)
    for entry in m.rulebook.entries:
        if entry.violation is not None:
            costs.add(("penalty", entry.scenario),
                      delta[entry.period] * entry.rule.penalty, entry.violation)
    m.cost = pyo.Expression(COST_TERMS, m.S, doc="discounted cost by term and scenario",
                            rule=lambda m, term, s: costs.take((term, s)))
    m.COST_TERMS = COST_TERMS
    probability = data.probability
    m.scenario_cost = pyo.Expression(
        m.S, rule=lambda m, s: sum(m.cost[term, s] for term in COST_TERMS))
    m.expected_cost = pyo.Expression(
        expr=sum(probability[s] * m.scenario_cost[s] for s in m.S))
    weight = data.risk_weight
    if data.risk_measure == "worst":
        add_cvar(m)  # α = 1: the largest scenario cost, whatever the probabilities
        objective = m.cvar
    elif weight > 0:
        add_cvar(m)
        objective = (1 - weight) * m.expected_cost + weight * m.cvar
    else:
        objective = m.expected_cost
    m.total_cost = pyo.Objective(expr=objective, sense=pyo.minimize)


_TERM_OF = {"offer": "purchase", "process": "processing"}


def acquisition_cost(m: pyo.ConcreteModel, s: str, a: str, t: str) -> float:
    """δ_t · price · τ[s,a,t]: the discounted cost of one t bought or processed."""
    record = m.data.acquisition(a)
    price = record.price if m.terms.available[s, a, t].kind == "offer" else record.cost
    return m.data.discount_factor(t) * price * m.terms.price_factor[s, a, t]


def add_cvar(m: pyo.ConcreteModel) -> None:
    """CVaR_α of the scenario costs, in the linear form of Rockafellar and Uryasev.

        CVaR = η + 1/(1 − α) · Σ_s π_s ξ_s,    ξ_s ≥ cost[s] − η,   ξ_s ≥ 0

    For α = 1 it is the worst scenario's cost: CVaR = η with η ≥ cost[s].
    """
    data = m.data
    probability = data.probability
    m.eta = pyo.Var(domain=pyo.Reals, doc="value at risk")
    m.xi = pyo.Var(m.S, domain=pyo.NonNegativeReals, doc="cost above the value at risk")
    m.tail = pyo.Constraint(  # written cost[s] − η − ξ_s ≤ 0: cost enters with +1
        m.S, rule=lambda m, s: m.scenario_cost[s] - m.eta - m.xi[s] <= 0, doc="CVaR tail")
    alpha = data.risk_alpha
    if alpha >= 1:
        m.cvar = pyo.Expression(expr=m.eta)
        m.worst = pyo.Constraint(m.S, rule=lambda m, s: m.xi[s] <= 0, doc="worst case")
    else:
        m.cvar = pyo.Expression(
            expr=m.eta + sum(probability[s] * m.xi[s] for s in m.S) / (1 - alpha))
