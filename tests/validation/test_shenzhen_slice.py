"""Regression tests of the Shenzhen slice (issues 10, 11): arithmetic that does not depend on
the codelist knowing a code, the 单位资金 group, and the stated figures of the SZ 说明."""

from __future__ import annotations

from cnbudget.converters.facts import PAGE_MARK, _facts_of, _label
from cnbudget.converters.mapping.two_list import identify_item
from cnbudget.validation.rules.item_sum import detail_rows


def _row(position: int, item: str, key: str, code: str | None, amount: str) -> dict[str, object]:
    return {"position": position, "side": "expenditure", "item": item, "item_key": key,
            "function_code": code, "amount": amount}


def test_uncoded_lines_under_a_class_are_detail() -> None:
    # gd-shenzhen-2026-budget-08cc7487 p23-p24: 六、交通运输支出 with 款/项 by name; a name the
    # codelist lacks (here a made-up one) must not become an addend of 本年支出合计
    rows = [_row(1, "六、交通运输支出", "function_class", "214", "357233.33"),
            _row(2, "公路水路运输", "other", "21401", "245279.17"),
            _row(3, "某个代码表未收录的项", "other", None, "434.31"),
            _row(4, "事业单位经营支出", "other", None, "5.00"),
            _row(5, "本年支出合计", "expenditure_subtotal", None, "357238.33")]
    got = {r["position"] for r in rows if id(r) in detail_rows(rows)}  # type: ignore[arg-type]
    # the summary item printed among the classes stays a line of the list
    assert got == {2, 3}


def test_no_detail_where_the_list_prints_classes_only() -> None:
    rows = [_row(1, "一、一般公共服务支出", "function_class", "201", "10.00"),
            _row(2, "未识别的一行", "other", None, "1.00")]
    assert detail_rows(rows) == set()  # type: ignore[arg-type]


def test_carryover_lines_are_typed() -> None:
    assert identify_item("1.财政拨款结余、结转", "income", True)[0] == "carryover_fiscal_grant"
    assert identify_item("2.非财政拨款结余、结转", "income", True)[0] == "carryover_non_fiscal"
    assert identify_item("2.政府性基金预算拨款结余、结转", "income", True)[0] == \
        "carryover_government_fund"
    # outside a carry-over heading nothing changes
    assert identify_item("1.一般公共预算拨款", "income", False)[0] == \
        "general_public_budget_grant"


def test_heading_names_the_next_sentence() -> None:
    # gd-shenzhen-2026-budget-10b50f71 p8: “2.公务接待费。2026年预算数1.44万元，较2025年年初
    # 预算增加0.00万元”
    label = _label("2.公务接待费。")
    assert label == "reception"
    facts = _facts_of("2026年预算数1.44万元，较2025年年初预算增加0.00万元，主要是用于接待。",
                      2026, None, False, label)
    assert [(f["quantity"], f["kind"], f["value"]) for f in facts] == [
        ("reception", "level", "1.44"), ("reception", "change", "0.00")]
    assert _label("3.公务用车购置和运行维护费。") == "vehicles"
    assert _label("一、部门主要职责。") is None


def test_page_numbers_and_fees() -> None:
    assert PAGE_MARK.sub("", "较2025年- 5 -年初预算增加0.00万元") == "较2025年年初预算增加0.00万元"
    assert PAGE_MARK.sub("", "2024-12-31") == "2024-12-31"
    # gd-shenzhen-2026-budget-3188820c p8: a fee named after 政府采购 is a project
    assert [f["quantity"] for f in _facts_of("市本级政府采购业务费3600.00万元，用于支付交易服务费；",
                                             2026, None)] == ["unclassified"]
    assert [f["quantity"] for f in _facts_of(
        "纳入2026年部门预算的政府采购项目共有3,790.75万元", 2026, None)] == ["procurement_total"]
