"""Per functional class (类, 3 digits): the value in table ``a`` equals the class row of
table ``b`` (收支总表 classes vs 支出总表; 财政拨款收支总表 columns vs the fund tables).
Classes printed in either table are compared; a class missing on one side counts as 0.

params: a: {resource, field, where, code_field}; b: {resource, field, code_field}; level (3).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount, parse
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip


def _classes(ctx: Context, sel: dict[str, Any], level: int) -> dict[str, Row]:
    table = ctx.require(sel["resource"])
    code_field = sel.get("code_field", "function_code")
    where: dict[str, str] = sel.get("where", {})
    out: dict[str, Row] = {}
    for r in table.rows:
        code = (r.get(code_field) or "").strip()
        if len(code) == level and all((r.get(k) or "") == v for k, v in where.items()):
            out.setdefault(code, r)
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    a_sel, b_sel = rule.param("a"), rule.param("b")
    level = int(rule.param("level", 3))
    a_rows, b_rows = _classes(ctx, a_sel, level), _classes(ctx, b_sel, level)
    fa, fb = ctx.factor(a_sel["resource"]), ctx.factor(b_sel["resource"])
    for code in sorted(set(a_rows) | set(b_rows)):
        a_row, b_row = a_rows.get(code), b_rows.get(code)
        a_text = str(a_row.get(a_sel["field"]) or "") if a_row else ""
        b_text = str(b_row.get(b_sel["field"]) or "") if b_row else ""
        try:
            if parse(a_text) is None and parse(b_text) is None:
                continue
            comparison = compare_values(a_text, fa, b_text, fb)
        except BadAmount as exc:
            yield Skip(f"class {code}: {exc}", a_sel["resource"])
            continue
        if a_row is not None:
            hit = ctx.hit(a_sel["resource"], a_row, a_sel["field"])
        else:
            hit = ctx.hit(b_sel["resource"], b_row, b_sel["field"])
        hit.label = code
        hit.values["other"] = f"{b_sel['resource']} {b_sel['field']}"
        yield judge(comparison, hit, f"class {code}")
