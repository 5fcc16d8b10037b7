"""Each child's code begins with its parent's: in a classified table the nearest preceding
row with a shorter code is the child's parent (a 款 under its 类, a 项 under its 款).

Only levels the table prints are required: a table that prints no 类 or 款 rows (泉州: 项
rows only) is legitimate, and a code's parent is then its prefix at the nearest printed
level above it (none: the code is at the top of that table)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.codes import coded_fields
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name, table in ctx.disclosure.tables.items():
        for field, _cl in coded_fields(name):
            stack: list[str] = []
            codes = [str(r.get(field) or "").strip() for r in table.rows]
            levels = {len(c) for c in codes if c.isdigit()}
            for row, code in zip(table.rows, codes, strict=True):
                if not code.isdigit():
                    continue
                while stack and len(stack[-1]) >= len(code):
                    stack.pop()
                above = max((n for n in levels if n < len(code)), default=0)
                if len(code) > 3 and above:
                    parent = code[:above]
                    found = stack[-1] if stack else ""
                    if found == parent:
                        yield Check(name, True, code)
                    else:
                        hit = ctx.hit(name, row, field, expected=parent,
                                      actual=found or "-", values={"code": code})
                        yield Check(name, False, f"{code} not under {parent}", hit)
                stack.append(code)
