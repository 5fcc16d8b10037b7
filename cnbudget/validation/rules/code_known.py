"""A code that the (open) codelist of that fiscal year does not hold: a WARNING, not an
error — the Ministry of Finance revises the lists every year."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.codes import coded_rows, valid_in
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    for c in coded_rows(ctx.disclosure.tables):
        if not c.code.isdigit():
            continue
        entry = standard.codelist(c.codelist).get(c.code)
        if entry is not None and valid_in(entry, year):
            yield Check(c.resource, True, c.code)
            continue
        hit = ctx.hit(c.resource, c.row, c.field, actual=c.code, values={
            "codelist": c.codelist, "year": str(year or "")})
        hit.label = c.code
        yield Check(c.resource, False, f"{c.code} not in {c.codelist}", hit)
