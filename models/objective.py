"""Cost terms and the objective: every term discounted to the first period."""

from __future__ import annotations

import pyomo.environ as pyo

from models.investments import units_in_place

COST_TERMS = ("purchase", "processing", "holding", "shortfall", "penalty", "contract",
              "capex", "fixed")


def add_objective(m: pyo.ConcreteModel) -> None:
    """Minimise the expected discounted cost, kept as named components per scenario.

        purchase[s]   = Σ_{o,t} δ_t · price[o] · τ[s,o,t] · x[s,o,t]
        processing[s] = Σ_{p,t} δ_t · cost[p] · τ[s,p,t] · y[s,p,t]
        holding[s]    = Σ_{m,t} δ_t · holding[m] · I[s,m,t]
        shortfall[s]  = Σ_{m,t} δ_t · shortfall_cost[m] · u[s,m,t]
        penalty[s]    = Σ_{soft rules r,t} δ_t · penalty[r] · v[r,s,t]
        contract[s]   = Σ_o contract_cost[o] · z[o]            (once, not discounted)
        capex[s]      = Σ_{i,t} δ_t · capex[i] · n[s,i,t]
        fixed[s]      = Σ_{i,t} δ_t · fixed_cost[i] · Σ_{τ≤t} n[s,i,τ]
        min  (1 − λ) · Σ_s prob[s] · cost[s] + λ · CVaR_α(cost)

    where cost[s] is the sum of the terms above and λ = cvar_weight when risk_measure
    is cvar (else 0). With risk_measure = worst the objective is max_s cost[s]: CVaR
    at α = 1 alone.

    with δ_t = 1 / (1 + discount_rate)^(years elapsed before t) and τ the product of
    the tariff factors (1 + value) acting on the offer or process.
    """
    data = m.data
    delta = {t: data.discount_factor(t) for t in m.T}
    price = {o.id: o.price for o in data.offers}
    cost = {p.id: p.cost for p in data.processes}
    tau = m.terms.price_factor
    terms = {term: {s: [] for s in m.S} for term in COST_TERMS}
    for s, o, t in m.X:
        terms["purchase"][s].append(delta[t] * price[o] * tau[s, o, t] * m.x[s, o, t])
    for s, p, t in m.Y:
        terms["processing"][s].append(delta[t] * cost[p] * tau[s, p, t] * m.y[s, p, t])
    for s in m.S:
        for mat in m.M:
            holding = data.stockpile(mat).holding_cost
            if holding:
                terms["holding"][s] += [delta[t] * holding * m.I[s, mat, t] for t in m.T]
    for s, mat, t in m.D:
        terms["shortfall"][s].append(
            delta[t] * data.materials[mat].shortfall_cost * m.u[s, mat, t])
    contract = sum(o.contract_cost * m.z[o.id] for o in data.offers if o.id in m.Z)
    for s in m.S:
        terms["contract"][s].append(contract)
    investment = {i.id: i for i in data.investments}
    for s, i, t in m.N:
        terms["capex"][s].append(delta[t] * investment[i].capex * m.n[s, i, t])
    for s in m.S:
        for i in data.investments:
            if i.fixed_cost and i.periods:
                terms["fixed"][s] += [delta[t] * i.fixed_cost * units_in_place(m, s, i.id, t)
                                      for t in m.T]
    for entry in m.rulebook.entries:
        if entry.violation is not None:
            terms["penalty"][entry.scenario].append(
                delta[entry.period] * entry.rule.penalty * entry.violation)
    m.cost = pyo.Expression(COST_TERMS, m.S, doc="discounted cost by term and scenario",
                            rule=lambda m, term, s: sum(terms[term][s]))
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


def add_cvar(m: pyo.ConcreteModel) -> None:
    """CVaR_α of the scenario costs, in the linear form of Rockafellar and Uryasev.

        CVaR = η + 1/(1 − α) · Σ_s π_s ξ_s,    ξ_s ≥ cost[s] − η,   ξ_s ≥ 0

    For α = 1 it is the worst scenario's cost: CVaR = η with η ≥ cost[s].
    """
    data = m.data
    probability = data.probability
    m.eta = pyo.Var(domain=pyo.Reals, doc="value at risk")
    m.xi = pyo.Var(m.S, domain=pyo.NonNegativeReals, doc="cost above the value at risk")
    m.tail = pyo.Constraint(m.S, rule=lambda m, s: m.xi[s] >= m.scenario_cost[s] - m.eta,
                            doc="CVaR tail")
    alpha = data.risk_alpha
    if alpha >= 1:
        m.cvar = pyo.Expression(expr=m.eta)
        m.worst = pyo.Constraint(m.S, rule=lambda m, s: m.xi[s] <= 0, doc="worst case")
    else:
        m.cvar = pyo.Expression(
            expr=m.eta + sum(probability[s] * m.xi[s] for s in m.S) / (1 - alpha))
