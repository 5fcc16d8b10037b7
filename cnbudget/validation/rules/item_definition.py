"""Spending booked under an item whose definition excludes it: project expenditure on a
行政运行 item (…01 项), which holds the basic expenditure of running the office only.

params: resources (tables with function_code and the ``field``), field (default project),
item_title (default 行政运行: the codelist's title of the items concerned)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.codes import normalise_name
from cnbudget.validation.context import Context
from cnbudget.validation.reviewer import table_title
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    fieldname = str(rule.param("field", "project"))
    item = normalise_name(str(rule.param("item_title", "行政运行")))
    functions = standard.codelist("function_classification")
    present = [r for r in rule.param("resources") if r in ctx.disclosure.tables]
    if not present:
        raise CouldNotRun("none of the tables that split basic and project expenditure by "
                          "function is present")
    for name in present:
        for row in ctx.disclosure.tables[name].rows:
            code = str(row.get("function_code") or "").strip()
            entry = functions.get(code) if code else None
            title = str((entry or {}).get("title") or row.get("function_name") or "")
            if len(code) != 7 or normalise_name(title) != item:
                continue
            try:
                value = amounts.parse(row.get(fieldname))
            except BadAmount as exc:
                yield Skip(str(exc), name)
                continue
            if not value:
                yield Check(name, True, code)
                continue
            hit = ctx.hit(name, row, fieldname, actual=str(row.get(fieldname)), values={
                "code": code, "name": str(row.get("function_name") or title).strip(),
                "title": table_title(ctx, name)})
            yield Check(name, False, f"{code} {fieldname} {value}", hit)
