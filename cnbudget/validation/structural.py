"""Structural validation: the descriptor against the JSON Schema profile (jsonschema), each
resource file against its Table Schema (frictionless), values of closed codelists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
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


def table_problems(base: Path, res: dict[str, Any], limit_rows: int | None,
                   limit_errors: int = 100) -> Iterator[Problem]:
    """Validate one resource file with frictionless against the standard's Table Schema
    (an extension resource against its own schema)."""
    import frictionless

    name = str(res.get("name"))
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
