"""The terminal around a run: closed pipes tolerated, library noise silenced."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import warnings
from collections.abc import Iterator


class _Pipe:
    """A text stream that, once its reader has gone (`planner solve | head -1`), sends
    the rest to the null device instead of raising BrokenPipeError."""

    def __init__(self, stream):
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.stream.fileno())  # so the final flush at exit is quiet too
            os.close(null)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


@contextlib.contextmanager
def closed_pipes_tolerated() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Pipe(sys.stdout), _Pipe(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def library_noise_silenced(debug: bool) -> Iterator[None]:
    """Warnings and log records of the libraries (Dask, Pyomo, openpyxl) are not for
    the user; --debug lets them through."""
    if debug:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)
