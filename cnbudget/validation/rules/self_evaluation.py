"""Project performance self-evaluation tables (绩效自评表) of final accounts.

mode ``rate``: a project's execution_rate = amount_executed ÷ amount_full_year × 100, to
the rounding of the printed numbers.
mode ``score``: a project's total score = execution_score + Σ the scores of its
indicators (only where every indicator prints a score).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cnbudget.validation import amounts
from cnbudget.validation.amounts import ZERO, BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import Comparison, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    projects = ctx.require("performance_projects")
    mode = rule.param("mode")
    field = "execution_rate" if mode == "rate" else "score"
    rows = [r for r in projects.rows if r.get(field) not in (None, "")]
    if not rows:
        raise CouldNotRun(f"not applicable: performance_projects prints no {field}")
    indicators = ctx.table("performance_indicators")
    for row in rows:
        try:
            if mode == "rate":
                yield from _rate(ctx, row)
            else:
                yield from _score(ctx, row, indicators.rows if indicators else [])
        except BadAmount as exc:
            yield Skip(f"project {row.get('project_id')}: {exc}", "performance_projects")


def _rate(ctx: Context, row: dict[str, object]) -> Iterator[Event]:
    done, full = amounts.parse(row.get("amount_executed")), amounts.parse(
        row.get("amount_full_year"))
    rate = amounts.parse(row.get("execution_rate"))
    if done is None or not full or rate is None:
        return
    expected = (done / full * 100).quantize(Decimal("0.0001"))
    tol = amounts.tolerance(1, [row.get("execution_rate")]) + 100 * (
        amounts.tolerance(1, [row.get("amount_executed")]) / full
        + done * amounts.tolerance(1, [row.get("amount_full_year")]) / full / full)
    hit = ctx.hit("performance_projects", row, "execution_rate")
    yield judge(Comparison(expected, rate, tol), hit, f"{row.get('project_id')} rate")


def _score(ctx: Context, row: dict[str, object], indicators: list[dict[str, object]]
           ) -> Iterator[Event]:
    own = [i for i in indicators if i.get("project_id") == row.get("project_id")]
    if not own or any(i.get("score") in (None, "") for i in own) or row.get(
            "execution_score") in (None, ""):
        return
    parts = [row.get("execution_score"), *(i.get("score") for i in own)]
    expected = sum((amounts.parse(p) or ZERO for p in parts), ZERO)
    total = amounts.parse(row.get("score")) or ZERO
    # scores are given, not rounded from finer figures: half a unit of the last digit
    tol = amounts.tolerance(1, [row.get("score"), *parts])
    hit = ctx.hit("performance_projects", row, "score")
    yield judge(Comparison(expected, total, tol), hit, f"{row.get('project_id')} score")
