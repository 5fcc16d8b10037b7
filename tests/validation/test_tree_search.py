"""The procurement 合计 rule's tree search (label_total.forms_tree): the same answers as an
exhaustive search, found without wrong turns on printed trees, and bounded: a list that is
no tree stops at the budget, the identity is reported as not evaluated and the limit goes
on the conversion report. Counted quantities only (dead ends), no timing."""

from __future__ import annotations

import random
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnbudget import limits
from cnbudget.converters import selfcheck
from cnbudget.model import Disclosure, Table
from cnbudget.package import report_dict
from cnbudget.validation.rules.label_total import Budget, TooManyReadings, forms_tree
from cnbudget.validation.runner import run_rules

EPS = Decimal("0.005")


def exhaustive(values: list[Decimal], total: Decimal, eps: Decimal) -> bool:
    """Every reading of every state (the search before it was bounded): the oracle."""
    n = len(values)

    @cache
    def ends(i: int, target: Decimal) -> frozenset[int]:
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

    # rows of 0.00 may follow the complete tree (items of nothing at the top level)
    return any(all(abs(v) <= eps for v in values[k:]) for k in ends(0, total))


def printed_tree(rng: random.Random, groups: int, depth: int = 2) -> tuple[list[Decimal], Decimal]:
    """Rows of a tree of ``groups`` top-level groups, ``depth`` group levels above the
    items (合计 > 货物 > 单位 > items for depth 2), in print order, and their total."""
    def node(level: int) -> tuple[list[Decimal], Decimal]:
        if level == depth:
            value = Decimal(rng.randint(1, 50_000)) / 100
            return [value], value
        children = [node(level + 1) for _ in range(rng.randint(1, 4))]
        value = sum((v for _, v in children), Decimal(0))
        return [value, *(r for rows, _ in children for r in rows)], value
    nodes = [node(0) for _ in range(groups)]
    return [r for rows, _ in nodes for r in rows], sum((v for _, v in nodes), Decimal(0))


amounts = st.lists(st.sampled_from([Decimal(x) for x in ("0", "0.5", "1", "1.25", "2", "2",
                                                         "3", "5", "-1")]), max_size=9)


@settings(max_examples=300, deadline=None)
@given(values=amounts, total=st.integers(-2, 20), eps=st.sampled_from(["0", "0.005", "0.5"]))
def test_same_answer_as_the_exhaustive_search(values: list[Decimal], total: int,
                                              eps: str) -> None:
    assert forms_tree(values, Decimal(total), Decimal(eps)) == \
        exhaustive(values, Decimal(total), Decimal(eps))


def test_zero_rows_after_a_closed_subtotal() -> None:
    """珠海 (gd-city-2026-budget-a53a7cf2 p18) 项目支出表, general_public_budget: 合计
    736.92; the unit 736.92 = 691.81 + 39.71 + 5.40; then two projects of 0.00. A tree;
    a row of 5.00 instead of the last 0.00 is none."""
    d = [Decimal(x) for x in ("736.92", "691.81", "39.71", "5.40", "0.00", "0.00")]
    assert forms_tree(d, Decimal("736.92"), EPS)
    assert exhaustive(d, Decimal("736.92"), EPS)
    bad = [*d[:-1], Decimal("5.00")]
    assert not forms_tree(bad, Decimal("736.92"), EPS)
    assert not forms_tree(d, Decimal("736.93"), Decimal(0))


@pytest.mark.parametrize("seed", range(20))
def test_same_answer_on_trees_and_near_trees(seed: int) -> None:
    rng = random.Random(seed)
    values, total = printed_tree(rng, 2, depth=rng.choice([1, 2, 3]))
    if len(values) > 40:
        values = values[:40]
    for t in (total, total + Decimal("0.01"), total - values[-1]):
        assert forms_tree(values, t, EPS) == exhaustive(values, t, EPS)


def test_printed_trees_are_found_without_a_wrong_turn() -> None:
    # three levels of rows under the total, as the corpus prints them (up to 276 rows)
    values, total = printed_tree(random.Random(7), 12)
    assert len(values) == 141
    budget = Budget(limits.MAX_TREE_STATES)
    assert forms_tree(values, total, EPS, budget)
    assert budget.left == limits.MAX_TREE_STATES


def test_a_near_tree_stops_at_the_budget() -> None:
    # one cent off: no reading covers the rows, and the readings are too many to try all
    values, total = printed_tree(random.Random(7), 12)
    with pytest.raises(TooManyReadings):
        forms_tree(values, total + Decimal("0.01"), EPS, Budget(limits.MAX_TREE_STATES))
    small = values[:12]  # a short list is searched to the end: no tree
    assert not forms_tree(small, sum(small, Decimal(0)) + 1, EPS)


def _procurement(values: list[Decimal], total: Decimal) -> Disclosure:
    rows = [{"item_name": "合计", "total": str(total), "position": 1}]
    rows += [{"item_name": f"品目{k}", "total": str(v), "position": k + 2}
             for k, v in enumerate(values)]
    return Disclosure(metadata={"unit": "万元"},
                      tables={"procurement": Table("procurement", rows=rows)})


def test_the_limit_is_reported_not_judged() -> None:
    values, total = printed_tree(random.Random(7), 12)
    # off by more than the rounding a subtotal may carry (GROUP_ROUNDING half units)
    disclosure = _procurement(values, total + Decimal("0.05"))
    result = run_rules(disclosure, codes=["CNB-ARI-033"])
    assert not result.findings  # not judged: neither held nor failed
    [skipped] = result.not_evaluated
    assert skipped.code == "CNB-ARI-033" and "tree of subtotals" in skipped.reason
    [record] = result.limits
    assert (record.code, record.limit, record.where) == (
        "tree_states", limits.MAX_TREE_STATES, "procurement.total")
    selfcheck.run(disclosure)
    assert report_dict(disclosure.report)["limits"] == [{
        "code": "tree_states", "where": "procurement.total", "page": None,
        "limit": limits.MAX_TREE_STATES, "count": limits.MAX_TREE_STATES,
        "message": f"more than {limits.MAX_TREE_STATES} dead ends reading the rows as a tree "
                   "of subtotals; the 合计 was not checked against such a tree"}]
    # the tree as printed holds, and nothing is reported
    disclosure = _procurement(values, total)
    result = run_rules(disclosure, codes=["CNB-ARI-033"])
    assert result.limits == [] and result.not_evaluated == []
    assert [o.passed for o in result.outcomes] == [True]


def test_a_list_too_long_for_the_search_is_reported() -> None:
    values = [Decimal("1.00")] * (limits.MAX_TREE_ROWS + 1)
    disclosure = _procurement(values, Decimal("7.00"))  # neither the sum nor a tree
    result = run_rules(disclosure, codes=["CNB-ARI-033"])
    assert not result.findings
    [record] = result.limits
    assert (record.code, record.limit, record.count, record.where) == (
        "tree_rows", limits.MAX_TREE_ROWS, limits.MAX_TREE_ROWS + 1, "procurement.total")
    assert "were not read as a tree of subtotals" in result.not_evaluated[0].reason
