"""Two classified tables (收入总表, 支出总表) list the same codes and, per code, the same
合计 — unless carry-overs explain it (hence a WARNING).

params: a, b: resources; code_field; field (default total); compare: codes | values.
A table listed by unit instead of by code: not applicable. Values are compared only where
both tables print the field (a 决算 收入决算表 has no 合计 column: it starts at 本年收入合计).
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec, Skip
from cnbudget.validation.selectors import require_columns


def _codes(rows: list[Row], code_field: str) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for r in rows:
        code = (r.get(code_field) or "").strip()
        if code:
            out.setdefault(code, r)
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    a_name, b_name = rule.param("a"), rule.param("b")
    code_field = rule.param("code_field", "function_code")
    field = rule.param("field", "total")
    a = _codes(ctx.require(a_name).rows, code_field)
    b = _codes(ctx.require(b_name).rows, code_field)
    for name, codes in ((a_name, a), (b_name, b)):
        if ctx.require(name).rows and not codes:
            # listed by unit (单位名称) rather than by classification code (广州, 杭州 收入总表)
            raise CouldNotRun(f"not applicable: {name} lists no {code_field}")
    if rule.param("compare", "codes") == "codes":
        for code in sorted(set(a) ^ set(b)):
            where, other, row = (a_name, b_name, a[code]) if code in a else (b_name, a_name,
                                                                             b[code])
            hit = ctx.hit(where, row, code_field, values={"other": other})
            yield Check(where, False, f"{code} only in {where}", hit)
        if set(a) == set(b):
            yield Check(a_name, True, f"{len(a)} codes in both")
        return
    for name in (a_name, b_name):
        require_columns(ctx, {"resource": name, "columns": [field]})
    fa, fb = ctx.factor(a_name), ctx.factor(b_name)
    for code in sorted(set(a) & set(b)):
        try:
            comparison = compare_values(a[code].get(field), fa, b[code].get(field), fb,
                                        rounded=2)
        except BadAmount as exc:
            yield Skip(f"{code}: {exc}", a_name)
            continue
        hit = ctx.hit(a_name, a[code], field, values={"other": b_name})
        yield judge(comparison, hit, f"code {code}")
