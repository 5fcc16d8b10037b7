"""Each child's code begins with its parent's: in a classified table the nearest preceding
row with a shorter code is the child's parent (a 款 under its 类, a 项 under its 款)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.codes import coded_fields
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name, table in ctx.disclosure.tables.items():
        for field, _cl in coded_fields(name):
            stack: list[str] = []
            for row in table.rows:
                code = str(row.get(field) or "").strip()
                if not code.isdigit():
                    continue
                while stack and len(stack[-1]) >= len(code):
                    stack.pop()
                if len(code) > 3:
                    parent = code[: len(code) - 2]
                    found = stack[-1] if stack else ""
                    if found == parent:
                        yield Check(name, True, code)
                    else:
                        hit = ctx.hit(name, row, field, expected=parent,
                                      actual=found or "-", values={"code": code})
                        yield Check(name, False, f"{code} not under {parent}", hit)
                stack.append(code)
