"""Run independent solves as Dask tasks: on a local cluster or an existing one.

Each task builds its own model from the (picklable) model data inside its worker;
Pyomo models are never sent between processes. The default is a local cluster of
one single-threaded worker process per core; `scheduler` (tcp://HOST:PORT) sends
the same tasks to an existing cluster, whose workers must have the planner
installed. A task that fails is reported with its error; the others still finish.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from planner import progress


@dataclass(frozen=True)
class TaskResult:
    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def skipped(self) -> bool:
        """Not run: the run's time budget was spent before it started."""
        return self.error == SKIPPED


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


CLUSTER_START_SECONDS = 3.0
"""About what starting a local cluster of worker processes costs."""


def workers_for(tasks: int, seconds_each: float, workers: int | None) -> int | None:
    """workers as asked; by default 1 (run here) when the tasks would take less time
    than starting a local cluster, else None (one worker per core)."""
    if workers is not None:
        return workers
    return 1 if tasks * seconds_each < CLUSTER_START_SECONDS else None


SKIPPED = "skipped: the run's time budget was spent"
GRACE_S = 5.0
"""How long past the deadline a running task may take to stop (its solver stops at the
deadline; building its model may not)."""


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A Dask client: connected to scheduler, or to a new local cluster.

    The local cluster has no dashboard, serves its internal HTTP endpoints on a free
    local port (never 'port 8787 is already in use'), keeps its scratch files in a
    temporary folder removed afterwards, and logs nothing: failures are reported per
    task."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout="30s")
        try:
            yield client
        finally:
            client.close()
        return
    scratch_space = tempfile.TemporaryDirectory(prefix="planner-dask-",
                                                ignore_cleanup_errors=True)
    settings = {"temporary-directory": scratch_space.name}
    with scratch_space as scratch, warnings.catch_warnings(), dask.config.set(settings), \
            _script_not_rerun():
        warnings.simplefilter("ignore")
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard": False,
                                                 "dashboard_address": "127.0.0.1:0"},
                               local_directory=scratch, silence_logs=logging.CRITICAL)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()


@contextlib.contextmanager
def _script_not_rerun() -> Iterator[None]:
    """Start worker processes without re-running the user's script.

    multiprocessing starts each worker by running the main script again (as
    __mp_main__); a script that calls planner.solve without an
    `if __name__ == "__main__":` guard would then start a cluster inside every worker,
    and none would start. The tasks live in planner's own modules and never need the
    script, so while the workers start the main module does not say where it is."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def run_tasks(task: Callable[[Any], Any], items: Sequence[Any], *,
              scheduler: str | None = None, workers: int | None = None,
              label: str | None = None) -> list[TaskResult]:
    """task(item) for every item; results in the items' order, failures included.

    Without a scheduler and with one worker (or one item, or less time left in the
    budget than starting a cluster takes) the tasks run here, one after another.
    Progress goes to the current Run; tasks that have not started when its time
    budget is spent are skipped (TaskResult.skipped).
    """
    run = progress.current()
    results: list[TaskResult] = [TaskResult(error=SKIPPED) for _ in items]
    with run.tasks(label or "extra", len(items)) as counter:
        if run.expired():
            pass  # every task is skipped
        elif scheduler is None and (len(items) <= 1 or (workers or default_workers()) <= 1
                                    or (run.remaining() or math.inf) < CLUSTER_START_SECONDS):
            for i, item in enumerate(items):
                if run.expired():
                    break
                try:
                    results[i] = TaskResult(task(item))
                except Exception as error:  # reported with the point; the rest go on
                    results[i] = TaskResult(error=_describe(error))
                counter.advance()
        else:
            _run_on_dask(task, items, results, counter, scheduler, workers)
    skipped = sum(r.skipped for r in results)
    if skipped:
        run.skip(label or "extra", skipped, len(items))
    return results


def _run_on_dask(task: Callable[[Any], Any], items: Sequence[Any], results: list[TaskResult],
                 counter: progress.Tasks, scheduler: str | None, workers: int | None) -> None:
    from dask.distributed import as_completed

    run = counter.run
    with dask_client(scheduler, min(workers or default_workers(), len(items))) as client:
        futures = client.map(task, list(items), pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        left = run.remaining()
        pending = as_completed(futures, timeout=None if left is None else left + GRACE_S)
        try:
            for future in pending:
                i = position[future.key]
                try:
                    results[i] = TaskResult(future.result())
                except Exception as error:
                    results[i] = TaskResult(error=_describe(error))
                counter.advance()
        except TimeoutError:  # the budget is spent: what has not finished is skipped
            client.cancel([f for f in futures if not f.done()])
