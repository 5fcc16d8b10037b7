"""A row labelled 合计/总计 = Σ the other rows, in each of ``fields`` (政府采购预算表).

Some provinces print the list as a tree of subtotals (苏州: 货物 > 单位 > items; 江苏:
一、货物A > 专项 > items), each level summing to the 合计. The rows are then read as such a
tree — a row is either an item or a group whose value is the sum of the rows right after
it — and the rule holds when the rows form one whose top level sums to the 合计. Otherwise
the finding compares the 合计 with the plain sum of the other rows.

params: resource; label_fields; fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount, parse, tolerance
from cnbudget.validation.context import Context
from cnbudget.validation.identity import TOTAL_LABELS, compare_sum, judge
from cnbudget.validation.rulebase import Check, Event, RuleSpec, Skip

MAX_ROWS = 400
"""Longer lists are only checked flat (the tree search is quadratic in the rows)."""
MAX_STEPS = 200_000
"""Lists whose tree reading takes longer are checked flat."""
GROUP_ROUNDING = 4
"""Half units by which a printed subtotal may differ from the sum of its rows: a unit's
subtotal over dozens of projects, each rounded (广州 项目支出表: 9,641.52 over 41 projects
summing to 9,641.51)."""


def forms_tree(values: list[Decimal], total: Decimal, eps: Decimal) -> bool:
    """``values`` (in print order) can be read as a tree of items and subtotal groups whose
    top level sums to ``total`` (each group within ``eps`` of the sum of its children)."""
    n = len(values)
    calls = [0]

    @cache
    def ends(i: int, target: Decimal) -> frozenset[int]:
        """End indices e such that values[i:e] is a sequence of nodes summing to target."""
        calls[0] += 1
        if calls[0] > MAX_STEPS:
            raise RecursionError("tree search too long")
        if i >= n:
            return frozenset()
        out: set[int] = set()
        v = values[i]
        node_ends = {i + 1}
        if v > eps:
            node_ends |= ends(i + 1, v)
        for k in node_ends:
            if abs(v - target) <= eps:
                out.add(k)
            elif v < target - eps:
                out |= ends(k, target - v)
        return frozenset(out)

    return n in ends(0, total)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    labels: list[str] = rule.param("label_fields")
    totals = [r for r in table.rows
              if any(str(r.get(f) or "").strip() in TOTAL_LABELS for f in labels)]
    others = [r for r in table.rows if r not in totals]
    for total in totals[:1]:
        for f in rule.param("fields"):
            try:
                comparison = compare_sum(total.get(f), [r.get(f) for r in others])
            except BadAmount as exc:
                yield Skip(f"{f}: {exc}", name)
                continue
            if not comparison.within and _tree_holds(total, others, f):
                yield Check(name, True, f"合计 {f} (tree of subtotals)")
                continue
            yield judge(comparison, ctx.hit(name, total, f), f"合计 {f}")


def _tree_holds(total: Row, others: list[Row], f: str) -> bool:
    texts = [r.get(f) for r in others if r.get(f) not in (None, "")]
    if not texts or len(texts) > MAX_ROWS:
        return False
    values = [parse(t) or Decimal(0) for t in texts]
    t = parse(total.get(f))
    if t is None:
        return False
    try:
        return forms_tree(values, t, tolerance(GROUP_ROUNDING, [total.get(f), *texts]))
    except RecursionError:  # a list too deep to read as a tree: checked flat
        return False
