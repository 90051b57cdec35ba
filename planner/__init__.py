"""Procurement planner for strategic minerals under sanctions.

The application layer: workbook reading and validation, the command line, results.
The formulation lives in the separate package `models`.
"""

from planner.api import Inputs, Outcome, explain, load, solve, stress
from planner.version import __version__
from planner.workbook.problems import InputError, Problem

__all__ = ["InputError", "Inputs", "Outcome", "Problem", "__version__", "explain", "load",
           "solve", "stress"]
