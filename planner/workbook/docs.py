"""The workbook reference (docs/workbook.md), generated from the schema.

Run `python -m planner.workbook.docs > docs/workbook.md` (or `make docs`); a test keeps the
committed file equal to what this prints.
"""

from __future__ import annotations

from planner.workbook.declare import Column
from planner.workbook.schema import SETTINGS_KEYS, SHEETS


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _row(col: Column) -> str:
    need = "**required**" if col.required else ("" if col.default in (None, "") else
                                                 f"default {col.default}")
    choices = ", ".join(col.allowed)
    if col.ref:
        choices = "declared in " + " or ".join(r.replace(".", " column ") for r in col.ref)
    return (f"| `{col.name}` | {col.kind} | {_cell(col.unit)} | {need} | {_cell(choices)} "
            f"| {_cell(col.description)} |")


def reference() -> str:
    """The whole reference as Markdown."""
    lines = [
        "# Input workbook reference",
        "",
        "Generated from `planner/workbook/schema.py` by `make docs`; do not edit by hand.",
        "",
        "One `.xlsx` file; each sheet holds one table with its header in row 1 (or an Excel",
        "Table). Headers and sheet names match case-insensitively; blank rows are skipped;",
        "other sheets and columns are the user's own and are ignored. Quantities are tonnes",
        "(t), money is in the Settings `currency`. A whole number used as an id or period",
        "(2026) is the label `2026`. `UNK` is always a declared country (unknown origin).",
        "A header may end with its unit in parentheses, `price (USD/t)` or",
        "`probability (%)`; it must be the column's unit below (`currency` stands for any",
        "currency code), since values are never converted.",
        "",
    ]
    header = ["| column | type | unit | required / default | allowed | meaning |",
              "|---|---|---|---|---|---|"]
    for sheet in SHEETS:
        kind = "required sheet" if sheet.required else "optional sheet"
        lines += [f"## {sheet.name}", "", f"{sheet.description} ({kind}"
                  + (f"; one row per {' + '.join(sheet.key)}" if sheet.key else "") + ")", ""]
        lines += header + [_row(col) for col in sheet.columns] + [""]
        if sheet.name == "Settings":
            lines += ["Keys of Settings:", ""] + header + [_row(k) for k in SETTINGS_KEYS]
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
