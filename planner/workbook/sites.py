"""Cross-sheet checks of sites and lanes (the columns' types, references and duplicate
keys are checked from the schema)."""

from __future__ import annotations

from collections.abc import Iterator

from planner.workbook.problems import Problem
from planner.workbook.schema import TRACED_KINDS
from planner.workbook.tables import Tables

SITE_KINDS = ("ban", "tariff", "licence", "max_share", "min_share", "max_group_share",
              "max_supplier_share", "min_recycled_share", "min_suppliers")
"""Rule kinds that may name a site."""
SITE_KINDS = (*SITE_KINDS, *TRACED_KINDS)
"""...and the traced rules: they act on the traced classes kept at their site (a share
rule with trace = TRUE tallies those classes alone)."""


def default_site(tables: Tables) -> str | None:
    """The first site listed: what a blank site column means (None: no sites)."""
    sites = [r["site"] for r in tables.records.get("Sites", []) if r["site"]]
    return sites[0] if sites else None


def rules_fit_sites(tables: Tables) -> Iterator[Problem]:
    """A rule names a site only where it acts on deliveries or on what is used and
    served there."""
    for r in tables.records["Rules"]:
        kind, row = r["kind"], r["_row"]
        if kind is None:
            continue
        if r["site"] and kind not in SITE_KINDS:
            yield Problem(tables.where("Rules", row, "site"),
                          f"a {kind} rule cannot name a site",
                          f"clear the site; {', '.join(SITE_KINDS)} may name one")


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

def backorders_fit_sites(tables: Tables) -> Iterator[Problem]:
    """A backlog is carried in the one material balance, which sites replace by a
    balance per site: backorders are refused together with sites."""
    if default_site(tables) is None:
        return
    for r in tables.records["Materials"]:
        if r.get("backorder_cost") is not None:
            yield Problem(tables.where("Materials", r["_row"], "backorder_cost"),
                          "backorders cannot be combined with a Sites sheet in this "
                          "version: the backlog is not carried site by site",
                          "clear backorder_cost (unmet demand is then lost at its "
                          "shortfall cost), or remove the Sites and Lanes sheets")


CHECKS = (rules_fit_sites, blank_means_default, backorders_fit_sites)
