"""A printed change between two years: in each group (``group_field``, a unit), the row of
``period`` ``change`` of an item = the item's budget-year row − its previous-year row, in
each of ``fields`` printed in all three rows. The budget-year row of the one group that
prints none in ``resource`` is the item's row of ``main`` (three_public_detail keeps the
department's budget-year row in three_public_expenses).

params: resource; main (optional); key_field (default item_key); group_field; period_field
(default period); fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def _by_key(rows: list[Row], key_field: str) -> dict[Any, Row]:
    out: dict[Any, Row] = {}
    for r in rows:
        out.setdefault(r.get(key_field), r)
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    key_field = rule.param("key_field", "item_key")
    group_field = rule.param("group_field")
    period_field = rule.param("period_field", "period")
    fields: list[str] = rule.param("fields")
    groups: dict[Any, dict[str, list[Row]]] = {}
    for r in table.rows:
        groups.setdefault(r.get(group_field), {}).setdefault(str(r.get(period_field)), []
                                                             ).append(r)
    main = ctx.table(rule.param("main")) if rule.param("main") else None
    without_current = [g for g, p in groups.items() if "budget_year" not in p]
    applied = False
    for group, periods in groups.items():
        if "change" not in periods or "previous_year" not in periods:
            continue
        years = {r.get("fiscal_year") for r in periods["previous_year"]}
        if len(years) > 1:  # several earlier years: which one the change is from is unsaid
            yield Skip(f"{name} {group}: changes beside {len(years)} earlier years", name)
            continue
        if "budget_year" in periods:
            current = _by_key(periods["budget_year"], key_field)
        elif main is not None and len(without_current) == 1:
            current = _by_key(main.rows, key_field)
        else:
            continue
        previous = _by_key(periods["previous_year"], key_field)
        for change in periods["change"]:
            key = change.get(key_field)
            cur, prev = current.get(key), previous.get(key)
            if cur is None or prev is None:
                continue
            for f in fields:
                values = (cur.get(f), prev.get(f), change.get(f))
                if any(v in (None, "") for v in values):
                    continue
                applied = True
                try:
                    comparison = compare_sum(cur.get(f), [prev.get(f), change.get(f)])
                except BadAmount as exc:
                    yield Skip(f"{f}: {exc}", name)
                    continue
                hit = ctx.hit(name, change, f, values={
                    "group": str(group or ""), "current": str(cur.get(f)),
                    "previous": str(prev.get(f))})
                yield judge(comparison, hit, f"{group} {key} {f}")
    if not applied:
        raise CouldNotRun(f"not applicable: {name} prints no change beside two years")
