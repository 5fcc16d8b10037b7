"""Rules of the standard 0.2 on the summary-table variants (CNB-ARI-036 … 039), on the
reference package with the variant's lines added in memory: each holds on consistent
figures and fails on a changed one."""

from __future__ import annotations

from typing import Any

import pytest
from validation_support import REFERENCE

from cnbudget.model import Disclosure
from cnbudget.validation.loading import load
from cnbudget.validation.runner import run_rules

BS = "budget_summary"
TP = "three_public_expenses"


def _reference() -> Disclosure:
    return load(REFERENCE).disclosure


def _outcomes(d: Disclosure, code: str) -> list[bool]:
    return [o.passed for o in run_rules(d, codes={code}).outcomes if o.code == code]


def _row(d: Disclosure, name: str, **where: Any) -> dict[str, Any]:
    return next(r for r in d.tables[name].rows if all(r.get(k) == v for k, v in where.items()))


def _by_purpose(d: Disclosure, basic: str, project: str) -> None:
    """Expenditure by purpose printed beside the classes (JS province 支出用途)."""
    rows = d.tables[BS].rows
    top = max(int(r["position"]) for r in rows if r["side"] == "expenditure")
    for k, (key, item, amount) in enumerate([("basic_expenditure", "一、基本支出", basic),
                                             ("project_expenditure", "二、项目支出", project)]):
        rows.append({"position": top + 1 + k, "side": "expenditure", "item": item,
                     "item_key": key, "amount": amount})


def test_expenditure_by_purpose_beside_classes() -> None:
    d = _reference()
    subtotal = _row(d, BS, side="expenditure", item_key="expenditure_subtotal")["amount"]
    assert all(_outcomes(d, "CNB-ARI-036"))  # not printed: nothing to add up
    _by_purpose(d, "300.00", f"{float(subtotal) - 300:.2f}")
    assert _outcomes(d, "CNB-ARI-036") == [True]
    assert _outcomes(d, "CNB-ARI-004") == [True]  # the classes still add up
    d = _reference()
    _by_purpose(d, "300.00", f"{float(subtotal) - 310:.2f}")
    assert _outcomes(d, "CNB-ARI-036") == [False]


def _split(d: Disclosure, personnel: str, public: str, basic: str | None) -> dict[str, Any]:
    row = _row(d, BS, side="expenditure", item_key="function_class")
    amount = float(row["amount"])
    row.update(personnel=personnel, public_expenses=public, basic=basic,
               project=f"{amount - float(personnel) - float(public):.2f}")
    return row


def test_expenditure_line_split() -> None:
    d = _reference()
    assert _outcomes(d, "CNB-ARI-037") == [] or all(_outcomes(d, "CNB-ARI-037"))
    _split(d, "10.00", "5.00", None)
    assert set(_outcomes(d, "CNB-ARI-037")) == {True}
    row = _split(d, "10.00", "5.00", "15.00")
    assert set(_outcomes(d, "CNB-ARI-038")) == {True}
    row["project"] = "1.00"
    assert False in _outcomes(d, "CNB-ARI-037")
    row.update(basic="16.00")
    assert False in _outcomes(d, "CNB-ARI-038")


def test_three_public_total_with_meetings_and_training() -> None:
    d = _reference()
    rows = d.tables[TP].rows
    three = _row(d, TP, item_key="three_public_subtotal")
    total = next((r for r in rows if r["item_key"] == "total"), None)
    if total is None:
        total = {"item": "合计", "item_key": "total", "position": 0}
        rows.insert(0, total)
    top = max(int(r["position"]) for r in rows)
    funds = ("total", "general_public_budget", "government_fund", "state_capital")
    printed = [f for f in funds if three.get(f) not in (None, "")]
    for k, (key, item) in enumerate([("meetings", "会议费"), ("training", "培训费")]):
        rows.append({"position": top + 1 + k, "item": item, "item_key": key,
                     **{f: ("5.00" if f in ("total", "general_public_budget") else None)
                        for f in printed}})
    for f in funds:
        extra = 10 if f in ("total", "general_public_budget") else 0
        total[f] = f"{float(three[f]) + extra:.2f}" if f in printed else None
    assert set(_outcomes(d, "CNB-ARI-039")) == {True}
    total["total"] = f"{float(three['total']) + 11:.2f}"
    assert False in _outcomes(d, "CNB-ARI-039")


INCOME_PARTS = [
    # 北京 预算02表: 上年结转结余 > 小计 | 一般公共预算资金 | … | 单位资金
    ("CNB-ARI-121", {"carryover_in": "20.00", "carryover_in_general_public_budget": "12.00",
                     "carryover_in_unit_funds": "8.00"}, "carryover_in_unit_funds"),
    # 江苏省级 收入预算总表: 一般公共预算资金 > 小计 | 公共财政拨款(补助)资金 | 专项收入
    ("CNB-ARI-122", {"general_public_budget_grant": "20.00",
                     "general_public_budget_appropriation": "15.00",
                     "general_public_budget_special_revenue": "5.00"},
     "general_public_budget_special_revenue"),
]


@pytest.mark.parametrize(("code", "values", "broken"), INCOME_PARTS,
                         ids=[c[0] for c in INCOME_PARTS])
def test_income_column_parts(code: str, values: dict[str, str], broken: str) -> None:
    """An income column split into its parts: holds when they add up, fails on a changed
    part, and is not compared where the parts are not printed."""
    d = _reference()
    row = d.tables["income_summary"].rows[0]
    assert all(_outcomes(d, code))  # not printed: nothing fails
    row.update(values)
    assert set(_outcomes(d, code)) == {True}
    row[broken] = f"{float(values[broken]) - 1:.2f}"
    assert False in _outcomes(d, code)


def test_income_special_account_split() -> None:
    d = _reference()
    row = d.tables["income_summary"].rows[0]
    row.update(special_account_income="20.00", education_fees="12.00",
               other_special_account_income="8.00")
    assert set(_outcomes(d, "CNB-ARI-040")) == {True}
    row["other_special_account_income"] = "7.00"
    assert False in _outcomes(d, "CNB-ARI-040")


def test_general_budget_change_against_previous_year() -> None:
    d = _reference()
    row = _row(d, "general_budget_expenditure", function_code="201")
    total = float(row["total"])
    row.update(prior_year_actual=f"{total + 100:.2f}", change_amount="-100.00",
               total_excl_capital=row["total"], prior_year_actual_excl_capital="1.00",
               change_amount_excl_capital=f"{total - 1:.2f}")
    assert set(_outcomes(d, "CNB-ARI-041")) == {True}
    assert set(_outcomes(d, "CNB-ARI-042")) == {True}
    row.update(change_amount="-99.00", change_amount_excl_capital=f"{total - 2:.2f}")
    assert False in _outcomes(d, "CNB-ARI-041")
    assert False in _outcomes(d, "CNB-ARI-042")


def test_general_budget_project_net_of_capital_construction() -> None:
    """北京 预算05表 prints 项目支出 > 扣除基建项目后预算数: a part of the row's project."""
    d = _reference()
    rows = [r for r in d.tables["general_budget_expenditure"].rows
            if r.get("project") not in (None, "") and float(r["project"]) > 0]
    assert rows
    assert all(_outcomes(d, "CNB-ARI-120"))  # not printed: nothing fails
    for r in rows:
        r["project_excl_capital"] = r["project"]
    assert set(_outcomes(d, "CNB-ARI-120")) == {True}
    rows[0]["project_excl_capital"] = f"{float(rows[0]['project']) + 1:.2f}"
    assert False in _outcomes(d, "CNB-ARI-120")


def test_expenditure_by_fund_source_row_total() -> None:
    """CNB-ARI-130 (西安 支出总表 by fund source): each row's 合计 is the sum of its printed
    fund columns; a column changed by one unit of its last decimal breaks it."""
    from decimal import Decimal

    d = _reference()
    rows = [r for r in d.tables["expenditure_summary"].rows if r.get("total") not in (None, "")]
    assert all(_outcomes(d, "CNB-ARI-130"))  # no fund column printed: nothing fails
    for r in rows:  # the table prints its fund columns on every row
        r["general_public_budget_grant"] = r["total"]
    row = rows[0]
    total = Decimal(str(row["total"]))
    row.update(general_public_budget_grant=str(total - Decimal("10.00")),
               public_institution_income="10.00")
    assert set(_outcomes(d, "CNB-ARI-130")) == {True}
    row["public_institution_income"] = "10.01"
    assert False in _outcomes(d, "CNB-ARI-130")


def test_special_funds_within_the_general_budget_grant() -> None:
    """CNB-ARI-131 (西安 收入总表 其中：专项资金列入部门预算项目): a part of the general
    public budget grant never exceeds it."""
    d = _reference()
    row = d.tables["income_summary"].rows[0]
    row.update(general_public_budget_grant="100.00", special_funds_in_budget="100.00")
    assert set(_outcomes(d, "CNB-ARI-131")) == {True}
    row["special_funds_in_budget"] = "100.01"
    assert False in _outcomes(d, "CNB-ARI-131")
