"""Completing a conversion with what the data sheets hold (layout: :mod:`datafmt`).

The shared pipeline reads the official-layout sheets as it reads any document. Afterwards
:meth:`WorkbookDocument.complete` puts in the resources that data sheets hold:

* a workbook written by ``cnbudget export`` (it has the metadata sheet) carries the whole
  package: its metadata (except ``source``, which names the workbook now) and exactly its
  resources come back. A printed table whose sheet still shows what was exported (same
  fingerprint) is taken from its hidden data sheet, with every field (``item_key``,
  ``function_code`` …); a sheet edited since is read through the printed layout instead,
  and the report says so;
* any other workbook (a filled template): each data sheet with rows becomes its resource,
  replacing what the pipeline derived, and required fields left blank (position, withheld)
  get their defaults.

Provenance of a resource read from a data sheet points at its cells; the pipeline's
provenance is kept for printed tables read through their sheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnbudget import standard
from cnbudget.converters.excel.datasheets import DataSheet, WorkbookData
from cnbudget.converters.grid import SourceDocument
from cnbudget.model import Disclosure, Provenance, Row, Table, source_problem
from cnbudget.place import Place

PROPS = ("printed_title", "unit", "pages", "notes", "published_empty", "not_published", "as_of",
         "extension", "title", "schema")
"""Resource properties the metadata sheet stores (as the descriptor has them)."""


@dataclass(slots=True)
class WorkbookDocument(SourceDocument):
    """A workbook's blocks for the pipeline, plus its data sheets."""

    data: WorkbookData = field(default_factory=WorkbookData)
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Sheet name → fingerprint of the printed cells the reader saw."""

    def complete(self, disclosure: Disclosure) -> None:
        """Put the data sheets' resources into a disclosure the pipeline built from this
        workbook's blocks."""
        source = Path(self.path).name
        if self.data.exported:
            _whole_package(disclosure, self.data, self.fingerprints, source)
        else:
            _data_sheets(disclosure, self.data, source)
        disclosure.report.problems.extend(source_problem(p) for p in self.data.problems)


def _whole_package(disclosure: Disclosure, data: WorkbookData, prints: dict[str, str],
                   source: str) -> None:
    meta = dict(data.metadata or {})
    meta.pop("created", None)
    meta["source"] = disclosure.metadata["source"]
    disclosure.metadata = meta
    built, tables = disclosure.tables, {}
    kept: set[str] = set()
    for entry in data.entries:
        sheet = data.sheets.get(entry.name)
        printed = built.get(entry.name)
        if entry.printed_sheet and prints.get(entry.printed_sheet) != entry.fingerprint:
            where = f"{source}, sheet {entry.printed_sheet}: changed since it was exported"
            if printed is not None:
                disclosure.report.problems.append(source_problem(
                    f"{where}; {entry.name} is read from the printed table (codes such as "
                    "item_key derived from the labels)"))
                tables[entry.name] = printed
                kept.add(entry.name)
                continue
            disclosure.report.problems.append(source_problem(
                f"{where}, and no longer reads as the table; {entry.name} keeps the exported "
                "rows"))
        if sheet is None:
            disclosure.report.problems.append(source_problem(
                f"{source}: no data sheet for {entry.name}, which the workbook data lists; "
                + ("read from the printed table" if printed is not None else "left out")))
            if printed is not None:
                tables[entry.name] = printed
                kept.add(entry.name)
            continue
        tables[entry.name] = _table(entry.name, sheet, entry.props)
        if printed is not None and _same_keys(printed.rows, tables[entry.name].rows):
            kept.add(entry.name)  # the printed sheet's cells are the better provenance
    for name in sorted(set(data.sheets) - {e.name for e in data.entries}):
        if _known(name, data.sheets[name], disclosure, source):  # a data sheet added by hand
            tables[name] = _table(name, data.sheets[name], {})
            _defaults(tables[name])
    disclosure.tables = tables
    # "table … not found" (CNB-CNV-013) from the pipeline, for a table a data sheet holds
    disclosure.report.problems = [p for p in disclosure.report.problems
                                  if not (p.code == "CNB-CNV-013" and p.table in tables)]
    _provenance(disclosure, data, kept, source)


def _data_sheets(disclosure: Disclosure, data: WorkbookData, source: str) -> None:
    replaced: set[str] = set()
    for name, sheet in data.sheets.items():
        if not sheet.rows or (name == "text_sections" and "section_id" not in sheet.fields):
            continue  # an unfilled sheet; a text sheet without ids was read as narrative
        if sheet.hidden:
            disclosure.report.problems.append(source_problem(
                f"{source}, sheet {sheet.sheet}: a hidden data sheet of {name} without the "
                "workbook data sheet (_cnbudget) that says whether it is current; not read"))
            continue
        if not _known(name, sheet, disclosure, source):
            continue
        table = _table(name, sheet, {})
        _defaults(table)
        disclosure.tables[name] = table
        replaced.add(name)
    keep = set(disclosure.tables) - replaced
    _provenance(disclosure, data, keep, source, only=replaced)


def _known(name: str, sheet: DataSheet, disclosure: Disclosure, source: str) -> bool:
    """A resource of the standard (an extension resource needs its schema, which only the
    workbook data sheet carries)."""
    std = standard.standard()
    if name in std["required_resources"] or name in std["optional_resources"]:
        return True
    disclosure.report.problems.append(source_problem(
        f"{source}, sheet {sheet.sheet}: data sheet of a resource {name!r} the standard does "
        "not define; not read"))
    return False


def _table(name: str, sheet: DataSheet, props: dict[str, Any]) -> Table:
    fields = _fields(name, props)
    rows: list[Row] = [{f: r.get(f, "") for f in fields} if fields else dict(r)
                       for r in sheet.rows]
    return Table(name, rows=rows, printed_title=props.get("printed_title"),
                 unit=props.get("unit"), pages=list(props.get("pages") or []),
                 notes=list(props.get("notes") or []),
                 published_empty=bool(props.get("published_empty")),
                 not_published=bool(props.get("not_published")),
                 as_of=props.get("as_of"), extension=props.get("extension"),
                 title=props.get("title"), schema=props.get("schema"))


def _fields(name: str, props: dict[str, Any]) -> list[str]:
    schema = props.get("schema")
    if name.startswith("x_"):
        return [f["name"] for f in (schema or {}).get("fields", [])]
    try:
        return [f["name"] for f in standard.table_schema(name)["fields"]]
    except (KeyError, FileNotFoundError):
        return []


def _defaults(table: Table) -> None:
    """Required fields a person filling the template may leave blank."""
    names = set(_fields(table.name, {}))
    for i, row in enumerate(table.rows, start=1):
        if "position" in names and not row.get("position"):
            row["position"] = str(i)
        if "withheld" in names and not row.get("withheld"):
            row["withheld"] = "false"
        if table.name == "performance_projects" and "scope" in names and not row.get("scope"):
            # a 部门整体 table names itself (its title); else a project's, in field order
            order = {f: k for k, f in enumerate(_fields(table.name, {}))}
            filled = {**row, "scope": "project"}
            table.rows[i - 1] = dict(sorted(filled.items(),
                                            key=lambda kv: order.get(kv[0], len(order))))


def _same_keys(a: list[Row], b: list[Row]) -> bool:
    def keys(rows: list[Row]) -> list[tuple[str, str]]:
        return sorted((str(r.get("side") or ""), str(r.get("position") or "")) for r in rows)
    return keys(a) == keys(b)


def _provenance(disclosure: Disclosure, data: WorkbookData, kept: set[str], source: str,
                only: set[str] | None = None) -> None:
    out = [p for p in disclosure.provenance if p.resource in kept]
    names = sorted(only) if only is not None else [n for n in disclosure.tables if n not in kept]
    for name in names:
        sheet = data.sheets.get(name)
        table = disclosure.tables.get(name)
        if sheet is None or table is None:
            continue
        for i, (row, places) in enumerate(zip(table.rows, sheet.cells, strict=False), 1):
            pos = str(row.get("position") or "")
            position = int(pos) if pos.isdigit() else i
            key = None
            if name == "performance_indicators":
                key = str(row.get("project_id") or "") or None
            for f, cell in places.items():
                if f in row and row[f] not in (None, ""):
                    place = Place(source, None, sheet=sheet.sheet, cell=cell)
                    out.append(Provenance(name, position, f, place, str(row[f]),
                                          side=str(row.get("side") or "") or None,
                                          row_key=key))
    disclosure.provenance = out

