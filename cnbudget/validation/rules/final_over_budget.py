"""A final-accounts table printing 预算数 beside 决算数 (the 三公 table): an item whose final
figure exceeds its budget (beyond rounding) is explained in the text — a section of the
item's topic (or, where the text has none, any section) says why it exceeds the budget
(one of ``reason_words``, such as 决算数大于预算数, and 原因).

params: resource; final, budget (fields); topic (text_sections topic); reason_words.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec, Skip
from cnbudget.validation.rules.final_execution import is_final


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    if not is_final(ctx):
        raise CouldNotRun("not applicable: not a final-accounts package")
    name = rule.param("resource")
    table = ctx.require(name)
    final_f, budget_f = rule.param("final"), rule.param("budget")
    rows = [r for r in table.rows if r.get(budget_f) not in (None, "")]
    if not rows:
        raise CouldNotRun(f"not applicable: {name} prints no {budget_f}")
    sections = ctx.table("text_sections")
    texts = [str(r.get("text") or "") for r in (sections.rows if sections else [])
             if r.get("topic") == rule.param("topic")] or [
        str(r.get("text") or "") for r in (sections.rows if sections else [])]
    words = tuple(rule.param("reason_words", ["超过预算", "大于预算", "高于预算"]))
    explained = any(w in t and "原因" in t for t in texts for w in words)
    for row in rows:
        try:
            final, budget = amounts.parse(row.get(final_f)), amounts.parse(row.get(budget_f))
        except BadAmount as exc:
            yield Skip(f"row {row.get('position')}: {exc}", name)
            continue
        if final is None or budget is None:
            continue
        over = final - budget
        if over <= amounts.tolerance(2, [row.get(final_f), row.get(budget_f)]):
            yield Check(name, True, f"row {row.get('position')} within budget")
            continue
        hit = ctx.hit(name, row, final_f, actual=amounts.fmt(final),
                      expected=amounts.fmt(budget), difference=amounts.fmt(over))
        yield Check(name, explained, f"row {row.get('position')} over budget",
                    None if explained else hit)
