"""Cross-sheet checks of sites and lanes (the columns' types, references and duplicate
keys are checked from the schema)."""

from __future__ import annotations

from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.tables import Tables


def default_site(tables: Tables) -> str | None:
    """The first site listed: what a blank site column means (None: no sites)."""
    sites = [r["site"] for r in tables.records.get("Sites", []) if r["site"]]
    return sites[0] if sites else None


def blank_means_default(tables: Tables) -> Iterator[Problem]:
    """A blank site is the first site: a row with it and a row naming that site are
    duplicates, as two rows naming the same site are (Demand, Stockpile)."""
    default = default_site(tables)
    if default is None:
        return
    for sheet, key in (("Demand", ("material", "period", "segment")),
                       ("Stockpile", ("material",))):
        seen: dict[tuple, dict] = {}
        for r in tables.records.get(sheet, []):
            if any(r[name] is None for name in key):
                continue
            site = r["site"] or default
            found = (*(r[name] for name in key), site)
            first = seen.setdefault(found, r)
            if first is not r and (first["site"] is None) != (r["site"] is None):
                yield Problem(tables.where(sheet, r["_row"], "site"),
                              f"this row and row {first['_row']} are both at site '{site}' "
                              f"(a blank site is the first site, '{default}')",
                              "merge the two rows, or name another site")


CHECKS = (blank_means_default,)
