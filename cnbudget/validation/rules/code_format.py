"""Classification codes are well formed: function 3/5/7 digits, economic 3/5 digits.

params: codelist; lengths.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.codes import coded_rows
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    lengths = {int(n) for n in rule.param("lengths")}
    for c in coded_rows(ctx.disclosure.tables):
        if c.codelist != rule.param("codelist"):
            continue
        if c.code.isascii() and c.code.isdigit() and len(c.code) in lengths:
            yield Check(c.resource, True, c.code)
            continue
        hit = ctx.hit(c.resource, c.row, c.field, actual=c.code,
                      values={"lengths": "/".join(str(n) for n in sorted(lengths))})
        yield Check(c.resource, False, f"malformed code {c.code!r}", hit)
