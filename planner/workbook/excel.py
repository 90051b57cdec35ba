"""Write tables to a new .xlsx file: atomically, and never turning text into formulas.

Every written file shares the atomic write and the output checks: the template and
generated inputs (openpyxl, with put and fill_sheet here), the results and sweep
workbooks (XlsxWriter, planner.results.xlsx_out) and the HTML report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import math
import os
import secrets
import socket
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

HEADER_FONT = Font(bold=True)
MAX_WIDTH = 50


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one value; text is always stored as text, never as a formula."""
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"


def fill_sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A table with its header in row 1, frozen and filterable."""
    widths = [len(str(h)) for h in header]
    for c, name in enumerate(header, start=1):
        put(ws, 1, c, name)
        ws.cell(row=1, column=c).font = HEADER_FONT
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], len(_shown(value)))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, width + 2)
    ws.freeze_panes = "A2"
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """DataFrame rows as plain Python values (NaN -> blank)."""
    return [
        [None if is_missing(v) else (v.item() if hasattr(v, "item") else v) for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]


def is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


OUTPUT_SUFFIXES = (".xlsx", ".xlsm")
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSM_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


class OutputRefused(Exception):
    """An output the planner will not write: not an Excel name, or a read-only file."""


def check_output(path: Path, *, force: bool = False) -> None:
    """Refuse an output name that is not .xlsx/.xlsm, and an existing read-only file
    (as Excel would) unless force."""
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise OutputRefused(f"{path.name}: results are Excel workbooks; give a name ending in "
                            f".xlsx (not {shown})")
    if not force and path.is_file() and (not os.access(path, os.W_OK)
                                         or not path.stat().st_mode & 0o222):
        raise OutputRefused(f"{path} is read-only — choose another name, or add --force to "
                            "replace it")


def write_atomically(write: Callable[[Path], None], path: Path) -> None:
    """write(temp_path) to a temporary file beside path, then rename it over path.

    An interrupted run leaves the previous file (or none), never half a file; a
    temporary file carries the host and process id of its run, and those of ended
    runs are removed. The file gets the permissions the user's umask gives, like any
    file the user saves.
    """
    path = Path(path)
    remove_stale_temporaries(path)
    temp = _new_temporary(path)
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def save_atomically(target: Workbook | Callable[[Path], None], path: Path, *,
                    force: bool = False) -> None:
    """Write a workbook to path atomically (see write_atomically).

    target is an openpyxl Workbook, or a callable write(temp_path) that writes the
    whole file at temp_path (e.g. with XlsxWriter). The name must end in .xlsx or
    .xlsm, and an existing read-only file is replaced only with force.
    """
    path = Path(path)
    check_output(path, force=force)

    def write(temp: Path) -> None:
        if isinstance(target, Workbook):
            _save_workbook(target, temp)
        else:
            target(temp)
        if path.suffix.lower() == ".xlsm":
            _mark_macro_enabled(temp)

    write_atomically(write, path)


def _host() -> str:
    return "".join(ch for ch in socket.gethostname() if ch.isalnum() or ch in "-_")[:40] or "host"


def _new_temporary(path: Path) -> Path:
    """An empty temporary file beside path, named .NAME.HOST-PID-TOKEN.tmp."""
    for _ in range(100):
        temp = path.with_name(f".{path.name}.{_host()}-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp
    raise FileExistsError(f"no free temporary name beside {path}")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files that runs on this host which have ended (killed,
    say) left beside path; returns those removed."""
    removed: list[Path] = []
    if os.name != "posix":  # os.kill(pid, 0) only asks about a process on POSIX
        return removed
    prefix = f".{path.name}.{_host()}-"
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = temp.name[len(prefix):].split("-", 1)[0]
        if not temp.name.startswith(prefix) or not pid.isdigit() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            temp.unlink()
            removed.append(temp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _save_workbook(wb: Workbook, temp: Path) -> None:
    """openpyxl's save, with the archive closed explicitly when writing fails (a full
    disk), so that nothing is left for the garbage collector to complain about."""
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    archive = zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).write_data()
        archive.close()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()
        raise


def _mark_macro_enabled(temp: Path) -> None:
    """Give the workbook the content type Excel expects of an .xlsm file (no macros
    are written: Excel refuses an .xlsm whose content type says .xlsx)."""
    with zipfile.ZipFile(temp) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for info, data in parts:
            if info.filename == "[Content_Types].xml":
                data = data.replace(_XLSX_MAIN, _XLSM_MAIN)
            archive.writestr(info, data)


def write_tables(path: Path, tables: Mapping[str, pd.DataFrame], *, force: bool = False) -> None:
    """Write each DataFrame as a sheet (in order) to a new workbook at path, atomically."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in tables.items():
        fill_sheet(wb.create_sheet(name), [str(c) for c in frame.columns], frame_rows(frame))
    save_atomically(wb, path, force=force)
