"""Each project the text lists (分项绩效目标) has a performance target table (names compared
without punctuation; one name may contain the other, e.g. “…基地” / “…基地经费”)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec

_PUNCT = re.compile(r"[\s、，,。.“”\"'（）()《》:：;；·\-—]")


def norm(name: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name))


def matches(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return bool(a and b) and (a == b or a in b or b in a)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    goals = [r for r in ctx.rows_where("performance_goals") if r.get("scope") == "item"]
    if ctx.table("performance_goals") is None:
        raise CouldNotRun("resource performance_goals is absent")
    projects = [str(r.get("name") or "") for r in ctx.rows_where("performance_projects")]
    for goal in goals:
        name = str(goal.get("name") or "")
        if not name:
            continue
        if any(matches(name, p) for p in projects):
            yield Check("performance_goals", True, name)
            continue
        hit = ctx.hit("performance_goals", goal, "name", values={"project": name})
        hit.label = name
        yield Check("performance_goals", False, f"no target table for {name}", hit)
