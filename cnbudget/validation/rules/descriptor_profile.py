"""The descriptor (datapackage.json) is valid against the JSON Schema profile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cnbudget import package
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec
from cnbudget.validation.structural import descriptor_problems


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    descriptor: dict[str, Any]
    if ctx.files is not None:
        descriptor = ctx.files.descriptor
    else:
        try:
            descriptor = package.descriptor(ctx.disclosure)
        except KeyError as exc:
            raise CouldNotRun(f"no descriptor can be built: metadata lacks {exc}") from exc
    ok = True
    for p in descriptor_problems(descriptor):
        ok = False
        yield Check(None, False, p.message,
                    Hit(resource=p.resource, field=p.field, values={"problem": p.message}))
    if ok:
        yield Check(None, True, "descriptor valid")
