"""Run independent solves in parallel worker processes.

Each task builds its own model from the (picklable) model data inside its worker;
Pyomo models are never sent between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_parallel(task: Callable[[Item], Result], items: Iterable[Item],
                 workers: int | None = None) -> list[Result]:
    """task(item) for every item, in worker processes; results in the items' order."""
    items = list(items)
    workers = min(workers or default_workers(), len(items))
    if workers <= 1:
        return [task(item) for item in items]
    # spawn, not fork: a forked child would inherit the parent's solver thread pool
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(task, items))
