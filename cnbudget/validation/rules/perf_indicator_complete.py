"""Each indicator has its 一级/二级/三级 indicator and a value (withheld fields excepted)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

REQUIRED = ("level1", "level2", "level3", "value_text")


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for row in ctx.require("performance_indicators").rows:
        withheld = {f.strip() for f in str(row.get("withheld_fields") or "").split(",")}
        if str(row.get("withheld") or "").lower() == "true" and not row.get("withheld_fields"):
            withheld = set(REQUIRED)
        missing = [f for f in REQUIRED if not str(row.get(f) or "").strip()
                   and f not in withheld]
        if not missing:
            yield Check("performance_indicators", True, "complete")
            continue
        hit = ctx.hit("performance_indicators", row, missing[0],
                      values={"missing": ", ".join(missing),
                              "project": str(row.get("project_id") or "")})
        hit.label = f"{row.get('project_id')}#{row.get('position')}"
        yield Check("performance_indicators", False, f"missing {missing}", hit)
