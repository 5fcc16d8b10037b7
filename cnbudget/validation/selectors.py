"""Picking one published value out of a table for cross-table rules.

A selector is a mapping: ``resource``, ``field``, and either ``total_row: true`` (the 合计
row: no code, labelled 合计/总计), ``where: {field: value}`` or ``code`` (with
``code_field``). A table published empty (no rows) gives 0; a missing row in a non-empty
table gives 0 when ``missing: zero``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cnbudget.model import Row
from cnbudget.validation.amounts import ZERO, fmt, parse
from cnbudget.validation.context import Context
from cnbudget.validation.identity import is_total_row
from cnbudget.validation.rulebase import CouldNotRun

NAME_FIELDS = ("function_name", "economic_name", "item", "project_name", "item_name", "name")


@dataclass(slots=True)
class Picked:
    resource: str
    field: str
    row: Row | None
    text: str
    factor: Decimal

    def describe(self) -> str:
        return f"{self.resource}.{self.field}"


class NotFound(Exception):
    pass


def require_columns(ctx: Context, sel: dict[str, Any]) -> None:
    """Raise CouldNotRun when the selector's table has rows but prints none of the columns
    of ``sel["columns"]`` (no group declared: nothing to check)."""
    group: list[str] = sel.get("columns") or []
    table = ctx.require(sel["resource"])
    if group and table.rows and not table.published_empty and all(
            r.get(f) in (None, "") for r in table.rows for f in group):
        raise CouldNotRun(f"not applicable: {sel['resource']} prints none of the columns "
                          f"{', '.join(group)}")


def find_row(ctx: Context, sel: dict[str, Any]) -> Row | None:
    table = ctx.require(sel["resource"])
    if sel.get("total_row"):
        code_field = sel.get("code_field", "function_code")
        rows = [r for r in table.rows if is_total_row(r, code_field, NAME_FIELDS)]
    elif "code" in sel:
        code_field = sel.get("code_field", "function_code")
        rows = [r for r in table.rows if (r.get(code_field) or "").strip() == str(sel["code"])]
    else:
        where: dict[str, str] = sel.get("where", {})
        rows = [r for r in table.rows
                if all((r.get(k) or "") == str(v) for k, v in where.items())]
    return rows[0] if rows else None


def pick(ctx: Context, sel: dict[str, Any]) -> Picked:
    """The selected value; raises NotFound when the row is missing and may not be 0."""
    name = sel["resource"]
    table = ctx.require(name)
    require_columns(ctx, sel)
    row = find_row(ctx, sel)
    if row is None and table.rows and sel.get("missing") != "zero":
        raise NotFound(f"{name}: no row matching {describe(sel)}")
    text = str(row.get(sel["field"]) or "") if row is not None else ""
    if row is not None and not text and sel.get("or_sum"):
        parts = [parse(row.get(f)) for f in sel["or_sum"]]
        if any(p is not None for p in parts):
            text = fmt(sum((p for p in parts if p is not None), ZERO))
    return Picked(name, sel["field"], row, text, ctx.factor(name))


def describe(sel: dict[str, Any]) -> str:
    if sel.get("total_row"):
        return "合计"
    if "code" in sel:
        return str(sel["code"])
    return ",".join(f"{k}={v}" for k, v in sel.get("where", {}).items())
