"""Each resource file can be read: UTF-8 text, well-formed CSV, within the size limit."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    if ctx.files is None:
        raise CouldNotRun("the disclosure was not read from package files")
    for p in ctx.files.problems:
        yield Check(p.resource, False, p.message,
                    Hit(resource=p.resource, values={"problem": p.message}))
    if not ctx.files.problems:
        yield Check(None, True, "all resources readable")
