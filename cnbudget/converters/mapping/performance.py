"""Mapping of project performance target tables (绩效目标表) and parsing of target values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cnbudget.converters.mapping.columns import assign_fields, header_columns
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.normalize import canonical, clean_label, compact, strip_numbering
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import Provenance, Row

WITHHELD_WORDS = {"不公开": "not_public", "涉密": "classified", "涉密不公开": "classified"}
_CMP = [("≥", "ge"), (">=", "ge"), ("≧", "ge"), ("不低于", "ge"), ("不少于", "ge"),
        ("大于等于", "ge"), ("≤", "le"), ("<=", "le"), ("≦", "le"), ("不高于", "le"),
        ("不超过", "le"), ("不多于", "le"), ("小于等于", "le"), (">", "gt"), ("＞", "gt"),
        ("大于", "gt"), ("<", "lt"), ("＜", "lt"), ("小于", "lt"), ("=", "eq"), ("＝", "eq")]
_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s].{0,5})?$")
_DATE = re.compile(r"^(?:(?P<y>\d{4})\s*年)?\s*(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?"
                   r"\s*(?P<rel>前|之前|以前|内|底前|底)?$")
_WITHIN = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>个?工作日|天|日|小时|个月|月|年|周)"
                     r"\s*(?:内|以内)(?P<rest>.*)$")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    comparison: str | None = None
    number: str | None = None
    unit: str | None = None
    date: str | None = None


def parse_target(text: str, fiscal_year: int) -> ParsedValue:
    """Parse a printed target value: ≥95% → (ge, 95, %); 12月31日前 → (le, date)."""
    t = compact(text).replace("％", "%")
    if not t or t in WITHHELD_WORDS:
        return ParsedValue()
    cmp = None
    for sym, code in _CMP:
        if t.startswith(sym):
            cmp, t = code, t[len(sym):]
            break
    if m := _DATE.match(t):
        year = int(m.group("y") or fiscal_year)
        month, day = int(m.group("m")), int(m.group("d") or 0)
        try:
            when = date(year, month, day or _last_day(year, month))
        except ValueError:
            return ParsedValue(cmp)
        rel = m.group("rel")
        return ParsedValue(cmp or ("le" if rel else "eq"), None, None, when.isoformat())
    if m := _WITHIN.match(t):
        return ParsedValue(cmp or "le", m.group("num"), m.group("unit"))
    if m := _NUMBER.match(t):
        unit = m.group("unit")
        return ParsedValue(cmp or "eq", m.group("num"), unit.strip() if unit else None)
    return ParsedValue(cmp)


def _last_day(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - date(year, month, 1)).days


def project_name(printed_title: str) -> str:
    name = strip_numbering(printed_title)
    for suffix in ("绩效目标表", "项目支出绩效目标表", "绩效目标申报表"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def map_performance(segs: list[TableSegment], fiscal_year: int) -> tuple[Builder, Builder]:
    projects = Builder("performance_projects", None)
    indicators = Builder("performance_indicators", None)
    for n, seg in enumerate(segs, start=1):
        _one_project(seg, n, fiscal_year, projects, indicators)
    return projects, indicators


def _one_project(seg: TableSegment, n: int, fiscal_year: int, projects: Builder,
                 indicators: Builder) -> None:
    rows = list(seg.rows)
    goal_text, goal_row = "", None
    if rows and canonical(rows[0].texts[0]) in ("绩效目标", "年度绩效目标", "年度目标"):
        goal_row = PrintedRow.of(rows.pop(0))
        goal_text = " ".join(t for t in goal_row.texts[1:] if t.strip())
    header = rows.pop(0) if rows else None
    project_id = f"p{n}"
    withheld = _withheld(goal_text)
    prow_cols: dict[str, int] = {}
    if goal_row is not None:
        prow_cols["goal"] = next(i for i, t in enumerate(goal_row.texts) if i and t.strip()) \
            if goal_text else 1
    project: Row = {"project_id": project_id, "name": project_name(seg.printed_title),
                    "goal": goal_text or None, "withheld": withheld is not None,
                    "withheld_reason": withheld, "page": seg.title_place.page}
    projects.add(project, goal_row, prow_cols)
    projects.provenance.append(Provenance("performance_projects", projects.rows[-1]["position"],
                                          "name", seg.title_place, seg.printed_title))
    if header is None:
        return
    columns = header_columns([header], max(len(r.cells) for r in [header, *rows]))
    fields = assign_fields("performance_indicators", columns,
                           frozenset({"project_id", "position"}))
    by_field = {f: i for i, f in fields.items()}
    last = {"level1": None, "level2": None}
    for block in rows:
        prow = PrintedRow.of(block)
        row: Row = {f: (clean_label(prow.text(i)) or None) for f, i in by_field.items()}
        for lvl in ("level1", "level2"):
            if row.get(lvl):
                last[lvl] = row[lvl]
                if lvl == "level1":
                    last["level2"] = None
            else:
                row[lvl] = last[lvl]
        held = [f for f in ("level3", "description", "value_text", "basis")
                if row.get(f) and compact(row[f]) in WITHHELD_WORDS]
        parsed = parse_target(row.get("value_text") or "", fiscal_year)
        reason = WITHHELD_WORDS[compact(row[held[0]])] if held else None
        row.update({"project_id": project_id, "withheld": bool(held), "withheld_fields": held,
                    "withheld_reason": reason, "comparison": parsed.comparison,
                    "number": parsed.number, "unit": parsed.unit, "date": parsed.date})
        indicators.report_unmapped(prow, set(fields))
        position = sum(1 for r in indicators.rows if r["project_id"] == project_id) + 1
        indicators.add(row, prow, by_field, position=position, row_key=project_id)


def _withheld(text: str) -> str | None:
    core = strip_numbering(compact(text))
    return WITHHELD_WORDS.get(core)
