"""In every row: ``total`` = Σ ``addends`` (blank cells are 0).

params: resource; total (field); addends: fields, or ``{any_of: [[f…], [g…]]}`` — the first
group printed anywhere in the table is used (e.g. 财政拨款 or its three grant types);
where: {field: value} filters rows; when_printed: only rows where an addend is printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip


def resolve_addends(rows: list[Row], spec: list[Any]) -> list[str]:
    out: list[str] = []
    for item in spec:
        if isinstance(item, dict):
            groups: list[list[str]] = item["any_of"]
            chosen = next((g for g in groups
                           if any(r.get(f) not in (None, "") for r in rows for f in g)),
                          groups[0])
            out.extend(chosen)
        else:
            out.append(str(item))
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    where: dict[str, str] = rule.param("where", {})
    rows = [r for r in table.rows if all((r.get(k) or "") == v for k, v in where.items())]
    total = rule.param("total")
    addends = resolve_addends(rows, rule.param("addends"))
    for row in rows:
        if rule.param("when_printed") and all(row.get(f) in (None, "") for f in addends):
            continue
        try:
            comparison = compare_sum(row.get(total), [row.get(f) for f in addends])
        except BadAmount as exc:
            yield Skip(f"row {row.get('position')}: {exc}", name)
            continue
        hit = ctx.hit(name, row, total, values={"addends": " + ".join(addends)})
        yield judge(comparison, hit, f"row {row.get('position')} {total}")
