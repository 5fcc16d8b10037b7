"""Text that should not be there: placeholders (XX, ××, 某某 …), template wording
(“目标内容 1”), HTML markup (<p>) — one rule per kind, the patterns in the catalogue.

params: patterns (regular expressions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.reviewer import table_title
from cnbudget.validation.rulebase import Check, Event, RuleSpec
from cnbudget.validation.texts import text_cells


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    pattern = re.compile("|".join(f"(?:{p})" for p in rule.param("patterns")))
    for cell in text_cells(ctx.disclosure):
        m = pattern.search(cell.text)
        if m is None:
            continue
        start = max(0, m.start() - 12)
        heading = str(cell.row.get("heading") or "").strip()
        title = table_title(ctx, cell.resource)
        label = ctx.label(cell.row) or ""
        place_zh = (f"说明“{heading}”" if cell.resource == "text_sections" and heading
                    else f"{title}{'“' + label + '”' if label else ''}")
        place_en = (f"section “{heading}”" if cell.resource == "text_sections" and heading
                    else f"{title}{' “' + label + '”' if label else ''}")
        hit = ctx.hit(cell.resource, cell.row, cell.field, actual=m.group(0),
                      values={"excerpt": cell.text[start:m.end() + 12],
                              "place_zh": place_zh, "place_en": place_en})
        yield Check(cell.resource, False, f"{m.group(0)!r}", hit)
    yield Check(None, True, "text scanned")
