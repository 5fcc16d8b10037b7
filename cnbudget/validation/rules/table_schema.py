"""Each resource file is valid against its Table Schema (frictionless: types, required
values, patterns, enums, unique and primary keys)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec, Skip
from cnbudget.validation.structural import foreign_key_problems, table_problems


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    files = ctx.files
    if files is None:
        raise CouldNotRun("the disclosure was not read from package files")
    unreadable = {p.resource for p in files.problems if p.fatal}
    limit = int(rule.param("limit_rows", 100_000))
    for res in files.descriptor.get("resources") or []:
        if not isinstance(res, dict) or not isinstance(res.get("path"), str):
            continue
        name = str(res.get("name"))
        if name in unreadable:
            yield Skip(f"{name} could not be read (see CNB-STR-008)", name)
            continue
        ok = True
        problems = [*table_problems(files.base, res, limit),
                    *foreign_key_problems(name, ctx.disclosure.tables)]
        for p in problems:
            ok = False
            yield Check(name, False, p.message, Hit(
                resource=name, position=p.position, field=p.field,
                values={"problem": p.message}))
        if ok:
            yield Check(name, True, "valid")
