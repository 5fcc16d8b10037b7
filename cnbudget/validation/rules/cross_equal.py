"""A value in one table equals (or is ≥ / ≤) a value in another, after unit conversion.

params: a, b: selectors (see cnbudget.validation.selectors); op: eq | ge | le (a op b);
carryover (optional): ``{absent: [selectors], add: selector}`` — when none of ``absent``
finds a row in its (non-empty) table and ``a`` differs from ``b``, ``a`` plus the value of
``add`` may equal ``b``. Chongqing's
表一 部门收支总体情况表 prints no 上年结转 line and counts each fund's carry-over in its fund
line (cq-2026-budget-05f59e7a p12 一般公共预算资金 128,148.56 = 表四 p21 本年收入
118,773.55 + 上年结转 9,375.01): the fund line is the fund's whole, not its 本年收入.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from cnbudget.validation.amounts import ZERO, BadAmount, fmt, parse
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip
from cnbudget.validation.selectors import NotFound, describe, find_row, pick


def carried_over(ctx: Context, spec: dict[str, Any] | None, factor: Decimal) -> Decimal:
    """What ``carryover`` adds to ``a`` (in ``a``'s unit): 0 unless no ``absent`` row is
    printed."""
    if not spec:
        return ZERO
    for sel in spec.get("absent", []):
        table = ctx.table(sel["resource"])
        if table is None or not table.rows or find_row(ctx, sel) is not None:
            return ZERO
    try:
        extra = pick(ctx, {**spec["add"], "missing": "zero"})
    except NotFound:
        return ZERO
    value = parse(extra.text) or ZERO
    return value * extra.factor / factor


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    a_sel, b_sel = rule.param("a"), rule.param("b")
    try:
        a, b = pick(ctx, a_sel), pick(ctx, b_sel)
    except NotFound as exc:
        yield Skip(str(exc), a_sel["resource"])
        return
    try:
        comparison = compare_values(a.text, a.factor, b.text, b.factor, rule.param("op", "eq"),
                                    rounded=2)
        extra = carried_over(ctx, rule.param("carryover"), a.factor)
        if extra and not comparison.exact and not comparison.within:
            whole = fmt((parse(a.text) or ZERO) + extra)
            alternative = compare_values(whole, a.factor, b.text, b.factor,
                                         rule.param("op", "eq"), rounded=3)
            if alternative.exact or alternative.within:
                a.text, comparison = whole, alternative
    except BadAmount as exc:
        yield Skip(str(exc), a.resource)
        return
    hit = ctx.hit(a.resource, a.row, a.field, values={
        "other": f"{b.resource} {describe(b_sel)} {b.field}"})
    if a.row is None:
        hit.label = describe(a_sel)
    yield judge(comparison, hit, f"{a.describe()} vs {b.describe()}")
