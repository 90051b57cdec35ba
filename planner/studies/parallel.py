"""Run independent solves as Dask tasks: on a local cluster or an existing one.

Pyomo models are never sent between processes: each worker builds the model it needs
from the (picklable) model data, once, and keeps it (`warm_state`) for the other
tasks of the same study that it runs, which re-solve it warm. The default is a local
cluster of one single-threaded worker process per core; `scheduler` (tcp://HOST:PORT)
sends the same tasks to an existing cluster, whose workers must have the planner
installed. A task that fails is reported with its error; the others still finish.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tqdm import tqdm


@dataclass(frozen=True)
class TaskResult:
    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


State = TypeVar("State")
_WARM: dict[str, Any] = {}
"""What this process has built for the study it is working on (one study at a time)."""


def study_key() -> str:
    """A name for one study's state in the workers."""
    return uuid.uuid4().hex


def warm_state(key: str, build: Callable[[], State]) -> State:
    """The state of study key in this process, built on first use and kept for the
    study's next tasks (the state of an earlier study is dropped)."""
    if key not in _WARM:
        _WARM.clear()
        _WARM[key] = build()
    return _WARM[key]


def keep_state(key: str, state: Any) -> None:
    """Use state (already built here) for study key in this process."""
    _WARM.clear()
    _WARM[key] = state


def forget_states() -> None:
    """Drop what the studies built in this process."""
    _WARM.clear()


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


CLUSTER_START_SECONDS = 3.0
"""About what starting a local cluster of worker processes costs."""


def resolve_seconds(highs_seconds: float, integer: bool) -> float:
    """What a warm re-solve is expected to take, from HiGHS's time for the model: a
    quarter of it for an LP (the basis is kept; measured 6–20 % in make bench), all of
    it for a MILP (a branch and bound of its own)."""
    return highs_seconds * (1.0 if integer else 0.25)


def workers_for(tasks: int, seconds_each: float, workers: int | None,
                setup: float = 0.0) -> int | None:
    """workers as asked; by default None (one worker per core) when spreading the tasks
    over the cores saves more time than starting a local cluster and each worker's
    setup (building the study's model) cost, else 1 (run here, one after another)."""
    if workers is not None:
        return workers
    cores = default_workers()
    saved = tasks * seconds_each * (1 - 1 / cores)
    return None if cores > 1 and saved > CLUSTER_START_SECONDS + setup else 1


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A Dask client: connected to scheduler, or to a new local cluster."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout="30s")
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                           processes=True, dashboard_address=None,
                           silence_logs=logging.CRITICAL)  # failures are reported per task
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def run_tasks(task: Callable[[Any], Any], items: Sequence[Any], *,
              scheduler: str | None = None, workers: int | None = None,
              label: str | None = None) -> list[TaskResult]:
    """task(item) for every item; results in the items' order, failures included.

    Without a scheduler and with one worker (or one item) the tasks run here, in
    this process, one after another.
    """
    bar = tqdm(total=len(items), desc=label, disable=label is None or None, leave=False,
               unit="solve")
    results: list[TaskResult] = [TaskResult() for _ in items]
    try:
        if scheduler is None and (len(items) <= 1 or (workers or default_workers()) <= 1):
            for i, item in enumerate(items):
                try:
                    results[i] = TaskResult(task(item))
                except Exception as error:  # reported with the point; the rest go on
                    results[i] = TaskResult(error=_describe(error))
                bar.update(1)
            return results
        from dask.distributed import as_completed

        with dask_client(scheduler, min(workers or default_workers(), len(items))) as client:
            futures = client.map(task, list(items), pure=False)
            position = {future.key: i for i, future in enumerate(futures)}
            for future in as_completed(futures):
                i = position[future.key]
                try:
                    results[i] = TaskResult(future.result())
                except Exception as error:
                    results[i] = TaskResult(error=_describe(error))
                bar.update(1)
            with contextlib.suppress(Exception):  # workers of a cluster that lives on
                client.run(forget_states)
        return results
    finally:
        bar.close()
        forget_states()
