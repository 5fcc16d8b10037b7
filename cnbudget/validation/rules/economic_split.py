"""基本支出表: usually 人员经费 = Σ classes 301 + 303 and 公用经费 = Σ the other classes
(302, 310 …), on the 合计 row. A table that prints no 人员经费/公用经费 columns (福建, 江苏:
预算数 only): not applicable.

params: resource; personnel_classes (default [301, 303]).
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, is_total_row, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource", "basic_expenditure")
    table = ctx.require(name)
    personnel_classes = {str(c) for c in rule.param("personnel_classes", [301, 303])}
    totals = [r for r in table.rows if is_total_row(r, "economic_code", ["economic_name"])]
    classes = [r for r in table.rows if len((r.get("economic_code") or "").strip()) == 3]
    if not totals or not classes:
        return
    if not any(r.get(f) not in (None, "") for r in table.rows
               for f in ("personnel", "public_expenses")):
        raise CouldNotRun(f"not applicable: {name} prints no personnel/public_expenses columns")
    total = totals[0]
    parts = {
        "personnel": [r for r in classes if r["economic_code"].strip() in personnel_classes],
        "public_expenses": [r for r in classes
                            if r["economic_code"].strip() not in personnel_classes],
    }
    for field, rows in parts.items():
        try:
            comparison = compare_sum(total.get(field), [r.get("total") for r in rows])
        except BadAmount as exc:
            yield Skip(f"{field}: {exc}", name)
            continue
        hit = ctx.hit(name, total, field, values={
            "classes": "+".join(r["economic_code"].strip() for r in rows) or "-"})
        yield judge(comparison, hit, f"合计 {field}")
