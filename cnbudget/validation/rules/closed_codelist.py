"""Values of fields tied to a closed codelist are in that codelist."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec
from cnbudget.validation.structural import closed_codelist_problems


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name, table in ctx.disclosure.tables.items():
        ok = True
        for p in closed_codelist_problems(name, table):
            ok = False
            row = next((r for r in table.rows if str(r.get("position")) == str(p.position)),
                       None)
            yield Check(name, False, p.message, Hit(
                resource=name, position=p.position, field=p.field,
                side=(row.get("side") or None) if row else None,
                actual=str(row.get(p.field)) if row and p.field else None,
                values={"problem": p.message}))
        if ok:
            yield Check(name, True, "codes in closed lists")
