"""Contracts with a start: a term that ends and take-or-pay volumes (MILP).

An offer with min_take or term_periods is a contract: besides the signature z[o]
(once, for all scenarios) its start is chosen with it, once for all scenarios. The
contract is in force from its start for term_periods periods (to the end of the
offer's window without a term); nothing is bought outside it, and while it is in
force min_take t is paid for in every period, taken or not.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.families.linear import linear, variables
from models.input.data import ModelData
from models.input.terms import Terms


def _starts(m: pyo.ConcreteModel) -> dict[tuple[str, str], list]:
    """(offer, period) -> the start variables σ[o,τ] that put o in force in the
    period (cached; empty for offers without a start)."""
    found = getattr(m, "_in_force", None)
    if found is None:
        found = {}
        start, position = variables(m.start), m.data.position
        for o in dict.fromkeys(o for o, _ in m.START):
            offer = m.data.offer_by_id[o]
            term = offer.term_periods or len(position)
            for t in offer.periods:
                found[o, t] = [start[o, tau] for tau in offer.periods
                               if position[tau] <= position[t] < position[tau] + term]
        m._in_force = found
    return found


def in_force(m: pyo.ConcreteModel, o: str, t: str) -> list | None:
    """Variables whose sum is active[o,t] (1 while the contract is in force), or None
    when o has no start (no take-or-pay, no term)."""
    return _starts(m).get((o, t))


def add_contract_starts(m: pyo.ConcreteModel) -> None:
    """A signed contract starts once, in one period of the offer's window.

        Σ_{τ in window(o)} σ[o,τ] = z[o]                              for o with a start
        active[o,t] = Σ_{τ in window(o), τ ≤ t < τ + term[o]} σ[o,τ]

    σ is binary and shared by all scenarios, like z; term[o] = term_periods, or the
    rest of the window when blank. The row is written once per scenario (the same
    row each time) so that a scenario taken on its own keeps it. active gates the
    offer's capacity row (models.families.capacity) and its orders (models.families.contracts).
    """
    offer = m.data.offer_by_id
    started = [o for o in m.Z if offer[o].has_term]
    m.START = pyo.Set(initialize=[(o, t) for o in started for t in offer[o].periods],
                      dimen=2, ordered=True, doc="(offer, period) in which a contract may start")
    m.start = pyo.Var(m.START, domain=pyo.Binary,
                      doc="contract starts in the period (once, for all scenarios)")
    start, z = variables(m.start), variables(m.z)

    def starts_once(m, s, o):
        chosen = [start[o, t] for t in offer[o].periods]
        return linear([1.0] * len(chosen) + [-1.0], [*chosen, z[o]]) == 0.0

    m.contract_start = pyo.Constraint(
        [(s, o) for s in m.S for o in started], rule=starts_once,
        doc="a signed contract starts once")


def committed_take(data: ModelData, terms: Terms, s: str, o: str, t: str) -> float:
    """min(min_take · ρ_t, capacity · f[s,o,t]): t paid for while the contract is in
    force (no more than the offer can deliver there); ρ_t = years with rates_per_year.
    From the data and terms alone: the Contracts result sheet reads it too."""
    offer = data.offer_by_id[o]
    return min(offer.min_take * data.per_period(t),
               offer.capacity * terms.capacity_factor[s, o, t])


def take_or_pay_row(m: pyo.ConcreteModel, s: str, o: str, t: str):
    """The row of (s, o, t); numbers are read from m.data and m.terms when called."""
    x, short = variables(m.x), variables(m.short)
    gate = in_force(m, o, t)
    need = committed_take(m.data, m.terms, s, o, t)
    return linear([1.0, 1.0] + [-need] * len(gate),
                  [x[s, o, t], short[s, o, t], *gate]) >= 0.0


def add_take_or_pay(m: pyo.ConcreteModel) -> None:
    """What is not taken of min_take while the contract is in force is paid anyway.

        x[s,o,t] + short[s,o,t] ≥ min(ρ_t · min_take[o], capacity[o] · f[s,o,t]) · active[o,t]

    for (s,o,t) in X with min_take > 0; short ≥ 0 is priced as a purchase
    (objective term take_or_pay). Where a hard ban removes the offer in a scenario
    (no x there) the obligation is waived; a study model that keeps banned
    combinations at 0 waives it there too, so that both models agree.
    """
    offer = m.data.offer_by_id
    banned = m.terms.banned
    owed = [k for k in m.X if offer[k[1]].min_take > 0 and k[1] in m.Z and k not in banned]
    m.SHORT = pyo.Set(initialize=owed, dimen=3, ordered=True,
                      doc="(scenario, offer, period) with a take-or-pay obligation")
    m.short = pyo.Var(m.SHORT, domain=pyo.NonNegativeReals,
                      doc="t paid for under take-or-pay but not taken")
    m.take_or_pay = pyo.Constraint(m.SHORT, rule=take_or_pay_row, doc="take-or-pay")
