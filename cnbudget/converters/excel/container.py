"""Stage 0 of the workbook front end: what kind of file is this, and is it safe to open?

Decides between an Office Open XML workbook (a zip), a legacy BIFF workbook (an OLE2
compound file) and everything else, and refuses — with a message naming the file — what
cannot or must not be read: encrypted workbooks, corrupt containers, and containers whose
parts are larger than any disclosure needs (zip bombs, sheets of millions of rows).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cnbudget.model import ConversionError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_PART_BYTES = 256 * 1024 * 1024
"""Largest uncompressed part (one sheet's XML, the shared strings) that will be opened."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 400
"""Largest compression ratio of a part bigger than 16 MiB (a zip bomb compresses better)."""

Kind = Literal["xlsx", "xls"]


@dataclass(frozen=True, slots=True)
class Container:
    path: Path
    kind: Kind


def sniff(path: Path) -> Container:
    """Classify the file by its content (not its name) and check its size limits."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            ole_dir = fh.read(512 * 1024) if head == OLE_MAGIC else b""
    except OSError as exc:
        raise ConversionError(f"{path}: cannot be read ({exc.strerror})") from None
    if head == OLE_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in ole_dir or \
                "EncryptedPackage".encode("utf-16-le") in ole_dir:
            raise ConversionError(f"{path}: the workbook is password-protected (encrypted); "
                                  "remove the password in Excel or LibreOffice and save it "
                                  "again, then convert the copy")
        return Container(path, "xls")
    if head.startswith(ZIP_MAGIC) or zipfile.is_zipfile(path):
        _check_zip(path)
        return Container(path, "xlsx")
    if not head:
        raise ConversionError(f"{path}: empty file, not a workbook")
    raise ConversionError(f"{path}: not an Excel workbook (neither an .xlsx zip container nor "
                          "an .xls OLE2 file); the file is damaged or has the wrong name")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ConversionError(f"{path}: corrupt workbook (the zip container cannot be read: "
                              f"{exc})") from None
    if "xl/workbook.xml" not in names:
        raise ConversionError(f"{path}: a zip file but not an Excel workbook (no "
                              "xl/workbook.xml part)")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > 16 * 1024 * 1024
                                               and ratio > MAX_RATIO):
            raise ConversionError(f"{path}: part {info.filename} unpacks to "
                                  f"{info.file_size:,} bytes; far larger than any disclosure "
                                  "table — refused (limit "
                                  f"{MAX_PART_BYTES // (1024 * 1024)} MiB per part)")
    if total > MAX_TOTAL_BYTES:
        raise ConversionError(f"{path}: the workbook unpacks to {total:,} bytes; refused")
