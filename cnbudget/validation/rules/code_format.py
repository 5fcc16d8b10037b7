"""Classification codes are well formed: function 3/5/7 digits, economic 3/5 digits.

params: codelist; lengths; local_subitems (optional): the length of a province's own
sub-items of an economic 款 (重庆 3010201 规范性津补贴 … printed under 30102 and summing to
it): a code of that length whose prefix at the longest of ``lengths`` is a code of the
codelist is not malformed; report: ``malformed`` (default) or ``local_subitems`` — the rule
then reports those sub-items (a WARNING: the national codelist has no such level) and
nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.codes import CodedRow, coded_rows
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def local_subitem(c: CodedRow, lengths: set[int], subitem_length: int | None) -> str | None:
    """The known parent code of a local sub-item, or None when ``c`` is not one."""
    if subitem_length is None or len(c.code) != subitem_length or not lengths:
        return None
    if not (c.code.isascii() and c.code.isdigit()):
        return None
    parent = c.code[:max(lengths)]
    return parent if standard.codelist(c.codelist).get(parent) is not None else None


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    lengths = {int(n) for n in rule.param("lengths")}
    sub = rule.param("local_subitems")
    subitem_length = int(sub) if sub is not None else None
    report_subitems = rule.param("report", "malformed") == "local_subitems"
    for c in coded_rows(ctx.disclosure.tables):
        if c.codelist != rule.param("codelist"):
            continue
        parent = local_subitem(c, lengths, subitem_length)
        if report_subitems:
            if parent is None:
                continue
            hit = ctx.hit(c.resource, c.row, c.field, actual=c.code, expected=parent)
            yield Check(c.resource, False, f"local sub-item {c.code} of {parent}", hit)
            continue
        if parent is not None or (c.code.isascii() and c.code.isdigit()
                                  and len(c.code) in lengths):
            yield Check(c.resource, True, c.code)
            continue
        hit = ctx.hit(c.resource, c.row, c.field, actual=c.code,
                      values={"lengths": "/".join(str(n) for n in sorted(lengths))})
        yield Check(c.resource, False, f"malformed code {c.code!r}", hit)
