"""Reading the toolkit's own data sheets and metadata sheet (layout: :mod:`datafmt`).

Recognised by their marker cell ``A1`` (any sheet name, visible or hidden); they are read
directly into resource rows — never through the printed-table path — and the rest of the
workbook goes to the ordinary front end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from cnbudget.converters.excel.datafmt import (
    DATA_MARKER,
    FIRST_ROW,
    FORMAT,
    META_JSON_COL,
    META_MARKER,
    NAME_ROW,
    decode,
)
from cnbudget.converters.excel.numbers import printed_number, printed_other
from cnbudget.converters.excel.sheet import MAX_ROWS, ref
from cnbudget.model import ConversionError


@dataclass(slots=True)
class DataSheet:
    resource: str
    sheet: str
    hidden: bool
    fields: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    cells: list[dict[str, str]] = field(default_factory=list)
    """Per row: field → cell reference (for provenance)."""
    title: str = ""


@dataclass(slots=True)
class Entry:
    """One resource listed in the metadata sheet."""

    name: str
    printed_sheet: str
    fingerprint: str
    data_sheet: str
    props: dict[str, Any]


@dataclass(slots=True)
class WorkbookData:
    sheets: dict[str, DataSheet] = field(default_factory=dict)
    metadata: dict[str, Any] | None = None
    entries: list[Entry] = field(default_factory=list)
    consumed: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @property
    def exported(self) -> bool:
        """The workbook carries a whole package (written by ``cnbudget export``)."""
        return self.metadata is not None


def read_data(path: Path) -> WorkbookData:
    out = WorkbookData()
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # the main loader reports a damaged workbook in its own words
        raise ConversionError(f"{path}: corrupt workbook ({type(exc).__name__}: {exc})"
                              ) from None
    try:
        for ws in wb.worksheets:
            first: tuple[Any, ...] = next(ws.iter_rows(min_row=1, max_row=1,
                                                        values_only=True), ())
            marker = first[0] if first else None
            if marker == META_MARKER:
                _read_meta(ws, path, out)
            elif marker == DATA_MARKER:
                _read_sheet(ws, path, out, str(first[1] or "") if len(first) > 1 else "")
            else:
                continue
            out.consumed.add(ws.title)
    finally:
        wb.close()
    return out


def _read_meta(ws: Any, path: Path, out: WorkbookData) -> None:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    if len(rows[0]) < 2 or rows[0][1] != FORMAT:
        raise ConversionError(f"{path}, sheet {ws.title}: workbook data of an unknown format "
                              f"{rows[0][1:2]!r} (this version reads {FORMAT})")
    for i, row in enumerate(rows[2:], start=3):
        kind = row[0] if row else None
        if kind not in ("metadata", "resource"):
            continue
        text = "".join(decode(str(v)) for v in row[META_JSON_COL - 1:] if v is not None)
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConversionError(f"{path}, sheet {ws.title}, row {i}: damaged JSON "
                                  f"({exc.msg})") from None
        if kind == "metadata":
            out.metadata = value
        else:
            cells = [("" if v is None else str(v)) for v in row[1:5]] + [""] * 4
            out.entries.append(Entry(cells[0], cells[1], cells[2], cells[3], value))


def _read_sheet(ws: Any, path: Path, out: WorkbookData, resource: str) -> None:
    where = f"{path.name}, sheet {ws.title}"
    if not resource:
        raise ConversionError(f"{where}: a data sheet without its resource name in B1")
    if resource in out.sheets:
        raise ConversionError(f"{where}: a second data sheet of {resource} (the first is "
                              f"{out.sheets[resource].sheet})")
    sheet = DataSheet(resource, ws.title, ws.sheet_state != "visible", [])
    for r, row in enumerate(ws.iter_rows(), start=1):
        if r == 1:
            sheet.title = str(row[2].value or "") if len(row) > 2 else ""
        if r == NAME_ROW:
            sheet.fields = [str(c.value or "").strip() for c in row]
        if r < FIRST_ROW:
            continue
        if r - FIRST_ROW >= MAX_ROWS:
            raise ConversionError(f"{where}: more than {MAX_ROWS:,} rows; refused")
        record: dict[str, str] = {}
        places: dict[str, str] = {}
        for c, cell in enumerate(row, start=1):
            name = sheet.fields[c - 1] if c <= len(sheet.fields) else ""
            text = _text(cell)
            if text and not name:
                out.problems.append(f"{where}, cell {ref(r, c)}: a value in a column "
                                    "without a field name in row 3; not read")
            elif name:
                record[name] = text
                if text:
                    places[name] = ref(r, c)
        if any(record.values()):
            sheet.rows.append(record)
            sheet.cells.append(places)
    if not any(sheet.fields):
        raise ConversionError(f"{where}: a data sheet without field names in row {NAME_ROW}")
    out.sheets[resource] = sheet


def _text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return printed_number(value, getattr(cell, "number_format", None))[0]
    if isinstance(value, datetime | date):
        return printed_other(value)
    return decode(str(value))
