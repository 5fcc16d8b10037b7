"""Layouts of performance target tables (绩效目标表) → performance_projects and
performance_indicators.

Two layouts are read:

* card: one project per block of key/value rows (项目名称 | X, 年度资金总额： | 2,134.87,
  年度目标 | …) followed by an indicator header row (一级指标 | 二级指标 | 三级指标 | 指标值)
  and the indicator rows; several cards may follow each other in one table (XA);
* list: one header for all projects (项目名称 | 项目总额 | 绩效目标 | 一级指标 | …), each
  project's cells spanning its indicator rows (BJ, HN).

Card values that have no field (主管部门, 财政拨款 …) go to x_extra_columns with their
label; a table without any indicator header (部门整体 tables with combined indicator text)
is kept cell by cell as an extension resource, never turned into an empty project.
"""

from __future__ import annotations

from cnbudget.converters import extension
from cnbudget.converters.grid import Block
from cnbudget.converters.mapping.columns import field_aliases
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.mapping.perf_eval import (
    EVALUATION_AMOUNTS,
    Task,
    rate,
    read_evaluation,
)
from cnbudget.converters.mapping.perf_list import read_list
from cnbudget.converters.mapping.perf_rows import (
    AMOUNT_LABELS,
    FUND_FIELDS,
    GOAL_LABELS,
    IMPLEMENTATION,
    LEVELS,
    NAME_LABELS,
    VALUES,
    Out,
    combined_header,
    fund_field,
    indicators_of,
    label_key,
    label_only,
    prose,
)
from cnbudget.converters.mapping.performance import project_name, withheld_reason
from cnbudget.converters.normalize import clean_label, compact, looks_like_amount
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import Problem, Provenance, Row, Table


def map_performance(segs: list[TableSegment], fiscal_year: int, taken: set[str]
                    ) -> tuple[Builder, Builder, list[Table], list[Problem]]:
    """Projects, indicators, the tables kept as printed (named apart from ``taken``) and
    the problems of those (CNB-CNV-011)."""
    out = Out(Builder("performance_projects", None), Builder("performance_indicators", None),
               fiscal_year, taken=set(taken))
    kept: list[Problem] = []
    for seg in segs:
        rows = [*seg.header, *seg.rows]
        if not rows:
            continue  # a title in a contents list
        before = len(out.projects.rows)
        cells = (len(out.projects.problems), len(out.indicators.problems))
        if _header_index(rows, 0) is None:
            kept.append(_keep_raw(seg, rows, out, "no indicator header"))
        elif not _read(seg, rows, out):
            del out.projects.rows[before:]
            del out.projects.problems[cells[0]:]
            kept.append(_keep_raw(seg, rows, out, "no project reads"))
        for p in [*out.projects.problems[cells[0]:], *out.indicators.problems[cells[1]:]]:
            p.title = seg.printed_title
    for row in out.projects.rows:
        row.setdefault("scope", "project")
    return out.projects, out.indicators, out.raw, kept


def _keep_raw(seg: TableSegment, rows: list[Block], out: Out, reason: str) -> Problem:
    name = extension.resource_name("绩效", seg.title_place.page, out.taken)
    out.taken.add(name)
    out.raw.append(extension.raw_table(
        name, seg.printed_title, rows, f"{seg.printed_title}：绩效目标表，版式无法映射到项目"
        "与指标，按印刷逐格保留 / a performance target table whose layout does not map to "
        "projects and indicators, kept cell by cell as printed", header=[]))
    pages = sorted({b.place.page for b in rows if b.place.page is not None})
    return Problem("CNB-CNV-011", seg.title_place, "performance_projects", seg.printed_title,
                   data={"reason": reason, "kept_in": name, "pages": pages})


def _header_index(rows: list[Block], start: int) -> int | None:
    """The next indicator header row: two level columns, or a level and a value column."""
    for i in range(start, len(rows)):
        keys = {label_key(t) for t in rows[i].texts}
        levels = keys & set(LEVELS)
        if len(levels) >= 2 or (levels and keys & VALUES) or combined_header(rows, i):
            return i
    return None


def _read(seg: TableSegment, rows: list[Block], out: Out) -> bool:
    h = _header_index(rows, 0)
    assert h is not None
    if all(label_only(r) for r in rows[:h + 1]) and any(
            label_key(t) in NAME_LABELS for r in rows[:h + 1] for t in r.texts):
        return read_list(seg, rows, h, out)
    return _read_cards(seg, rows, out)

# --- card layout ---------------------------------------------------------------------------

def _read_cards(seg: TableSegment, rows: list[Block], out: Out) -> bool:
    starts = [0] + [i for i, r in enumerate(rows) if i and _first_key(r) in NAME_LABELS]
    found = False
    for a, b in zip(starts, [*starts[1:], len(rows)], strict=True):
        card = rows[a:b]
        h = _header_index(card, 0)
        if h is None:
            continue
        pid = _card_project(seg, card[:h], out)
        if pid is None:
            continue
        n = len(out.indicators.rows)
        indicators_of(card[h], card[h + 1:], pid, out)
        if len(out.indicators.rows) == n and out.projects.rows[-1]["amount"] is None \
                and out.projects.rows[-1]["goal"] is None:
            gone = out.projects.rows.pop()  # a blank form: no indicators, amount or goal
            out.projects.extra[:] = [x for x in out.projects.extra if x["project_id"] != pid]
            out.projects.provenance[:] = [x for x in out.projects.provenance
                                          if x.position != gone["position"]]
            continue
        found = True
    return found


LABEL_ENDS = (":", "：", "目标", "总额", "资金", "指标", "部门", "单位", "名称", "期限", "分）",
              "分)")


def _is_label(text: str) -> bool:
    """A card label printed where a value could be (``实施期总目标`` beside ``总体目标``)."""
    t = compact(text)
    return t.endswith(LABEL_ENDS) and len(t) <= 12


NAME_ENDS = ("资金", "总额", "期限")


def _is_name(text: str) -> bool:
    """A project name beside its 项目名称 label that ends like a label (重庆 项目名称 |
    重庆市水利专项资金), not a label of its own (主管部门, 实施单位 …)."""
    return compact(text).endswith(NAME_ENDS)


COLUMN_MARK = "\x00"
"""Marks a label read from the column headers above a row of amounts."""
DEPARTMENT_TITLE = "部门整体"
DEPARTMENT_FUNDS = ("fiscal_funds_basic", "fiscal_funds_project", "other_funds_basic",
                    "other_funds_project")
"""The parts of a 部门整体支出绩效目标表's funds: 财政拨款 | 其他资金, each 合计 | 基本支出 |
项目支出 (北京 预算13表)."""


def department_fund(label: str) -> str | None:
    """The field of a funds column by its header path: 预算支出总额 → amount, 财政拨款 >
    合计 → fiscal_funds, 财政拨款 > 基本支出 → fiscal_funds_basic (the fields' aliases)."""
    path = [label_key(x) for x in label.removeprefix(COLUMN_MARK).split(" > ")]
    if len(path) > 1 and path[-1] == "合计":
        path = path[:-1]
    joined = label_key(">".join(path))
    for name, aliases in field_aliases("performance_projects"):
        if name in (*DEPARTMENT_FUNDS, "amount") and joined in {label_key(a) for a in aliases}:
            return name
    return fund_field(path[0]) if len(path) == 1 else None


def _column_heads(card: list[Block], k: int, cells: list[tuple[int, str]]) -> dict[int, str]:
    """A row of two or more amounts and no label under one or two rows of column headers
    (总体资金情况: 预算支出总额 | 财政拨款 合计 基本支出 项目支出 | 其他资金 …): column →
    its header path, an upper header spanning the blank columns to its right."""
    if len(cells) < 2 or not all(looks_like_amount(t) for _, t in cells):
        return {}
    above = [card[j] for j in range(max(0, k - 2), k) if label_only(card[j])]
    if not above or len(above) < min(2, k):
        return {}
    out: dict[int, str] = {}
    for i, _ in cells:
        path: list[str] = []
        for depth, b in enumerate(above):
            texts = b.texts
            j = i
            if depth < len(above) - 1:  # an upper row: a header spans to its right
                while j > 0 and j < len(texts) and not compact(texts[j]):
                    j -= 1
                if j == 0:
                    continue  # the row's own label (总体资金情况), not a column header
            if j < len(texts) and compact(texts[j]):
                path.append(clean_label(texts[j]))
        if path:
            out[i] = COLUMN_MARK + " > ".join(path)
    return out if all(department_fund(v) for v in out.values()) and len(out) == len(cells) \
        else {}


def _add_tasks(tasks: list[Task], page: int | None, out: Out) -> None:
    """The tasks of a department's self-evaluation, after the department's row: rows of
    scope task, without indicators (the department's are its own)."""
    for task in tasks:
        values = {c.fieldname: c for c in task.cells}
        row: Row = {"project_id": f"p{len(out.projects.rows) + 1}", "scope": "task",
                    "name": clean_label(values["name"].text) if "name" in values else None,
                    "goal": None, "outcome": None, "amount": None, "withheld": False,
                    "withheld_reason": None,
                    "page": next(iter(values.values())).prow.place(0).page or page}
        for f, c in values.items():
            if f in ("goal", "outcome"):
                row[f] = prose(c.text) or None
            elif f == "execution_rate":
                row[f] = rate(c.text)
            elif f != "name":
                row[f] = out.projects.amount(c.text, c.prow.place(c.index), f)
        out.projects.add(row, None, {})
        for f, c in values.items():
            out.projects.provenance.append(Provenance(
                "performance_projects", row["position"], f, c.prow.place(c.index),
                c.prow.printed(c.index)))


def _first_key(b: Block) -> str:
    return next((label_key(t) for t in b.texts if compact(t)), "")


def _card_project(seg: TableSegment, card: list[Block], out: Out) -> str | None:
    """Key/value rows: a label (ending with ：, or any text before its value) and its value;
    a first-column label with 万元 groups the rows below it."""
    pairs: list[tuple[str, PrintedRow, int]] = []
    group, pending = "", ""
    ev = read_evaluation(card)
    heads = {k: _column_heads(card, k, [(i, t) for i, t in enumerate(b.texts) if compact(t)])
             for k, b in enumerate(card)}
    header_rows = {j for k, h in heads.items() if h for j in range(max(0, k - 2), k)}
    """Rows of column headers above a row of amounts: read as its labels, not as values."""
    for k, block in enumerate(card):
        if k in ev.used_rows or k in header_rows:
            continue
        prow = PrintedRow.of(block)
        cells = [(i, t) for i, t in enumerate(block.texts) if compact(t)]
        if cells and cells[0][0] == 0:
            group = ""
        if cells and cells[0][0] == 0 and "万元" in cells[0][1] and len(cells) > 1:
            group, cells = clean_label(cells[0][1]), cells[1:]
        if len(cells) != 1:
            pending = ""  # only a label alone on its row labels the next row
        for i, text in cells:
            if i in heads[k]:
                pairs.append((heads[k][i], prow, i))
            elif looks_like_amount(text) or (pending and (not _is_label(text) or (
                    label_key(pending) in NAME_LABELS and _is_name(text)))):
                pairs.append((" > ".join(x for x in (group, pending) if x), prow, i))
                pending = ""
            else:
                pending = clean_label(text)
    values: Row = {}
    used: dict[str, int] = {}
    sources: dict[str, PrintedRow] = {}
    scope: dict[int, bool] = {}
    """Value column → whether the last total printed in it is 实施期资金总额."""
    for label, prow, i in pairs:
        key = label_key(label.split(" > ")[-1])
        fieldname = department_fund(label) if label.startswith(COLUMN_MARK) else None
        fieldname = fieldname or next((f for f, labels in (
            ("name", NAME_LABELS), ("amount", AMOUNT_LABELS), ("goal", GOAL_LABELS))
            if key in labels), None)
        if fieldname == "amount":
            scope[i] = False
        elif fieldname in DEPARTMENT_FUNDS:
            pass
        elif fieldname is None and looks_like_amount(prow.text(i)) and (
                fieldname := fund_field(key)) is not None:
            if fieldname == "implementation_total":
                scope[i] = True
            elif scope.get(i) and fieldname in IMPLEMENTATION:
                fieldname = IMPLEMENTATION[fieldname]
        if fieldname is not None and fieldname not in values:
            values[fieldname] = prow.text(i)
            used[fieldname], sources[fieldname] = i, prow
    for c in ev.cells:
        if c.fieldname not in values:
            values[c.fieldname] = c.text
            used[c.fieldname], sources[c.fieldname] = c.index, c.prow
    if not pairs and not ev.cells:
        return None  # a blank form: labels without any value
    name = clean_label(values.get("name") or "") or project_name(seg.printed_title)
    pid = f"p{len(out.projects.rows) + 1}"
    page = card[0].place.page if card else seg.title_place.page
    amount = None
    if "amount" in values:
        amount = out.projects.amount(values["amount"], sources["amount"].place(used["amount"]),
                                     "amount")
    goal = prose(values.get("goal") or "") or None
    withheld = withheld_reason(goal or "")
    row: Row = {"project_id": pid, "name": name, "goal": goal, "amount": amount,
                "withheld": withheld is not None, "withheld_reason": withheld, "page": page}
    row["scope"] = "department" if DEPARTMENT_TITLE in compact(seg.printed_title or "") \
        else "project"
    for f in (*FUND_FIELDS, *IMPLEMENTATION.values(), *EVALUATION_AMOUNTS, *DEPARTMENT_FUNDS):
        if f in values:
            row[f] = out.projects.amount(values[f], sources[f].place(used[f]), f)
    if "execution_rate" in values:
        row["execution_rate"] = rate(values["execution_rate"])
    if "outcome" in values:
        row["outcome"] = prose(values["outcome"]) or None
    out.projects.add(row, None, {})
    _add_tasks(ev.tasks, page, out)
    for fieldname, prow in sources.items():
        out.projects.provenance.append(Provenance("performance_projects", row["position"],
                                                  fieldname, prow.place(used[fieldname]),
                                                  prow.printed(used[fieldname])))
    if "name" not in values:
        out.projects.provenance.append(Provenance("performance_projects", row["position"],
                                                  "name", seg.title_place, seg.printed_title))
    for label, prow, i in [*[(x.removeprefix(COLUMN_MARK), p, j) for x, p, j in pairs],
                           *ev.leftovers]:
        if any(prow is sources.get(f) and i == used.get(f) for f in used):
            continue
        out.projects.extra.append({
            "resource": "performance_projects", "side": None, "position": row["position"],
            "project_id": pid,
            "column": i + 1, "header": label or None, "value": prow.text(i).strip(),
            "page": prow.place(i).page})
    return pid


