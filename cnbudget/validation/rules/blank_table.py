"""A disclosure table printed as a blank template: rows with labels but no amount at all,
and not declared published empty.

params: resources (the disclosure tables to look at; the fund tables and procurement are
handled by the empty-table rules).
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    for name in rule.param("resources"):
        table = ctx.table(name)
        if table is None or not table.rows:
            continue
        fields = [f["name"] for f in standard.table_schema(name)["fields"] if f.get("x-amount")]
        if not fields or table.published_empty:
            continue
        if any(r.get(f) not in (None, "") for r in table.rows for f in fields):
            yield Check(name, True, "has amounts")
            continue
        yield Check(name, False, "blank template", Hit(
            resource=name, values={"rows": str(len(table.rows)),
                                   "title": table.printed_title or name}))
