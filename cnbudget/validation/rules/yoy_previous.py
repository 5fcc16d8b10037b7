"""With last year's package at hand: each stated change equals this year's table value minus
last year's (signed by the direction word), in the unit of the statement."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import Comparison, judge
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip
from cnbudget.validation.targets import NoTarget, resolve


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    if ctx.previous is None:
        raise CouldNotRun("no previous year's package was given (--previous)")
    year, prev_year = ctx.fiscal_year, ctx.previous.metadata.get("fiscal_year")
    for fig in ctx.require("stated_figures").rows:
        if fig.get("kind") != "change":
            continue
        if year is not None and fig.get("base_year") and str(fig["base_year"]) != str(
                prev_year):
            yield Skip(f"figure {fig.get('figure_id')}: base year {fig['base_year']} is not "
                       f"the previous package's year {prev_year}", "stated_figures")
            continue
        try:
            now = resolve(ctx.disclosure, fig, by_link=False)
            before = resolve(ctx.previous, fig, by_link=False)
            stated = amounts.parse(fig.get("value"))
        except (NoTarget, BadAmount) as exc:
            yield Skip(f"figure {fig.get('figure_id')}: {exc}", "stated_figures")
            continue
        f_fig = amounts.factor(fig.get("unit"))
        f_now, f_before = amounts.factor(now.unit), amounts.factor(before.unit)
        if stated is None or f_fig is None or f_now is None or f_before is None:
            yield Skip(f"figure {fig.get('figure_id')}: no value or unknown unit",
                       "stated_figures")
            continue
        sign = -1 if fig.get("direction") == "decrease" and stated > 0 else 1
        actual_change = (now.value * f_now - before.value * f_before) / f_fig
        tol = amounts.tolerance(1, [fig.get("value")]) + amounts.tolerance(
            2, [now.text, before.text]) * max(f_now, f_before) / f_fig
        comparison = Comparison(expected=actual_change, actual=stated * sign, tolerance=tol)
        hit = ctx.hit("stated_figures", fig, "value", values={
            "now": now.text, "before": before.text, "quantity": str(fig.get("quantity"))})
        hit.label = str(fig.get("quantity") or "")
        yield judge(comparison, hit, f"{fig.get('figure_id')} change")
