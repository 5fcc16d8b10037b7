"""The list layout of performance target tables: one header for all projects (项目名称 |
项目总额 | 绩效目标 | 一级指标 | …), each project's cells spanning its indicator rows and cut
at page breaks (BJ, HN)."""

from __future__ import annotations

from cnbudget.converters.grid import Block
from cnbudget.converters.mapping.columns import Column, header_columns
from cnbudget.converters.mapping.common import PrintedRow
from cnbudget.converters.mapping.perf_rows import (
    AMOUNT_LABELS,
    GOAL_LABELS,
    LEVELS,
    NAME_LABELS,
    Out,
    fund_field,
    indicator_fields,
    indicator_row,
    label_key,
    label_only,
    prose,
    same_row,
)
from cnbudget.converters.mapping.performance import withheld_reason
from cnbudget.converters.normalize import canonical, clean_label, compact, looks_like_amount
from cnbudget.converters.stitch import TOTAL_WORDS, TableSegment
from cnbudget.model import Provenance, Row, Unplaced


def read_list(seg: TableSegment, rows: list[Block], h: int, out: Out) -> bool:
    head = rows[:h + 1]
    nxt = rows[h + 1] if h + 1 < len(rows) else None
    if nxt is not None and label_only(nxt) and not any(
            label_key(t) in LEVELS for t in nxt.texts):
        head.append(nxt)  # 其中： | 财政资金 | 其他资金 under the project columns
    width = max(len(r.cells) for r in rows)
    columns = header_columns(head, width)
    level1 = min(i for i, c in enumerate(columns) if c.leaf in LEVELS)
    proj = {c.index: c for c in columns if c.index < level1 and c.path}
    name_i = next(i for i, c in proj.items() if any(p in NAME_LABELS for p in c.path))
    amount_i = next((i for i, c in proj.items() if c.leaf in AMOUNT_LABELS), None)
    goal_i = next((i for i, c in proj.items() if c.leaf in GOAL_LABELS), None)
    funds: dict[str, int] = {}
    for i, c in proj.items():
        if i not in (name_i, amount_i, goal_i) and (f := fund_field(c.leaf)) is not None:
            funds.setdefault(f, i)  # 其中： > 财政资金 | 其他资金 (BJ)
    by_field, labels = indicator_fields(head, width, set(range(level1)),
                                       rows[len(head):])
    last: dict[str, str | None] = {"level1": None, "level2": None}
    pid: str | None = None
    found = False
    region: tuple[int | None, float] = (rows[h].place.page, 0.0)
    body = rows[len(head):]
    for k, block in enumerate(body):
        if any(same_row(block, x) for x in head):
            continue  # header repeated on a continuation page
        if not any(compact(t) for t in block.texts):
            continue  # a blank form's empty row (重庆 表十一 "故此表无数据"): no project
        prow = PrintedRow.of(block)
        first_on_page = block.place.page != region[0]
        new_region, region = _region(block, name_i, region)
        first = next((compact(t) for t in block.texts if compact(t)), "")
        if first.startswith("注"):
            out.indicators.unplaced.append(Unplaced(first, prow.place(0), "note printed "
                                                    "inside the performance table"))
            continue
        named = bool(compact(prow.text(name_i))) and (
            amount_i is None or bool(compact(prow.text(amount_i))))
        indicator = any(compact(prow.text(i)) for i in by_field.values())
        total = any(canonical(compact(t)) in TOTAL_WORDS for t in block.texts[:level1])
        if new_region and (named or total) and not indicator \
                and not compact(prow.text(goal_i)):
            for i in range(level1):  # 合计 and unit rows (HN): no project
                if compact(prow.text(i)):
                    out.indicators.unplaced.append(Unplaced(
                        prow.text(i), prow.place(i), "total or unit row of the performance "
                        "table (no project)"))
            pid = None
            continue
        current = out.projects.rows[-1] if pid is not None else None
        if new_region and not first_on_page and current is not None and not any(
                compact(prow.text(i)) for i in range(level1)) and not _named_next_page(
                body, k, name_i, current["name"]):
            # no text in any project cell: the project's cells, ruled by verticals only,
            # span this row (BJ continuation pages: the stitcher gives such rows blank
            # project cells of their own height), not a project of its own
            new_region = False
        if new_region and current is not None and first_on_page and not (
                named and current["name"] is not None
                and clean_label(prow.text(name_i)) != current["name"]):
            # the project's merged cells continue from the page before
            if named and current["name"] is None:
                _list_project(seg, prow, proj, name_i, amount_i, None, out, current, funds)
            elif named:  # the project's cells printed again on the continuation page (HN)
                for i in range(level1):
                    if compact(prow.text(i)) and not (i == goal_i and current["goal"] is None):
                        out.indicators.unplaced.append(Unplaced(
                            prow.text(i), prow.place(i), f"project {current['project_id']}'s "
                            "cell printed again on a continuation page (read where it began)"))
            else:
                _continue_project(prow, name_i, None, out)
            if not named or current["goal"] is None:
                _continue_project(prow, -1, goal_i, out)
        elif new_region:
            pid = _list_project(seg, prow, proj, name_i, amount_i if named else None, goal_i,
                                out, funds=funds if named else {})
            last = {"level1": None, "level2": None}
            found = True
        if pid is not None and indicator:
            indicator_row(prow, by_field, labels, pid, last, out, frozenset(range(level1)))
    return found


def _named_next_page(body: list[Block], k: int, name_i: int, current: str | None) -> bool:
    """Row ``k`` ends its page and the next page begins with another project's name: its
    blank project cells are the top of that project's merged cells, cut by the page's end
    (BJ 预算12表 p15 → p16), not more rows of the project above."""
    page = body[k].place.page
    nxt = next((b for b in body[k + 1:] if b.kind == "row"), None)
    if nxt is None or nxt.place.page == page or any(
            b.kind == "row" and b.place.page == page for b in body[k + 1:]):
        return False
    name = clean_label(nxt.cells[name_i].text) if name_i < len(nxt.cells) else ""
    return bool(name) and name != current


def _region(block: Block, name_i: int, region: tuple[int | None, float]
            ) -> tuple[bool, tuple[int | None, float]]:
    """Whether the row starts a new merged region of the project columns (its name cell
    begins below the bottom of the region before, or on a new page)."""
    page, bottom = region
    bbox = block.cells[name_i].place.bbox if name_i < len(block.cells) else None
    if bbox is None:  # no geometry (workbooks): a printed name starts a region
        return bool(compact(block.texts[name_i])), (block.place.page, bottom)
    if block.place.page != page or bbox[1] >= bottom - 0.5:
        return True, (block.place.page, bbox[3])
    return False, region


def _list_project(seg: TableSegment, prow: PrintedRow, proj: dict[int, Column], name_i: int,
                  amount_i: int | None, goal_i: int | None, out: Out,
                  row: Row | None = None, funds: dict[str, int] | None = None) -> str:
    """A project from its first row; with ``row``, the name and amount of a project whose
    row began on the page before (only its goal was printed there)."""
    cols = {"name": name_i}
    if amount_i is not None:
        cols["amount"] = amount_i
    if goal_i is not None:
        cols["goal"] = goal_i
    values: Row = {
        "name": clean_label(prow.text(name_i)) or None,
        "amount": out.projects.amount(prow.text(amount_i), prow.place(amount_i), "amount")
        if amount_i is not None else None}
    for f, i in (funds or {}).items():
        if looks_like_amount(prow.text(i)):
            cols[f] = i
            values[f] = out.projects.amount(prow.text(i), prow.place(i), f)
    if row is None:
        goal = prose(prow.text(goal_i)) or None
        withheld = withheld_reason(goal or "")
        row = {"project_id": f"p{len(out.projects.rows) + 1}", **values, "goal": goal,
               "withheld": withheld is not None, "withheld_reason": withheld,
               "page": prow.place(goal_i if goal_i is not None else name_i).page
               or seg.title_place.page}
        out.projects.add(row, prow, cols)
    else:
        row.update(values)
        for f, i in cols.items():
            out.projects.provenance.append(Provenance("performance_projects", row["position"],
                                                      f, prow.place(i), prow.printed(i)))
    pid: str = row["project_id"]
    for i, col in proj.items():
        if i in cols.values() or not compact(prow.text(i)):
            continue
        out.projects.extra.append({
            "resource": "performance_projects", "side": None, "position": row["position"],
            "project_id": pid, "column": i + 1, "header": " > ".join(col.path),
            "value": prow.text(i).strip(), "page": prow.place(i).page})
    return pid


def _continue_project(prow: PrintedRow, name_i: int, goal_i: int | None, out: Out) -> None:
    """A project's name or goal cell continued on the next page (cut at the page break)."""
    last = out.projects.rows[-1]
    if name_i >= 0 and (more := clean_label(prow.text(name_i))):
        last["name"] = (last["name"] or "") + more
    if goal_i is not None and (more := prose(prow.text(goal_i))):
        last["goal"] = (last["goal"] or "") + more
