"""Each child's code begins with its parent's: in a classified table the nearest preceding
row with a shorter code is the child's parent (a 款 under its 类, a 项 under its 款).

Only levels the table prints as parents are required: a table that prints no 类 or 款 rows
(泉州: 项 rows only), or prints a 款 only as a leaf of its own, is legitimate, and a code's
parent is then its prefix at the nearest printed level above it (none: the code is at the
top of that table). A local economic sub-item
(7 digits, beyond the national 类/款 levels) printed in place of its 款 — a flat list of
款 where 3021101 差旅费 stands for 30211, which the table does not print — stands where its
款 would, under the 类 if the table prints one.

A cross-classified table (北京 预算03表: one row per 功能科目 × 经济科目, the 项 code
repeated on every row of its economic breakdown) prints no hierarchy in row order: a code
field in which one code stands on several rows that also carry another classification is
not a tree, and its order is not checked (a Skip says so); its codes are still checked
against the codelist (CNB-COD-004/005/011)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.model import Table
from cnbudget.validation.codes import coded_fields
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec, Skip

CATEGORY, LOCAL = 5, 7  # economic codes: 款 5 digits nationally; 7-digit sub-items are local


def cross_classified(table: Table, field: str, others: list[str]) -> bool:
    """One code of ``field`` on several rows that carry another classification's code."""
    seen: set[str] = set()
    for row in table.rows:
        code = str(row.get(field) or "").strip()
        if not code or not any(str(row.get(o) or "").strip() for o in others):
            continue
        if code in seen:
            return True
        seen.add(code)
    return False


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name, table in ctx.disclosure.tables.items():
        fields = [f for f, _cl in coded_fields(name)]
        for field in fields:
            if cross_classified(table, field, [f for f in fields if f != field]):
                yield Skip(f"{name}.{field}: a cross-classified table, no hierarchy in row "
                           "order", name)
                continue
            stack: list[str] = []
            codes = [str(r.get(field) or "").strip() for r in table.rows]
            printed = set(codes)
            # the levels the table prints as parents: a level whose codes all stand alone (北京
            # 政府性基金表 p33: 项 rows and one leaf 款, 21298 超长期特别国债安排的支出) is no
            # level of the tree above its 项
            digits = [c for c in printed if c.isdigit()]
            levels = {len(c) for c in digits
                      if any(o != c and o.startswith(c) for o in digits)}
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
