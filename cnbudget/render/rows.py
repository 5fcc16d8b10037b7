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


EVALUATION_FIELDS = ("amount_full_year", "amount_executed", "fiscal_funds_full_year",
                     "fiscal_funds_executed", "execution_rate", "execution_score", "outcome",
                     "score")
"""Fields only a self-evaluation (绩效自评表) has: a project with one is printed as one."""
FUND_ROWS = (("amount", "年度资金总额"), ("fiscal_funds", "其中：财政拨款"),
             ("carryover", "上年结转"), ("other_funds", "其他资金"))
MEASURES = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


def _row(width: int, cells: dict[int, str]) -> PrintedRow:
    """A printed row of ``width`` columns: the given cells, each spanning to the next."""
    out: PrintedRow = [None] * width
    out[0] = ""
    for i, text in cells.items():
        out[i] = text
    return out


def evaluation_rows(project: Row, layout: Layout) -> list[PrintedRow] | None:
    """The rows of a self-evaluation card above its indicators (项目名称; the funds block
    with one column per measure; 预期目标 beside 实际完成情况), or None for a project
    without self-evaluation values or an indicator table too narrow for the funds block."""
    width = len(layout.columns)
    if width < 1 + len(MEASURES) or not any(project.get(f) not in (None, "")
                                            for f in EVALUATION_FIELDS):
        return None
    rows = [_row(width, {0: "项目名称", 1: _text(project.get("name"))}),
            _row(width, {0: "项目资金（万元）", **{i: m for i, m in enumerate(MEASURES, 1)}})]
    for base, label in FUND_ROWS:
        values = [project.get(base), project.get(f"{base}_full_year"),
                  project.get(f"{base}_executed")]
        extra: list[Any] = [None, None, None]
        if base == "amount":
            r = project.get("execution_rate")
            extra = [project.get("execution_weight"), None if r in (None, "") else f"{r}%",
                     project.get("execution_score")]
        if all(v in (None, "") for v in (*values, *extra)):
            continue
        cells = {0: label, **{i: _text(v) for i, v in enumerate([*values, *extra], 1)}}
        rows.append(_row(width, cells))
    half = 1 + (width - 1) // 2
    rows.append(_row(width, {0: "年度总体目标", 1: "预期目标", half: "实际完成情况"}))
    rows.append(_row(width, {1: _text(project.get("goal")), half: _text(project.get("outcome"))}))
    return rows


def score_rows(project: Row, layout: Layout) -> list[PrintedRow]:
    """The 总分 row closing a self-evaluation card (分值 total, then the score)."""
    if project.get("score") in (None, ""):
        return []
    width = len(layout.columns)
    cells = {0: "总分", width - 1: _text(project.get("score"))}
    if project.get("score_weight") not in (None, ""):
        cells[width - 2] = _text(project.get("score_weight"))
    return [_row(width, {i: cells.get(i, "") for i in range(width)})]
