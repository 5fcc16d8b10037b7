"""How a resource is laid out as a printed table: title, meta lines, header rows, the
column-number row (栏次), data rows and notes. Shared by the workbook export and the
template, and built only from the standard (field titles, aliases) so that the shared
conversion pipeline reads it back to the same rows.

Two-list tables (收支总表, 财政拨款收支总表) are printed as the official forms print them:
收入 columns left, 支出 columns right, one printed row per printed row number (序号), so
that each side's rows come back with their positions and row numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from cnbudget import standard
from cnbudget.model import Disclosure, Row, Table

Kind = Literal["line", "amount", "code", "text"]
Value = str | int | Decimal | None
CLASSIFIED = {n: standard.classification(n) for n in standard.tables_of_family("classified")}
TWO_LIST = set(standard.tables_of_family("two_list"))
ITEM_LISTS = {n for n in standard.tables_of_family("item_table", "record_list")
              if not n.startswith("performance_")}
"""Item tables and record lists laid out as printed; the performance tables (one table per
project, printed with its indicators) are kept in the workbook's data sheets instead."""
EXPORTED = [*TWO_LIST, *CLASSIFIED, *ITEM_LISTS]
_OPTIONAL_LABELS = {n: {"unit_code", "unit_name", *(f for pair in
                                                   standard.second_classifications(n)
                                                   for f in pair)} for n in CLASSIFIED}
DERIVED = {"position", "side", "item_key", "nature_code", "quantity_unit"}
"""Fields not printed: the conversion derives them from the printed labels."""
CODE_FIELDS = {"function_code", "economic_code", "government_economic_code", "unit_code",
               "catalogue_number"}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


class ExportError(Exception):
    """The package cannot be laid out as a printed table; the message says why."""


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    title: str
    kind: Kind
    group: str | None = None
    side: str | None = None


@dataclass(slots=True)
class Layout:
    resource: str
    title: str
    columns: list[Column]
    colnums: bool
    rows: list[list[Value]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = "万元"
    as_of: str | None = None

    @property
    def width(self) -> int:
        return len(self.columns)


def fields_of(resource: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = standard.table_schema(resource)["fields"]
    return out


def _kind(resource: str, f: dict[str, Any]) -> Kind:
    if f["name"] == "line":
        return "line"
    if f.get("x-amount"):
        return "amount"
    return "code" if f["name"] in CODE_FIELDS else "text"


def amount_group(kind: str) -> str:
    """The word over the amount columns: 预算数, or 决算数 in a 决算 (standard.json's
    ``document_kind_wording``)."""
    return standard.kind_wording(kind)["amount"]


def columns_for(resource: str, table: Table | None, document_kind: str) -> list[Column]:
    """The printed columns; ``line`` only when the rows carry printed row numbers (the
    template always prints it)."""
    rows = table.rows if table is not None else []
    with_line = table is None or any(_present(r.get("line")) for r in rows)
    group = amount_group(document_kind)
    if resource in TWO_LIST:
        return _two_list_columns(resource, rows, with_line, group)
    out: list[Column] = []
    for f in fields_of(resource):
        name = f["name"]
        if name in DERIVED or (name == "line" and not with_line):
            continue
        if resource in CLASSIFIED and name in _OPTIONAL_LABELS[resource] and \
                not any(_present(r.get(name)) for r in rows):
            continue  # units, a second classification: only where the rows print them
        if f.get("x-when-printed") and not any(_present(r.get(name)) for r in rows):
            continue  # a column some layouts print (x-when-printed): only where printed
        kind = _kind(resource, f)
        grp = None
        if resource in CLASSIFIED and name != "line":
            grp = group if kind == "amount" else "项目"
        out.append(Column(name, f["title"], kind, grp))
    return out


def _two_list_columns(resource: str, rows: list[Row], with_line: bool,
                      amount_word: str = "预算数") -> list[Column]:
    """收入 and 支出 columns; the amount column headed with the document kind's word
    (预算数 / 决算数), the other amounts with their titles."""
    amounts = [{**f, "title": amount_word} if f["title"] == "预算数" else f
               for f in fields_of(resource) if f.get("x-amount")]
    sides = standard.table_schema(resource)["x-side-titles"]
    income_g, exp_g = sides["income"], sides["expenditure"]
    out = [Column("line", "序号", "line")] if with_line else []
    out.append(Column("item", "项目", "text", income_g, "income"))
    for f in amounts:
        used = any(_present(r.get(f["name"])) for r in rows if r.get("side") == "income")
        if f is amounts[0] or used:
            out.append(Column(f["name"], f["title"], "amount", income_g, "income"))
    out.append(Column("item", "项目", "text", exp_g, "expenditure"))
    out.extend(Column(f["name"], f["title"], "amount", exp_g, "expenditure") for f in amounts
               if not f.get("x-when-printed") or any(
                   _present(r.get(f["name"])) for r in rows if r.get("side") == "expenditure"))
    return out


def _present(v: Any) -> bool:
    return v is not None and v != ""


def layout(disclosure: Disclosure, resource: str) -> Layout:
    table = disclosure.tables[resource]
    kind = disclosure.metadata["document_kind"]
    cols = columns_for(resource, table, kind)
    colnums = standard.table_schema(resource).get("x-kind") == "table"
    out = Layout(resource, table.printed_title or standard.printed_title(resource, kind),
                 cols, colnums, notes=list(table.notes),
                 unit=table.unit or disclosure.metadata.get("unit") or "万元",
                 as_of=table.as_of)
    if resource in TWO_LIST:
        out.rows = _two_list_rows(resource, table.rows, cols)
    else:
        ordered = sorted(table.rows, key=lambda r: int(r.get("position") or 0))
        out.rows = [[cell_value(c, r.get(c.field), resource) for c in cols] for r in ordered]
    return out


def _two_list_rows(resource: str, rows: list[Row], cols: list[Column]) -> list[list[Value]]:
    sides = {s: sorted((r for r in rows if r.get("side") == s),
                       key=lambda r: int(r.get("position") or 0))
             for s in ("income", "expenditure")}
    with_line = any(c.kind == "line" for c in cols)
    printed: dict[int, dict[str, Row]] = {}
    for side, side_rows in sides.items():
        for i, r in enumerate(side_rows):
            key = i
            if with_line:
                if not _present(r.get("line")):
                    raise ExportError(f"{resource}: some rows carry a printed row number and "
                                      "others do not; the two lists cannot be printed side "
                                      "by side")
                key = int(r["line"])
            if side in printed.get(key, {}):
                raise ExportError(f"{resource}: two {side} rows share row number {key}")
            printed.setdefault(key, {})[side] = r
        keys = [int(r["line"]) for r in side_rows] if with_line else []
        if keys != sorted(keys):
            raise ExportError(f"{resource}: the {side} rows' printed row numbers are not in "
                              "row order")
    out: list[list[Value]] = []
    for key in sorted(printed):
        both = printed[key]
        line_row = next(iter(both.values()))
        out.append([cell_value(c, (both.get(c.side) or {}).get(c.field) if c.side
                               else line_row.get(c.field), resource) for c in cols])
    return out


def cell_value(col: Column, value: Any, resource: str) -> Value:
    if not _present(value):
        return None
    if col.kind == "line":
        return int(value)
    if col.kind == "amount":
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ExportError(f"{resource}.{col.field}: {value!r} is not an amount") from None
    return str(value)


def sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("", title).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def department_line(meta: dict[str, Any]) -> str:
    """The department as the official tables print it above each table."""
    pub = meta["publisher"]
    code = str(pub.get("department_code") or "")
    if code.isdigit():
        return f"{code} {pub['department_name']}"
    return f"编制部门：{pub['department_name']}"
