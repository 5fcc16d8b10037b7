"""Indicator values plausible for the fiscal year: a date target in another year than the
fiscal year, a percentage above 100, a negative number."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cnbudget.validation.amounts import BadAmount, parse
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    for row in ctx.require("performance_indicators").rows:
        if str(row.get("withheld") or "").lower() == "true":
            continue
        label = f"{row.get('project_id')}#{row.get('position')}"
        date = str(row.get("date") or "")
        try:
            number = parse(row.get("number"))
        except BadAmount as exc:
            yield Skip(f"{label}: {exc}", "performance_indicators")
            continue
        problem, field, expected = "", "value_text", ""
        if date[:4].isdigit() and year is not None and int(date[:4]) != year:
            problem, field, expected = "date_year", "date", str(year)
        elif number is not None and row.get("unit") == "%" and number > Decimal(100):
            problem, field, expected = "percent", "number", "≤ 100"
        elif number is not None and number < 0:
            problem, field, expected = "negative", "number", "≥ 0"
        if not problem:
            yield Check("performance_indicators", True, "ok")
            continue
        hit = ctx.hit("performance_indicators", row, field, expected=expected,
                      actual=str(row.get(field) or ""),
                      values={"problem": problem, "value": str(row.get("value_text") or "")})
        hit.label = label
        yield Check("performance_indicators", False, f"{label}: {problem}", hit)
