"""Layouts of real documents that print fewer columns or lines than the reference package:
an identity whose terms are not printed does not apply, or falls back to what is printed.
One test per corpus case, named after the document and page that showed it."""

from __future__ import annotations

from validation_support import findings, new_findings

from cnbudget.validation.api import validate

IS = "income_summary"
BS = "budget_summary"
FGS = "fiscal_grant_summary"
TPE = "three_public_expenses"
BE = "basic_expenditure"


def blank_column(pkg, resource: str, *fields: str) -> None:
    rows = pkg.rows(resource)
    for r in rows:
        for f in fields:
            r[f] = ""
    pkg.write(resource, rows)


def not_evaluated(path) -> dict[str, str]:
    v = validate(path)
    assert v.result is not None
    return {n.code: n.reason for n in v.result.not_evaluated}


def test_income_summary_without_subtotal_column(pkg):
    """sh-yuwai-nongchang-2026-unit-budget p8: 收入总表 prints 合计 | 财政拨款收入 | 事业收入 …,
    no 本年收入小计: 合计 is compared with the income sources, ARI-008 does not apply."""
    blank_column(pkg, IS, "current_year_subtotal")
    assert new_findings(pkg.root) == set()
    assert "prints no current_year_subtotal column" in not_evaluated(pkg.root)["CNB-ARI-008"]
    pkg.set(IS, {"position": "2"}, "fiscal_grant", "590.00")
    got = new_findings(pkg.root)
    assert ("CNB-ARI-007", IS, 2) in got


def test_income_summary_without_total_column(pkg):
    """sh-putuo-caizhengju-2024-final-accounts p8: 收入决算表 starts at 本年收入合计; there is no
    合计 column (no 上年结转): ARI-007 and the cross check of 收入总计 do not apply."""
    blank_column(pkg, IS, "total")
    assert new_findings(pkg.root) == set()
    reasons = not_evaluated(pkg.root)
    assert "prints no total column" in reasons["CNB-ARI-007"]
    assert "prints none of the columns total" in reasons["CNB-XT-001"]


def test_budget_summary_without_income_subtotal_line(pkg):
    """sh-yuwai-nongchang-2026-unit-budget p7: 收支总表 has no 本年收入合计 / 本年支出合计 lines:
    收入总计 = Σ income items + 上年结转, 支出总计 = Σ classes + 结转下年."""
    pkg.drop(BS, {"item_key": "income_subtotal"})
    pkg.drop(BS, {"item_key": "expenditure_subtotal"})
    assert {c for c, _, _ in new_findings(pkg.root)} <= {"CNB-TXT-001"}
    assert not {f.code for f in findings(pkg.root)} & {"CNB-ARI-003", "CNB-ARI-005"}
    pkg.set(BS, {"item_key": "income_total"}, "amount", "700.00")
    assert "CNB-ARI-003" in {f.code for f in findings(pkg.root)}


def test_budget_summary_subsidy_printed_below_the_income_of_the_year(pkg):
    """sd-yantai-2026-budget-27ae8074 p9 (烟台 收支总体情况表): 本年收入合计 45,907.29 =
    财政拨款 45,832.29 + 其他收入 75.00; 上级补助收入 60.00 is printed below it, beside 上年结转,
    and 收入总计 45,967.29 counts it. Lines below 本年收入合计 belong to 收入总计, not to it;
    the year's income must still add up, and so must 收入总计."""
    rows = pkg.rows(BS)
    for r in rows:
        if r["item_key"] == "higher_level_subsidy":
            r["position"], r["amount"] = "11", "60.00"  # below 本年收入合计 (position 10)
        elif r["item_key"] == "carryover_in":
            r["position"] = "12"
        elif r["item_key"] == "income_total":
            r["position"], r["amount"] = "13", "746.71"
        elif r["side"] == "expenditure" and r["item_key"] in ("expenditure_subtotal",
                                                              "expenditure_total"):
            r["amount"] = "746.71"
        elif r["item_key"] == "function_class" and r["function_code"] == "201":
            r["amount"] = "650.67"
    pkg.write(BS, rows)
    errors = {c for c, _, _ in new_findings(pkg.root)
              if c in ("CNB-ARI-001", "CNB-ARI-003", "CNB-ARI-006")}
    assert errors == set()
    # the income of the year still adds up over the lines printed above it …
    pkg.set(BS, {"item_key": "income_subtotal"}, "amount", "746.71")
    got = {f.code for f in findings(pkg.root) if f.severity.value == "error"}
    assert "CNB-ARI-001" in got
    # … and 收入总计 over 本年收入合计, the lines below it and 上年结转
    pkg.set(BS, {"item_key": "income_subtotal"}, "amount", "686.71")
    pkg.set(BS, {"item_key": "higher_level_subsidy"}, "amount", "6.00")
    got = {f.code for f in findings(pkg.root) if f.severity.value == "error"}
    assert "CNB-ARI-003" in got and "CNB-ARI-001" not in got


def test_budget_summary_fiscal_grant_without_breakdown(pkg):
    """gd-guangzhou-xinfang-2026-budget p5: 收支总表 prints 一、预算拨款 without its three grant
    types: 本年收入合计 = 预算拨款 + …, and ARI-002 has nothing to compare."""
    rows = pkg.rows(BS)
    for r in rows:
        if r["item_key"] == "general_public_budget_grant":
            r["item_key"], r["item"] = "fiscal_grant", "一、预算拨款"
    pkg.write(BS, [r for r in rows if r["item_key"] not in ("government_fund_grant",
                                                            "state_capital_grant")])
    codes = {f.code for f in findings(pkg.root) if f.severity.value == "error"}
    assert not codes & {"CNB-ARI-001", "CNB-ARI-002", "CNB-ARI-003"}


def test_fund_type_columns_not_printed(pkg):
    """gd-guangzhou-xinfang-2026-budget p9: 财政拨款收支总表 prints one 预算 column, not one per
    fund type: the row sum and the comparisons per fund type do not apply."""
    blank_column(pkg, FGS, "general_public_budget", "government_fund", "state_capital")
    assert new_findings(pkg.root) == set()
    reasons = not_evaluated(pkg.root)
    assert {"CNB-ARI-013", "CNB-XT-007", "CNB-XT-008"} <= set(reasons)


def test_fund_type_column_printed_blank_still_compared(pkg):
    """A fund-type column printed blank (the other fund columns printed) is 0, not unprinted."""
    blank_column(pkg, FGS, "government_fund")
    assert "CNB-XT-009" not in not_evaluated(pkg.root)


def test_three_public_total_only(pkg):
    """sn-xian-xinfang-2026-budget p32: the 三公 table prints 合计 only, no fund-source
    columns: ARI-031 does not apply."""
    blank_column(pkg, TPE, "general_public_budget", "government_fund", "state_capital")
    assert new_findings(pkg.root) == set()
    assert "CNB-ARI-031" in not_evaluated(pkg.root)


def test_basic_expenditure_total_column_only(pkg):
    """gd-guangzhou-xinfang-2026-budget p12: 基本支出表 prints one 预算 column (no 人员经费 |
    公用经费 split): ARI-022 does not apply."""
    blank_column(pkg, BE, "personnel", "public_expenses")
    codes = {c for c, _, _ in new_findings(pkg.root)}
    assert "CNB-ARI-022" not in codes
    assert "CNB-ARI-022" in not_evaluated(pkg.root)


def test_basic_expenditure_without_grand_total(pkg):
    """sh-putuo-caizhengju-2024-final-accounts p17: 基本支出决算表 prints 人员经费合计 and 公用经费
    合计 side by side, no grand total: the 合计 row's total is not printed (not 0), and the
    cross check with 一般公共预算支出表 uses 人员经费 + 公用经费."""
    pkg.set(BE, {"position": "1"}, "total", "")
    assert new_findings(pkg.root) == set()
    pkg.set(BE, {"position": "1"}, "personnel", "366.00")
    got = {c for c, _, _ in new_findings(pkg.root)}
    assert "CNB-XT-013" in got


def test_compared_year_after_a_space_is_not_a_mismatch(pkg):
    """cn-guojia-xinfangju-2024-final-accounts p17: “比 2023 年度决算数减少” compares with the
    previous year; it does not state the document's year."""
    rows = pkg.rows("text_sections")
    rows[0]["text"] += "比 2022 年度决算数减少1.00万元。"
    pkg.write("text_sections", rows)
    assert new_findings(pkg.root) == set()
    rows[0]["text"] += "2022年度部门预算"
    pkg.write("text_sections", rows)
    assert ("CNB-MET-001", "text_sections", int(rows[0]["position"])) in new_findings(pkg.root)


def test_incomplete_indicators_of_a_project_make_one_finding(pkg):
    """hn-changsha-xinfang-2026-budget: an indicator table read without its columns gave one
    WARNING per indicator (127); the indicators of one project lacking the same fields are
    one finding, with their positions as ranges."""
    rows = pkg.rows("performance_indicators")
    project = next(r["project_id"] for r in rows if r["withheld"] != "true")
    mine = [r for r in rows if r["project_id"] == project]
    for r in mine:
        r["value_text"] = ""
    pkg.write("performance_indicators", rows)
    got = [f for f in findings(pkg.root) if f.code == "CNB-PRF-003"]
    assert len(got) == 1
    expected = "1" if len(mine) == 1 else f"1–{len(mine)}"
    assert f"Indicator(s) {expected} of project {project} lack: value_text" in got[0].message_en


def test_income_summary_listed_by_unit(pkg):
    """gd-guangzhou-xinfang-2026-budget p6: 收入总表 lists 合计 and the unit (广州市信访局), no
    classification codes: comparing its codes with 支出总表 does not apply (it gave one
    WARNING per code of 支出总表)."""
    rows = pkg.rows(IS)
    pkg.write(IS, [dict(r, function_code="", function_name="某单位", unit_name="某单位")
                   for r in rows[:2]])
    codes = {c for c, _, _ in new_findings(pkg.root)}
    assert "CNB-XT-004" not in codes
    assert "lists no function_code" in not_evaluated(pkg.root)["CNB-XT-004"]


def test_fiscal_grant_summary_carryover_line_named_generically(pkg):
    """cn-guojia-xinfangju-2026-budget p9: 财政拨款收支总表 prints “二、上年结转”, read as the
    generic carryover_in item: on this table it is the fiscal carry-over of 收入总计."""
    rows = pkg.rows(FGS)
    for r in rows:
        if r["item_key"] == "income_total":
            r["total"] = "696.71"
        if r["item_key"] == "fiscal_carryover_in":
            r["item"], r["item_key"], r["total"] = "二、上年结转", "carryover_in", "10.00"
    pkg.write(FGS, rows)
    assert "CNB-ARI-016" not in {f.code for f in findings(pkg.root)}


def _cod004(path) -> set[tuple]:
    """A former title printed after its years: a printed-name variant (CNB-COD-010, INFO),
    never an error of CNB-COD-004."""
    found = findings(path)
    assert not any(f.code in ("CNB-COD-004", "CNB-COD-012") for f in found)
    return {(f.location.resource, f.location.position) for f in found
            if f.code == "CNB-COD-010"}


def test_former_title_of_a_code_accepted_up_to_its_year(pkg):
    """js-shengwei-bangongting-2019-budget-tables p1, p7: 215 资源勘探信息等支出 and 20805
    行政事业单位离退休, the names of the 2019 classification: the codelist lists them in
    former_titles (…@2019, …@2020), accepted in documents up to that year only."""
    pkg.set("general_budget_expenditure", {"position": "7"}, "function_name", "行政事业单位离退休")
    pkg.set(BS, {"function_code": "215", "side": "expenditure"}, "item",
            "十五、资源勘探信息等支出")
    assert _cod004(pkg.root) == {("general_budget_expenditure", 7), (BS, 15)}
    d = pkg.descriptor
    d["fiscal_year"] = 2020
    pkg.save_descriptor(d)
    assert _cod004(pkg.root) == {(BS, 15)}  # 资源勘探信息等支出@2019
    d["fiscal_year"] = 2019
    pkg.save_descriptor(d)
    assert _cod004(pkg.root) == set()


def test_former_titles_parsed_by_year():
    from cnbudget.validation.codes import former_titles
    entry = {"former_titles": "甲@2018| 乙 @2020|bad|丙@x"}
    assert former_titles(entry, 2018) == ["甲", "乙"]
    assert former_titles(entry, 2019) == ["乙"]
    assert former_titles(entry, 2021) == []
    assert former_titles({"former_titles": ""}, 2019) == []


def test_stated_basic_expenditure_against_total_line_printing_parts_only(pkg):
    """sh-putuo-caizhengju-2024-final-accounts p23, cn-guojia-xinfangju-2024-final-accounts
    p23: the 决算 基本支出表's 合计 line prints 人员经费合计 | 公用经费合计 and no total; the
    text's 财政拨款基本支出 is compared with their sum."""
    SF = "stated_figures"
    for f, v in (("quantity", "grant_basic_expenditure"), ("target_resource", ""),
                 ("target_position", ""), ("target_field", "")):
        pkg.set(SF, {"figure_id": "f9"}, f, v)
    pkg.set(BE, {"position": "1"}, "total", "")
    base = new_findings(pkg.root)
    assert not {k for k in base if k[0] == "CNB-TXT-001"}
    pkg.set(SF, {"figure_id": "f9"}, "value", "400.00")
    assert ("CNB-TXT-001", SF, 9) in new_findings(pkg.root) - base


def test_local_economic_sub_item_in_place_of_its_category(pkg):
    """bj-xinfang-ban-2026-budget-tables p7: a flat list of 款 where 3021101 差旅费 and 3021503
    三类会议费 stand for 30211/30215, which the table does not print: no parent to stand
    under; under a 类 it must be that 类's."""
    pkg.set(BE, {"position": "23"}, "economic_code", "3030901")
    assert ("CNB-COD-003", BE, 23) not in new_findings(pkg.root)
    pkg.set(BE, {"position": "23"}, "economic_code", "3020901")
    assert ("CNB-COD-003", BE, 23) in new_findings(pkg.root)
