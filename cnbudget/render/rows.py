"""Rows of a package → the printed rows of its table (cells as strings, in layout order)."""

from __future__ import annotations

from typing import Any

from cnbudget.model import Row, Table
from cnbudget.render.layouts import Layout

PrintedRow = list[str | None]
"""Cell texts in column order; ``None`` marks a cell covered by the one to its left."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def printed_rows(layout: Layout, table: Table) -> list[PrintedRow]:
    if layout.kind == "two_list":
        return _two_list(layout, table.rows)
    return [[_text(row.get(c.field)) for c in layout.columns] for row in table.rows]


def _two_list(layout: Layout, rows: list[Row]) -> list[PrintedRow]:
    """Income item i and expenditure item i share a printed line: by printed row number
    where every row has one, else by position within the side."""
    by_line = all(_number(r.get("line")) is not None for r in rows)
    lines: dict[int, dict[str, Row]] = {}
    for r in rows:
        key = _number(r.get("line") if by_line else r.get("position")) or 0
        lines.setdefault(key, {})[str(r.get("side"))] = r
    out: list[PrintedRow] = []
    for key in sorted(lines):
        sides = lines[key]
        cells: PrintedRow = []
        for col in layout.columns:
            if col.field == "line":
                cells.append(str(key) if by_line else "")
                continue
            side, _, name = col.field.partition(".")
            cells.append(_text(sides[side].get(name)) if side in sides else "")
        out.append(cells)
    return out


def performance_rows(layout: Layout, indicators: list[Row]) -> list[PrintedRow]:
    """Indicator rows with 一级/二级指标 printed only where they change (as merged in print)."""
    out: list[PrintedRow] = []
    prev1: Any = object()
    prev2: Any = object()
    for r in indicators:
        cells: PrintedRow = [_text(r.get(c.field)) for c in layout.columns]
        l1, l2 = r.get("level1"), r.get("level2")
        new1 = l1 != prev1
        if not new1:
            cells[0] = ""
        if not new1 and l2 == prev2:
            cells[1] = ""
        prev1, prev2 = l1, l2
        out.append(cells)
    return out
