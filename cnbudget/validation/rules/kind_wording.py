"""A 单位预算 (单位决算) that calls itself 部门预算 (部门决算) in its table titles or its
section headings: the document kind is the metadata's ``document_kind``; the words of each
kind come from the document_kinds codelist. params: allow (patterns of terms of art that hold
the words without naming the document: 部门预算支出经济分类)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec

# a unit's document kind → the department kind whose words it must not use of itself
COUNTERPART = {"unit_budget": "department_budget",
               "unit_final_accounts": "department_final_accounts"}


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    kind = str(ctx.metadata.get("document_kind") or "")
    if not kind:
        raise CouldNotRun("the package states no document_kind")
    if kind not in COUNTERPART:
        yield Check(None, True, f"{kind}: nothing to check")
        return
    kinds = standard.codelist("document_kinds")
    own = str((kinds.get(kind) or {}).get("title") or "")
    other = str((kinds.get(COUNTERPART[kind]) or {}).get("title") or "")
    if not own or not other:
        raise CouldNotRun(f"document_kinds has no title for {kind}")
    allowed = re.compile("|".join(rule.param("allow", [])) or r"(?!)")
    for name, table in ctx.disclosure.tables.items():
        title = table.printed_title or ""
        if other in allowed.sub("", title):
            hit = ctx.hit(name, None, None, actual=title, values={
                "where_text": f"表“{title}”", "where_text_en": f"the table “{title}”",
                "own": own, "other": other})
            yield Check(name, False, title, hit)
        elif title:
            yield Check(name, True, title)
    sections = ctx.disclosure.tables.get("text_sections")
    for row in sections.rows if sections is not None else []:
        heading = str(row.get("heading") or "")
        if other in allowed.sub("", heading) and own not in heading:
            hit = ctx.hit("text_sections", row, "heading", actual=heading, values={
                "where_text": f"标题“{heading.strip()}”",
                "where_text_en": f"the heading “{heading.strip()}”",
                "own": own, "other": other})
            yield Check("text_sections", False, heading, hit)
        elif heading:
            yield Check("text_sections", True, heading)
