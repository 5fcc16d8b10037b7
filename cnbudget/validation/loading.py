"""Inputs of the validator: a package folder or its datapackage.json, a zip of a package, or
a source document (PDF, text, workbook) converted first.

Reading is defensive: resource paths may not leave the package folder nor be URLs, zip
members may not escape their root, CSVs are streamed with a row cap (bounded memory), and a
file that is not UTF-8 gets a clear message instead of a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cnbudget import package
from cnbudget.model import Disclosure, Provenance, Table
from cnbudget.validation.context import LoadProblem, PackageFiles

MAX_ROWS = 100_000
"""Rows read per resource; a disclosure table has hundreds, not millions."""
MAX_ZIP_BYTES = 1 << 30
DOCUMENT_SUFFIXES = (".pdf", ".txt", ".md", ".xlsx", ".xlsm", ".xls")


class InputError(Exception):
    """The input cannot be validated at all (exit code 2); the message says why."""


@dataclass(slots=True)
class Loaded:
    disclosure: Disclosure
    files: PackageFiles | None
    inputs: list[dict[str, str]] = field(default_factory=list)
    """Each input file read: path and sha256."""
    workdir: Path | None = None

    def cleanup(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load(path: Path, max_rows: int = MAX_ROWS) -> Loaded:
    """Read any supported input into a disclosure (raises InputError)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        if not (path / "datapackage.json").is_file():
            raise InputError(f"{path}: not a package (no datapackage.json in this folder)")
        return load_package(path, max_rows)
    if path.name.endswith(".json"):
        return load_package(path, max_rows)
    is_document = path.suffix.lower() in DOCUMENT_SUFFIXES
    if not is_document and zipfile.is_zipfile(path):  # a workbook is a zip too
        return _load_zip(path, max_rows)
    if is_document or path.read_bytes()[:4] == b"%PDF":
        return _convert(path, max_rows)
    raise InputError(f"{path}: not a package, a zip of a package nor a document to convert")


def load_package(path: Path, max_rows: int = MAX_ROWS) -> Loaded:
    try:
        dpath = package.descriptor_path(path)
        desc = package.read_descriptor(dpath)
    except package.PackageError as exc:
        raise InputError(str(exc)) from exc
    base = dpath.parent
    resources = desc.get("resources")
    if not isinstance(resources, list):
        raise InputError(f"{dpath}: 'resources' is missing or not a list")
    paths: dict[str, Path] = {}
    for res in resources:
        if not isinstance(res, dict):
            raise InputError(f"{dpath}: a resource is not a JSON object")
        try:
            paths[str(res.get("name"))] = package.safe_resource_path(base, res)
        except package.PackageError as exc:
            raise InputError(str(exc)) from exc
    meta = {k: v for k, v in desc.items() if k != "resources"}
    disclosure = Disclosure(metadata=meta)
    files = PackageFiles(base=base, descriptor=desc)
    inputs = [{"path": str(dpath), "sha256": sha256(dpath)}]
    for res in resources:
        name = str(res.get("name"))
        full = paths[name]
        if not full.is_file():
            files.problems.append(LoadProblem(name, f"file {res.get('path')} is missing"))
            continue
        inputs.append({"path": str(full), "sha256": sha256(full)})
        rows = _read_rows(full, name, max_rows, files)
        if rows is None:
            continue
        if name == "provenance":
            disclosure.provenance = list(_provenance(rows, files))
            continue
        disclosure.tables[name] = Table(
            name=name, rows=rows, printed_title=res.get("printed_title"), unit=res.get("unit"),
            pages=list(res.get("pages") or []), notes=list(res.get("notes") or []),
            published_empty=bool(res.get("published_empty")), as_of=res.get("as_of"),
            not_published=bool(res.get("not_published")),
            extension=res.get("extension"), title=res.get("title"),
            schema=res.get("schema") if name.startswith("x_") else None)
    return Loaded(disclosure, files, inputs)


def _read_rows(path: Path, name: str, max_rows: int, files: PackageFiles
               ) -> list[dict[str, Any]] | None:
    rows: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for i, row in enumerate(_dict_rows(csv.reader(fh))):
                if i >= max_rows:
                    files.truncated[name] = max_rows
                    files.problems.append(LoadProblem(
                        name, f"more than {max_rows} rows; only the first {max_rows} were "
                              "read (a disclosure table has hundreds)", fatal=False))
                    break
                rows.append(row)
    except UnicodeDecodeError:
        files.problems.append(LoadProblem(name, _encoding_message(path)))
        return None
    except csv.Error as exc:
        files.problems.append(LoadProblem(name, f"malformed CSV: {exc}"))
        return None
    return rows


def _dict_rows(reader: Iterator[list[str]]) -> Iterator[dict[str, Any]]:
    """The rows ``csv.DictReader`` makes of ``reader``'s (the first row names the fields;
    blank lines skipped; a short row's missing fields None, a long row's extra cells
    dropped, as the loader dropped DictReader's ``None`` key), without its per-row cost."""
    header = next(reader, None)
    if header is None:
        return
    width = len(header)
    for row in reader:
        if not row:
            continue
        d: dict[str, Any] = dict(zip(header, row, strict=False))  # longer: extra dropped
        if len(row) < width:
            for key in header[len(row):]:
                d[key] = None
        yield d


def _encoding_message(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    try:
        head.decode("gb18030")
    except UnicodeDecodeError:
        return "not UTF-8 text; save it as UTF-8"
    return ("not UTF-8 text (looks like GB18030/GBK, common in files saved by Excel on "
            "Chinese Windows); save it as UTF-8")


def _provenance(rows: list[dict[str, Any]], files: PackageFiles) -> Iterator[Provenance]:
    bad = 0
    for r in rows:
        try:
            yield package._provenance_from_row(r)
        except (KeyError, ValueError):
            bad += 1
    if bad:
        files.problems.append(LoadProblem("provenance", f"{bad} rows could not be read",
                                          fatal=False))


def _load_zip(path: Path, max_rows: int) -> Loaded:
    work = Path(tempfile.mkdtemp(prefix="cnbudget-zip-"))
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                member = PurePosixPath(info.filename)
                if member.is_absolute() or ".." in member.parts or "\\" in info.filename:
                    raise InputError(f"{path}: member {info.filename!r} escapes the archive's "
                                     "root; refused")
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    raise InputError(f"{path}: member {info.filename!r} is a symbolic link; "
                                     "refused")
                total += info.file_size
                if total > MAX_ZIP_BYTES:
                    raise InputError(f"{path}: more than {MAX_ZIP_BYTES} bytes uncompressed; "
                                     "refused")
            zf.extractall(work)
        descs = sorted(work.rglob("datapackage.json"), key=lambda p: len(p.parts))
        if not descs:
            raise InputError(f"{path}: the archive holds no datapackage.json")
        loaded = load_package(descs[0], max_rows)
    except (zipfile.BadZipFile, InputError):
        shutil.rmtree(work, ignore_errors=True)
        raise
    loaded.inputs.insert(0, {"path": str(path), "sha256": sha256(path)})
    loaded.workdir = work
    return loaded


def _convert(path: Path, max_rows: int) -> Loaded:
    from cnbudget.converters import ConversionError, convert

    try:
        disclosure = convert([path])
    except ConversionError as exc:
        raise InputError(f"{path}: could not convert: {exc}") from exc
    work = Path(tempfile.mkdtemp(prefix="cnbudget-convert-"))
    target = package.write_package(disclosure, work / disclosure.package_name)
    loaded = load_package(target, max_rows)
    loaded.inputs.insert(0, {"path": str(path), "sha256": sha256(path)})
    loaded.workdir = work
    return loaded
