"""Stray values (template residue): an amount on a row that names no line item (no code,
no item key, no label).

params: resources (the disclosure tables to look at).
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

OTHER_LABELS = ("item_name", "project_name", "unit_name", "unit_code")


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name in rule.param("resources"):
        table = ctx.table(name)
        if table is None:
            continue
        fields = [f["name"] for f in standard.table_schema(name)["fields"] if f.get("x-amount")]
        clean = True
        for row in table.rows:
            filled = [f for f in fields if row.get(f) not in (None, "")]
            if not filled:
                continue
            if ctx.label(row) or any(row.get(k) for k in OTHER_LABELS):  # names its line item
                continue
            why = ("no line item", "该行既无编码也无名称", "the row has neither code nor label")
            clean = False
            yield Check(name, False, f"stray value: {why[0]}", ctx.hit(
                name, row, filled[0], values={"value": str(row.get(filled[0])),
                                              "why_zh": why[1], "why_en": why[2]}))
        if clean:
            yield Check(name, True, "no stray value")
