"""The Pyomo formulation of the procurement planner: typed data in, model out.

This package knows nothing of Excel or of the command line.
"""

from models.build import build_model
from models.input.data import (
    Demand,
    Event,
    Investment,
    Material,
    ModelData,
    Offer,
    Period,
    Process,
    Rule,
    Scenario,
    Stockpile,
)
from models.readback.solution import Plan, extract_plan
from models.solving.solver import SolveOptions, SolveResult, Status, solve

__all__ = [
    "Demand",
    "Event",
    "Investment",
    "Material",
    "ModelData",
    "Offer",
    "Period",
    "Plan",
    "Process",
    "Rule",
    "Scenario",
    "SolveOptions",
    "SolveResult",
    "Status",
    "Stockpile",
    "build_model",
    "extract_plan",
    "solve",
]
