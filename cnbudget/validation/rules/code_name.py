"""Code and name agree with the codelist (names compared after normalising full/half-width
parentheses, quotes, spaces and list numbering); a former title of the code
(``former_titles``) is accepted for fiscal years up to the year it was last used.

params: report —
``sibling`` (CNB-COD-004, ERROR): the printed name is the title of another code under the
same parent (30202 printed 咨询费, the title of 30203): code and name contradict each other;
``different`` (CNB-COD-012, WARNING): a name that is no form of the code's title nor a
sibling's — the list may lag behind the edition, or the print errs: it needs explaining;
``variant`` (CNB-COD-010, INFO): a printed-name variant — 的, 及/和, a bracketed qualifier,
a trailing 支出 — or a former title printed outside its years.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.codes import (
    all_former_titles,
    coded_rows,
    name_agreement,
    sibling_with_title,
)
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
        sibling = None
        if agreement == "different":
            sibling = sibling_with_title(c.codelist, c.code, printed, ctx.fiscal_year)
            if sibling is not None:
                agreement = "sibling"
        if agreement != report:
            yield Check(c.resource, True, c.code)
            continue
        formers = "、".join(f"{t}（{y}年及以前）" for t, y in all_former_titles(entry))
        hit = ctx.hit(c.resource, c.row, c.name_field, expected=entry.get("title"),
                      actual=printed, values={"code": c.code, "codelist": c.codelist,
                                              "former": formers or "-",
                                              "sibling": sibling or "-"})
        hit.label = c.code
        yield Check(c.resource, False, f"{c.code}: {printed} ≠ {entry.get('title')}", hit)
