"""A year-on-year change in a budget of year N compares with year N − 1."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    if year is None:
        raise CouldNotRun("the package declares no fiscal year")
    for fig in ctx.require("stated_figures").rows:
        if fig.get("kind") != "change" or not fig.get("base_year"):
            continue
        base = str(fig.get("base_year"))
        if base == str(year - 1):
            yield Check("stated_figures", True, str(fig.get("figure_id")))
            continue
        hit = ctx.hit("stated_figures", fig, "base_year", expected=str(year - 1), actual=base)
        hit.label = str(fig.get("quantity") or "")
        yield Check("stated_figures", False, f"{fig.get('figure_id')}: base year {base}", hit)
