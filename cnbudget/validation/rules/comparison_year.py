"""A comparison with the wrong year: the text compares the fiscal year with itself or a
later year ("比2026年" in a 2026 document's own-year comparison), or states the fiscal year's
own figures under another year ("2025年预算收入686.71万元" in a 2026 budget, the figure being
the 2026 table's)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.reviewer import section_heading
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec

LEAD_YEAR = re.compile(r"^\D{0,12}?(?<![比较与同])(\d{4})\s*年(?:度)?(?:部门|单位)?"
                       r"(?:预算|决算|收入|支出|收支|一般公共|财政拨款)")


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    if year is None:
        raise CouldNotRun("the package states no fiscal year")
    figures = ctx.require("stated_figures")
    seen: set[tuple[str, str]] = set()
    for fig in figures.rows:
        sentence = str(fig.get("sentence") or "")
        kind = fig.get("kind")
        problem = stated = ""
        if kind in ("change", "previous") and fig.get("base_year"):
            base = int(str(fig["base_year"]))
            if base >= year and re.search(rf"(?:比|较|与|同)\s*{base}\s*年", sentence):
                problem, stated = "base", str(base)
        elif kind == "level" and fig.get("target_resource"):
            m = LEAD_YEAR.search(sentence)
            if m and int(m.group(1)) != year and fig.get("position") == min(
                    (f.get("position") for f in figures.rows if f.get("sentence") == sentence),
                    key=lambda p: int(p or 0)):
                problem, stated = "level", m.group(1)
        if not problem:
            yield Check("stated_figures", True, str(fig.get("figure_id")))
            continue
        if (sentence, problem) in seen:
            continue
        seen.add((sentence, problem))
        hit = ctx.hit("stated_figures", fig, "base_year" if problem == "base" else "value",
                      values={"sentence": sentence.strip(), "stated_year": stated,
                              "fiscal_year": str(year), "section": section_heading(ctx, fig),
                              "problem": problem})
        hit.label = str(fig.get("quantity") or "")
        hit.actual, hit.expected = stated, str(year - 1 if problem == "base" else year)
        yield Check("stated_figures", False, f"{fig.get('figure_id')}: {problem} {stated}", hit)
