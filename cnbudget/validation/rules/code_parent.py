"""Each child's code begins with its parent's: in a classified table the nearest preceding
row with a shorter code is the child's parent (a 款 under its 类, a 项 under its 款).

Only levels the table prints are required: a table that prints no 类 or 款 rows (泉州: 项
rows only) is legitimate, and a code's parent is then its prefix at the nearest printed
level above it (none: the code is at the top of that table). A local economic sub-item
(7 digits, beyond the national 类/款 levels) printed in place of its 款 — a flat list of
款 where 3021101 差旅费 stands for 30211, which the table does not print — stands where its
款 would, under the 类 if the table prints one."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.codes import coded_fields
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

CATEGORY, LOCAL = 5, 7  # economic codes: 款 5 digits nationally; 7-digit sub-items are local


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name, table in ctx.disclosure.tables.items():
        for field, _cl in coded_fields(name):
            stack: list[str] = []
            codes = [str(r.get(field) or "").strip() for r in table.rows]
            levels = {len(c) for c in codes if c.isdigit()}
            printed = set(codes)
            for row, code in zip(table.rows, codes, strict=True):
                if not code.isdigit():
                    continue
                size = len(code)
                if field == "economic_code" and size == LOCAL and code[:CATEGORY] not in printed:
                    size = CATEGORY  # stands for its 款
                while stack and len(stack[-1]) >= size:
                    stack.pop()
                above = max((n for n in levels if n < size), default=0)
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
