"""Every resource with amounts declares its unit, and the unit is one of amount_units
(元, 万元, 亿元); so is the package's main unit."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation import amounts
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    main = ctx.metadata.get("unit")
    if amounts.factor(main) is None:
        yield Check(None, False, f"package unit {main!r}",
                    Hit(field="unit", label="datapackage.json", actual=str(main)))
    for name, table in ctx.disclosure.tables.items():
        if name not in standard.table_names():
            continue
        if not any(f.get("x-amount") for f in standard.table_schema(name)["fields"]):
            continue
        unit = table.unit or main
        if amounts.factor(unit) is None:
            yield Check(name, False, f"unit {unit!r}",
                        Hit(resource=name, field="unit", actual=str(unit or "-")))
        else:
            yield Check(name, True, str(unit))
