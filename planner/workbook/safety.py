"""Look at a file before trusting it as a workbook.

Workbooks arrive by e-mail from many hands. Before any part is parsed this module
checks the size of the file, what its bytes are (a zip of spreadsheet XML, not a
legacy, encrypted or OpenDocument file), and then every part of the archive: its
compression, that it unpacks intact and not into something enormous, and that its
XML declares neither an encoding other than UTF-8/UTF-16 nor a DOCTYPE (entity
definitions). Part names are compared without regard to case, as the Open Packaging
Conventions require.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from planner.workbook.problems import InputError, Problem

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest workbook file read (checked before a byte of it is read)."""
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""Largest total size the parts of a workbook may unpack to."""
MAX_RATIO = 200
"""Largest compression ratio of one part (a zip bomb compresses far better)."""
CHUNK = 1 << 20
FIX_XLSX = "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)"
FIX_AGAIN = "open it in Excel or LibreOffice and save it again as .xlsx"
METHODS = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 97: "WavPack",
           98: "PPMd", 99: "AES encryption"}
"""Zip compression methods Excel never writes (it writes stored and deflate only)."""
ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii"})
_DECLARATION = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def _refuse(name: str, what: str, fix: str) -> InputError:
    return InputError([Problem(name, what, fix)])


def read_checked(path: Path) -> bytes:
    """The file's bytes, once they look like a workbook that is safe to parse."""
    content = _read(Path(path))
    name = Path(path).name
    if not content:
        raise _refuse(name, "the file is empty", "save the workbook again from Excel")
    if content.startswith(OLE_SIGNATURE):
        if ENCRYPTED_MARK in content:
            raise _refuse(name, "the workbook is password-protected (encrypted)",
                          "open it in Excel, remove the password (File > Info > Protect "
                          "Workbook) and save it as .xlsx")
        raise _refuse(name, "a legacy .xls workbook (Excel 97-2003), not .xlsx", FIX_XLSX)
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise _refuse(name, "not an .xlsx workbook", FIX_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_archive(name, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise _refuse(name, f"the workbook is damaged ({err})", FIX_AGAIN) from err
    return content


def _read(path: Path) -> bytes:
    """The file's bytes, its size checked before anything is read."""
    name = path.name
    try:
        if path.is_dir():
            raise _refuse(name, "a folder, not a workbook", "give the path of the .xlsx file")
        size = path.stat().st_size
        if not path.is_file():
            raise _refuse(name, "not a regular file (a device or a pipe)",
                          "save the workbook as a file and give its path")
        if size > MAX_FILE_BYTES:
            raise _refuse(name, f"the file is {size / 2**20:,.0f} MB; the planner reads "
                          f"workbooks up to {MAX_FILE_BYTES / 2**20:,.0f} MB",
                          "remove unused sheets, images and formatted empty rows, or split "
                          "the data")
        with path.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as err:
        raise _refuse(name, "file not found", f"check the path {path}") from err
    except PermissionError as err:
        raise _refuse(name, "the file cannot be read: permission denied",
                      "ask its owner for read access, or copy it to a folder of your own "
                      "and give that path") from err
    except OSError as err:
        raise _refuse(name, f"the file cannot be read ({err.strerror or err})",
                      "copy it to a local folder and try again") from err
    if len(content) > MAX_FILE_BYTES:  # it grew while being read
        raise _refuse(name, "the file is still growing", "wait until it is saved, then try again")
    return content


def _check_archive(name: str, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    seen: dict[str, str] = {}
    for info in infos:
        if info.filename.lower() in seen:
            raise _refuse(name, f"the archive holds the part {info.filename} twice (a damaged "
                          "or tampered file)", FIX_AGAIN)
        seen[info.filename.lower()] = info.filename
    if _is_opendocument(archive, seen):
        raise _refuse(name, "an OpenDocument spreadsheet (.ods), not an Excel workbook",
                      "open it in LibreOffice Calc and save it as Excel 2007-365 (.xlsx) "
                      "(File > Save As, file type Excel 2007-365)")
    if "xl/workbook.bin" in seen:
        raise _refuse(name, "a binary .xlsb workbook, not .xlsx",
                      "open it in Excel and save it as Excel Workbook (.xlsx)")
    if "xl/workbook.xml" not in seen:
        raise _refuse(name, "a zip file but not an Excel workbook",
                      "save the data as Excel Workbook (.xlsx)")
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(name, f"the part {info.filename} is password-encrypted inside the "
                          "archive, which Excel never writes",
                          "open the original in Excel and save it without a password as .xlsx")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = METHODS.get(info.compress_type, f"method {info.compress_type}")
            raise _refuse(name, f"the part {info.filename} is compressed with {method}, which "
                          "Excel never writes and the planner cannot read", FIX_AGAIN)
    total = sum(info.file_size for info in infos)
    worst = max((info.file_size / max(info.compress_size, 1) for info in infos), default=0)
    if total > MAX_UNPACKED_BYTES or worst > MAX_RATIO:
        shrunk = f", a part compressed more than {MAX_RATIO}:1" if worst > MAX_RATIO else ""
        raise _refuse(name, f"the workbook unpacks to {total / 2**20:,.0f} MB{shrunk}",
                      f"the planner reads workbooks up to {MAX_UNPACKED_BYTES / 2**20:,.0f} MB "
                      "of ordinary content; remove unused sheets, images and formatted "
                      "empty rows")
    for info in infos:
        _check_part(name, archive, info)


def _is_opendocument(archive: zipfile.ZipFile, names: dict[str, str]) -> bool:
    if "mimetype" not in names:
        return False
    with archive.open(names["mimetype"]) as part:
        return part.read(100).startswith(b"application/vnd.oasis.opendocument")


class _RootReached(Exception):
    """Raised by the XML check once the root element starts: the prologue is over."""


def _check_part(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Unpack one part whole (its checksum is verified at the end); an XML part must
    declare UTF-8 or UTF-16 and no DOCTYPE before its root element."""
    try:
        _unpack(name, archive, info)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise _refuse(name, f"the part {info.filename} is damaged: it does not unpack",
                      FIX_AGAIN) from err


def _unpack(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with archive.open(info) as part:
        chunk = part.read(CHUNK)
        if _looks_like_xml(chunk):
            parser = _prologue_parser(name, info.filename)
            _check_encoding(name, info.filename, chunk)
            try:
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = part.read(CHUNK)
                parser.Parse(b"", True)
            except _RootReached:
                pass
            except expat.ExpatError as err:
                raise _refuse(name, f"the part {info.filename} is damaged (not well-formed "
                              f"XML: {expat.ErrorString(err.code)})", FIX_AGAIN) from err
        while chunk:
            chunk = part.read(CHUNK)


def _looks_like_xml(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.lstrip()[:1] == b"<"


def _check_encoding(name: str, part: str, head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[:400].decode("utf-16", errors="replace")
    else:
        text = head[:400].decode("latin-1")
    declared = _DECLARATION.match(text.lstrip("\ufeff"))
    if declared and declared[1].strip().lower() not in ENCODINGS:
        raise _refuse(name, f"the part {part} declares the text encoding {declared[1]}, not "
                      "UTF-8 or UTF-16 as every Excel workbook does", FIX_AGAIN)


def _prologue_parser(name: str, part: str) -> expat.XMLParserType:
    parser = expat.ParserCreate()

    def doctype(*_args: object) -> None:
        raise _refuse(name, f"the part {part} declares a DOCTYPE (XML entity definitions), "
                      "which is not allowed", "save the workbook again from Excel or LibreOffice")

    def root(*_args: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    return parser


def has_macros(content: bytes) -> bool:
    """Whether the workbook carries a VBA project (it is never kept or run)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(n.lower().endswith("vbaproject.bin") for n in archive.namelist())
