"""The parts of a project performance self-evaluation table (绩效自评表, final accounts)
that a target table does not print: the funds block with one column per measure
(年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) and the goal beside its outcome
(预期目标 | 实际完成情况). Field names are those of performance_projects: the 年初预算数 of
a fund row is the row's fund field (amount, fiscal_funds, carryover, other_funds), the
other two amounts are ``<fund>_full_year`` and ``<fund>_executed``; 分值, 执行率 and 得分
of the 年度资金总额 row are execution_weight, execution_rate and execution_score."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnbudget.converters.grid import Block
from cnbudget.converters.mapping.common import PrintedRow
from cnbudget.converters.mapping.perf_rows import AMOUNT_LABELS, fund_field, label_key
from cnbudget.converters.normalize import canonical, compact, looks_like_amount, parse_amount

MEASURES = {"年初预算数": "initial", "全年预算数": "full_year", "全年执行数": "executed",
            "执行数": "executed", "分值": "weight", "执行率": "rate", "得分": "score"}
TOTAL_ONLY = {"weight": "execution_weight", "rate": "execution_rate",
              "score": "execution_score"}
EVALUATION_AMOUNTS = (*(f"{base}_{m}" for base in ("amount", "fiscal_funds", "carryover",
                                                  "other_funds")
                        for m in ("full_year", "executed")), "execution_weight",
                      "execution_score")
"""The amount fields a self-evaluation card adds (read like the fund fields)."""
OUTCOME_LABELS = {"实际完成情况", "目标实际完成情况", "全年实际完成情况"}
SCORE_LABELS = {"总分", "自评总分"}


@dataclass(slots=True)
class Cell:
    fieldname: str
    text: str
    prow: PrintedRow
    index: int


@dataclass(slots=True)
class Task:
    """One row of the 年度主要任务完成情况 block of a 部门整体支出绩效自评表: a task of the
    department with its funds, execution and score (fields of performance_projects)."""

    cells: list[Cell] = field(default_factory=list)


@dataclass(slots=True)
class Evaluation:
    """What the self-evaluation parts of one card give, and the rows they consumed."""

    cells: list[Cell] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    leftovers: list[tuple[str, PrintedRow, int]] = field(default_factory=list)
    """(header label, row, column) of printed cells of those rows no field takes."""
    used_rows: set[int] = field(default_factory=set)


_MARK = re.compile(r"[（(][A-Za-z/ ]*[)）]$")
"""A column's letter printed after its measure: 全年预算数（A）, 执行率（B/A）."""


def measure_of(text: str) -> str | None:
    return MEASURES.get(_MARK.sub("", canonical(text)))


def _measure_header(card: list[Block]) -> tuple[int, dict[int, str]] | None:
    for k, b in enumerate(card):
        cols = {i: m for i, t in enumerate(b.texts) if (m := measure_of(t))}
        if len(set(cols.values()) & {"initial", "full_year", "executed"}) >= 2:
            return k, cols
    return None


def _fund_base(label: str) -> str | None:
    key = label_key(label)
    if key in AMOUNT_LABELS:
        return "amount"
    return fund_field(key)


TASK_LABELS = {"任务名称": "name", "主要内容": "goal", "完成情况": "outcome"}
"""The text columns of the task block of a 部门整体支出绩效自评表 (西安 2022 决算 p.30)."""
TOTAL_FUNDS = {"总额", "合计", "小计"}
TASK_TOTALS = {"金额合计", "合计", "总计"}
_UNIT = re.compile(r"[（(](?:万元|元)[)）]$")


def _task_measure(text: str) -> str | None:
    return measure_of(_UNIT.sub("", canonical(text)))


def _task_columns(card: list[Block]) -> tuple[int, dict[int, str], dict[int, str]] | None:
    """The task block's header (任务名称 | 主要内容 | 完成情况 | 全年预算数（万元） … | 全年执行数
    … | 分值 | 执行率 | 得分) over its fund row (总额 | 财政拨款 | 其他资金 under each of the two
    amounts): its row, the text columns and the amount columns (column → field)."""
    for k, b in enumerate(card[:-1]):
        labels = {i: TASK_LABELS[key] for i, t in enumerate(b.texts)
                  if (key := label_key(t)) in TASK_LABELS}
        measures = {i: m for i, t in enumerate(b.texts) if (m := _task_measure(t))}
        if "name" not in labels.values() or not {"full_year", "executed"} <= set(
                measures.values()):
            continue
        funds = card[k + 1].texts
        columns: dict[int, str] = {}
        current: str | None = None
        for i, t in enumerate(b.texts):
            if i in measures:
                current = measures[i]
            elif compact(t):
                current = None  # another header: a measure spans only blank cells
            if current in ("full_year", "executed"):
                sub = label_key(funds[i]) if i < len(funds) else ""
                base = "amount" if sub in TOTAL_FUNDS else _fund_base(sub) if sub else None
                if base is not None:
                    columns[i] = f"{base}_{current}"
            elif current in TOTAL_ONLY and i in measures:
                columns[i] = TOTAL_ONLY[current]
        if columns:
            return k, labels, columns
    return None


def _read_tasks(card: list[Block], ev: Evaluation) -> None:
    """The task rows of a 部门整体支出绩效自评表 (one performance_projects row each, scope
    task) and its 金额合计 row (the department's funds, execution and score: cells of the
    card's own row)."""
    found = _task_columns(card)
    if found is None:
        return
    h, labels, columns = found
    ev.used_rows.update({h, h + 1})
    name_i = next(i for i, f in labels.items() if f == "name")
    for k in range(h + 2, len(card)):
        prow = PrintedRow.of(card[k])
        if not any(_number(prow.text(i)) is not None for i in columns):
            break
        ev.used_rows.add(k)
        cells = [Cell(f, prow.text(i), prow, i) for i, f in columns.items()
                 if _number(prow.text(i)) is not None]
        ev.leftovers.extend((compact(card[h].texts[i]) if i < len(card[h].texts) else "",
                             prow, i) for i, f in columns.items()
                            if compact(prow.text(i)) and _number(prow.text(i)) is None)
        if label_key(prow.text(name_i)) in TASK_TOTALS:
            ev.cells.extend(cells)
            continue
        texts = [Cell(f, prow.text(i), prow, i) for i, f in labels.items()
                 if compact(prow.text(i))]
        ev.tasks.append(Task([*texts, *cells]))
        used = {*columns, *labels}
        ev.leftovers.extend(("", prow, i) for i, t in enumerate(prow.texts)
                            if i not in used and looks_like_amount(t))


def read_evaluation(card: list[Block]) -> Evaluation:
    """The funds block and the goal/outcome pair of one card (the rows above its indicator
    header), and the task block of a department's self-evaluation; an empty result for a
    target table."""
    ev = Evaluation()
    _read_tasks(card, ev)
    found = _measure_header(card)
    if found is not None:
        h, measures = found
        ev.used_rows.add(h)
        ev.leftovers.extend(_header_values(PrintedRow.of(card[h]), measures))
        for k in range(h + 1, len(card)):
            prow = PrintedRow.of(card[k])
            labels = [(i, t) for i, t in enumerate(prow.texts)
                      if compact(t) and not looks_like_amount(t) and i not in measures]
            base = next((b for _, t in labels if (b := _fund_base(t))), None)
            if base is None:
                break
            ev.used_rows.add(k)
            for i, m in measures.items():
                text = prow.text(i)
                if not compact(text):
                    continue
                name = {"initial": base, "full_year": f"{base}_full_year",
                        "executed": f"{base}_executed"}.get(m)
                if name is None and base == "amount":
                    name = TOTAL_ONLY[m]
                if name is not None and _number(text) is not None:
                    ev.cells.append(Cell(name, text, prow, i))
                else:
                    ev.leftovers.append((f"{label_key(labels[-1][1])} > "
                                         f"{compact(card[h].texts[i])}", prow, i))
    for k, block in enumerate(card):
        texts = [canonical(t) for t in block.texts]
        outcome = next((i for i, t in enumerate(texts) if t in OUTCOME_LABELS), None)
        goal = next((i for i, t in enumerate(texts) if t.startswith("预期目标")), None)
        if outcome is None or goal is None or k + 1 >= len(card):
            continue
        ev.used_rows.update({k, k + 1})
        nxt = PrintedRow.of(card[k + 1])
        for fieldname, i in (("goal", goal), ("outcome", outcome)):
            if compact(nxt.text(i)):
                ev.cells.append(Cell(fieldname, nxt.text(i), nxt, i))
        for i, t in enumerate(nxt.texts):
            if compact(t) and i not in (goal, outcome):
                ev.leftovers.append(("", nxt, i))
        break
    return ev


def _header_values(prow: PrintedRow, measures: dict[int, str]
                   ) -> list[tuple[str, PrintedRow, int]]:
    """Amounts printed on the measure header row outside its measure columns, each with the
    label before it (西安 2022 决算 p115: ``项目资金（万元） | 500 | 年初预算数 | …``, the
    project's funds written beside the block's label): no field says which measure they
    are, so they are kept as printed with their label, never dropped."""
    out: list[tuple[str, PrintedRow, int]] = []
    label = ""
    for i, t in enumerate(prow.texts):
        if not compact(t) or i in measures:
            continue
        if looks_like_amount(t):
            out.append((label, prow, i))
        else:
            label = label_key(t)
    return out


def _number(text: str) -> str | None:
    t = compact(text).replace("％", "%")
    try:
        return parse_amount(t.removesuffix("%"))
    except ValueError:
        return None


def rate(text: str) -> str | None:
    """A printed rate (``95.52%``) → its number of per cent (``95.52``)."""
    return _number(text)


def score_row(block: Block) -> bool:
    """The 总分 row closing a self-evaluation table."""
    first = next((canonical(t) for t in block.texts if compact(t)), "")
    return first in SCORE_LABELS
