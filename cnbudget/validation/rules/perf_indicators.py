"""Each project's target table has a goal and indicators. A withheld project is counted as
withheld, not as missing. A task of a department's self-evaluation (scope task) is a row of
the department's table, not a table: its indicators are the department's."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    projects = ctx.require("performance_projects")
    with_indicators = {str(r.get("project_id")) for r in ctx.rows_where("performance_indicators")}
    for p in projects.rows:
        if p.get("scope") == "task":
            continue
        if str(p.get("withheld") or "").lower() == "true":
            yield Check("performance_projects", True, f"{p.get('project_id')} withheld")
            continue
        missing = []
        if str(p.get("project_id")) not in with_indicators:
            missing.append("indicators")
        if not str(p.get("goal") or "").strip():
            missing.append("goal")
        if not missing:
            yield Check("performance_projects", True, str(p.get("project_id")))
            continue
        hit = ctx.hit("performance_projects", p, "goal" if missing == ["goal"] else "name",
                      values={"project": str(p.get("name") or ""),
                              "missing": ", ".join(missing)})
        hit.label = str(p.get("name") or "")
        yield Check("performance_projects", False, f"{p.get('project_id')}: no {missing}", hit)
