"""Problems found in an input workbook, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter


def cell_ref(sheet: str, column: int | None = None, row: int | None = None) -> str:
    """`Sheet!E3`, `Sheet!3` (a whole row) or `Sheet` (the sheet itself)."""
    if row is None:
        return sheet
    if column is None:
        return f"{sheet}!{row}"
    return f"{sheet}!{get_column_letter(column)}{row}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the workbook: where, what, and how to fix it."""

    where: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" + (f" — {self.fix}" if self.fix else "")


class InputError(Exception):
    """The workbook cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
