"""Look at a file before trusting it as a workbook.

Workbooks arrive by e-mail from many hands. Before openpyxl parses anything this
module checks what the bytes are (a zip of spreadsheet XML, not a legacy or
encrypted file), that they do not unpack into something enormous, and which formula
cells carry no computed value. XML is parsed with defusedxml, which refuses entity
definitions (openpyxl uses it too once it is installed).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException, DTDForbidden

from planner.workbook.problems import InputError, Problem

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""Largest total size the parts of a workbook may unpack to."""
MAX_RATIO = 200
"""Largest compression ratio of one part (a zip bomb compresses far better)."""
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _refuse(name: str, what: str, fix: str) -> InputError:
    return InputError([Problem(name, what, fix)])


def read_checked(path: Path) -> bytes:
    """The file's bytes, once they look like a workbook that is safe to parse."""
    name = path.name
    if not path.is_file():
        raise _refuse(name, "file not found", f"check the path {path}")
    content = path.read_bytes()
    if not content:
        raise _refuse(name, "the file is empty", "save the workbook again from Excel")
    if content.startswith(OLE_SIGNATURE):
        if ENCRYPTED_MARK in content:
            raise _refuse(name, "the workbook is password-protected (encrypted)",
                          "open it in Excel, remove the password (File > Info > Protect "
                          "Workbook) and save it as .xlsx")
        raise _refuse(name, "a legacy .xls workbook (Excel 97-2003), not .xlsx",
                      "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise _refuse(name, "not an .xlsx workbook",
                      "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_parts(name, archive)
    except zipfile.BadZipFile as err:
        raise _refuse(name, f"the workbook is damaged ({err})",
                      "open it in Excel or LibreOffice and save it again as .xlsx") from err
    return content


def _check_parts(name: str, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise _refuse(name, "a zip file but not an Excel workbook",
                      "save the data as Excel Workbook (.xlsx)")
    if "xl/workbook.bin" in names:
        raise _refuse(name, "a binary .xlsb workbook, not .xlsx",
                      "open it in Excel and save it as Excel Workbook (.xlsx)")
    total = sum(info.file_size for info in infos)
    worst = max((info.file_size / max(info.compress_size, 1) for info in infos), default=0)
    if total > MAX_UNPACKED_BYTES or worst > MAX_RATIO:
        shrunk = f", a part compressed more than {MAX_RATIO}:1" if worst > MAX_RATIO else ""
        raise _refuse(name, f"the workbook unpacks to {total / 2**20:,.0f} MB{shrunk}",
                      f"the planner reads workbooks up to {MAX_UNPACKED_BYTES / 2**20:,.0f} MB "
                      "of ordinary content; remove unused sheets, images and formatted "
                      "empty rows")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                if _declares_doctype(part):
                    raise _refuse(name, f"the part {info.filename} declares a DOCTYPE (XML "
                                  "entity definitions), which is not allowed",
                                  "save the workbook again from Excel or LibreOffice")


def _declares_doctype(part) -> bool:
    """Whether an XML part has a DOCTYPE before its root element (read up to the root)."""
    try:
        for _ in ElementTree.iterparse(part, events=("start",), forbid_dtd=True):
            return False
    except DTDForbidden:
        return True
    except ElementTree.ParseError:
        return False  # a damaged part: openpyxl says so in its own words
    return False


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet title -> its XML part, from the workbook and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        target = target.lstrip("/")
        parts[sheet.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def formulas_without_values(content: bytes, titles: set[str]) -> dict[str, list[str]]:
    """Sheet title -> cells of the given sheets whose formula holds no cached value.

    A workbook written by a program and never recalculated has formulas whose value
    Excel has not computed; reading them as blanks would silently lose data.
    """
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            for title, part in sheet_parts(archive).items():
                if title in titles and part in archive.namelist():
                    found[title] = _empty_formulas(archive.read(part))
        except (KeyError, ElementTree.ParseError, DefusedXmlException):
            return found  # openpyxl reports a damaged workbook in its own words
    return found


def _empty_formulas(xml: bytes) -> list[str]:
    """References of formula cells without a value, streaming through the sheet XML."""
    found = []
    for _, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):
        if element.tag != f"{_MAIN}c":
            continue
        formula = element.find(f"{_MAIN}f")
        value = element.find(f"{_MAIN}v")
        if formula is not None and (value is None or value.text is None) \
                and element.find(f"{_MAIN}is") is None:
            found.append(element.get("r"))
        element.clear()
    return found


def has_macros(content: bytes) -> bool:
    """Whether the workbook carries a VBA project (it is never kept or run)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(n.lower().endswith("vbaproject.bin") for n in archive.namelist())
