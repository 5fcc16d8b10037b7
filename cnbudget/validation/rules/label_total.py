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
from dataclasses import dataclass, replace
from decimal import Decimal

from cnbudget import limits
from cnbudget.limits import LimitReached
from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount, parse, tolerance
from cnbudget.validation.context import Context
from cnbudget.validation.identity import TOTAL_LABELS, compare_sum, judge, rounding_allowed
from cnbudget.validation.rulebase import Check, Event, RuleSpec, Skip

GROUP_FIRST = 2
"""While at most this many groups are open, the tree search reads a row as a group before
it tries it as an item; deeper, as an item first. Printed trees are shallow (合计 > 货物 >
单位 > items opens two groups above the items): every tree in the corpus is then found
without a single wrong turn, where trying groups first at every depth met up to 8,500."""
GROUP_ROUNDING = 4
"""Half units by which a printed subtotal may differ from the sum of its rows: a unit's
subtotal over dozens of projects, each rounded (广州 项目支出表: 9,641.52 over 41 projects
summing to 9,641.51)."""


class TooManyReadings(Exception):
    """The tree search met more dead ends than its budget allows."""


@dataclass(slots=True)
class Budget:
    """Dead ends the tree search may still meet; shared by the fields of one table."""

    left: int


def forms_tree(values: list[Decimal], total: Decimal, eps: Decimal,
               budget: Budget | None = None) -> bool:
    """``values`` (in print order) can be read as a tree of items and subtotal groups whose
    top level sums to ``total`` (each group within ``eps`` of the sum of its children).

    A depth-first search over the readings of the rows in print order, which stops at the
    first that covers every row. Its state is the next row and, for each group still open
    (the top level first), the amount its children still have to make up; the states that
    lead nowhere are remembered. A row is tried as a group of the rows right after it and
    as an item, in the order :data:`GROUP_FIRST` gives. With amounts that are not negative,
    a state whose open groups need more than the rows left can give is dropped at once.

    Bounded cost: the readings can still grow exponentially with the rows (a row of the
    same amount as the next is a group of one or an item; a list that is no tree is read
    every way), so the search raises :class:`TooManyReadings` when ``budget`` (default
    :data:`cnbudget.limits.MAX_TREE_STATES` dead ends) runs out. The search it replaces
    listed every reading of every state: on a 276-row list (无锡市教育局 2026) its memo grew
    by 100,000 states a second until the machine ran out of memory."""
    if budget is None:
        budget = Budget(limits.MAX_TREE_STATES)
    n = len(values)
    prune = all(v >= 0 for v in values)
    rest = [Decimal(0)] * (n + 1)  # rest[i]: sum of values[i:]
    for i in range(n - 1, -1, -1):
        rest[i] = rest[i + 1] + values[i]
    zeros = [True] * (n + 1)  # zeros[i]: values[i:] are all 0 (within eps)
    for i in range(n - 1, -1, -1):
        zeros[i] = zeros[i + 1] and abs(values[i]) <= eps
    # a level: (the amount still to make up, the group's own value; None at the top)
    Levels = tuple[tuple[Decimal, Decimal | None], ...]
    dead: set[tuple[int, Levels]] = set()

    def completed(levels: Levels, v: Decimal) -> Levels | None:
        """The levels once a node of value ``v`` is read at the innermost one: ``()`` when
        that completes the top level, None when ``v`` is more than the level still needs."""
        while levels:
            left, own = levels[-1]
            if abs(v - left) <= eps:  # the level is complete: its group is a node above
                levels = levels[:-1]
                if own is None:
                    return ()
                v = own
            elif v < left - eps:
                return (*levels[:-1], (left - v, own))
            else:
                return None
        return None

    def reads(i: int, levels: Levels) -> bool:
        """Whether ``values[i:]`` complete the open ``levels`` exactly."""
        if i == n or (i, levels) in dead:
            return False
        v = values[i]
        # the rows left must make up every open level but the amounts of the open groups,
        # which complete their parents when the groups close
        if prune and sum(left for left, _ in levels) - sum(own or 0 for _, own in levels) > \
                rest[i] + eps * (n - i + len(levels)):
            return _dead(i, levels)
        left = levels[-1][0]
        group = v > eps and (abs(v - left) <= eps or v < left - eps)
        first = group and len(levels) <= GROUP_FIRST
        if first and reads(i + 1, (*levels, (v, v))):
            return True  # row i is a group of the rows after it
        after = completed(levels, v)  # row i is an item
        # the top level complete: the rows left may only be 0.00 rows (珠海 项目支出表: two
        # projects of 0.00 general_public_budget after the unit's subtotal and its rows)
        if after is not None and (zeros[i + 1] if after == () else reads(i + 1, after)):
            return True
        if group and not first and reads(i + 1, (*levels, (v, v))):
            return True
        return _dead(i, levels)

    def _dead(i: int, levels: Levels) -> bool:
        budget.left -= 1
        if budget.left < 0:
            raise TooManyReadings
        dead.add((i, levels))
        return False

    return reads(0, ((total, None),))


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    labels: list[str] = rule.param("label_fields")
    totals = [r for r in table.rows
              if any(str(r.get(f) or "").strip() in TOTAL_LABELS for f in labels)]
    others = [r for r in table.rows if r not in totals]
    budget = Budget(limits.MAX_TREE_STATES)
    for total in totals[:1]:
        for f in rule.param("fields"):
            try:
                comparison = compare_sum(total.get(f), [r.get(f) for r in others])
            except BadAmount as exc:
                yield Skip(f"{f}: {exc}", name)
                continue
            tree = False if comparison.within else _tree_holds(total, others, f, budget, name)
            if isinstance(tree, LimitReached):
                # not a flat sum, and the tree search stopped at a limit: not judged
                yield Skip(f"{f}: {tree.message}", name, replace(tree, where=f"{name}.{f}"))
                continue
            if tree:
                yield Check(name, True, f"合计 {f} (tree of subtotals)")
                continue
            yield judge(comparison, ctx.hit(name, total, f), f"合计 {f}")


def _tree_holds(total: Row, others: list[Row], f: str, budget: Budget,
                resource: str | None = None) -> bool | LimitReached:
    """Whether the other rows form a tree summing to the total; the limit that stopped the
    search, if one did."""
    texts = [r.get(f) for r in others if r.get(f) not in (None, "")]
    if not texts:
        return False
    t = parse(total.get(f))
    if t is None:
        return False
    if len(texts) > limits.MAX_TREE_ROWS:  # the search recurses once per row
        return LimitReached("tree_rows", limits.MAX_TREE_ROWS, len(texts))
    values = [parse(t) or Decimal(0) for t in texts]
    try:
        eps = (tolerance(GROUP_ROUNDING, [total.get(f), *texts]) if rounding_allowed(resource)
               else Decimal(0))  # a package held to exact arithmetic (identity.Policy)
        return forms_tree(values, t, eps, budget)
    except TooManyReadings:
        return LimitReached("tree_states", limits.MAX_TREE_STATES, limits.MAX_TREE_STATES)
