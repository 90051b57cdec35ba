"""What a run tells its user while it works, and the time budget its solves share.

A Run writes phase lines (reading, checking, building, solving, each extra solve,
writing) to a stream: on a terminal one live line that is redrawn, elsewhere plain
timestamped lines. It also holds the run's deadline, which every solve's time limit
is cut to, and the list of what was skipped when the budget ran out. The command
line makes one per command; the API and the studies reach it with current(). The
default Run says nothing and has no deadline.
"""

from __future__ import annotations

import contextlib
import contextvars
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

LINE_EVERY_S = 5.0
"""Least time between two progress lines of one set of tasks (plain output)."""


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under 1 s"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class Skipped:
    label: str
    count: int
    total: int

    def __str__(self) -> str:
        return f"{self.label}: {self.count} of {self.total} solves"


class Run:
    """The reporter and the time budget of one run."""

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None):
        self.stream = stream
        self.live = bool(stream is not None and (stream.isatty() if live is None else live))
        self.deadline: float | None = None
        """Wall-clock time (time.time()) by which every solve must end; None = none."""
        self.budget: float | None = None
        self.skipped: list[Skipped] = []
        self._text = ""
        self._since = time.monotonic()
        self._lock = threading.Lock()
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()

    # -- what the user sees -----------------------------------------------------------
    def phase(self, text: str) -> None:
        """Start a phase of the run ('reading in.xlsx', 'solving with HiGHS')."""
        if self.stream is None:
            return
        with self._lock:
            self._text, self._since = text, time.monotonic()
            if self.live:
                self._draw()
                self._tick()
            else:
                self._line(text)

    def say(self, text: str) -> None:
        """A line that stays (on a terminal too), e.g. how many solves will follow."""
        if self.stream is None:
            return
        with self._lock:
            if self.live:
                self._clear()
                self.stream.write(text + "\n")
                self._draw()
            else:
                self._line(text)

    def done(self) -> None:
        """The run is over: clear the live line."""
        self._stop.set()
        if self.stream is not None and self.live:
            with self._lock:
                self._clear()
                self._text = ""
        self._stop = threading.Event()
        self._ticker = None

    @contextlib.contextmanager
    def tasks(self, label: str, total: int) -> Iterator[Tasks]:
        """Count total tasks of one kind as they finish, with an estimate of the rest."""
        counter = Tasks(self, label, total)
        self.phase(counter.text())
        try:
            yield counter
        finally:
            counter.finish()

    def _line(self, text: str) -> None:
        self.stream.write(f"{time.strftime('%H:%M:%S')} {text}\n")
        self.stream.flush()

    def _draw(self) -> None:
        if not self._text:
            return
        elapsed = time.monotonic() - self._since
        shown = f"{self._text} … {_duration(elapsed)}" if elapsed >= 1 else self._text
        width = shutil.get_terminal_size((80, 20)).columns - 1
        self.stream.write("\r" + shown[:width] + "\x1b[K")
        self.stream.flush()

    def _clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()

    def _tick(self) -> None:
        """Redraw the live line every half second (HiGHS releases the GIL while it
        solves, so the elapsed time keeps counting)."""
        if self._ticker is not None:
            return

        def redraw() -> None:
            while not self._stop.wait(0.5):
                with self._lock:
                    self._draw()

        self._ticker = threading.Thread(target=redraw, name="planner-progress", daemon=True)
        self._ticker.start()

    # -- the time budget ---------------------------------------------------------------
    @contextlib.contextmanager
    def budgeted(self, seconds: float | None) -> Iterator[Run]:
        """Every solve inside shares `seconds` of wall-clock time from now (None: no
        budget); what is skipped is listed in self.skipped meanwhile."""
        saved = self.deadline, self.budget, self.skipped
        self.budget, self.skipped = seconds, []
        self.deadline = None if seconds is None else time.time() + max(0.0, seconds)
        try:
            yield self
        finally:
            self.deadline, self.budget, self.skipped = saved

    def remaining(self) -> float | None:
        """Seconds left of the budget (None without one)."""
        return None if self.deadline is None else max(0.0, self.deadline - time.time())

    def expired(self) -> bool:
        return self.deadline is not None and time.time() >= self.deadline

    def share(self, solves: int, parallel: int = 1, portion: float = 1.0) -> float | None:
        """Time limit for each of `solves` solves run `parallel` at a time, when they
        may use `portion` of what is left of the budget (None without one)."""
        left = self.remaining()
        if left is None:
            return None
        return left * portion * max(1, parallel) / max(1, solves)

    def skip(self, label: str, count: int, total: int) -> None:
        self.skipped.append(Skipped(label, count, total))


class Tasks:
    """Progress of a set of tasks: a count, and an estimate from the pace so far."""

    def __init__(self, run: Run, label: str, total: int):
        self.run, self.label, self.total = run, label, total
        self.finished = self.shown = 0
        self.start = self.last_line = time.monotonic()

    def text(self) -> str:
        text = f"{self.label}: {self.finished} of {self.total} solves done"
        if 0 < self.finished < self.total:
            pace = (time.monotonic() - self.start) / self.finished
            text += f", about {_duration(pace * (self.total - self.finished))} left"
        return text

    def advance(self, count: int = 1) -> None:
        self.finished += count
        now = time.monotonic()
        if self.run.live or now - self.last_line >= LINE_EVERY_S or self.finished == self.total:
            self.last_line, self.shown = now, self.finished
            self.run.phase(self.text())

    def finish(self) -> None:
        if self.shown < self.finished < self.total:  # the last count was not shown yet
            self.run.phase(self.text())


_CURRENT: contextvars.ContextVar[Run | None] = contextvars.ContextVar("planner_run",
                                                                      default=None)


def current() -> Run:
    """The Run of the command being carried out (by default a silent one, made once
    per thread)."""
    run = _CURRENT.get()
    if run is None:
        run = Run()
        _CURRENT.set(run)
    return run


@contextlib.contextmanager
def running(run: Run) -> Iterator[Run]:
    """Make run the current Run for the duration."""
    token = _CURRENT.set(run)
    try:
        yield run
    finally:
        run.done()
        _CURRENT.reset(token)
