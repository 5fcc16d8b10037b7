"""Per functional class (类, 3 digits): the value in table ``a`` equals the class row of
table ``b`` (收支总表 classes vs 支出总表; 财政拨款收支总表 columns vs the fund tables).
Classes printed in either table are compared; a class missing on one side counts as 0. A
table that prints none of a selector's ``columns`` (see selectors), or no line matching a
selector's ``where`` (a 收支总表 listing expenditure by type, not by class), or no coded row
at all (a 支出总表 by unit, or with its 合计 only): not applicable. A table that prints no
class rows but lower levels (泉州: 项 rows only) is compared through its rows that no printed
row stands above, summed by class prefix (北京 支出总表: 项 rows, and a 款 printed without
项).

params: a: {resource, field, where, code_field, columns}; b: {resource, field, code_field,
columns}; level (3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount, decimals, fmt_places, parse
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip
from cnbudget.validation.selectors import require_columns


def _amount(value: object) -> Decimal | None:
    """A value summed into a class: a malformed one is left out (CNB-STR reports it)."""
    try:
        return parse(value)
    except BadAmount:
        return None


@dataclass(slots=True)
class _Class:
    row: Row
    """The class row, or the first printed row of the class when it is summed from below."""
    text: str
    n: int = 1
    """How many printed values make up ``text``."""


def _classes(ctx: Context, sel: dict[str, Any], level: int) -> dict[str, _Class]:
    table = ctx.require(sel["resource"])
    code_field = sel.get("code_field", "function_code")
    where: dict[str, str] = sel.get("where", {})
    rows = [(str(r.get(code_field) or "").strip(), r) for r in table.rows
            if all((r.get(k) or "") == v for k, v in where.items())]
    coded = [(c, r) for c, r in rows if c.isdigit() and len(c) >= level]
    if not coded:
        if rows and not table.published_empty:
            raise CouldNotRun(f"not applicable: {sel['resource']} prints no classified rows")
        return {}
    top = min(len(c) for c, _r in coded)
    field = sel["field"]
    out: dict[str, _Class] = {}
    if top == level:
        if _by_unit(table.rows, coded, code_field):
            return _summed([(c, r) for c, r in coded if len(c) == level], field, level)
        for code, r in coded:
            if len(code) == level:
                out.setdefault(code, _Class(r, str(r.get(field) or "")))
        return out
    # no class rows printed: sum by class prefix the rows no printed row stands above (a
    # 款 printed without 项 beside 项 rows whose 款 is not printed: 北京 支出总表 21598 among
    # 7-digit rows)
    printed = {c for c, _r in coded}
    return _summed([(c, r) for c, r in coded
                    if not any(c[:k] in printed for k in range(level, len(c)))], field, level)


def _by_unit(rows: list[Row], coded: list[tuple[str, Row]], code_field: str) -> bool:
    """A table printed unit by unit, with no department-level class rows (SZ 人力资源和社会
    保障局 支出总表: 合计, then each unit's name over its classes): its first coded row comes
    after a unit's heading row (a unit name, no code, not the 合计)."""
    first = coded[0][1]
    for r in rows:
        if r is first:
            return False
        if r.get("unit_name") and not r.get(code_field) and \
                str(r.get("function_name") or "").strip() != "合计":
            return True
    return False


def _summed(members_of: list[tuple[str, Row]], field: str, level: int) -> dict[str, _Class]:
    """Per class, the sum of its rows (of several units, or the lower rows of a class not
    printed)."""
    out: dict[str, _Class] = {}
    sums: dict[str, list[Any]] = {}
    for code, r in members_of:
        sums.setdefault(code[:level], []).append(r)
    for cls, members in sums.items():
        texts = [m.get(field) for m in members if _amount(m.get(field)) is not None]
        total = sum((_amount(t) or Decimal(0) for t in texts), Decimal(0))
        places = max((decimals(t) for t in texts), default=0)
        text = fmt_places(total, places) if texts else ""
        out[cls] = _Class(members[0], text, max(len(texts), 1))
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    a_sel, b_sel = rule.param("a"), rule.param("b")
    level = int(rule.param("level", 3))
    for sel in (a_sel, b_sel):
        require_columns(ctx, sel)
        where: dict[str, str] = sel.get("where", {})
        if where and not any(all((r.get(k) or "") == v for k, v in where.items())
                             for r in ctx.require(sel["resource"]).rows):
            # 收支总表 listing expenditure by type (基本支出/项目支出, 长沙), no class at all
            raise CouldNotRun(f"not applicable: {sel['resource']} prints no line with "
                              f"{where}")
    a_rows, b_rows = _classes(ctx, a_sel, level), _classes(ctx, b_sel, level)
    fa, fb = ctx.factor(a_sel["resource"]), ctx.factor(b_sel["resource"])
    for code in sorted(set(a_rows) | set(b_rows)):
        a_cls, b_cls = a_rows.get(code), b_rows.get(code)
        a_text = a_cls.text if a_cls else ""
        b_text = b_cls.text if b_cls else ""
        rounded = max(2, (a_cls.n if a_cls else 1) + (b_cls.n if b_cls else 1))
        try:
            if parse(a_text) is None and parse(b_text) is None:
                continue
            comparison = compare_values(a_text, fa, b_text, fb, rounded=rounded)
        except BadAmount as exc:
            yield Skip(f"class {code}: {exc}", a_sel["resource"])
            continue
        if a_cls is not None:
            hit = ctx.hit(a_sel["resource"], a_cls.row, a_sel["field"])
        elif b_cls is not None:
            hit = ctx.hit(b_sel["resource"], b_cls.row, b_sel["field"])
        else:
            continue
        hit.label = code
        hit.values["other"] = f"{b_sel['resource']} {b_sel['field']}"
        yield judge(comparison, hit, f"class {code}")
