"""The department (or unit) named in the package title and in the text's headings is the
publisher of the package."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec

HEADING = re.compile(r"^(.{2,60}?)\s*20\d{2}\s*年\s*(?:度)?\s*(?:部门|单位)\s*(?:预算|决算)")


PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _short_form(named: str, name: str) -> bool:
    """``named`` is a short form of ``name``: its characters in the same order, ending with
    the same organ word (“省检察院” for 江苏省人民检察院, “市审计局” for 苏州市审计局)."""
    if len(named) < 3 or not name or named[-1] != name[-1]:
        return False
    rest = iter(name)
    return all(ch in rest for ch in named)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    pub = ctx.metadata.get("publisher")
    if not isinstance(pub, dict) or not pub.get("department_name"):
        raise CouldNotRun("the package declares no publisher department")
    names = {_norm(str(pub["department_name"]))}
    if pub.get("unit_name"):
        names.add(_norm(str(pub["unit_name"])))
    title = str(ctx.metadata.get("title") or "")
    if title:
        hit = Hit(field="title", label="datapackage.json", actual=title,
                  expected=str(pub["department_name"]))
        ok = any(n in _norm(title) for n in names)
        yield Check(None, ok, "package title", None if ok else hit)
    for row in ctx.rows_where("text_sections"):
        m = HEADING.match(str(row.get("heading") or ""))
        if not m:
            continue
        named = PART.sub("", _norm(m.group(1)))
        if named in names:
            yield Check("text_sections", True, "heading names the publisher")
            continue
        if any(_short_form(named, n) for n in names):
            yield Check("text_sections", True, "heading names the publisher by a short form")
            continue
        hit = ctx.hit("text_sections", row, "heading", expected=str(pub["department_name"]),
                      actual=m.group(1).strip())
        yield Check("text_sections", False, f"heading names {m.group(1)}", hit)
