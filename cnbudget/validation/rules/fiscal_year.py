"""The fiscal year agrees across the package title, the source title, table titles and the
text (e.g. “2023年预算收入”); a year-on-year comparison (较2022年) is not a mismatch."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec

YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年\s*(?:度)?\s*(?:部门|单位)?\s*"
                  r"(?:收入|支出|收支)?\s*(?:预算|决算)")
COMPARED = "较比与同至到和、"
"""A year after one of these (spaces allowed: “比 2023 年度决算数”) is compared with."""


def _stated_years(text: str) -> set[int]:
    out: set[int] = set()
    for m in YEAR.finditer(text):
        before = text[:m.start()].rstrip()[-1:]
        if not (before and before in COMPARED):
            out.add(int(m.group(1)))
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    if year is None:
        raise CouldNotRun("the package declares no fiscal year")
    meta = ctx.metadata
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    places: list[tuple[str, Hit]] = [
        (str(meta.get("title") or ""), Hit(field="title", label="datapackage.json")),
        (str((source or {}).get("title") or ""), Hit(field="source.title",
                                                     label="datapackage.json")),
    ]
    for name, table in ctx.disclosure.tables.items():
        if table.printed_title:
            places.append((table.printed_title, Hit(resource=name, field="printed_title")))
    for row in ctx.rows_where("text_sections"):
        for f in ("heading", "text"):
            places.append((str(row.get(f) or ""), ctx.hit("text_sections", row, f)))
    for text, hit in places:
        found = _stated_years(text)
        wrong = sorted(found - {year})
        if not wrong:
            yield Check(hit.resource, True, "year agrees")
            continue
        hit.expected, hit.actual = str(year), ", ".join(str(y) for y in wrong)
        yield Check(hit.resource, False, f"year {hit.actual}", hit)
