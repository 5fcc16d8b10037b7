"""Each indicator has its 一级/二级/三级 indicator and a value (withheld fields excepted).

The indicators of one project that lack the same fields make one finding (“indicators 1–12
of project p2 lack …”), placed at the first of them: a table read without its columns is
one problem for a reviewer, not one per row.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.model import Row
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

REQUIRED = ("level1", "level2", "level3", "value_text")


def _missing(row: Row) -> tuple[str, ...]:
    withheld = {f.strip() for f in str(row.get("withheld_fields") or "").split(",")}
    if str(row.get("withheld") or "").lower() == "true" and not row.get("withheld_fields"):
        withheld = set(REQUIRED)
    return tuple(f for f in REQUIRED if not str(row.get(f) or "").strip()
                 and f not in withheld)


def ranges(positions: list[str]) -> str:
    """"1, 2, 3, 5" → "1–3, 5" (non-numeric positions listed as they are)."""
    nums = sorted({int(p) for p in positions if p.isdigit()})
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    parts.extend(p for p in positions if not p.isdigit())
    return ", ".join(parts)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    groups: dict[tuple[str, tuple[str, ...]], list[Row]] = {}
    for row in ctx.require("performance_indicators").rows:
        missing = _missing(row)
        if not missing:
            yield Check("performance_indicators", True, "complete")
            continue
        groups.setdefault((str(row.get("project_id") or ""), missing), []).append(row)
    for (project, missing), rows in groups.items():
        first = rows[0]
        hit = ctx.hit("performance_indicators", first, missing[0],
                      values={"missing": ", ".join(missing), "project": project,
                              "position": ranges([str(r.get("position") or "")
                                                  for r in rows])})
        hit.label = f"{project}#{first.get('position')}"
        yield Check("performance_indicators", False, f"missing {list(missing)}", hit)
        for _ in rows[1:]:
            yield Check("performance_indicators", False, f"missing {list(missing)}")
