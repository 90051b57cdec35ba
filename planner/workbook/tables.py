"""Schema-validated input tables, as validation hands them on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.workbook.problems import cell_ref

Record = dict[str, Any]
"""One typed row: a value (or None) for every declared column, plus '_row'."""


@dataclass
class Tables:
    """Schema-validated input: typed records per declared sheet, and the Settings."""

    records: dict[str, list[Record]]
    settings: dict[str, Any]
    titles: dict[str, str] = field(default_factory=dict)
    """Declared sheet name -> worksheet title as found in the workbook."""
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    """Declared sheet name -> column name -> column number in the workbook."""
    settings_rows: dict[str, int] = field(default_factory=dict)

    def where(self, sheet: str, row: int | None = None, column: str | None = None) -> str:
        """Cell reference of a record's column (or of the whole row, or the sheet)."""
        number = self.columns.get(sheet, {}).get(column) if column else None
        return cell_ref(self.titles.get(sheet, sheet), number, row)

    def setting_where(self, key: str) -> str:
        row = self.settings_rows.get(key)
        return self.where("Settings", row, "value") if row else "Settings"
