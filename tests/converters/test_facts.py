"""Stated facts of real corpus sentences: which quantity, which kind, linked or not."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cnbudget.converters import facts
from cnbudget.converters.grid import Place
from cnbudget.converters.narrative import Section, paragraphs
from cnbudget.model import Table

ROOT = Path(__file__).resolve().parents[2]


def _facts(sentence: str, year: int = 2026, final: bool = False) -> list[tuple[str, str, str]]:
    return [(r["quantity"], r["kind"], r["value"] or "")
            for r in facts._facts_of(sentence, year, None, final)]


def test_sub_items_keep_their_own_quantity() -> None:
    got = _facts("（四）政府采购情况：2026年本单位政府采购预算总额43.9万元，其中，货物类采购预算25.4万元；")
    assert got == [("procurement_total", "level", "43.9"), ("procurement_goods", "level", "25.4")]


def test_specific_keyword_beats_generic_one() -> None:
    assert _facts("（一）基本支出：2026年本单位基本支出预算数1517.95万元，主要是为保障部门正常运转") == [
        ("basic_expenditure", "level", "1517.95")]
    assert _facts("1．因公出国（境）费预算支出70万元，与上年预算数一致。", 2019)[0] == (
        "overseas_travel", "level", "70")
    assert _facts("（2）政府性基金收入预算0万元，与上年相比无变化。", 2019)[0] == (
        "government_fund_income", "level", "0")
    assert _facts("江苏省委办公厅2019年度一般公共预算拨款安排的会议费预算支出933.50万元，与上年预算数一致。",
                  2019)[0] == ("meetings", "level", "933.50")


def test_government_fund_zero_is_not_the_expenditure_total() -> None:
    assert _facts("苏州市审计局2026年政府性基金支出预算支出0万元。") == [
        ("government_fund_expenditure", "level", "0")]


def test_fiscal_grant_budget_is_not_the_budget_total() -> None:
    assert _facts("2026 年财政拨款收支总预算 5,753.07 万元。") == [
        ("fiscal_grant_total", "level", "5753.07")]


def test_clause_without_keyword_is_unclassified() -> None:
    got = _facts("2026年本单位一般公共预算拨款支出1935.36万元，其中：一般公共服务支出1935.36万元，占100.00%。")
    assert got == [("general_public_budget_expenditure", "level", "1935.36"),
                   ("unclassified", "level", "1935.36")]
    got = _facts("国家信访局2024年度财政拨款支出13733.8万元，主要用于以下方面：一般公共服务（类）支出"
                 "9846.82万元，占71.7%；", 2024, final=True)
    assert got[1] == ("unclassified", "level", "9846.82")


def test_average_and_one_project_are_unclassified() -> None:
    got = _facts("2024年度，国家信访局没有购置车辆，年末实际保有量为15辆，全年公务用车运行维护费支出"
                 "40.61万元，平均每辆2.71万元。", 2024, final=True)
    assert got == [("vehicle_operation", "level", "40.61"), ("unclassified", "level", "2.71")]
    got = _facts("2024年，该项目批复的年初预算数为1018.00万元，其中当年财政拨款898.00万元，"
                 "上年结转120.00万元。", 2024, final=True)
    assert {q for q, _, _ in got} == {"unclassified"} and len(got) == 3
    got = _facts("2026年拟安排该项目一般公共预算2,134.87万元（含上年结转750.00万元）。")
    assert [q for q, _, _ in got] == ["unclassified", "unclassified"]


def test_procurement_of_one_fund_is_unclassified() -> None:
    got = _facts("其中一般公共预算拨款政府采购0万元:政府采购货物预算0万元、政府采购工程预算0万元、"
                 "政府采购服务预算0万元。")
    assert [q for q, _, _ in got] == ["unclassified"] * 4


def test_final_accounts_budget_figure_is_a_reference() -> None:
    got = _facts("国家信访局2024年度“三公”经费财政拨款支出预算为76.43万元，2024年度支出决算为46.21万元，"
                 "完成预算的60.46%。", 2024, final=True)
    assert got == [("three_public_total", "budget_reference", "76.43"),
                   ("three_public_total", "level", "46.21")]
    got = _facts("国家信访局2024年度财政拨款支出年初预算为15068.55万元，支出决算为13733.8万元，"
                 "完成年初预算的91.14%。", 2024, final=True)
    assert got == [("fiscal_grant_expenditure", "budget_reference", "15068.55"),
                   ("fiscal_grant_expenditure", "level", "13733.8")]


def test_value_of_the_year_compared_with_is_previous() -> None:
    rows = facts._facts_of("2026年度收入预算9626.78万元，比2025年年初预算数9819.98万元减少193.20万元，"
                           "下降1.97%。", 2026, None)
    assert [(r["quantity"], r["kind"], r["value"], r["base_year"]) for r in rows] == [
        ("income_total", "level", "9626.78", None), ("income_total", "previous", "9819.98", 2025),
        ("income_total", "change", "193.20", 2025)]
    assert rows[2]["direction"] == "decrease"


def test_zero_change_said_flat_is_flat() -> None:
    rows = facts._facts_of("公务接待费2.3万元，比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化。",
                           2026, None)
    assert [(r["quantity"], r["kind"], r["direction"]) for r in rows] == [
        ("reception", "level", None), ("reception", "change", "flat")]


def test_every_amount_is_kept() -> None:
    sentence = "部门预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。"
    assert _facts(sentence) == [("unclassified", "level", "100")]


def test_paragraphs_join_printed_lines() -> None:
    lines = ["第二部分 部门预算收支总体情况", "国家信访局2024年度财政拨款基本支出10234.37万元，其",
             "中：人员经费7967.72万元，主要包括：基本工资。", "（二）公用经费2266.65万元。"]
    assert paragraphs(lines) == [
        "第二部分 部门预算收支总体情况",
        "国家信访局2024年度财政拨款基本支出10234.37万元，其中：人员经费7967.72万元，主要包括：基本工资。",
        "（二）公用经费2266.65万元。"]


def test_only_levels_are_linked() -> None:
    sec = Section("s1", None, None, "三公", 1, 1, Place("x", 1), lines=[
        "国家信访局2024年度“三公”经费财政拨款支出预算为76.43万元，2024年度支出决算为46.21万元。"])
    rows, _ = facts.extract([sec], 2024, "department_final_accounts")
    table = Table("three_public_expenses", rows=[{"item": "合计", "item_key": "total",
                                                   "total": "46.21", "position": 1}])
    facts.link(rows, {"three_public_expenses": table})
    assert [(r["kind"], r.get("target_position")) for r in rows] == [
        ("budget_reference", None), ("level", 1)]


def test_schema_enum_equals_codelist() -> None:
    codes = [r["code"] for r in csv.DictReader(
        (ROOT / "schema/codelists/stated_quantities.csv").open(encoding="utf-8"))]
    schema = json.loads((ROOT / "schema/tables/stated_figures.json").read_text("utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "quantity")
    assert field["constraints"]["enum"] == codes
    assert "unclassified" in codes


def _extracted(*lines: str) -> list[tuple[str, str, str]]:
    sec = Section("s1", None, None, "财政拨款", 1, 2, Place("x", 2), lines=list(lines))
    rows, _ = facts.extract([sec], 2026, "department_budget")
    return [(r["quantity"], r["kind"], r["value"] or "") for r in rows]


def test_parts_after_of_which_belong_to_the_fund_named_before() -> None:
    """cq-qixiang-2026-budget p2: the 基本支出/项目支出 listed after the 一般公共预算
    appropriations are that fund's (一般公共预算支出表), not the whole budget's (支出总表);
    the list goes on after a semicolon."""
    got = _extracted(
        "2026年一般公共预算财政拨款收入12,672.73万元，一般公共预算财政拨款支出12,672.73万元，"
        "比2025年增加552.5万元。其中：基本支出5,445.39万元，主要用于保障在职人员工资福利，"
        "比2025年增加994.5万元，主要原因是人员经费增加990.07万元，公用经费增加4.43万元；"
        "项目支出7,227.34万元，主要用于气象体系，比2025年减少442万元，主要是建设项目预算减少。"
        "支出比2025年增加2,515.39万元，主要是基本支出增加1,252.5万元。")
    assert got[3:] == [
        ("grant_basic_expenditure", "level", "5445.39"),
        ("grant_basic_expenditure", "change", "994.5"),
        ("personnel", "change", "990.07"), ("public_expenses", "change", "4.43"),
        ("grant_project_expenditure", "level", "7227.34"),
        ("grant_project_expenditure", "change", "442"),
        ("unclassified", "change", "2515.39"), ("basic_expenditure", "change", "1252.5")]
    # in the same sentence; the parts of all fiscal appropriations name no table value
    assert _extracted("一般公共预算支出100万元，其中：基本支出60万元，项目支出40万元。")[1:] == [
        ("grant_basic_expenditure", "level", "60"), ("grant_project_expenditure", "level", "40")]
    assert _extracted("财政拨款支出100万元，其中：基本支出60万元，项目支出40万元。")[1:] == [
        ("unclassified", "level", "60"), ("unclassified", "level", "40")]
    # the whole budget's parts keep their quantity
    assert _extracted("支出预算100万元，其中：基本支出60万元，项目支出40万元。")[1:] == [
        ("basic_expenditure", "level", "60"), ("project_expenditure", "level", "40")]


def test_income_budget_counting_the_carry_over_is_linked_to_the_grand_total() -> None:
    """bj-xinfang-ban-2026-budget-text p3: “收入预算9626.78万元” is 收入总计 (本年收入合计
    9616.338314 + 上年结转 10.439275); a figure equal to 本年收入合计 stays linked to it."""
    table = Table("budget_summary", unit="万元", rows=[
        {"side": "income", "item_key": "income_subtotal", "amount": "9616.338314", "position": 10},
        {"side": "income", "item_key": "carryover_in", "amount": "10.439275", "position": 11},
        {"side": "income", "item_key": "income_total", "amount": "9626.777589", "position": 12}])
    rows = [{"quantity": "income_total", "kind": "level", "value": v, "unit": "万元"}
            for v in ("9626.78", "9616.34", "9000.00")]
    facts.link(rows, {"budget_summary": table})
    assert [r["target_position"] for r in rows] == [12, 10, 10]
