"""How many of a disclosure's printed table amounts landed in the standard's typed fields.

A *printed table amount* is one printed cell of a table region — a recognised table (one the
standard has a resource for) or an unrecognised one (kept cell by cell in an ``x_``
extension resource) — whose text is a plain number (:func:`looks_like_amount`: digits with
an optional sign, thousands separators and decimals; blanks and dashes are not numbers) and
that is neither a printed row number nor a classification code. The converter accounts for
every such number exactly once (tests/converters/test_corpus_nothing_lost.py), in one of
these places, and each is counted here from the converted package:

1. the provenance sidecar, for a value of a standard (non-``x_``) table or list resource:
   *typed* when its field is a number field of the standard (amounts, quantities, unit
   prices; an indicator's ``value_text`` counts as typed when it is a plain number,
   because ``number`` then holds it (its ``actual_text`` likewise, held by
   ``actual_number``), while a target such as ``≥95%`` is no plain number
   and is not counted at all). A number printed into a text field (an item label) counts
   as not typed, under ``resource.field``. Code and row-number fields (``*_code``,
   ``*_key``, ``*_id``, codelist fields, ``line``, ``position``) hold no amounts and are not
   counted. Provenance of text resources (``text_sections``, ``stated_figures``: figures
   stated in the narrative) is not a table amount;
2. an extension resource ``x_…``: from its provenance where it records places
   (as the 三公 other rows did before ``three_public_detail``), else cell by cell: the ``value`` of
   ``x_extra_columns``, the printed columns ``c1…cN`` of the cell-by-cell tables
   (``x_table_pN``, ``x_unmapped_*``, ``x_project_expenditure`` …), skipping columns whose
   printed header names row numbers or codes (行次 栏次 序号 编码 代码 编号, or a 类 | 款 | 项
   part); a table printed without a title is named by its first column headers;
3. the conversion report's unplaced values.

The typed share is typed ÷ (typed + everything in 2, 3 and the text fields of 1); the
non-typed remainder is kept per place (resource name, ``unplaced``) with the printed table
title, header or reason, so that one can see where the amounts that miss the standard go.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cnbudget import package, standard
from cnbudget.converters.normalize import compact, looks_like_amount
from cnbudget.model import Disclosure, Unplaced
from cnbudget.place import Place

TABLE_KINDS = ("table", "list")
"""Kinds of standard resources whose values are printed in tables."""
PRINTED_NUMBERS = {("performance_indicators", "value_text"),
                   ("performance_indicators", "actual_text")}
"""Text fields that hold the printed form of a number field of the same row."""
NOT_AMOUNT_FIELDS = {"line", "position", "page", "catalogue_number"}
NOT_AMOUNT_HEADER = re.compile(r"行次|栏次|序号|编码|代码|编号")
CODE_PARTS = {"类", "款", "项"}
EXTRA_COLUMNS = "x_extra_columns"
UNPLACED = "unplaced"
_RAW_COLUMN = re.compile(r"^c\d+$")


@dataclass(slots=True)
class Coverage:
    """Printed table amounts of one disclosure: how many are typed, where the rest went."""

    typed: int = 0
    remainder: Counter[str] = field(default_factory=Counter)
    """Amounts not typed, per place: an ``x_`` resource, ``resource.field`` or ``unplaced``."""
    detail: Counter[str] = field(default_factory=Counter)
    """The same amounts per ``place: what`` (the printed table title of an ``x_`` table,
    ``resource > header`` of an extra column, the reason a value is unplaced)."""

    @property
    def total(self) -> int:
        return self.typed + sum(self.remainder.values())

    @property
    def share(self) -> float | None:
        """typed ÷ total; None when the disclosure prints no table amount."""
        return self.typed / self.total if self.total else None

    def add(self, place: str, what: str | None, n: int = 1) -> None:
        self.remainder[place] += n
        self.detail[f"{place}: {what}" if what else place] += n

    def to_dict(self) -> dict[str, Any]:
        return {"typed": self.typed, "total": self.total, "share": self.share,
                "remainder": dict(self.remainder.most_common()),
                "detail": dict(self.detail.most_common())}


def is_amount(printed: str) -> bool:
    """A printed value (parts of a value printed over several cells joined by ' | ') that is
    a number."""
    return any(looks_like_amount(part) for part in printed.split(" | "))


def not_amount_header(header: str) -> bool:
    """A printed column header that names row numbers or codes."""
    parts = [compact(p) for p in header.split(">")]
    return bool(NOT_AMOUNT_HEADER.search(compact(header))) or any(p in CODE_PARTS
                                                                  for p in parts)


@cache
def _field_roles(resource: str) -> dict[str, str]:
    """Field → 'typed', 'text' or 'none' (codes, row numbers) for a standard resource;
    empty for resources that are not tables."""
    schema = standard.table_schema(resource)
    if schema.get("x-kind") not in TABLE_KINDS:
        return {}
    roles: dict[str, str] = {}
    for f in schema["fields"]:
        name = f["name"]
        if f["type"] == "number" or (resource, name) in PRINTED_NUMBERS:
            roles[name] = "typed"
        elif (f["type"] != "string" or name in NOT_AMOUNT_FIELDS or "x-codelist" in f
              or name.endswith(("_code", "_key", "_id"))):
            roles[name] = "none"
        else:
            roles[name] = "text"
    return roles


def coverage(disclosure: Disclosure) -> Coverage:
    """Count the printed table amounts of a converted disclosure (see the module doc)."""
    out = Coverage()
    known = set(standard.table_names())
    by_provenance: set[str] = set()
    for p in disclosure.provenance:
        if p.resource.startswith("x_"):
            by_provenance.add(p.resource)
            if p.field not in NOT_AMOUNT_FIELDS and is_amount(p.printed):
                table = disclosure.tables.get(p.resource)
                out.add(p.resource, table.printed_title if table else None)
            continue
        if p.resource not in known:
            continue
        role = _field_roles(p.resource).get(p.field, "none")
        if role == "none" or not is_amount(p.printed):
            continue
        if role == "typed":
            out.typed += 1
        else:
            out.add(f"{p.resource}.{p.field}", None)
    for name, table in disclosure.tables.items():
        if name.startswith("x_") and name not in by_provenance:
            headers = _headers(table.schema)
            _count_rows(out, name, table.rows, table.printed_title or _untitled(headers),
                        headers)
    for u in disclosure.report.unplaced:
        if is_amount(u.text):
            out.add(UNPLACED, u.reason)
    return out


def _untitled(headers: dict[str, str]) -> str:
    """A table printed without a title, named by its first printed column headers."""
    columns = [h for k, h in headers.items() if _RAW_COLUMN.match(k)][:3]
    return f"(untitled: {' | '.join(columns)})" if columns else "(untitled)"


def _headers(schema: dict[str, Any] | None) -> dict[str, str]:
    return {f["name"]: str(f.get("title") or "") for f in (schema or {}).get("fields", [])}


def _count_rows(out: Coverage, name: str, rows: list[dict[str, Any]], title: str,
                headers: dict[str, str]) -> None:
    if name == EXTRA_COLUMNS:
        for row in rows:
            header = str(row.get("header") or "")
            if is_amount(str(row.get("value") or "")) and not not_amount_header(header):
                out.add(name, f"{row.get('resource')} > {header}")
        return
    columns = [k for k in headers if _RAW_COLUMN.match(k)] or [
        k for k in headers if k not in NOT_AMOUNT_FIELDS]
    counted = [k for k in columns if not not_amount_header(headers[k])]
    n = sum(1 for row in rows for k in counted
            if isinstance(row.get(k), str) and is_amount(row[k]))
    if n:
        out.add(name, title, n)


def package_coverage(path: Path) -> Coverage:
    """:func:`coverage` of a package folder: its resources, provenance sidecar, and the
    unplaced values of its conversion_report.json (none when the package has no report)."""
    disclosure = package.load_package(path)
    report = package.descriptor_path(path).parent / "conversion_report.json"
    if report.is_file():
        data = json.loads(report.read_text(encoding="utf-8"))
        disclosure.report.unplaced = [
            Unplaced(text=str(u.get("text") or ""), place=Place("", u.get("page")),
                     reason=str(u.get("reason") or "")) for u in data.get("unplaced", [])]
    return coverage(disclosure)
