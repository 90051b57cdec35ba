"""Cross-sheet checks of provenance: traced rules, segments and co-products."""

from __future__ import annotations

from collections.abc import Iterator

from models.input.classes import TooManyClasses, origin_classes
from models.input.data import ModelData
from planner.workbook.problems import InputError, Problem
from planner.workbook.schema import TRACEABLE_SHARE_KINDS, TRACED_KINDS
from planner.workbook.tables import Tables


def traced_rules_are_sound(tables: Tables) -> Iterator[Problem]:
    """threshold and segment belong to traced rules, trace to the stage share rules;
    a traced rule follows countries through the chain, not one supplier."""
    for r in tables.records["Rules"]:
        kind, row = r["kind"], r["_row"]
        if kind is None:
            continue
        traced = kind in TRACED_KINDS
        if r["threshold"] and not traced:
            yield Problem(tables.where("Rules", row, "threshold"),
                          f"a threshold belongs to traced_ban and traced_licence, not to {kind}",
                          "clear it, or make the rule traced_ban or traced_licence")
        elif traced and r["threshold"] is not None and r["threshold"] >= 1:
            yield Problem(tables.where("Rules", row, "threshold"),
                          "a threshold of 1 or more would never match a lot",
                          "enter the de-minimis share, e.g. 0.001 for 0.1 %")
        if r["segment"] and not traced:
            yield Problem(tables.where("Rules", row, "segment"),
                          f"a segment belongs to traced_ban and traced_licence, not to {kind}",
                          "clear it, or make the rule traced_ban or traced_licence")
        if r["trace"] and kind not in TRACEABLE_SHARE_KINDS:
            yield Problem(tables.where("Rules", row, "trace"),
                          f"trace belongs to {', '.join(TRACEABLE_SHARE_KINDS)}, not to {kind}",
                          "clear it (a traced_ban or traced_licence is always traced)")
        elif r["trace"] and r["stage"] == "owner":
            yield Problem(tables.where("Rules", row, "stage"),
                          "a traced tally follows the chain stages of a lot's history; the "
                          "owner is not one of them",
                          "name a chain stage (or leave it blank), or clear trace")
        if traced and r["supplier"]:
            yield Problem(tables.where("Rules", row, "supplier"),
                          f"a {kind} follows the countries of a lot's history, not a supplier",
                          "clear the supplier, or use ban or licence for one supplier")


def process_outputs_are_new(tables: Tables) -> Iterator[Problem]:
    """A co-product is neither the process's main output nor one of its inputs."""
    outputs = {r["process"]: r["output"] for r in tables.records["Processes"]
               if r["process"]}
    inputs = {(r["process"], r["material"]) for r in tables.records["ProcessInputs"]}
    for r in tables.records["ProcessOutputs"]:
        process, material = r["process"], r["material"]
        if process is None or material is None:
            continue
        where = tables.where("ProcessOutputs", r["_row"], "material")
        if outputs.get(process) == material:
            yield Problem(where, f"{material} is already the main output of '{process}'",
                          "list only further outputs here; the main output is on Processes")
        elif (process, material) in inputs:
            yield Problem(where, f"process '{process}' consumes {material} and would also "
                          "make it", "remove this row or the ProcessInputs row")


UNMODELLED: dict[tuple[str, str], str] = {}
"""Declared names this version reads and checks but does not model yet."""


def _used(tables: Tables, sheet: str, column: str) -> Iterator[int]:
    """Rows of sheet where column holds something other than its default."""
    column, _, kind = column.partition("=")
    for r in tables.records.get(sheet, []):
        value = r.get(column)
        if kind:
            if value == kind:
                yield r["_row"]
        elif column == "segment" and sheet == "Demand":
            if value not in (None, "general"):
                yield r["_row"]
        elif value not in (None, False, 0, 0.0):
            yield r["_row"]


def only_modelled_names(tables: Tables) -> Iterator[Problem]:
    """Names this version cannot yet solve are refused rather than silently ignored."""
    for (sheet, column), what in UNMODELLED.items():
        if sheet == "Settings":
            if tables.settings.get(column) == "value":
                yield Problem(tables.setting_where(column),
                              f"{what} is not modelled by this version",
                              "set it to mass or clear it")
            continue
        for row in _used(tables, sheet, column):
            yield Problem(tables.where(sheet, row, column.partition("=")[0]),
                          f"{what} is not modelled by this version",
                          "clear it, or remove the row")


CHECKS = (traced_rules_are_sound, process_outputs_are_new, only_modelled_names)


def tracing_fits(data: ModelData) -> None:
    """Refuse traced rules that would split a material or run into more origin classes
    than a model can hold (models.input.classes.MAX_CLASSES), before anything is built."""
    try:
        origin_classes(data)
    except TooManyClasses as err:
        traced = [r for r in err.rules if r.trace] or list(err.rules)
        raise InputError([Problem(
            rule.source or f"Rules rule {rule.id}",
            f"tracing {'these rules' if len(err.rules) > 1 else 'this rule'} would split "
            f"{err.where} into more than {err.limit:,} origin classes, a model too large "
            "to build",
            "narrow the rule's item or stage, or set trace to FALSE") for rule in traced]
        ) from None
