"""The list layout of performance target tables: one header for all projects (项目名称 |
项目总额 | 绩效目标 | 一级指标 | …), each project's cells spanning its indicator rows and cut
at page breaks (BJ, HN)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from cnbudget.converters.normalize import (
    canonical,
    clean_label,
    compact,
    looks_like_amount,
    parse_amount,
)
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
    money: tuple[int | None, float] = region
    """The merged region of the amount column: one project each (BJ 预算12表 prints several
    projects of one name under one merged 项目名称 cell, pp39-42 of 北京市水务局)."""
    group = _NameGroup()
    piece = False
    """The row before had a name cell of one row's height starting a region: a piece of a
    name cell ruled by verticals only (the stitcher's blank cells of BJ continuation pages)."""
    body = rows[len(head):]
    for k, block in enumerate(body):
        if any(same_row(block, x) for x in head):
            continue  # header repeated on a continuation page
        if not any(compact(t) for t in block.texts):
            continue  # a blank form's empty row (重庆 表十一 "故此表无数据"): no project
        prow = PrintedRow.of(block)
        first_on_page = block.place.page != region[0]
        new_region, region = _region(block, name_i, region)
        name_new = new_region
        new_money = False
        if amount_i is not None:
            new_money, money = _region(block, amount_i, money)
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
        starts = amount_i is not None and new_money and (
            looks_like_amount(prow.text(amount_i)) or _cut_at_page_end(body, k, amount_i))
        filled = starts and amount_i is not None and current is not None and first_on_page \
            and (current["amount"] is None or _tail(prow.text(amount_i), current["amount"],
                                                   out.projects.rows))
        if filled and amount_i is not None and current is not None:
            # the amounts of the project whose cells began at the foot of the page before,
            # or the last digits of its amounts, wrapped onto this page (3,327.5954 | 37)
            _fill_amounts(prow, amount_i, funds, current, out)
            if compact(prow.text(name_i)) and current["name"] is None:
                group.add(current, block, name_i, first_on_page, prow, out, known=True)
            else:
                _continue_project(prow, name_i, None, out)
            _continue_project(prow, -1, goal_i, out)
            new_region = False
        elif starts and amount_i is not None and not _continued(
                prow, amount_i, name_i, current, first_on_page):
            # a project of its own amount, under its own name or under the merged name cell
            # of the projects above it
            pid = _list_project(seg, prow, proj, name_i, amount_i, goal_i, out, funds=funds)
            group.add(out.projects.rows[-1], block, name_i, first_on_page, prow, out,
                      own=new_region and not first_on_page and not piece and (
                          _cell_starts(block, name_i) or not looks_like_amount(
                              prow.text(amount_i))))
            last = {"level1": None, "level2": None}
            found = True
            new_region = False
        if new_region and not first_on_page and current is not None and not any(
                compact(prow.text(i)) for i in range(level1)) and (
                    (amount_i is not None and not new_money)
                    or not _named_next_page(body, k, name_i, current["name"])):
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
                group.add(current, block, name_i, first_on_page, prow, out, known=True)
            elif named:  # the project's cells printed again on the continuation page (HN)
                for i in range(level1):
                    if compact(prow.text(i)) and not (i == goal_i and current["goal"] is None):
                        out.indicators.unplaced.append(Unplaced(
                            prow.text(i), prow.place(i), f"project {current['project_id']}'s "
                            "cell printed again on a continuation page (read where it began)"))
            else:
                _continue_project(prow, name_i, None, out)
                if compact(prow.text(name_i)) and current["name"] and group.name is None \
                        and any(r is current for r in group.rows):
                    # the merged name cell, named at the top of this page, goes on over the
                    # projects below it (北京市人社局 预算12表 p33: 35.000000 and 152.634100
                    # under 社保工作咨询与评审服务项目, begun on p32)
                    group.name, group.source = current["name"], (prow, name_i)
            if not named or current["goal"] is None:
                _continue_project(prow, -1, goal_i, out)
        elif new_region:
            pid = _list_project(seg, prow, proj, name_i, amount_i if named else None, goal_i,
                                out, funds=funds if named else {})
            group.add(out.projects.rows[-1], block, name_i, first_on_page, prow, out,
                      own=not first_on_page and not compact(prow.text(name_i)))
            last = {"level1": None, "level2": None}
            found = True
        piece = name_new and not _cell_starts(block, name_i)
        if pid is not None and indicator:
            indicator_row(prow, by_field, labels, pid, last, out, frozenset(range(level1)))
    return found


def _continued(prow: PrintedRow, amount_i: int, name_i: int, current: Row | None,
               first_on_page: bool) -> bool:
    """An amount at the top of a page printed again for the project above, with its name
    (HN prints a project's cells again on the continuation page)."""
    if not first_on_page or current is None:
        return False
    name = clean_label(prow.text(name_i))
    try:
        same = parse_amount(prow.text(amount_i)) == current["amount"]
    except ValueError:
        same = False
    return same and (not name or name == current["name"])


def _cut_at_page_end(body: list[Block], k: int, amount_i: int) -> bool:
    """The amount cells from row ``k`` to the end of its page are blank and the next page
    begins with an amount: the top of a project's cells cut by the page's end, the amount
    printed in the part on the next page (北京市水务局 预算12表 p40 → p41)."""
    page = body[k].place.page
    region: tuple[int | None, float] = (page, 0.0)
    for j, nxt in enumerate(body[k:]):
        text = nxt.texts[amount_i] if amount_i < len(nxt.texts) else ""
        if nxt.place.page != page:
            return looks_like_amount(text)
        new, region = _region(nxt, amount_i, region)
        if compact(text) or (new and j):
            return False  # an amount, or another amount cell, on the same page
    return False


def _fill_amounts(prow: PrintedRow, amount_i: int, funds: dict[str, int], row: Row,
                  out: Out) -> None:
    """The amounts of a project printed on the page after its first row."""
    for f, i in {"amount": amount_i, **funds}.items():
        text = prow.text(i)
        if looks_like_amount(text) and row.get(f) is None:
            row[f] = out.projects.amount(text, prow.place(i), f)
            out.projects.provenance.append(Provenance("performance_projects", row["position"],
                                                      f, prow.place(i), prow.printed(i)))
        elif row.get(f) is not None and _tail(text, row[f], out.projects.rows):
            row[f] = f"{row[f]}{compact(text)}"


def _tail(text: str, amount: str | None, rows: list[Row]) -> bool:
    """``text`` is the end of ``amount``'s digits, wrapped onto the next page: digits only,
    after an amount with fewer decimals than the table prints (its own precision, read from
    its other amounts)."""
    tail = compact(text)
    if amount is None or "." not in amount or not tail.isdigit():
        return False
    places = max((len(str(r["amount"]).partition(".")[2]) for r in rows
                  if r.get("amount") is not None), default=0)
    return len(amount.partition(".")[2]) + len(tail) == places


@dataclass
class _NameGroup:
    """The projects under one merged 项目名称 cell, whose name is printed once, at the
    cell's middle (and clipped away on the other pages it spans): every project of the
    cell takes that name."""

    rows: list[Row] = field(default_factory=list)
    name: str | None = None
    source: tuple[PrintedRow, int] | None = None

    def add(self, row: Row, block: Block, name_i: int, first_on_page: bool, prow: PrintedRow,
            out: Out, known: bool = False, own: bool = False) -> None:
        """Project ``row`` begins at ``block`` (or, ``known``, got its name there); ``own``:
        a blank name cell of its own begins there (its name printed on the next page)."""
        printed = clean_label(prow.text(name_i)) or None
        if not known and (own if printed is None else not (first_on_page and self.name is None)):
            # a name cell of its own begins here (named, or named on a later page); a name at
            # the top of a page names the projects above it whose name was not printed yet
            self.rows, self.name, self.source = [], None, None
        if not any(r is row for r in self.rows):
            self.rows.append(row)
        if printed is not None and self.name is None:
            self.name, self.source = printed, (prow, name_i)
        if self.name is None or self.source is None:
            return
        for r in self.rows:
            if r["name"] is None:
                r["name"] = self.name
                p, i = self.source
                out.projects.provenance.append(Provenance(
                    "performance_projects", r["position"], "name", p.place(i), p.printed(i)))


def _cell_starts(block: Block, i: int) -> bool:
    """Whether the row's cell ``i`` is the top of a merged cell over several rows (taller
    than the row's other cells), not a piece of a cell ruled by verticals only."""
    box = block.cells[i].place.bbox if i < len(block.cells) else None
    if box is None:
        return True
    rest = [b[3] for c in block.cells if (b := c.place.bbox) is not None]
    return box[3] > min(rest) + 0.5


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
