"""Classification hierarchy: each class = Σ its direct children (类 3 digits → 款 5 → 项 7,
or economic 类 3 → 款 5), and the 合计 row = Σ the top-level classes, in each amount field.

A 合计 row that leaves a field blank prints no grand total there: skipped, not compared.

A code printed on several rows (Yantai 基本支出表 lists the 部门预算经济分类 under each
政府预算经济分类, so 301 工资福利支出 appears under 501 and again under 505) is a group per
occurrence: its children are the rows after it, up to its next occurrence.

A code one level (two digits) deeper than the table's deepest level (a local subdivision:
西安 2019 prints 3010201 津贴补贴 and 3010202 改革性补贴 with lengths 3 and 5) counts as a
child of the level above the one it lacks when its own parent (30102) is not printed, and
not at all when it is.

A table grouped by unit (``group_field``: 广东 部门预算基本支出预算表, a unit's row and its
classes below, each carrying the unit): each unit's subtotal row (no code, no name) = Σ the
unit's top-level classes.

params: resource; code_field; name_field; fields; lengths (default [3, 5, 7]); group_field.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, is_total_row, judge, unprinted_total
from cnbudget.validation.rulebase import Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    code_field = rule.param("code_field", "function_code")
    name_field = rule.param("name_field", "function_name")
    fields: list[str] = rule.param("fields", ["total"])
    lengths: list[int] = rule.param("lengths", [3, 5, 7])
    coded = [r for r in table.rows if (r.get(code_field) or "").strip()]
    by_len: dict[int, list[Row]] = {}
    for r in coded:
        by_len.setdefault(len(r[code_field].strip()), []).append(r)
    groups: list[tuple[Row, list[Row], str]] = []
    order = {id(r): i for i, r in enumerate(table.rows)}
    printed = {r[code_field].strip() for r in coded}
    deeper = [r for r in coded if len(r[code_field].strip()) == lengths[-1] + 2]
    for parent_len, child_len in pairwise(lengths):
        for parent in by_len.get(parent_len, []):
            code = parent[code_field].strip()
            children = [c for c in by_len.get(child_len, [])
                        if c[code_field].strip().startswith(code)]
            # a local subdivision deeper than the table's levels, printed without its own
            # parent (西安 2019 3010201 津贴补贴 and 3010202 改革性补贴 under 301, no 30102)
            children += [c for c in deeper if (cc := c[code_field].strip()).startswith(code)
                         and cc[:child_len] not in printed]
            children.sort(key=lambda c: order[id(c)])
            same = [order[id(r)] for r in by_len[parent_len] if r[code_field].strip() == code]
            if len(same) > 1:  # repeated code: the children up to its next occurrence
                start = order[id(parent)]
                end = min([i for i in same if i > start], default=len(table.rows))
                children = [c for c in children if start < order[id(c)] < end]
            if children:
                groups.append((parent, children, code))
    totals = [r for r in table.rows if is_total_row(r, code_field, [name_field])]
    top = list(by_len.get(lengths[0], []))
    group_field = rule.param("group_field", None)
    if group_field:
        # under a unit, a class printed under a name the codelist does not know (珠海
        # 其他资本性等支出) is a top-level class too
        top += [r for r in table.rows if r.get(group_field) and r.get(name_field)
                and not (r.get(code_field) or "").strip() and r not in totals]
    if totals and top:
        groups.append((totals[0], top, "合计"))
    if group_field:
        # a unit's subtotal row (the unit, no code, no name) = Σ the unit's top classes
        for r in table.rows:
            unit = r.get(group_field)
            if unit and not (r.get(code_field) or "").strip() and not r.get(name_field):
                tops = [c for c in top if c.get(group_field) == unit]
                if tops:
                    groups.append((r, tops, str(unit)))
    for parent, children, label in groups:
        for f in fields:
            if label == "合计" and unprinted_total(parent, f, [name_field]) and any(
                    c.get(f) not in (None, "") for c in children):
                yield Skip(f"合计 {f}: not printed", name)
                continue
            try:
                comparison = compare_sum(parent.get(f), [c.get(f) for c in children])
            except BadAmount as exc:
                yield Skip(f"{label} {f}: {exc}", name)
                continue
            hit = ctx.hit(name, parent, f, values={
                "children": ", ".join((c.get(code_field) or c.get(name_field) or "").strip()
                                      for c in children)})
            hit.label = label
            yield judge(comparison, hit, f"{label} {f}")
