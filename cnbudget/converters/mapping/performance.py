"""Mapping of project performance target tables (绩效目标表) and parsing of target values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cnbudget.converters.normalize import compact, strip_numbering

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


def withheld_reason(text: str) -> str | None:
    core = strip_numbering(compact(text))
    return WITHHELD_WORDS.get(core)
