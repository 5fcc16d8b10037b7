"""The publisher's administrative-division code is known and its name agrees."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    pub = ctx.metadata.get("publisher")
    if not isinstance(pub, dict) or not pub.get("region_code"):
        raise CouldNotRun("the package declares no region code")
    code, name = str(pub["region_code"]), str(pub.get("region_name") or "")
    entry = standard.codelist("administrative_divisions").get(code)
    if entry is None:
        yield Check(None, False, f"unknown {code}", Hit(
            field="publisher.region_code", label="datapackage.json", actual=code))
    elif name and entry.get("title") != name:
        yield Check(None, False, f"{code} is {entry.get('title')}", Hit(
            field="publisher.region_name", label="datapackage.json",
            expected=entry.get("title"), actual=name))
    else:
        yield Check(None, True, code)
