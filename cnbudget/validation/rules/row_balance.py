"""In every row: Σ ``left`` = Σ ``right`` (blank cells are 0) — a balance of a final-accounts
table such as 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余.

params: resource; left, right (fields); the rule applies to the rows that print one of the
fields only the balance has (``when_printed``, default: every left and right field but the
first right one), so a budget table of the same resource, which prints none of them, is
not held to it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation import amounts
from cnbudget.validation.amounts import ZERO, BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import Comparison, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    left: list[str] = rule.param("left")
    right: list[str] = rule.param("right")
    marks: list[str] = rule.param("when_printed", [*left, *right[1:]])
    rows = [r for r in table.rows if any(r.get(f) not in (None, "") for f in marks)]
    if not rows:
        raise CouldNotRun(f"not applicable: {name} prints none of {', '.join(marks)}")
    for row in rows:
        texts = [row.get(f) for f in (*left, *right)]
        try:
            lsum = sum((amounts.parse(row.get(f)) or ZERO for f in left), ZERO)
            rsum = sum((amounts.parse(row.get(f)) or ZERO for f in right), ZERO)
        except BadAmount as exc:
            yield Skip(f"row {row.get('position')}: {exc}", name)
            continue
        n = sum(1 for t in texts if t not in (None, ""))
        comparison = Comparison(lsum, rsum, amounts.tolerance(max(n - 1, 1), texts))
        hit = ctx.hit(name, row, right[0], values={"left": " + ".join(left),
                                                   "right": " + ".join(right)})
        yield judge(comparison, hit, f"row {row.get('position')} balance")
