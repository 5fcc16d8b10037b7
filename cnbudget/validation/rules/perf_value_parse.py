"""An indicator value that states a number or date is parsed (comparison, number, unit or
date); a comparison without a number or date is incomplete. Qualitative values (“圆满完成”)
need no parse."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

DIGIT = re.compile(r"[0-9０-９]")


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for row in ctx.require("performance_indicators").rows:
        if str(row.get("withheld") or "").lower() == "true":
            continue
        text = str(row.get("value_text") or "")
        parsed = bool(row.get("number") or row.get("date"))
        problem = ""
        if DIGIT.search(text) and not parsed:
            problem = "unparsed"
        elif row.get("comparison") and not parsed:
            problem = "comparison_only"
        if not problem:
            yield Check("performance_indicators", True, "ok")
            continue
        hit = ctx.hit("performance_indicators", row, "value_text", actual=text,
                      values={"problem": problem})
        hit.label = f"{row.get('project_id')}#{row.get('position')}"
        yield Check("performance_indicators", False, f"{problem}: {text}", hit)
