"""Text against tables: every level figure the narrative states equals the table value it
names, after 元/万元 conversion (counts such as 车辆 are compared as they are).

params: exclude (quantities checked by other rules, e.g. operating_costs).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Event, RuleSpec, Skip
from cnbudget.validation.targets import NoTarget, quantity_meta, resolve

ONE = Decimal(1)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    figures = ctx.require("stated_figures")
    exclude = set(rule.param("exclude", []))
    for fig in figures.rows:
        quantity = str(fig.get("quantity") or "")
        if fig.get("kind") != "level" or quantity in exclude:
            continue
        try:
            target = resolve(ctx.disclosure, fig)
        except (NoTarget, BadAmount) as exc:
            yield Skip(f"figure {fig.get('figure_id')} ({quantity}): {exc}", "stated_figures")
            continue
        money = quantity_meta(quantity).get("unit_kind", "money") == "money"
        f_fig = amounts.factor(fig.get("unit")) if money else ONE
        f_tab = amounts.factor(target.unit) if money else ONE
        if f_fig is None or f_tab is None:
            yield Skip(f"figure {fig.get('figure_id')}: unknown unit", "stated_figures")
            continue
        # a figure of the text coarser than its table may be worked out from other rounded
        # figures (北京市城市副中心 说明 p5: 基本支出 921.33 = 30939.12 - 30017.79, the table's
        # 921.324552): one unit of its last digit, two roundings
        rounded = 2 if amounts.decimals(fig.get("value")) < amounts.decimals(target.text) \
            else 1
        try:
            comparison = compare_values(fig.get("value"), f_fig, target.text, f_tab,
                                        rounded=rounded, truncation=True)
        except BadAmount as exc:
            yield Skip(f"figure {fig.get('figure_id')}: {exc}", "stated_figures")
            continue
        hit = ctx.hit("stated_figures", fig, "value", values={
            "quantity": quantity, "target": target.describe(),
            "sentence": str(fig.get("sentence") or "")[:80]})
        hit.label = quantity
        yield judge(comparison, hit, f"{fig.get('figure_id')} {quantity}")
