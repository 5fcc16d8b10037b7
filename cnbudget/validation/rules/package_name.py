"""The package is named <region-code>-<department-code>-<year>-<kind> after its metadata."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = ctx.metadata.get("name")
    if not name:
        raise CouldNotRun("the package has no name")
    try:
        expected = ctx.disclosure.package_name
    except (KeyError, TypeError) as exc:
        raise CouldNotRun(f"metadata lacks {exc}") from exc
    ok = name == expected
    yield Check(None, ok, str(name), None if ok else Hit(
        field="name", label="datapackage.json", expected=expected, actual=str(name)))
