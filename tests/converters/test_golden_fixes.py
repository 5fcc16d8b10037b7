"""Converter errors found while checking golden packages against the rendered pages
(tests/fixtures/CHECKED.md), each tested on its real document with the printed figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cnbudget.converters import Options, convert
from tests.converters.corpus import files


def _dec(v: Any) -> Decimal:
    return Decimal(str(v)) if v not in (None, "") else Decimal(0)


def test_header_split_over_a_page_break_keeps_its_sides() -> None:
    # 江苏省高级人民法院 2018, 四、财政拨款收支预算总表: 收入 | 支出 at the foot of p10, the
    # columns (项目名称 | 金额 | 支出用途 > 项目名称 | 金额) and the rows on p11
    d = convert(files("js-prov-tables-2018-budget-dc64772a"), Options())
    t = d.tables["fiscal_grant_summary"]
    got = {(r["side"], r["item_key"]): r.get("total") for r in t.rows}
    assert got[("income", "general_public_budget_grant")] == "33172.15"
    assert got[("income", "income_subtotal")] == "33172.15"
    assert got[("expenditure", "expenditure_subtotal")] == "33172.15"
    spend = [r for r in t.rows if r["side"] == "expenditure"]
    assert [(r["item"], r["total"]) for r in spend] == [
        ("一、基本支出", "18570.82"), ("二、项目支出", "11343.27"),
        ("三、单位预留机动经费", "3258.06"), ("支出合计", "33172.15")]
    assert sum(_dec(r["total"]) for r in spend[:3]) == _dec(spend[3]["total"])
    # no amount is read as an item label
    assert not [r for r in t.rows if any(ch.isdigit() for ch in (r["item"] or "")[:2])]
    failed = [c for c in d.report.checks if c.table == "fiscal_grant_summary" and not c.holds]
    assert not failed, failed


def test_institution_income_without_education_fees_is_typed() -> None:
    # 烟台市大数据局 2026 p6 公开表1: 三、事业收入（不含教育收费） is 事业收入, printed empty
    d = convert(files("sd-yantai-dashuju-2026-budget"), Options())
    rows = [r for r in d.tables["budget_summary"].rows if r["item"] == "三、事业收入（不含教育收费）"]
    assert len(rows) == 1 and rows[0]["item_key"] == "public_institution_income"


def test_former_class_names_of_2018_are_classes() -> None:
    # 江苏省高级人民法院 2018 p9 收支预算总表 prints the classes by their 2018 names:
    # 七、文化体育与传媒支出 (207) and 十七、国土海洋气象等支出 (220)
    d = convert(files("js-prov-tables-2018-budget-dc64772a"), Options())
    by_item = {r["item"]: (r["item_key"], r["function_code"])
               for r in d.tables["budget_summary"].rows if r["side"] == "expenditure"}
    assert by_item["七、文化体育与传媒支出"] == ("function_class", "207")
    assert by_item["十七、国土海洋气象等支出"] == ("function_class", "220")
    assert by_item["四、公共安全支出"] == ("function_class", "204")


def test_procurement_fund_columns_named_income_are_typed() -> None:
    # 重庆市商务委员会 2026 p24 表九 政府采购预算明细表: 一般公共预算拨款收入 | 财政专户管理资金收入
    d = convert(files("cq-2026-budget-5c6aea1e"), Options())
    rows = {r["item_name"]: r for r in d.tables["procurement"].rows}
    total = rows["合计"]
    assert (total["total"], total["general_public_budget"], total["special_account"],
            total["public_institution_income"], total["other_income"]) == (
        "6546.82", "5499.84", "746.83", "208.00", "82.15")
    parts = [rows[k] for k in ("货物", "工程", "服务")]
    for f in ("total", "general_public_budget", "special_account"):
        assert sum(_dec(r.get(f)) for r in parts) == _dec(total[f]), f
    # 事业单位经营收入 (10.00 in 合计 and 货物) is procurement.business_income (0.2), no longer
    # left in x_extra_columns; every row adds up
    assert (total["business_income"], rows["货物"]["business_income"]) == ("10.00", "10.00")
    assert sum(_dec(r.get("business_income")) for r in parts) == _dec(total["business_income"])
    extra = [r for r in d.tables["x_extra_columns"].rows if r["resource"] == "procurement"
             and r["header"] == "事业单位经营收入"]
    assert extra == []


def test_beijing_junmin_print_is_inconsistent_where_its_identities_fail() -> None:
    # 中共北京市委军民融合发展委员会办公室 2026 (预算表 only): every failing identity is the
    # print's own, read on the rendered pages
    d = convert(files("bj-junmin-ronghe-ban-2026-budget-tables"), Options())
    spend = [r for r in d.tables["budget_summary"].rows if r["side"] == "expenditure"]
    # p1-p2 预算01表: the five classes printed sum to 7,246.309668; 本年支出合计 9,151.309668
    classes = [r for r in spend if r["item_key"] == "function_class" and r.get("amount")]
    assert sum(_dec(r["amount"]) for r in classes) == Decimal("7246.309668")
    assert [r["amount"] for r in spend if r["item_key"] == "expenditure_subtotal"] == \
        ["9151.309668"]
    # p8 预算05表: the rows printed are basic expenditure only (Σ 2,074.253418 = 基本支出
    # 小计); the 合计 9,151.309668 adds 项目支出 7,077.056250 printed on no row
    gbe = d.tables["general_budget_expenditure"].rows
    total = next(r for r in gbe if r["function_name"] == "合计")
    assert sum(_dec(r["total"]) for r in gbe if r is not total) == Decimal("2074.253418")
    assert (total["total"], total["basic"], total["project"]) == (
        "9151.309668", "2074.253418", "7077.056250")
    # p13 预算09表: 公务用车购置及运行维护费 小计 printed empty; 40.77 = 17.10 + 0.15 + 18.69 + 4.83
    tp = {r["item_key"]: r.get("total") for r in d.tables["three_public_expenses"].rows}
    assert tp["vehicles"] in (None, "")
    assert sum(_dec(tp[k]) for k in ("overseas_travel", "reception", "vehicle_purchase",
                                     "vehicle_operation")) == _dec(tp["three_public_subtotal"])
    # p15 预算11表: only the 合计 line 778.93 is printed
    assert [r["total"] for r in d.tables["purchased_services"].rows] == ["778.930000"]
    failed = {c.identity for c in d.report.checks if not c.holds}
    assert failed == {"CNB-ARI-004", "CNB-ARI-017", "CNB-ARI-029", "CNB-ARI-030",
                      "CNB-XT-003", "CNB-ARI-064"}


def test_empty_frame_row_gives_no_row() -> None:
    # 长沙职业教育基地综合协调办公室 2026 p21 政府性基金预算支出情况表: header, the 栏次 row
    # (** ** ** ** 1 2 3), one empty frame row and the note 此表如无数字则表示单位无该项支出
    d = convert(files("hn-changsha-2026-budget-4a8c7eea"), Options())
    t = d.tables["government_fund_expenditure"]
    assert t.rows == [] and t.published_empty and t.pages == [21]
    assert any("无该项支出" in n for n in t.notes)
