"""A function class named in the text by a title it no longer has in the fiscal year
("医疗卫生与计划生育支出" in a 2026 document: 210 is 卫生健康支出 since 2019). Former titles
and their last year come from the codelist (:func:`cnbudget.validation.codes.retired_titles`);
the tables' own code–name pairs are checked by the codes family.

params: codelist (default function_classification), resources (default text_sections)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.codes import retired_titles
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec
from cnbudget.validation.texts import text_cells


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    if year is None:
        raise CouldNotRun("the package states no fiscal year")
    resources = set(rule.param("resources", ["text_sections"]))
    if not any(r in ctx.disclosure.tables for r in resources):
        raise CouldNotRun("the package has no narrative text")
    titles = retired_titles(rule.param("codelist", "function_classification"), year)
    for cell in text_cells(ctx.disclosure):
        if cell.resource not in resources:
            continue
        found = next((t for t in titles if t.title in cell.text
                      and t.current not in cell.text), None)
        if found is None:
            yield Check(cell.resource, True, cell.field)
            continue
        at = cell.text.find(found.title)
        hit = ctx.hit(cell.resource, cell.row, cell.field, actual=found.title,
                      expected=found.current, values={
                          "code": found.code, "until": str(found.until),
                          "fiscal_year": str(year),
                          "heading": str(cell.row.get("heading") or "").strip() or "说明",
                          "excerpt": cell.text[max(0, at - 12):at + len(found.title) + 12]})
        yield Check(cell.resource, False, f"{found.code}: {found.title}", hit)
