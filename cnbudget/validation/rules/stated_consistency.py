"""Two statements in the narrative about the same quantity agree with each other (amounts
of quantity ``unclassified`` name no single quantity and are not compared).

A change is compared only where its sentence also states the quantity's level ("人员经费
500万元，比上年增加20万元"): a change stated alone is an attribution ("原因是…人员经费减少
139.51万元"; "西安地区科技交流中心人员经费…减少69.38万元"), often of one item or one unit of
the department, and two of them need not be the same change (XA 综合预算 2022 p22-p29)."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.model import Row
from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    figures = ctx.require("stated_figures")
    groups: dict[tuple[str, str], list[Row]] = {}
    levels = {(fig.get("section_id"), fig.get("sentence"), fig.get("quantity"))
              for fig in figures.rows if fig.get("kind") == "level"}
    for fig in figures.rows:
        if fig.get("value") in (None, "") or fig.get("quantity") == "unclassified":
            continue
        if fig.get("kind") == "change" and (fig.get("section_id"), fig.get("sentence"),
                                            fig.get("quantity")) not in levels:
            continue
        key = (str(fig.get("quantity")), str(fig.get("kind")))
        if fig.get("kind") == "change":
            key = (key[0], f"change:{fig.get('base_year')}")
        groups.setdefault(key, []).append(fig)
    for (quantity, _kind), figs in groups.items():
        first = figs[0]
        for other in figs[1:]:
            f1, f2 = amounts.factor(first.get("unit")), amounts.factor(other.get("unit"))
            if f1 is None or f2 is None:
                f1 = f2 = amounts.factor("元")
            assert f1 is not None and f2 is not None
            try:
                comparison = compare_values(other.get("value"), f2, first.get("value"), f1,
                                            truncation=True)
            except BadAmount as exc:
                yield Skip(str(exc), "stated_figures")
                continue
            hit = ctx.hit("stated_figures", other, "value", values={
                "quantity": quantity, "other": str(first.get("figure_id"))})
            hit.label = quantity
            yield judge(comparison, hit, f"{quantity}: {other.get('figure_id')} vs "
                                         f"{first.get('figure_id')}")
