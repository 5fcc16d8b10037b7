"""A value in one table equals (or is ≥ / ≤) a value in another, after unit conversion.

params: a, b: selectors (see cnbudget.validation.selectors); op: eq | ge | le (a op b).
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip
from cnbudget.validation.selectors import NotFound, describe, pick


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
    except BadAmount as exc:
        yield Skip(str(exc), a.resource)
        return
    hit = ctx.hit(a.resource, a.row, a.field, values={
        "other": f"{b.resource} {describe(b_sel)} {b.field}"})
    if a.row is None:
        hit.label = describe(a_sel)
    yield judge(comparison, hit, f"{a.describe()} vs {b.describe()}")
