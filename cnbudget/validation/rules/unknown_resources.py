"""Every resource is one of the standard's, or an extension named with the x_ prefix."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    known = set(standard.table_names())
    prefix = standard.standard().get("extension_prefix", "x_")
    for name in ctx.disclosure.tables:
        if name in known or name.startswith(prefix):
            yield Check(name, True, "known")
        else:
            yield Check(name, False, f"{name} unknown", Hit(resource=name))
