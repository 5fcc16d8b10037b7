"""A department's self-evaluation (部门整体支出绩效自评表) and its tasks: each amount of the
department row (its 金额合计: full-year budget and executed, in total and by source, the
execution weight and score) = Σ that amount over the tasks listed after it (performance_projects
rows of scope task, up to the next row of another scope).

A field the department row or every task leaves blank is not compared.

params: fields.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def groups(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """(department row, its tasks) in the order printed; departments without tasks left out."""
    out: list[tuple[Row, list[Row]]] = []
    current: list[Row] | None = None
    for r in sorted(rows, key=lambda r: int(r.get("position") or 0)):
        if r.get("scope") == "department":
            current = []
            out.append((r, current))
        elif r.get("scope") == "task" and current is not None:
            current.append(r)
        else:
            current = None  # another table: the department's tasks end
    return [(d, t) for d, t in out if t]


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    table = ctx.require("performance_projects")
    found = groups(table.rows)
    if not found:
        raise CouldNotRun("not applicable: no department self-evaluation with tasks")
    for dept, tasks in found:
        for f in rule.param("fields", []):
            if dept.get(f) in (None, "") or all(t.get(f) in (None, "") for t in tasks):
                continue
            try:
                comparison = compare_sum(dept.get(f), [t.get(f) for t in tasks])
            except BadAmount as exc:
                yield Skip(f"{f}: {exc}", "performance_projects")
                continue
            hit = ctx.hit("performance_projects", dept, f, values={
                "count": str(len(tasks))})
            yield judge(comparison, hit, f"{dept.get('project_id')} {f}")
