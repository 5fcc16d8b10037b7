"""Files of the standard (YAML, CSV), parsed once per content and kept as JSON in a user
cache.

Parsing schema/rules/catalogue.yaml (300 KB) with PyYAML costs a short process more than
all of its converting (0.14 s with libyaml, plus 0.05 s to import PyYAML); reading the
same data back from JSON costs 6 ms. :func:`load` parses a YAML file the first time its
*content* is seen and stores the result in the user cache folder, under the SHA-256 of
the file's bytes, so an edited file is parsed again and an old entry is never used for it;
:func:`load_csv` does the same for a CSV file's rows (``csv.DictReader``: the codelists,
the largest of which costs 30 ms to parse).

The cache keeps the parsed data exactly: JSON cannot hold a mapping key that is not a
string (the catalogue has one, the integer 853 of an example's data) nor a date, so such
a mapping or value is written in a tagged form (``{"\\u0000map": [[key, value], ...]}``,
``{"\\u0000date": "2024-01-01"}``) that no YAML file of the standard can produce (a key
that begins with U+0000 is itself tagged). Before an entry is written, it is decoded
again and compared with the parsed data, types included (``1`` is not ``1.0`` nor
``True``); data that would not come back the same is not cached. An entry that cannot be
read or does not match is ignored and rewritten.

Where the cache lives: ``CNBUDGET_CACHE_DIR`` if set (set but empty: no cache), else
``$XDG_CACHE_HOME/cnbudget``, ``~/.cache/cnbudget`` (``%LOCALAPPDATA%\\cnbudget`` on
Windows, ``~/Library/Caches/cnbudget`` on macOS). Entries are written atomically (a
temporary file in the same folder, then renamed); a folder that cannot be created or
written costs nothing but the cache: the file is parsed as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

_TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if _TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

FORMAT = 1
"""Version of the cache entries' layout; part of every entry's name."""
_MAP, _DATE, _DATETIME = "\0map", "\0date", "\0datetime"


class _Unencodable(Exception):
    """The data holds a value the cache does not keep exactly."""


def cache_dir() -> Path | None:
    """The folder of the cache entries, or None when the cache is off."""
    explicit = os.environ.get("CNBUDGET_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) / "standard" if explicit else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cnbudget" / "standard"


def encode(value: Any) -> Any:
    """``value`` (parsed YAML) as plain JSON data; raises _Unencodable."""
    kind = type(value)
    if kind is dict:
        if all(type(k) is str and not k.startswith("\0") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {_MAP: [[encode(k), encode(v)] for k, v in value.items()]}
    if kind is list:
        return [encode(v) for v in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is date:
        return {_DATE: value.isoformat()}
    if kind is datetime:
        return {_DATETIME: value.isoformat()}
    raise _Unencodable(kind.__name__)


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if _MAP in obj:
            return {k: v for k, v in obj[_MAP]}
        if _DATE in obj:
            return date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return datetime.fromisoformat(obj[_DATETIME])
    return obj


def decode(text: str) -> Any:
    """The data of an entry's JSON text (the inverse of :func:`encode`)."""
    return json.loads(text, object_hook=_hook)


def same(a: Any, b: Any) -> bool:
    """``a`` equals ``b`` with the same types all the way down and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(ka, kb) and same(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return bool(b != b)  # NaN
    return bool(a == b)


def _parse(raw: bytes) -> Any:
    import yaml  # only when the cache has no entry: most processes never import PyYAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)  # a safe loader either way


def _parse_csv(raw: bytes) -> Any:
    import csv
    import io

    with io.StringIO(raw.decode("utf-8"), newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def _entry(folder: Path, path: Path, digest: str, kind: str) -> Path:
    return folder / f"{path.stem}-{kind}-{digest}-v{FORMAT}.json"


def _read(entry: Path, digest: str) -> tuple[bool, Any]:
    try:
        text = entry.read_text(encoding="utf-8")
        head, _, body = text.partition("\n")
        meta = json.loads(head)
        if meta != {"format": FORMAT, "sha256": digest}:
            return False, None
        return True, decode(body)
    except (OSError, ValueError, TypeError, KeyError):
        return False, None


def _write(folder: Path, entry: Path, digest: str, data: Any) -> None:
    try:
        body = json.dumps(encode(data), ensure_ascii=False, separators=(",", ":"))
    except _Unencodable:
        return
    if not same(decode(body), data):  # not kept exactly: parse every time instead
        return
    head = json.dumps({"format": FORMAT, "sha256": digest})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{entry.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(head + "\n" + body)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # not writable: no cache, the same data


def _load(path: Path, kind: str, parse: Callable[[bytes], Any]) -> Any:
    raw = path.read_bytes()
    folder = cache_dir()
    if folder is None:
        return parse(raw)
    digest = hashlib.sha256(raw).hexdigest()
    entry = _entry(folder, path, digest, kind)
    found, data = _read(entry, digest)
    if found:
        return data
    data = parse(raw)
    _write(folder, entry, digest, data)
    return data


def load(path: Path) -> Any:
    """The parsed content of the YAML file ``path`` (a safe load), from the cache when an
    entry for its exact bytes is there."""
    return _load(path, "yaml", _parse)


def load_csv(path: Path) -> list[dict[str, str]]:
    """The rows of the CSV file ``path`` (UTF-8, a header row) as ``csv.DictReader`` reads
    them, from the cache when an entry for its exact bytes is there."""
    rows: list[dict[str, str]] = _load(path, "csv", _parse_csv)
    return rows
