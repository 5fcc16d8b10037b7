"""Code and name agree with the codelist (names compared after normalising full/half-width
parentheses, quotes, spaces and list numbering); a former title of the code
(``former_titles``) is accepted for fiscal years up to the year it was last used.

params: report: ``different`` (CNB-COD-004: a name that is no form of the code's title) or
``variant`` (CNB-COD-010: a printed-name variant — 的, 及/和, a bracketed qualifier, a
trailing 支出 — or a former title printed outside its years; wording, INFO).
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.codes import all_former_titles, coded_rows, name_agreement
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    report = rule.param("report", "different")
    for c in coded_rows(ctx.disclosure.tables):
        entry = standard.codelist(c.codelist).get(c.code)
        printed = c.name
        if entry is None or not printed:
            continue
        agreement = name_agreement(entry, printed, ctx.fiscal_year)
        if agreement != report:
            yield Check(c.resource, True, c.code)
            continue
        formers = "、".join(f"{t}（{y}年及以前）" for t, y in all_former_titles(entry))
        hit = ctx.hit(c.resource, c.row, c.name_field, expected=entry.get("title"),
                      actual=printed, values={"code": c.code, "codelist": c.codelist,
                                              "former": formers or "-"})
        hit.label = c.code
        yield Check(c.resource, False, f"{c.code}: {printed} ≠ {entry.get('title')}", hit)
