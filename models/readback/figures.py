"""Figures of a solved plan that every report and study shares: expected cost, CVaR
and expected unmet demand, computed from the plan's scenario costs."""

from __future__ import annotations

from collections import defaultdict

from models.input.data import ModelData
from models.readback.solution import Plan


def cvar(costs: dict[str, float], probability: dict[str, float], alpha: float) -> float:
    """CVaR_α of a discrete cost distribution: the mean of its worst (1 − α) tail."""
    ordered = sorted(costs, key=costs.get, reverse=True)
    if alpha >= 1:
        return costs[ordered[0]]
    tail, total = 1.0 - alpha, 0.0
    for s in ordered:
        take = min(probability[s], tail)
        total += take * costs[s]
        tail -= take
        if tail <= 1e-12:
            break
    return total / (1.0 - alpha)


def risk_objective(data: ModelData, costs: dict[str, float]) -> float:
    """(1 − λ) E[cost] + λ CVaR_α[cost], the objective's own risk measure (the
    largest cost for risk_measure = worst)."""
    probability = data.probability
    if data.risk_measure == "worst":
        return max(costs.values())
    expected = sum(probability[s] * c for s, c in costs.items())
    weight = data.risk_weight
    return (1 - weight) * expected + weight * cvar(costs, probability, data.cvar_alpha)


def scenario_shortfall(plan: Plan) -> dict[str, float]:
    """Scenario -> t of demand left unmet over the horizon (backlog still open at its
    end included)."""
    totals: dict[str, float] = defaultdict(float)
    for (s, _, _), quantity in (*plan.unmet.items(), *plan.lost_backlog.items()):
        totals[s] += quantity
    return totals


def plan_figures(data: ModelData, plan: Plan) -> dict[str, float]:
    """Expected cost, CVaR of the scenario costs and expected unmet demand of a plan."""
    costs = {s: sum(c.values()) for s, c in plan.scenario_costs.items()}
    shortfall = scenario_shortfall(plan)
    return {"expected_cost": sum(plan.costs.values()),
            "cvar": cvar(costs, data.probability, data.cvar_alpha),
            "worst_cost": max(costs.values()),
            "expected_shortfall_t": sum(p * shortfall[s] for s, p in
                                        data.probability.items())}
