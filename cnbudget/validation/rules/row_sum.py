"""In every row: ``total`` = Σ ``addends`` (blank cells are 0).

params: resource; total (field); addends: fields, or ``{any_of: [[f…], [g…]]}`` — the first
group printed anywhere in the table is used (e.g. 本年收入小计, or else the income sources
it sums; 财政拨款 or its three grant types); groups may nest; where: {field: value} filters
rows; when_printed: only rows where an addend is printed.

A column blank in every row is taken as not printed. optional: the table may print no
``total`` column (上海 收入总表 has no 本年收入小计); addends_optional: it may print none of
the addend columns (a 三公 table or 财政拨款收支总表 with 合计 only, no fund-type columns).
Then the rule does not apply. Without these, blank columns are 0. A 合计 row that prints
its parts but not the total itself is skipped (the table prints no grand total).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, judge, resolve_any_of, unprinted_total
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def printed(rows: list[Row], fieldname: str) -> bool:
    return any(r.get(fieldname) not in (None, "") for r in rows)


def resolve_addends(rows: list[Row], spec: list[Any]) -> list[str]:
    return resolve_any_of(spec, lambda f: printed(rows, f))


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    where: dict[str, str] = rule.param("where", {})
    rows = [r for r in table.rows if all((r.get(k) or "") == v for k, v in where.items())]
    total = rule.param("total")
    addends = resolve_addends(rows, rule.param("addends"))
    if rule.param("optional") and rows and not printed(rows, total):
        raise CouldNotRun(f"not applicable: {name} prints no {total} column")
    if rule.param("addends_optional") and rows and not any(printed(rows, f)
                                                           for f in addends):
        raise CouldNotRun(f"not applicable: {name} prints none of {', '.join(addends)}")
    for row in rows:
        if rule.param("when_printed") and all(row.get(f) in (None, "") for f in addends):
            continue
        if unprinted_total(row, total) and any(row.get(f) not in (None, "") for f in addends):
            yield Skip(f"row {row.get('position')} (合计): no {total} printed", name)
            continue
        try:
            comparison = compare_sum(row.get(total), [row.get(f) for f in addends])
        except BadAmount as exc:
            yield Skip(f"row {row.get('position')}: {exc}", name)
            continue
        hit = ctx.hit(name, row, total, values={"addends": " + ".join(addends)})
        yield judge(comparison, hit, f"row {row.get('position')} {total}")
