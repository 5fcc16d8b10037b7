"""Rows of a package → the printed rows of its table (cells as strings, in layout order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, pairwise
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


TASK_TEXTS = (("name", "任务名称", 60), ("goal", "主要内容", 110), ("outcome", "完成情况", 50))
TASK_MEASURES = (("full_year", "全年预算数"), ("executed", "全年执行数"))
TASK_FUNDS = (("amount", "总额"), ("fiscal_funds", "财政拨款"), ("carryover", "上年结转"),
              ("other_funds", "其他资金"))
TASK_SCORES = (("execution_weight", "分值", 30), ("execution_rate", "执行率", 40),
               ("execution_score", "得分", 30))
TASK_AMOUNT_WIDTH = 48


@dataclass(slots=True)
class DepartmentCard:
    """A department's self-evaluation (部门整体支出绩效自评表) as the national 决算 layout
    prints it, on one grid of columns: 部门（单位）名称; the 年度主要任务完成情况 block
    (任务名称 | 主要内容 | 完成情况 | 全年预算数（万元） and 全年执行数（万元）, each over its
    funds 总额 | 财政拨款 | … | 分值 | 执行率 | 得分), one row per task and the department's
    金额合计; 预期目标（年初设定） beside 目标实际完成情况; the indicators and the 总分.
    ``widths`` are the widths of the grid's columns."""

    rows: list[PrintedRow]
    widths: list[float]
    keep: frozenset[int] = field(default_factory=frozenset)
    """Rows printed on the page of the row after them (labels kept with what they label)."""


def _best_spans(grid: list[float], widths: list[float]) -> list[int]:
    """The grid columns each of the columns of ``widths`` covers on a grid of columns
    ``grid`` wide (at least as many), chosen so that the grid widened where a column needs
    more is narrowest: wide columns over wide grid columns."""
    best: tuple[float, list[int]] | None = None
    for cuts in combinations(range(1, len(grid)), len(widths) - 1):
        bounds = [0, *cuts, len(grid)]
        spans = [b - a for a, b in pairwise(bounds)]
        total = sum(_grid_widths([(grid, [1] * len(grid)), (widths, spans)]))
        if best is None or total < best[0] - 1e-9:
            best = (total, spans)
    assert best is not None
    return best[1]


def _grid_widths(blocks: list[tuple[list[float], list[int]]]) -> list[float]:
    """Widths of the grid's columns: each as wide as the widest share of a column (its
    width over its span) of the blocks printed on it."""
    total = sum(blocks[0][1])
    out = [0.0] * total
    for widths, spans in blocks:
        at = 0
        for w, span in zip(widths, spans, strict=True):
            for g in range(at, at + span):
                out[g] = max(out[g], w / span)
            at += span
    return out


def _on_grid(cells: PrintedRow, spans: list[int]) -> PrintedRow:
    out: PrintedRow = []
    for text, span in zip(cells, spans, strict=True):
        out.extend([text, *[None] * (span - 1)])
    return out


def department_card(department: Row, tasks: list[Row], indicators: list[Row],
                    layout: Layout, widths: list[float], unit: str) -> DepartmentCard:
    """The printed rows of a department's self-evaluation and its tasks (the rows of scope
    task after it); the fund columns of the task block are those any of them fills, 总额
    always. The indicators keep the widths of the indicator layout (``widths``, as on a
    project's card); the task block's columns share them."""
    rows = [department, *tasks]
    funds = [(base, label) for base, label in TASK_FUNDS if base == "amount" or any(
        r.get(f"{base}_{m}") not in (None, "") for r in rows for m, _ in TASK_MEASURES)]
    fields = [f for f, _, _ in TASK_TEXTS]
    head1: PrintedRow = [label for _, label, _ in TASK_TEXTS]
    head2: PrintedRow = ["" for _ in TASK_TEXTS]
    nominal: list[float] = [float(w) for _, _, w in TASK_TEXTS]
    for measure, label in TASK_MEASURES:
        for k, (base, fund) in enumerate(funds):
            fields.append(f"{base}_{measure}")
            head1.append(f"{label}（{unit}）" if k == 0 else None)
            head2.append(fund)
            nominal.append(TASK_AMOUNT_WIDTH)
    for f, label, w in TASK_SCORES:
        fields.append(f)
        head1.append(label)
        head2.append("")
        nominal.append(w)
    cols = layout.columns
    if len(fields) >= len(cols):
        task_spans = [1] * len(fields)
        ind_spans = _best_spans(nominal, widths)
        grid: list[float] = []
        at = 0
        for cw, span in zip(widths, ind_spans, strict=True):
            part = nominal[at:at + span]
            grid.extend(cw * x / sum(part) for x in part)
            at += span
    else:
        ind_spans = [1] * len(cols)
        task_spans = _best_spans(widths, nominal)
        grid = list(widths)

    def task_row(r: Row) -> PrintedRow:
        return [f"{_text(r.get(f))}%" if f == "execution_rate" and r.get(f) not in (None, "")
                else _text(r.get(f)) for f in fields]

    half = len(TASK_TEXTS)
    keep = {0, 1, 2}  # the department's name and the task header, with the first task
    out: list[PrintedRow] = [
        _on_grid(_row(len(fields), {0: "部门（单位）名称", half: _text(department.get("name"))}),
                 task_spans),
        _on_grid(head1, task_spans), _on_grid(head2, task_spans),
        *[_on_grid(task_row(t), task_spans) for t in tasks]]
    total_row = task_row(department)
    total_row[:half] = ["金额合计", *[None] * (half - 1)]
    out.append(_on_grid(total_row, task_spans))
    goal_at = 1 + (len(fields) - 1) // 2
    keep.add(len(out))
    out.append(_on_grid(_row(len(fields), {0: "预期目标（年初设定）", goal_at: "目标实际完成情况"}),
                        task_spans))
    out.append(_on_grid(_row(len(fields), {0: _text(department.get("goal")),
                                           goal_at: _text(department.get("outcome"))}),
                        task_spans))
    keep.add(len(out))
    out.append(_on_grid([c.header[0] for c in cols], ind_spans))
    out.extend(_on_grid(r, ind_spans) for r in performance_rows(layout, indicators))
    out.extend(_on_grid(r, ind_spans) for r in score_rows(department, layout))
    return DepartmentCard(out, grid, frozenset(keep))
