"""Structural validation: the descriptor against the JSON Schema profile (jsonschema), each
resource file against its Table Schema (frictionless), values of closed codelists."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from cnbudget import standard
from cnbudget.model import Table


@dataclass(frozen=True, slots=True)
class Problem:
    resource: str | None
    position: int | None
    field: str | None
    message: str


@cache
def _profile_validator() -> jsonschema.protocols.Validator:
    schema = standard.profile()
    cls = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = cls(
        schema, format_checker=cls.FORMAT_CHECKER)
    return validator


def descriptor_problems(descriptor: dict[str, Any]) -> Iterator[Problem]:
    errors = sorted(_profile_validator().iter_errors(descriptor), key=lambda e: list(e.path))
    for err in errors:
        path = list(err.absolute_path)
        resource: str | None = None
        if len(path) >= 2 and path[0] == "resources" and isinstance(path[1], int):
            resources = descriptor.get("resources") or []
            if path[1] < len(resources) and isinstance(resources[path[1]], dict):
                resource = str(resources[path[1]].get("name"))
        where = "/".join(str(p) for p in path) or "(descriptor)"
        message = err.message if len(err.message) <= 200 else (
            f"fails the {err.validator!r} constraint of the profile")
        yield Problem(resource, None, where, f"{where}: {message}")


@cache
def _standard_schema(name: str) -> Any:
    """The frictionless Schema of a standard table, built (and its descriptor checked by
    frictionless) once per process: a worker validating many packages pays once. Without
    its foreign keys (checked on the loaded tables by :func:`foreign_key_problems`)."""
    import frictionless

    schema = dict(standard.frictionless_schema(name))
    schema.pop("foreignKeys", None)
    return frictionless.Schema.from_descriptor(schema)


_FAST_TYPES = frozenset({"string", "number", "integer", "boolean", "date", "list"})
_FAST_FIELD_KEYS = frozenset({"name", "title", "type", "description", "bareNumber",
                              "constraints", "itemType"})
_FAST_CONSTRAINTS = frozenset({"required", "minimum", "maximum", "pattern", "enum", "unique",
                               "minLength", "maxLength"})
_FAST_PATH = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.csv")
_SAMPLE_LINES = 100
"""Lines frictionless's CSV parser sniffs the dialect from (its ``SAMPLE_SIZE``)."""


@dataclass(frozen=True, slots=True)
class _FastTable:
    names: list[str]
    readers: list[Any]
    """frictionless's own cell readers of the standard schema's fields: types, missing
    values and per-cell constraints exactly as frictionless reads them."""
    unique: list[int]
    key: list[int]


def _fast_table(name: str, res: dict[str, Any]) -> _FastTable | None:
    """What :func:`_certainly_valid` needs for the table, or None when its schema uses
    anything the quick check does not reproduce (then frictionless always runs)."""
    if name in standard.table_names():
        return _fast_standard(name)
    try:
        text = json.dumps(res.get("schema") or {}, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return _fast_extension(text) if len(text) < 200_000 else None


@cache
def _fast_standard(name: str) -> _FastTable | None:
    return _fast_of(standard.frictionless_schema(name), _standard_schema(name))


@lru_cache(maxsize=512)
def _fast_extension(text: str) -> _FastTable | None:
    """An extension resource's schema (the package's own), by its JSON: the converter
    writes few distinct ones, so a worker builds each once."""
    import frictionless

    descriptor = json.loads(text)
    if not isinstance(descriptor, dict):
        return None
    descriptor.pop("foreignKeys", None)
    try:
        schema = frictionless.Schema.from_descriptor(descriptor)
    except Exception:  # an invalid schema: frictionless reports it
        return None
    return _fast_of(descriptor, schema)


def _fast_of(descriptor: dict[str, Any], schema: Any) -> _FastTable | None:
    if not set(descriptor) <= {"fields", "missingValues", "primaryKey", "foreignKeys"}:
        return None
    for f in descriptor.get("fields") or []:
        if (not isinstance(f, dict) or not set(f) <= _FAST_FIELD_KEYS
                or f.get("type") not in _FAST_TYPES or f.get("format") not in (None, "default")
                or not isinstance(f.get("constraints") or {}, dict)
                or not set(f.get("constraints") or {}) <= _FAST_CONSTRAINTS):
            return None
    fields = list(schema.fields)
    names = [str(f.name) for f in fields]
    key = [names.index(k) for k in schema.primary_key] if schema.primary_key else []
    try:
        readers = [f.create_cell_reader() for f in fields]
    except Exception:  # a reader frictionless builds only in its own way: not quick
        return None
    unique = [i for i, f in enumerate(fields) if (f.constraints or {}).get("unique")]
    return _FastTable(names, readers, unique, key)


def _certainly_valid(base: Path, res: dict[str, Any], name: str) -> bool:
    """Whether frictionless would certainly find no error in this resource file:
    a plain CSV (UTF-8, split into lines and sniffed as frictionless does, the dialect
    found the default one), the header exactly the schema's field names, every row as
    wide as the header and not blank, every cell accepted by frictionless's own cell reader
    of its field, no repeated unique value or primary key. False whenever in doubt (then
    frictionless validates the file): the answer never hides an error frictionless reports;
    it only spares frictionless's per-resource set-up (copying the schema's fields, twice,
    through their descriptors), which costs most of a package's validation."""
    fast = _fast_table(name, res)
    path = res.get("path")
    if fast is None or not isinstance(path, str) or not _FAST_PATH.fullmatch(path):
        return False
    full = Path(base) / path
    try:
        if full.resolve() != Path(base).resolve() / path or not full.is_file():
            return False
        text = full.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    lines = io.StringIO(text, newline="")  # as frictionless's text stream splits them
    sample = list(itertools.islice(lines, _SAMPLE_LINES))
    if not _sniffs_default("".join(sample)):
        return False
    try:
        rows = csv.reader(itertools.chain(sample, lines), dialect="excel")
        header = next(rows, None)
        if header != fast.names:
            return False
        width = len(fast.names)
        seen_unique: list[set[Any]] = [set() for _ in fast.unique]
        seen_keys: set[tuple[Any, ...]] = set()
        for cells in rows:
            if len(cells) != width:
                return False
            values = []
            for reader, cell in zip(fast.readers, cells, strict=True):
                value, notes = reader(cell)
                if notes:
                    return False
                values.append(value)
            if all(v is None for v in values):
                return False  # a blank row
            for seen, i in zip(seen_unique, fast.unique, strict=True):
                if values[i] is not None:
                    if values[i] in seen:
                        return False
                    seen.add(values[i])
            if fast.key:
                k = tuple(values[i] for i in fast.key)
                if None in k or k in seen_keys:
                    return False
                seen_keys.add(k)
    except (csv.Error, ValueError, TypeError):
        return False
    return True


_DELIMITERS = ",\t;|"
"""The delimiters frictionless lets :class:`csv.Sniffer` choose from."""


def _sniffs_default(sample: str) -> bool:
    """Whether frictionless's CSV parser, sniffing ``sample`` with :class:`csv.Sniffer`,
    reads the file in the default dialect: ``,`` between cells, no space skipped after it
    (its quote character is ``"`` either way, its escape character none: the sniffer never
    sets one).

    A sample without a quote character gives the sniffer's quote search nothing to match, so
    the sniffer's answer is its delimiter guess alone, reproduced by :func:`_guess_delimiter`
    on the candidate delimiters only (the sniffer tallies every ASCII character, but only a
    candidate can be chosen); a sample with a quote character is sniffed as frictionless
    does."""
    if '"' in sample or "'" in sample:
        try:
            sniffed: Any = csv.Sniffer().sniff(sample, _DELIMITERS)
        except csv.Error:
            return True  # frictionless reads the file as csv.excel
        return bool(sniffed.delimiter == "," and not sniffed.skipinitialspace
                    and sniffed.escapechar is None and sniffed.quotechar in ('"', "'"))
    delimiter, skip = _guess_delimiter(sample)
    # no delimiter found: the sniffer raises csv.Error and frictionless reads csv.excel
    return not delimiter or (delimiter == "," and not skip)


def _guess_delimiter(sample: str) -> tuple[str, bool]:
    """``csv.Sniffer._guess_delimiter(sample, _DELIMITERS)`` (as of CPython 3.11), the
    frequencies tallied for the candidate delimiters only: the delimiter and whether a space
    is skipped after it, or ``("", False)``; tests/validation/test_structural_quick.py
    compares the two."""
    data = [line for line in sample.split("\n") if line]
    chunk = min(10, len(data))
    iteration = 0
    frequencies: dict[str, dict[int, int]] = {c: {} for c in _DELIMITERS}
    modes: dict[str, tuple[int, int]] = {}
    delims: dict[str, tuple[int, int]] = {}
    start, end = 0, chunk
    while start < len(data):
        iteration += 1
        for line in data[start:end]:
            for char in _DELIMITERS:
                meta = frequencies[char]
                freq = line.count(char)
                meta[freq] = meta.get(freq, 0) + 1
        for char, meta in frequencies.items():
            items = list(meta.items())
            if len(items) == 1 and items[0][0] == 0:
                continue
            if len(items) > 1:
                mode = max(items, key=lambda x: x[1])
                items.remove(mode)
                modes[char] = (mode[0], mode[1] - sum(item[1] for item in items))
            else:
                modes[char] = items[0]
        total = float(min(chunk * iteration, len(data)))
        consistency = 1.0
        while len(delims) == 0 and consistency >= 0.9:
            for k, v in modes.items():
                if v[0] > 0 and v[1] > 0 and (v[1] / total) >= consistency:
                    delims[k] = v
            consistency -= 0.01
        if len(delims) == 1:
            delim = next(iter(delims))
            return delim, data[0].count(delim) == data[0].count(f"{delim} ")
        start = end
        end += chunk
    if not delims:
        return "", False
    for d in (",", "\t", ";"):  # the sniffer's preferred delimiters among the candidates
        if d in delims:
            return d, data[0].count(d) == data[0].count(f"{d} ")
    delim = max((v, k) for k, v in delims.items())[1]
    return delim, data[0].count(delim) == data[0].count(f"{delim} ")


def table_problems(base: Path, res: dict[str, Any], limit_rows: int | None,
                   limit_errors: int = 100, *, quick: bool = True) -> Iterator[Problem]:
    """Validate one resource file with frictionless against the standard's Table Schema
    (an extension resource against its own schema). ``quick``: a resource that
    :func:`_certainly_valid` clears is not handed to frictionless (same answer: none)."""
    import frictionless

    name = str(res.get("name"))
    if quick and _certainly_valid(base, res, name):
        return
    if name in standard.table_names():
        table_schema = _standard_schema(name)
    else:
        schema = dict(res.get("schema") or {})
        schema.pop("foreignKeys", None)
        table_schema = frictionless.Schema.from_descriptor(schema)
    resource = frictionless.Resource(
        path=str(res["path"]), basepath=str(base), format="csv", encoding="utf-8",
        schema=table_schema)
    report = resource.validate(limit_rows=limit_rows, limit_errors=limit_errors)
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            yield Problem(name, int(row) - 1 if row else None, field,
                          f"{err.type}: {err.message}")


def foreign_key_problems(name: str, tables: dict[str, Table]) -> Iterator[Problem]:
    """Foreign keys between resources of the package (frictionless needs the whole package
    for them; the loaded tables are at hand)."""
    if name not in standard.table_names() or name not in tables:
        return
    for fk in standard.table_schema(name).get("foreignKeys") or []:
        fields = list(fk["fields"]) if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_name = ref.get("resource") or name
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = tables.get(ref_name)
        keys = {tuple(str(r.get(f) or "") for f in ref_fields)
                for r in (target.rows if target is not None else [])}
        for row in tables[name].rows:
            value = tuple(str(row.get(f) or "") for f in fields)
            if all(value) and value not in keys:
                yield Problem(name, _int(row.get("position")), fields[0],
                              f"foreign-key-error: {', '.join(value)} is not a "
                              f"{'/'.join(ref_fields)} of {ref_name}")


def closed_codelist_fields(name: str) -> list[tuple[str, str]]:
    """(field, codelist) pairs of a standard table whose codelist is closed."""
    if name not in standard.table_names():
        return []
    out = []
    for f in standard.table_schema(name)["fields"]:
        cl = f.get("x-codelist")
        if cl and standard.codelist(cl).closed:
            out.append((str(f["name"]), str(cl)))
    return out


def closed_codelist_problems(name: str, table: Table) -> Iterator[Problem]:
    for field, cl_name in closed_codelist_fields(name):
        codes = set(standard.codelist(cl_name).codes())
        for row in table.rows:
            value = row.get(field)
            if value not in (None, "") and value not in codes:
                yield Problem(name, _int(row.get("position")), field,
                              f"{value!r} is not in the closed codelist {cl_name}")


def _int(v: object) -> int | None:
    try:
        return int(str(v))
    except ValueError:
        return None
