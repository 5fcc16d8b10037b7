"""Writing data sheets (one resource, one row per record, as its CSV holds it) and the
hidden metadata sheet; the layout is :mod:`cnbudget.converters.excel.datafmt`, which the
workbook front end reads back directly."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from cnbudget import standard
from cnbudget.converters.excel.datafmt import (
    DATA_MARKER,
    FIRST_ROW,
    FORMAT,
    META_HEADER,
    META_JSON_COL,
    META_MARKER,
    META_SHEET,
    NAME_ROW,
    TITLE_ROW,
    chunks,
    encode,
)
from cnbudget.export.sheets import HEAD_FILL, INJECTION, MAX_NUMBER_DIGITS
from cnbudget.model import Table
from cnbudget.package import csv_text

NAME_FONT = Font(color="808080", size=8)
NAME_FILL = PatternFill("solid", fgColor="F2F2F2")
_PLAIN_AMOUNT = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
WIDE = {"text", "goal", "sentence", "definition", "description", "basis", "name", "heading"}
PROPS = ("printed_title", "unit", "pages", "notes", "published_empty", "not_published", "as_of",
         "extension", "title", "schema")


@dataclass(frozen=True, slots=True)
class DataField:
    name: str
    title: str
    amount: bool = False


@dataclass(slots=True)
class MetaEntry:
    """One resource's row of the metadata sheet."""

    name: str
    data_sheet: str
    printed_sheet: str = ""
    fingerprint: str = ""
    props: dict[str, Any] | None = None


def data_fields(name: str, table: Table | None = None) -> list[DataField]:
    """The CSV columns of a resource with their titles from the standard (or, for an
    extension resource, from its own schema)."""
    if name.startswith("x_"):
        fields: list[dict[str, Any]] = ((table.schema if table else None) or {}).get(
            "fields", [])
    else:
        fields = standard.table_schema(name)["fields"]
    return [DataField(f["name"], str(f.get("title") or f["name"]), bool(f.get("x-amount")))
            for f in fields]


def resource_title(name: str, table: Table | None) -> str:
    if name.startswith("x_"):
        return (table.title if table else None) or name
    return str(standard.table_schema(name)["title"])


def write_data_sheet(ws: Any, name: str, title: str, fields: list[DataField],
                     rows: list[dict[str, Any]], *, numbers: bool) -> None:
    """Fill ``ws`` as a data sheet. ``numbers``: amounts as numbers (visible sheets); else
    every value is a text cell (hidden sheets: exact and nothing to format)."""
    for c, value in enumerate((DATA_MARKER, name, title), start=1):
        text_cell(ws.cell(1, c), value).font = Font(bold=c == 3)
    for c, f in enumerate(fields, start=1):
        head = text_cell(ws.cell(TITLE_ROW, c), f.title)
        head.font, head.fill = Font(bold=True), HEAD_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        key = text_cell(ws.cell(NAME_ROW, c), f.name)
        key.font, key.fill = NAME_FONT, NAME_FILL
        ws.column_dimensions[key.column_letter].width = 60 if f.name in WIDE else 16
    for r, row in enumerate(rows, start=FIRST_ROW):
        for c, f in enumerate(fields, start=1):
            text = csv_text(row.get(f.name))
            if not text:
                continue
            cell = ws.cell(r, c)
            if numbers and f.amount and _plain_amount(text):
                amount_cell(cell, text)
            else:
                text_cell(cell, text).alignment = Alignment(wrap_text=f.name in WIDE,
                                                            vertical="top")
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)


def text_cell(cell: Any, text: str) -> Any:
    """A text cell holding ``text`` exactly: never a formula (cells starting with = + - @
    are stored as text with Excel's quote prefix), escapes for what XML cannot hold."""
    cell.value = encode(text)
    cell.data_type = "s"
    cell.number_format = "@"
    if text.startswith(INJECTION):
        cell.quotePrefix = True
    return cell


def amount_cell(cell: Any, text: str) -> None:
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    cell.value = Decimal(text)
    cell.number_format = "0" + ("." + "0" * decimals if decimals else "")


def _plain_amount(text: str) -> bool:
    """Amounts that a number cell shows back exactly (no sign of zero, ≤ 15 digits)."""
    if not _PLAIN_AMOUNT.match(text) or (Decimal(text).is_zero() and text.startswith("-")):
        return False
    return len(text.replace("-", "").replace(".", "").lstrip("0")) <= MAX_NUMBER_DIGITS


def table_props(table: Table) -> dict[str, Any]:
    return {p: getattr(table, p) for p in PROPS}


def write_meta_sheet(wb: Workbook, metadata: dict[str, Any], entries: list[MetaEntry]
                     ) -> Any:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    text_cell(ws.cell(1, 1), META_MARKER)
    text_cell(ws.cell(1, 2), FORMAT)
    for c, head in enumerate(META_HEADER, start=1):
        text_cell(ws.cell(2, c), head)
    meta = {k: v for k, v in metadata.items() if k not in ("resources", "source", "created")}
    _meta_row(ws, 3, ["metadata", "", "", "", ""], meta)
    for r, e in enumerate(entries, start=4):
        _meta_row(ws, r, ["resource", e.name, e.printed_sheet, e.fingerprint, e.data_sheet],
                  e.props or {})
    return ws


def _meta_row(ws: Any, r: int, cells: list[str], value: Any) -> None:
    for c, text in enumerate(cells, start=1):
        if text:
            text_cell(ws.cell(r, c), text)
    payload = json.dumps(value, ensure_ascii=False, default=str)
    for c, part in enumerate(chunks(payload), start=META_JSON_COL):
        text_cell(ws.cell(r, c), part)


def stamp(ws: Any, entries: list[MetaEntry], prints: dict[str, str]) -> None:
    """Write the printed sheets' fingerprints into the metadata sheet."""
    for r, e in enumerate(entries, start=4):
        if e.printed_sheet:
            e.fingerprint = prints.get(e.printed_sheet, "")
            text_cell(ws.cell(r, 4), e.fingerprint)
