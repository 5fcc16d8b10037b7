"""Bounded cost on the corpus document that used to exhaust the machine: 无锡市教育局 2026
(js-city-2026-budget-17a8236f.pdf, 65 pages, 416 KB) grew past 7 GB in minutes, in the
self-check's reading of its 276-row procurement list as a tree of subtotals. It now converts
with the self-check, reaches no limit, and the tree is found without a single dead end
(counted, not timed)."""

from __future__ import annotations

from decimal import Decimal

from cnbudget import limits
from cnbudget.converters import convert
from cnbudget.validation.amounts import parse, tolerance
from cnbudget.validation.rules.label_total import Budget, forms_tree
from tests.converters.corpus import corpus_file


def test_js_city_procurement_tree_is_checked_within_bounds() -> None:
    disclosure = convert([corpus_file("js-city-2026-budget-17a8236f.pdf")])
    assert disclosure.report.limits == []
    procurement = disclosure.tables["procurement"]
    assert len(procurement.rows) == 283
    assert procurement.pages == list(range(32, 50))
    [check] = [c for c in disclosure.report.checks if c.identity == "CNB-ARI-033"]
    assert check.holds, check.detail  # 合计 = the top level of the tree, in every column
    total, *others = procurement.rows
    assert total["item_name"] == "合计"
    for field in ("total", "general_public_budget"):
        texts = [r[field] for r in others if r.get(field)]
        values = [parse(t) or Decimal(0) for t in texts]
        budget = Budget(limits.MAX_TREE_STATES)
        assert forms_tree(values, parse(total[field]) or Decimal(0),
                          tolerance(1, [total[field], *texts]), budget)
        assert budget.left == limits.MAX_TREE_STATES, field  # no dead end on the way
