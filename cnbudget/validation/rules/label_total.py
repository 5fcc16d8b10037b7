"""A row labelled 合计/总计 = Σ the other rows, in each of ``fields`` (政府采购预算表).

params: resource; label_fields; fields.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import TOTAL_LABELS, compare_sum, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    labels: list[str] = rule.param("label_fields")
    totals = [r for r in table.rows
              if any(str(r.get(f) or "").strip() in TOTAL_LABELS for f in labels)]
    others = [r for r in table.rows if r not in totals]
    for total in totals[:1]:
        for f in rule.param("fields"):
            try:
                comparison = compare_sum(total.get(f), [r.get(f) for r in others])
            except BadAmount as exc:
                yield Skip(f"{f}: {exc}", name)
                continue
            yield judge(comparison, ctx.hit(name, total, f), f"合计 {f}")
