"""The one loader that knows where the standard (schema/) lives, and reads it.

In a source checkout the standard is the ``schema/`` folder at the repository root; in an
installed wheel it is shipped as ``cnbudget/_schema``. Nothing else in the toolkit opens
files of the standard directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `--version` is quick
if _TYPE_CHECKING:
    from typing import Any

@cache
def schema_dir() -> Path:
    """The folder holding the standard (found by :mod:`cnbudget._schema_file`)."""
    from cnbudget._schema_file import schema_folder

    return Path(schema_folder())


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _read_yaml(path: Path) -> Any:
    """A YAML file of the standard, safely loaded; parsed once per content, then read from
    the user cache (no PyYAML import, no parsing) by :func:`cnbudget.parsecache.load`."""
    from cnbudget import parsecache

    return parsecache.load(path)


@cache
def standard() -> dict[str, Any]:
    """schema/standard.json: name, version, profile identifier, required resources."""
    data: dict[str, Any] = _read_json(schema_dir() / "standard.json")
    return data


def required_resources(fiscal_year: int | None = None) -> list[str]:
    """The resources the publishing rules require of a disclosure of ``fiscal_year``: the
    ``required_resources`` of standard.json less those whose ``required_resources_from``
    year is later (the 国有资本经营预算支出表 joined the national set in fiscal year 2020;
    the basis is recorded beside the year). An unknown year requires all of them."""
    data = standard()
    since: dict[str, Any] = data.get("required_resources_from") or {}
    names = [str(n) for n in data["required_resources"]]
    if fiscal_year is None:
        return names
    return [n for n in names
            if n not in since or int(since[n]["fiscal_year"]) <= fiscal_year]


def version() -> str:
    return str(standard()["version"])


def profile_id() -> str:
    return str(standard()["profile"])


def datapackage_profile() -> str:
    """The Data Package v2 profile URL a descriptor declares in ``$schema``."""
    return str(standard()["datapackage_profile"])


@cache
def profile() -> dict[str, Any]:
    """JSON Schema of a package descriptor."""
    data: dict[str, Any] = _read_json(schema_dir() / "profile" / "datapackage.schema.json")
    return data


@cache
def report_schema() -> dict[str, Any]:
    """JSON Schema of a validation report."""
    data: dict[str, Any] = _read_json(schema_dir() / "profile" / "report.schema.json")
    return data


def table_names() -> list[str]:
    return list(_table_names())


@cache
def _table_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (schema_dir() / "tables").glob("*.json")))


@cache
def table_schema(name: str) -> dict[str, Any]:
    """The Table Schema of one resource, with the standard's x- properties."""
    path = schema_dir() / "tables" / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"the standard has no table {name!r}")
    data: dict[str, Any] = _read_json(path)
    return data


def printed_title(name: str, document_kind: object = None) -> str:
    """The title a table is printed with in a document of this kind: the table's
    ``x-kind-titles`` entry for the kind (e.g. 收入支出决算总表 in 决算), else its title."""
    ts = table_schema(name)
    by_kind = ts.get("x-kind-titles") or {}
    return str(by_kind.get(str(document_kind)) or ts["title"])


def scope_title(name: str, scope: object, document_kind: object = None) -> str | None:
    """The title a row of this scope (a ``scope`` field's value) is printed under in a
    document of this kind: the table's ``x-scope-titles`` entry (e.g. 部门整体支出绩效自评表
    for a department's self-evaluation in 决算), or None where the table's own title is
    printed."""
    by_scope = table_schema(name).get("x-scope-titles") or {}
    title = (by_scope.get(str(scope)) or {}).get(str(document_kind))
    return None if title is None else str(title)


def kind_wording(document_kind: object = None) -> dict[str, str]:
    """Wording of a document kind (``document_kind_wording`` in standard.json): the year
    label (预算年度 / 决算年度) and the word for the amount (预算数 / 决算数)."""
    wording: dict[str, dict[str, str]] = standard()["document_kind_wording"]
    return {**wording["_default"], **wording.get(str(document_kind), {})}


def table_family(name: str) -> str | None:
    """The layout family a table declares (``x-family``: ``two_list``, ``classified``,
    ``item_table``, ``record_list``; see ``table_families`` in standard.json), or None for
    text, facts and provenance resources."""
    family = table_schema(name).get("x-family")
    return str(family) if family is not None else None


def tables_of_family(*families: str) -> tuple[str, ...]:
    """The tables of the standard that declare one of these families, in name order."""
    return _tables_of_family(families)


@cache
def _tables_of_family(families: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in _table_names() if table_family(n) in families)


def classification(name: str) -> str | None:
    """For a ``classified`` table, the classification of its rows: ``function`` or
    ``economic`` (``x-classification``)."""
    value = table_schema(name).get("x-classification")
    return str(value) if value is not None else None


def second_classifications(name: str) -> list[tuple[str, str]]:
    """(code field, name field) of the other classifications a row of a classified table may
    print beside its own (北京 支出总表: 功能分类 | 政府预算经济分类 | 部门预算经济分类): every
    coded ``*_code`` field of the schema but the table's own, with its ``*_name`` field."""
    own = "economic_code" if classification(name) == "economic" else "function_code"
    fields = table_schema(name)["fields"]
    names = {f["name"] for f in fields}
    return [(f["name"], f["name"][:-5] + "_name") for f in fields
            if f.get("x-codelist") and f["name"] not in (own, "unit_code")
            and f["name"].endswith("_code") and f["name"][:-5] + "_name" in names]


def lead_in_table(sentence: str) -> str | None:
    """The table printed after a lead-in sentence of the 说明 rather than under a title
    (``x-lead-ins``: 重点项目 "2026年，本部门重点项目绩效目标情况如下："), or None."""
    text = "".join(sentence.split())
    return next((name for name, lead in _lead_ins() if lead in text), None)


@cache
def _lead_ins() -> tuple[tuple[str, str], ...]:
    return tuple((n, str(lead)) for n in _table_names()
                 for lead in table_schema(n).get("x-lead-ins", ()))


def table_families() -> dict[str, Any]:
    """The declared layout families (standard.json ``table_families``)."""
    out: dict[str, Any] = standard()["table_families"]
    return out


def frictionless_schema(name: str) -> dict[str, Any]:
    """The Table Schema as written into a package: only Table Schema properties."""
    src = table_schema(name)
    keep_field = {"name", "title", "type", "description", "constraints", "format", "bareNumber",
                  "itemType", "groupChar", "decimalChar"}
    fields = [{k: v for k, v in f.items() if k in keep_field} for f in src["fields"]]
    out: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if "primaryKey" in src:
        out["primaryKey"] = src["primaryKey"]
    if "foreignKeys" in src:
        out["foreignKeys"] = src["foreignKeys"]
    return out


@dataclass(frozen=True, slots=True)
class Codelist:
    name: str
    title: str
    status: str
    key: str
    meta: dict[str, Any]
    rows: tuple[dict[str, str], ...]

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    def codes(self) -> list[str]:
        return [r[self.key] for r in self.rows]

    def get(self, code: str) -> dict[str, str] | None:
        return self._index().get(code)

    def _index(self) -> dict[str, dict[str, str]]:
        return _codelist_index(self.name)

    def aliases(self) -> dict[str, str]:
        """Printed variant → code, from the title and the ``aliases`` column (``|``-separated)."""
        out: dict[str, str] = {}
        for r in self.rows:
            for a in [r.get("title", ""), *(r.get("aliases") or "").split("|")]:
                a = a.strip()
                if a and a not in out:
                    out[a] = r[self.key]
        return out


@cache
def codelist_registry() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = _read_json(schema_dir() / "codelists" / "codelists.json")
    return data


@cache
def codelist(name: str) -> Codelist:
    for meta in codelist_registry():
        if meta["name"] == name:
            from cnbudget import parsecache  # rows parsed once per content (user cache)

            rows = tuple(parsecache.load_csv(schema_dir() / "codelists" / meta["path"]))
            return Codelist(name, meta["title"], meta["status"], meta["key"], meta, rows)
    raise KeyError(f"the standard has no codelist {name!r}")


@cache
def _codelist_index(name: str) -> dict[str, dict[str, str]]:
    cl = codelist(name)
    return {r[cl.key]: r for r in cl.rows}


@cache
def _catalogue() -> dict[str, Any]:
    """schema/rules/catalogue.yaml, parsed once per process, and once per content in the
    user cache (:mod:`cnbudget.parsecache`)."""
    data: dict[str, Any] = _read_yaml(schema_dir() / "rules" / "catalogue.yaml")
    return data


def rules() -> list[dict[str, Any]]:
    """The rule catalogue (schema/rules/catalogue.yaml)."""
    out: list[dict[str, Any]] = _catalogue()["rules"]
    return out


@cache
def severity_policy() -> dict[str, Any]:
    """The severity policy (schema/rules/severity_policy.yaml): the bases a rule's severity
    rests on (``severity_basis.basis`` of each rule), each with its severity."""
    data: dict[str, Any] = _read_yaml(schema_dir() / "rules" / "severity_policy.yaml")
    return data


@cache
def conversion_problems() -> dict[str, dict[str, Any]]:
    """The catalogue of conversion problems (schema/rules/conversion.yaml), by code."""
    data: dict[str, Any] = _read_yaml(schema_dir() / "rules" / "conversion.yaml")
    return {p["code"]: p for p in data["problems"]}


@cache
def conversion_report_schema() -> dict[str, Any]:
    """JSON Schema of a conversion report (conversion_report.json)."""
    data: dict[str, Any] = _read_json(schema_dir() / "profile" / "conversion_report.schema.json")
    return data


def rule_families() -> dict[str, Any]:
    out: dict[str, Any] = _catalogue()["families"]
    return out
