"""Withheld content (不公开) is recorded as withheld, with a reason — then it is counted, and
never reported as missing. Flags “不公开” printed in a row not marked withheld, and withheld
rows without a reason."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

MARKERS = ("不公开", "涉密")
FIELDS = {"performance_projects": ("goal",), "performance_goals": ("text",),
          "performance_indicators": ("level3", "description", "value_text", "basis")}


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name, fields in FIELDS.items():
        for row in ctx.rows_where(name):
            withheld = str(row.get("withheld") or "").lower() == "true"
            marked = [f for f in fields if any(m in str(row.get(f) or "") for m in MARKERS)]
            if not withheld and marked:
                hit = ctx.hit(name, row, marked[0], actual=str(row.get(marked[0]))[:40],
                              values={"problem": "not_marked"})
                yield Check(name, False, "不公开 not marked withheld", hit)
            elif withheld and not row.get("withheld_reason"):
                hit = ctx.hit(name, row, "withheld_reason", values={"problem": "no_reason"})
                yield Check(name, False, "withheld without reason", hit)
            else:
                yield Check(name, True, "ok")
