"""Procurement planner for strategic minerals under sanctions.

The application layer: workbook reading and validation, the command line, results.
The formulation lives in the separate package `models`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mineral-planner")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from planner.api import Inputs, Outcome, explain, load, solve
from planner.problems import InputError, Problem

__all__ = ["InputError", "Inputs", "Outcome", "Problem", "__version__", "explain", "load",
           "solve"]
