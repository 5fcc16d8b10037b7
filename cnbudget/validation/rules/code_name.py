"""Code and name agree with the codelist (names compared after normalising full/half-width
parentheses, quotes, spaces and list numbering); a former title of the code
(``former_titles``) is accepted for fiscal years up to the year it was last used."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.codes import coded_rows, former_titles, normalise_name
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for c in coded_rows(ctx.disclosure.tables):
        entry = standard.codelist(c.codelist).get(c.code)
        printed = c.name
        if entry is None or not printed:
            continue
        titles = [entry.get("title", ""), *former_titles(entry, ctx.fiscal_year)]
        if normalise_name(printed) in {normalise_name(t) for t in titles}:
            yield Check(c.resource, True, c.code)
            continue
        hit = ctx.hit(c.resource, c.row, c.name_field, expected=entry.get("title"),
                      actual=printed, values={"code": c.code, "codelist": c.codelist})
        hit.label = c.code
        yield Check(c.resource, False, f"{c.code}: {printed} ≠ {entry.get('title')}", hit)
