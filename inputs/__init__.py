"""Shipped datasets, installed as the package `planner.datasets`.

`rare_earths.xlsx` is built by `build_rare_earths.py` from the modules of the
subpackage `rare_earths`; SOURCES.md cites every figure.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def dataset(name: str = "rare_earths.xlsx") -> Path:
    """Path of a shipped dataset, wherever the package is installed."""
    return Path(str(files(__name__) / name))
