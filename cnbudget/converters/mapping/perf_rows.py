"""Shared pieces of the performance table layouts (perf_tables, perf_list): the labels
that mark fields, the output collector and the reading of one indicator row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from cnbudget.converters.grid import Block
from cnbudget.converters.mapping.columns import assign_fields, field_aliases, header_columns
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.mapping.performance import WITHHELD_WORDS, parse_target
from cnbudget.converters.normalize import (
    canonical,
    clean_label,
    compact,
    looks_like_amount,
    parse_amount,
)
from cnbudget.model import Provenance, Row, Table

LEVELS = {"一级指标": "level1", "二级指标": "level2", "三级指标": "level3", "指标名称": "level3"}
VALUES = {"指标值", "目标值", "年度指标值", "本年绩效指标值", "绩效指标值",
          "指标值（包含数字及文字描述）"}
NAME_LABELS = {"项目名称", "单位（项目）名称", "部门名称", "部门（单位）名称", "单位名称"}
AMOUNT_LABELS = {"年度资金总额", "资金总额", "年度预算资金总额", "项目金额", "预算金额", "项目总额",
                 "当年预算"}
GOAL_LABELS = {"绩效目标", "年度绩效目标", "年度目标", "总体目标", "年度总体目标",
               "当年整体绩效目标", "整体绩效目标", "项目绩效目标", "当年绩效目标"}
CMP_LABELS = {"绩效指标性质", "指标性质", "指标值类型"}
COMBINED = {"绩效指标"}
"""An indicator column printing level 1, 2 and 3 as one text (北京 部门整体支出绩效目标表:
产出指标质量指标高技能人才占技能人才比例稳步提升)."""
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_NAMES = ("服务对象满意度指标", "可持续影响指标", "生态环境成本指标", "经济效益指标",
                "社会效益指标", "生态效益指标", "经济成本指标", "社会成本指标", "数量指标",
                "质量指标", "时效指标", "满意度指标", "成本指标")
"""The level-1 and level-2 indicator names of the national framework (财预〔2020〕10号),
longest first, that start a combined indicator text."""
FUND_FIELDS = ("fiscal_funds", "carryover", "other_funds", "implementation_total")
"""Amounts of a project's funds beside its total (``amount``): 其中：财政拨款, 上年结转,
其他资金, 实施期资金总额; their labels are the fields' titles and aliases."""
IMPLEMENTATION = {"fiscal_funds": "implementation_fiscal_funds",
                  "other_funds": "implementation_other_funds"}
"""The same labels printed under 实施期资金总额 (西安: 实施期 | 年度 side by side)."""
WEIGHT = re.compile(r"^(?:指标)?(?:分值|权重|分值权重)(?:[（(][^（()）]*[)）])?$")
"""Headers of an indicator's score or weight: 分值, 分值权重（90分）, 指标权重（%）."""
NOTE_LABELS = {"备注"}
"""A remarks column of the indicator part that holds the indicator's weight when every cell
it prints is a number (长沙 项目支出绩效目标表: 备注 7, 10, … beside 评（扣）分标准
"该指标分值为10分")."""


@cache
def fund_labels() -> dict[str, str]:
    """Canonical label → field, for :data:`FUND_FIELDS`."""
    out: dict[str, str] = {}
    for name, aliases in field_aliases("performance_projects"):
        if name in FUND_FIELDS:
            for a in aliases:
                out.setdefault(a.rstrip(":："), name)
    return out


def fund_field(label: str) -> str | None:
    key = label_key(label)
    return fund_labels().get(key) or fund_labels().get(key.removeprefix("其中："))


def prose(text: str) -> str:
    """A goal text as printed, runs of white space made single."""
    return " ".join(text.split())


def label_key(text: str) -> str:
    return canonical(text).rstrip(":：")


@dataclass(slots=True)
class Out:
    projects: Builder
    indicators: Builder
    fiscal_year: int
    raw: list[Table] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)


def label_only(b: Block) -> bool:
    cells = [t for t in b.texts if compact(t)]
    return bool(cells) and not any(looks_like_amount(t) or len(compact(t)) > 24 for t in cells)


def indicator_fields(header: list[Block], width: int, skip: set[int],
                     body: list[Block] | None = None) -> tuple[dict[str, int], dict[int, str]]:
    """Field → column of the indicator part, and the printed label of every other column;
    ``body`` (the rows below the header) tells whether a 备注 column holds weights."""
    columns = [c for c in header_columns(header, width) if c.index not in skip]
    fields = assign_fields("performance_indicators", columns,
                           frozenset({"project_id", "position", "comparison"}))
    by_field = {f: i for i, f in fields.items()}
    for c in columns:
        if c.leaf in LEVELS and LEVELS[c.leaf] not in by_field:
            by_field[LEVELS[c.leaf]] = c.index
        elif c.leaf in VALUES and "value_text" not in by_field:
            by_field["value_text"] = c.index
        elif c.leaf in COMBINED and not by_field.keys() & set(LEVELS.values()):
            by_field["combined"] = c.index
        elif c.leaf in CMP_LABELS:
            by_field["comparison"] = c.index
        elif c.leaf == "绩效度量单位":
            by_field["unit"] = c.index
        elif WEIGHT.match(c.leaf) and "weight" not in by_field:
            by_field["weight"] = c.index
    if "weight" not in by_field and body:
        note = next((c.index for c in columns if c.leaf in NOTE_LABELS
                     and c.index not in by_field.values()), None)
        if note is not None and _numbers_only(
                [b for b in body if not any(same_row(b, h) for h in header)], note):
            by_field["weight"] = note
    labels = {c.index: " > ".join(c.path) for c in columns
              if c.path and (c.index not in by_field.values() or c.index == by_field.get("weight"))}
    return by_field, labels


def _numbers_only(body: list[Block], i: int) -> bool:
    """Every printed cell of column ``i`` in ``body`` (the rows below the header, the header
    printed again on a continuation page left out) is a number, and one at least."""
    cells = [compact(b.texts[i]) for b in body if i < len(b.texts)]
    cells = [t for t in cells if t]
    return bool(cells) and all(looks_like_amount(t.rstrip("%％分")) for t in cells)


def indicators_of(header: Block, rows: list[Block], pid: str, out: Out) -> None:
    width = max(len(r.cells) for r in [header, *rows])
    by_field, labels = indicator_fields([header], width, set(), rows)
    first = min([i for f, i in by_field.items() if f.startswith("level") or f == "combined"]
                or [0])
    groups = frozenset(i for i in range(first) if not any(
        looks_like_amount(r.texts[i]) for r in rows if i < len(r.texts)))
    last: dict[str, str | None] = {"level1": None, "level2": None}
    for block in rows:
        if same_row(block, header):
            continue
        if _total_score(block, by_field, pid, out):
            continue
        indicator_row(PrintedRow.of(block), by_field, labels, pid, last, out, groups)


SCORE_LABELS = {"总分", "自评总分", "合计"}


def _total_score(block: Block, by_field: dict[str, int], pid: str, out: Out) -> bool:
    """The 总分 row closing a self-evaluation card: its last number (the 得分; the merged
    cells of that row need not line up with the indicator columns) is the project's score;
    a number before it (the 分值 total, 100) goes to x_extra_columns."""
    first = next((canonical(t) for t in block.texts if compact(t)), "")
    if first not in SCORE_LABELS or "score" not in by_field:
        return False
    project = next((r for r in out.projects.rows if r["project_id"] == pid), None)
    if project is None:
        return False
    prow = PrintedRow.of(block)
    numbers = [j for j, t in enumerate(prow.texts) if looks_like_amount(t.rstrip("分"))]
    if not numbers:
        return False
    i = numbers[-1]
    project["score"] = out.projects.amount(prow.text(i).rstrip("分"), prow.place(i), "score")
    out.projects.provenance.append(Provenance("performance_projects", project["position"],
                                              "score", prow.place(i), prow.printed(i)))
    taken = {i}
    if len(numbers) == 2:
        j = numbers[0]
        taken.add(j)
        project["score_weight"] = out.projects.amount(prow.text(j).rstrip("分"), prow.place(j),
                                                      "score_weight")
        out.projects.provenance.append(Provenance(
            "performance_projects", project["position"], "score_weight", prow.place(j),
            prow.printed(j)))
    for j, t in enumerate(prow.texts):
        if j not in taken and compact(t) and canonical(t) != first:
            out.projects.extra.append({
                "resource": "performance_projects", "side": None,
                "position": project["position"], "project_id": pid, "column": j + 1,
                "header": first, "value": t.strip(), "page": prow.place(j).page})
    return True


def split_levels(text: str) -> tuple[str | None, str | None, str | None]:
    """Level 1, 2 and 3 of a combined indicator text: 产出指标质量指标城镇调查失业率 →
    (产出指标, 质量指标, 城镇调查失业率); a text that starts with no level-1 name is all
    level 3."""
    t = compact(text)
    one = next((n for n in LEVEL1_NAMES if t.startswith(n)), None)
    if one is None:
        return None, None, t or None
    rest = t[len(one):]
    two = next((n for n in LEVEL2_NAMES if rest.startswith(n)), None)
    if two is not None:
        rest = rest[len(two):]
    return one, two, rest or None


def combined_header(rows: list[Block], i: int) -> bool:
    """Row ``i`` is an indicator header with one combined indicator column and a value
    column, and the row below it prints no level columns (so 绩效指标 is not a group
    header above 一级指标 | 二级指标 | 三级指标)."""
    keys = {label_key(t) for t in rows[i].texts}
    if not (keys & COMBINED and keys & VALUES):
        return False
    below = {label_key(t) for t in rows[i + 1].texts} if i + 1 < len(rows) else set()
    return not below & set(LEVELS)


def same_row(a: Block, b: Block) -> bool:
    return [canonical(x) for x in a.texts if x.strip()] == \
        [canonical(x) for x in b.texts if x.strip()]


def indicator_row(prow: PrintedRow, by_field: dict[str, int], labels: dict[int, str], pid: str,
               last: dict[str, str | None], out: Out, skip: frozenset[int] = frozenset()
               ) -> None:
    row: Row = {f: (clean_label(prow.text(i)) or None) for f, i in by_field.items()}
    by_field = dict(by_field)
    if "combined" in by_field:
        by_field["level3"] = by_field.pop("combined")
        row["level1"], row["level2"], row["level3"] = split_levels(row.pop("combined") or "")
    if not any(row.get(f) for f in ("level3", "value_text", "description", "basis")):
        if row.get("level1") or row.get("level2"):
            for lvl in ("level1", "level2"):
                last[lvl] = row.get(lvl) or (last[lvl] if lvl == "level2" else None)
        return
    for lvl in ("level1", "level2"):
        if row.get(lvl):
            last[lvl] = row[lvl]
            if lvl == "level1":
                last["level2"] = None
        else:
            row[lvl] = last[lvl]
    weight = row.get("weight")
    if weight is not None:
        try:
            row["weight"] = parse_amount(weight.rstrip("%％分"))
        except ValueError:
            row["weight"] = None  # not a number: kept as printed in x_extra_columns
    score = row.get("score")
    if score is not None:
        try:
            row["score"] = parse_amount(score.rstrip("分"))
        except ValueError:
            row["score"] = None  # not a number: kept as printed in x_extra_columns
    actual = parse_target(row.get("actual_text") or "", out.fiscal_year)
    row["actual_number"] = actual.number if actual.comparison == "eq" else None
    held = [f for f in ("level3", "description", "value_text", "basis")
            if row.get(f) and compact(row[f]) in WITHHELD_WORDS]
    symbol = row.pop("comparison", None) or ""
    value = row.get("value_text") or ""
    parsed = parse_target(value if compact(symbol) == "定性" else symbol + value,
                          out.fiscal_year)
    reason = WITHHELD_WORDS[compact(row[held[0]])] if held else None
    row.update({"project_id": pid, "withheld": bool(held), "withheld_fields": held,
                "withheld_reason": reason, "comparison": parsed.comparison,
                "number": parsed.number, "unit": row.get("unit") or parsed.unit,
                "date": parsed.date})
    position = sum(1 for r in out.indicators.rows if r["project_id"] == pid) + 1
    cols = {f: i for f, i in by_field.items() if f != "comparison"
            and not (f in ("weight", "score") and row.get(f) is None)}
    out.indicators.add(row, prow, cols, position=position, row_key=pid)
    out.indicators.headers = labels
    n = len(out.indicators.extra)
    out.indicators.report_unmapped(prow, set(cols.values()) | (
        {by_field["comparison"]} if "comparison" in by_field else set()) | skip)
    for extra in out.indicators.extra[n:]:
        extra["project_id"] = pid


