"""The inputs of a batch: files and folders walked recursively, zips extracted safely,
packages recognised, identical files counted once, a mapping file read."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls", ".txt")
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_BYTES = 4 * 2**30
"""Bounds of one zip's extracted content (a zip bomb is refused, not extracted)."""


class InputError(Exception):
    """An input that cannot be used at all (the run continues without it)."""


class MappingError(Exception):
    """A mapping file that cannot be read or names files that are not inputs."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(2**20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(slots=True)
class Input:
    """One input: a document file, or a package folder (``kind`` "package")."""

    path: Path
    """Where it is read from (a zip's member: inside the extraction folder)."""
    label: str
    """How it is shown: the path given, ``archive.zip!member`` for a zip's member."""
    sha256: str
    bytes: int
    kind: str
    """document or package"""
    duplicates: list[str] = field(default_factory=list)
    """Labels of other inputs with the same content (counted once)."""

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.label, "sha256": self.sha256, "bytes": self.bytes}


@dataclass(slots=True)
class Rejected:
    """An input refused before any work: an unsafe zip, an unreadable file."""

    label: str
    reason: str
    sha256: str | None = None
    bytes: int = 0


@dataclass(slots=True)
class Collected:
    inputs: list[Input] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    """Files that are neither documents, packages nor zips (listed, not used)."""


def package_digest(folder: Path) -> tuple[str, int]:
    """A package folder's content: SHA-256 over its files' relative paths and digests."""
    h = hashlib.sha256()
    size = 0
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder).as_posix()
        h.update(f"{rel}\0{sha256_file(f)}\n".encode())
        size += f.stat().st_size
    return h.hexdigest(), size


def unsafe_member(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member may not be extracted (None: it may)."""
    name = info.filename
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"member {name!r} has an absolute path"
    if ".." in re.split(r"[\\/]", name):
        return f"member {name!r} leads out of the archive's folder ('..')"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"member {name!r} is a symbolic link"
    return None


def extract_zip(archive: Path, target: Path) -> Path:
    """Extract ``archive`` into ``target`` (a fresh folder) after checking every member;
    raise InputError, extracting nothing, when one is unsafe or the content is too large."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for info in infos:
                why = unsafe_member(info)
                if why is not None:
                    raise InputError(f"{archive}: unsafe zip refused: {why}")
            if len(infos) > MAX_ZIP_MEMBERS:
                raise InputError(f"{archive}: {len(infos)} members (limit {MAX_ZIP_MEMBERS})")
            total = sum(i.file_size for i in infos)
            if total > MAX_ZIP_BYTES:
                raise InputError(f"{archive}: {total} bytes uncompressed (limit "
                                 f"{MAX_ZIP_BYTES})")
            if target.is_dir():
                return target
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            root = tmp.resolve()
            for info in infos:
                dest = (root / PurePosixPath(info.filename.replace("\\", "/"))).resolve()
                if not dest.is_relative_to(root):  # checked above; never write outside
                    raise InputError(f"{archive}: member {info.filename!r} leaves the folder")
                if info.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out, 2**20)
            tmp.rename(target)
            return target
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{archive}: not a readable zip ({exc})") from None


def collect(paths: list[Path], work: Path, skip: Path | None = None) -> Collected:
    """Walk ``paths``: documents, package folders (with datapackage.json), zips (extracted
    under ``work``); identical content is one input, the others its duplicates. The folder
    ``skip`` (the batch's own output, when it lies among the inputs) is not walked."""
    out = Collected()
    skipped = skip.resolve() if skip is not None else None
    by_sha: dict[str, Input] = {}

    def add(path: Path, label: str, kind: str) -> None:
        try:
            if kind == "package":
                sha, size = package_digest(path)
            else:
                sha, size = sha256_file(path), path.stat().st_size
        except OSError as exc:
            out.rejected.append(Rejected(label, f"{label}: cannot be read ({exc.strerror})"))
            return
        if sha in by_sha:
            by_sha[sha].duplicates.append(label)
            return
        item = Input(path, label, sha, size, kind)
        by_sha[sha] = item
        out.inputs.append(item)

    def walk(path: Path, label: str) -> None:
        if skipped is not None and path.resolve() == skipped:
            return
        if path.is_dir():
            if (path / "datapackage.json").is_file():
                add(path, label, "package")
                return
            for child in sorted(path.iterdir()):
                if child.name.startswith("."):
                    continue
                walk(child, f"{label.rstrip('/')}/{child.name}")
        elif path.is_file():
            suffix = path.suffix.lower()
            if suffix == ".zip":
                try:
                    sha = sha256_file(path)
                    folder = extract_zip(path, work / "zips" / sha[:16])
                except (InputError, OSError) as exc:
                    out.rejected.append(Rejected(label, str(exc)))
                    return
                walk(folder, f"{label}!")
            elif path.name == "datapackage.json":
                add(path.parent, label.rsplit("/", 1)[0] if "/" in label else ".", "package")
            elif suffix in DOCUMENT_SUFFIXES:
                add(path, label, "document")
            else:
                out.ignored.append(label)
        else:
            out.rejected.append(Rejected(label, f"{label}: no such file or folder"))

    for p in paths:
        walk(Path(p), str(p))
    return out


def read_mapping(path: Path) -> dict[str, list[str]]:
    """A mapping file (YAML or JSON): disclosure id → list of files."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        if Path(path).suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:
        raise MappingError(f"{path}: not valid YAML/JSON ({exc})") from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and v and all(isinstance(f, str)
                                                                      for f in v)
            for k, v in data.items()):
        raise MappingError(f"{path}: expected a mapping of disclosure id → list of files")
    for k in data:
        if not re.fullmatch(r"[^\\/:*?\"<>|\s.][^\\/:*?\"<>|\s]*", k):
            raise MappingError(f"{path}: disclosure id {k!r} is not a usable folder name")
    return {k: list(v) for k, v in data.items()}


def match_mapping(mapping: dict[str, list[str]], base: Path, inputs: list[Input]
                  ) -> dict[str, list[Input]]:
    """The inputs of each mapped disclosure; a file is matched by its path (relative to the
    mapping file's folder, or as given) or, failing that, by a unique file name."""
    by_path: dict[Path, Input] = {}
    by_name: dict[str, list[Input]] = {}
    for item in inputs:
        by_path[item.path.resolve()] = item
        by_name.setdefault(item.path.name, []).append(item)
        for dup in item.duplicates:
            by_path.setdefault(Path(dup).resolve(), item)
    out: dict[str, list[Input]] = {}
    used: dict[str, str] = {}
    for ident, files in mapping.items():
        items: list[Input] = []
        for f in files:
            found = by_path.get((base / f).resolve()) or by_path.get(Path(f).resolve())
            if found is None:
                named = by_name.get(Path(f).name, [])
                if len(named) == 1:
                    found = named[0]
                elif len(named) > 1:
                    raise MappingError(f"mapping: {f!r} of {ident!r} names several inputs")
            if found is None:
                raise MappingError(f"mapping: {f!r} of {ident!r} is not among the inputs")
            if found.label in used:
                raise MappingError(f"mapping: {f!r} is in both {used[found.label]!r} and "
                                   f"{ident!r}")
            used[found.label] = ident
            items.append(found)
        out[ident] = items
    return out


UNSAFE = r"[\\/:*?\"<>|!\s]+"
"""Characters replaced in a folder name made from a document's text."""


def slug(text: str, used: set[str], unsafe: str = UNSAFE) -> str:
    """A folder name from ``text`` (Chinese kept, ``unsafe`` characters replaced), unique
    among ``used`` (which it joins)."""
    base = re.sub(unsafe, "_", text).strip("._") or "input"
    name, i = base, 1
    while name in used:
        i += 1
        name = f"{base}-{i}"
    used.add(name)
    return name
