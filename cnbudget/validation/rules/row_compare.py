"""In every row: ``left`` ≤ (or ≥) ``right`` (e.g. 中小企业预留 ≤ 合计).

params: resource; left; op (le | ge); right.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip

ONE = Decimal(1)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    left, right, op = rule.param("left"), rule.param("right"), rule.param("op", "le")
    for row in table.rows:
        if row.get(left) in (None, ""):
            continue
        try:
            comparison = compare_values(row.get(left), ONE, row.get(right), ONE, op)
        except BadAmount as exc:
            yield Skip(f"row {row.get('position')}: {exc}", name)
            continue
        yield judge(comparison, ctx.hit(name, row, left), f"row {row.get('position')}")
