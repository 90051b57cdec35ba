"""Where the time of a run goes: seconds per phase, model size and peak memory.

`planner solve --profile` prints this table and records it in the Summary (every
phase but the writing of the results workbook itself, which the Summary is part of).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

PHASES = ("read", "validate", "build", "hand_over", "highs", "duals", "second_pass",
          "extraction", "studies", "write")
"""Phases in the order they run: reading and checking the workbook, building the
Pyomo model, handing it to HiGHS (compiling it to arrays and passing them), HiGHS's
own run, the duals (for a MILP: the LP with integers fixed), the second pass (with
several scenarios: each scenario's own best recourse, a warm re-solve), the result
tables, the
extra solves of studies (scenarios alone, rule costs), writing the results."""
SOLVER_PHASES = ("highs",)
"""Time spent in the solver itself."""
FURTHER_SOLVES = ("second_pass", "studies")
"""Phases that are further solves of their own (HiGHS and the work around it): not
counted in the time outside the solver of the plan's own solve."""


def peak_memory() -> int | None:
    """Peak resident memory of this process so far, in bytes (None where unknown)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class Profile:
    seconds: dict[str, float] = field(default_factory=dict)
    size: dict[str, int] = field(default_factory=dict)
    """columns, rows, nonzeros of the model handed to HiGHS."""
    peak_bytes: int | None = None

    def add(self, **seconds: float) -> None:
        for phase, value in seconds.items():
            self.seconds[phase] = self.seconds.get(phase, 0.0) + value

    @property
    def outside_solver(self) -> float:
        """Seconds of the plan's own solve spent outside HiGHS (reading to writing,
        without the further solves)."""
        return sum(v for k, v in self.seconds.items()
                   if k not in SOLVER_PHASES + FURTHER_SOLVES)

    def summary_entries(self) -> dict[str, object]:
        """Summary rows: seconds_<phase>, the model size and the peak memory."""
        entries: dict[str, object] = {f"seconds_{phase}": round(self.seconds[phase], 3)
                                      for phase in PHASES if phase in self.seconds}
        entries |= {key: self.size[key] for key in ("columns", "rows", "nonzeros")
                    if key in self.size}
        if self.peak_bytes is not None:
            entries["peak_memory_mb"] = round(self.peak_bytes / 2**20, 1)
        return entries

    def lines(self) -> list[str]:
        """The profile as a small table: seconds and µs per nonzero of each phase."""
        nonzeros = self.size.get("nonzeros") or 0
        lines = ["profile:"]
        if self.size:
            lines.append(f"  {self.size.get('columns', 0):,} columns, "
                         f"{self.size.get('rows', 0):,} rows, {nonzeros:,} nonzeros")
        for phase in PHASES:
            if phase in self.seconds:
                per = f"{self.seconds[phase] / nonzeros * 1e6:10.2f} µs/nz" if nonzeros else ""
                lines.append(f"  {phase.replace('_', '-'):<12}{self.seconds[phase]:9.3f} s{per}")
        outside = self.outside_solver
        lines.append(f"  {'outside HiGHS':<12}{outside:9.3f} s" + (
            f"{outside / nonzeros * 1e6:10.2f} µs/nz" if nonzeros else "")
            + (" (without the second pass and studies)"
               if any(p in self.seconds for p in FURTHER_SOLVES) else ""))
        if self.peak_bytes is not None:
            per = f", {self.peak_bytes / nonzeros:,.0f} bytes/nz" if nonzeros else ""
            lines.append(f"  peak memory {self.peak_bytes / 2**20:,.0f} MB{per}")
        return lines
