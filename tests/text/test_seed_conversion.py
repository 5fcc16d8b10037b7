"""Domain truths of the reference package converted from the seed text (卢龙县委办 2023)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ..conftest import REFERENCE, SEED
from .helpers import D, by_key, descriptor, hierarchy_failures, read

PKG = REFERENCE
SEED_TEXT = SEED.read_text(encoding="utf-8")
TITLES = {
    "budget_summary": "部门预算收支总表", "income_summary": "部门预算收入总表",
    "expenditure_summary": "部门预算支出总表", "fiscal_grant_summary": "部门预算财政拨款收支总表",
    "general_budget_expenditure": "部门预算一般公共预算财政拨款支出表",
    "basic_expenditure": "部门预算一般公共预算财政拨款基本支出表",
    "three_public_expenses": "部门预算财政拨款“三公”经费支出表",
}


def seed_region(title: str) -> list[str]:
    """Lines of the seed from a table title (not the contents line) to the next title."""
    lines = SEED_TEXT.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    others = set(TITLES.values()) | {"部门预算政府基金预算财政拨款支出表"}
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() in others),
               len(lines))
    return lines[start:end]


def printed_row_numbers(title: str) -> list[int]:
    nums = []
    for line in seed_region(title):
        first = line.split("\t")[0].strip()
        if "\t" in line and first.isdigit():
            nums.append(int(first))
    return nums


@pytest.mark.parametrize("resource", list(TITLES))
def test_rows_match_the_printed_row_numbers(resource):
    printed = printed_row_numbers(TITLES[resource])
    assert printed == list(range(1, len(printed) + 1)), "oracle sanity"
    lines = sorted({int(r["line"]) for r in read(PKG, resource)})
    assert lines == printed


def test_table_sizes():
    assert len(read(PKG, "income_summary")) == 16
    assert len(read(PKG, "expenditure_summary")) == 16
    assert len(read(PKG, "basic_expenditure")) == 23
    bs = read(PKG, "budget_summary")
    assert sum(r["side"] == "income" for r in bs) == 12
    assert sum(r["side"] == "expenditure" for r in bs) == 34


def test_budget_summary_identities():
    rows = read(PKG, "budget_summary")
    income_items = ["general_public_budget_grant", "government_fund_grant", "state_capital_grant",
                    "special_account_income", "public_institution_income", "business_income",
                    "higher_level_subsidy", "affiliated_remittance", "other_income"]
    subtotal = D(by_key(rows, "income", "income_subtotal")["amount"])
    assert subtotal == sum(D(by_key(rows, "income", k)["amount"]) for k in income_items)
    total_in = D(by_key(rows, "income", "income_total")["amount"])
    assert total_in == subtotal + D(by_key(rows, "income", "carryover_in")["amount"])
    classes = [r for r in rows if r["item_key"] == "function_class"]
    assert len(classes) == 30
    exp_sub = D(by_key(rows, "expenditure", "expenditure_subtotal")["amount"])
    assert exp_sub == sum(D(r["amount"]) for r in classes)
    total_out = D(by_key(rows, "expenditure", "expenditure_total")["amount"])
    assert total_out == exp_sub + D(by_key(rows, "expenditure", "carryover_out")["amount"])
    assert total_in == total_out == Decimal("686.71")


def test_income_summary_identities():
    rows = read(PKG, "income_summary")
    sources = ["fiscal_grant", "special_account_income", "public_institution_income",
               "business_income", "higher_level_subsidy", "affiliated_remittance", "other_income"]
    for r in rows:
        assert D(r["total"]) == D(r["current_year_subtotal"]) + D(r["carryover_in"])
        assert D(r["current_year_subtotal"]) == sum(D(r[s]) for s in sources)
    assert hierarchy_failures(rows, "function_code", ["total", "fiscal_grant"], (3, 5, 7)) == []


@pytest.mark.parametrize("resource", ["expenditure_summary", "general_budget_expenditure"])
def test_expenditure_tables_identities(resource):
    rows = read(PKG, resource)
    extra = ["business_expenditure", "remittance_to_higher", "subsidy_to_affiliates"]
    for r in rows:
        assert D(r["total"]) == D(r["basic"]) + D(r["project"]) + sum(D(r.get(f)) for f in extra)
    assert hierarchy_failures(rows, "function_code", ["total", "basic", "project"],
                              (3, 5, 7)) == []


def test_basic_expenditure_identities():
    rows = read(PKG, "basic_expenditure")
    for r in rows:
        assert D(r["total"]) == D(r["personnel"]) + D(r["public_expenses"])
    assert hierarchy_failures(rows, "economic_code", ["total", "personnel", "public_expenses"],
                              (3, 5)) == []
    total = rows[0]
    by_code = {r["economic_code"]: r for r in rows}
    assert D(total["personnel"]) == D(by_code["301"]["total"]) + D(by_code["303"]["total"])
    assert D(total["public_expenses"]) == D(by_code["302"]["total"])


def test_fiscal_grant_summary_identities():
    rows = read(PKG, "fiscal_grant_summary")
    for r in rows:
        if r["side"] == "expenditure":
            assert D(r["total"]) == D(r["general_public_budget"]) + D(r["government_fund"]) + \
                D(r["state_capital"])
    grants = ["general_public_budget_grant", "government_fund_grant", "state_capital_grant"]
    assert D(by_key(rows, "income", "income_subtotal")["total"]) == sum(
        D(by_key(rows, "income", k)["total"]) for k in grants)
    assert D(by_key(rows, "income", "income_total")["total"]) == D(
        by_key(rows, "expenditure", "expenditure_total")["total"])


def test_three_public_identities():
    rows = {r["item_key"]: r for r in read(PKG, "three_public_expenses")}
    for r in rows.values():
        assert D(r["total"]) == D(r["general_public_budget"]) + D(r["government_fund"]) + \
            D(r["state_capital"])
    assert D(rows["three_public_subtotal"]["total"]) == D(rows["overseas_travel"]["total"]) + \
        D(rows["vehicles"]["total"]) + D(rows["reception"]["total"])
    assert D(rows["vehicles"]["total"]) == D(rows["vehicle_purchase"]["total"]) + \
        D(rows["vehicle_operation"]["total"])


def test_fixed_assets_total():
    rows = {r["item_key"]: r for r in read(PKG, "fixed_assets")}
    parts = ["buildings", "vehicles", "equipment_over_200k", "other_fixed_assets"]
    assert D(rows["total"]["value"]) == sum(D(rows[k]["value"]) for k in parts)
    assert rows["vehicles"]["quantity"] == "1"
    assert descriptor(PKG)["resources"][[r["name"] for r in descriptor(PKG)["resources"]]
                                        .index("fixed_assets")]["as_of"] == "2022-12-31"


def test_cross_table_identities():
    bs = read(PKG, "budget_summary")
    inc = read(PKG, "income_summary")
    exp = read(PKG, "expenditure_summary")
    fgs = read(PKG, "fiscal_grant_summary")
    gbe = read(PKG, "general_budget_expenditure")
    basic = read(PKG, "basic_expenditure")
    three = {r["item_key"]: r for r in read(PKG, "three_public_expenses")}
    total = lambda rows, f: D(next(r for r in rows if not r.get("function_code") and not  # noqa: E731
                                   r.get("economic_code"))[f])
    assert D(by_key(bs, "income", "income_total")["amount"]) == total(inc, "total")
    assert D(by_key(bs, "expenditure", "expenditure_subtotal")["amount"]) == total(exp, "total")
    exp_classes = {r["function_code"]: D(r["total"]) for r in exp if len(r["function_code"]) == 3}
    for r in bs:
        if r["item_key"] == "function_class":
            assert D(r["amount"]) == exp_classes.get(r["function_code"], Decimal(0))
    assert {r["function_code"] for r in inc if r["function_code"]} == \
        {r["function_code"] for r in exp if r["function_code"]}
    assert D(by_key(fgs, "income", "general_public_budget_grant")["total"]) == D(
        by_key(bs, "income", "general_public_budget_grant")["amount"])
    gbe_classes = {r["function_code"]: D(r["total"]) for r in gbe if len(r["function_code"]) == 3}
    for r in fgs:
        if r["item_key"] == "function_class":
            assert D(r["general_public_budget"]) == gbe_classes.get(r["function_code"], 0)
    assert total(gbe, "basic") == total(basic, "total")
    by_econ = {r["economic_code"]: D(r["total"]) for r in basic}
    assert D(three["vehicle_operation"]["total"]) >= by_econ.get("30231", Decimal(0))
    assert D(three["reception"]["total"]) >= by_econ.get("30217", Decimal(0))


def test_stated_figures_are_linked_facts_that_agree():
    facts = read(PKG, "stated_figures")
    assert len(facts) >= 25
    linked = [f for f in facts if f["target_resource"]]
    assert len(linked) >= 20
    for f in linked:
        rows = read(PKG, f["target_resource"])
        target = [r for r in rows if r["position"] == f["target_position"]
                  and r.get("side", "") == f["target_side"]]
        assert len(target) == 1, f
        assert D(target[0][f["target_field"]]) == D(f["value"]), f
        assert f["value_text"] in f["sentence"]
    quantities = {f["quantity"] for f in facts}
    assert {"income_total", "expenditure_total", "basic_expenditure", "personnel",
            "public_expenses", "project_expenditure", "operating_costs", "three_public_total",
            "overseas_travel", "vehicles", "vehicle_purchase", "vehicle_operation", "reception",
            "procurement_total", "fixed_assets_total"} <= quantities
    changes = [f for f in facts if f["kind"] == "change"]
    assert {(f["quantity"], f["direction"], f["value"]) for f in changes} == {
        ("budget_total", "increase", "219.76"), ("basic_expenditure", "increase", "50.26"),
        ("project_expenditure", "increase", "169.5"), ("three_public_total", "flat", "")}


def test_all_twelve_project_tables_with_withheld_content_marked():
    projects = read(PKG, "performance_projects")
    assert [p["position"] for p in projects] == [str(i) for i in range(1, 13)]
    indicators = read(PKG, "performance_indicators")
    per_project = {p["project_id"]: [i for i in indicators if i["project_id"] == p["project_id"]]
                   for p in projects}
    names = {p["project_id"]: p["name"] for p in projects}
    withheld_projects = {p["name"] for p in projects if p["withheld"] == "true"}
    assert withheld_projects == {"保密局设备购置及业务费", "国安办业务经费", "密码工作经费",
                                 "党政专用电视会议系统建设经费", "电子政务内网运维费",
                                 "卢龙县第二高水平国家安全教育基地"}
    for pid, rows in per_project.items():
        if names[pid] in withheld_projects:
            assert len(rows) == 6 and all(r["withheld"] == "true" for r in rows)
            assert all(r["value_text"] == "不公开" and not r["number"] for r in rows)
        elif names[pid] == "机要局业务费":
            assert rows == []  # printed with a header and no indicator rows
        else:
            assert len(rows) >= 6 and all(r["withheld"] == "false" for r in rows)
            assert all(r["value_text"] for r in rows)
    dangshi = {r["level3"]: r for r in per_project["p2"]}
    assert (dangshi["印刷数量"]["comparison"], dangshi["印刷数量"]["number"],
            dangshi["印刷数量"]["unit"]) == ("ge", "2000", "本")
    assert dangshi["完成时间"]["date"] == "2023-12-31"
    # withheld 6×6; 党史办 7, 督考办 6, 机要局 0, 招商 6, 综合事务 7, 云督办 7
    assert sum(len(v) for v in per_project.values()) == 6 * 6 + 7 + 6 + 0 + 6 + 7 + 7


def test_empty_tables_are_present_with_their_notes():
    desc = descriptor(PKG)
    res = {r["name"]: r for r in desc["resources"]}
    for name, word in [("government_fund_expenditure", "政府基金"),
                       ("state_capital_expenditure", "国有资本经营"), ("procurement", "政府采购")]:
        assert res[name]["published_empty"] is True
        assert any(word in n for n in res[name]["notes"])
        assert read(PKG, name) == []


def test_metadata():
    desc = descriptor(PKG)
    assert desc["name"] == "130324-201-2023-budget"
    assert desc["fiscal_year"] == 2023 and desc["document_kind"] == "department_budget"
    pub = desc["publisher"]
    assert pub["department_code"] == "201"
    assert pub["department_name"] == "中国共产党卢龙县委员会办公室"
    assert (pub["region_code"], pub["region_name"], pub["region_level"]) == (
        "130324", "卢龙县", "county")
    assert desc["unit"] == "万元"
    assert all(r.get("unit") == "万元" for r in desc["resources"] if "unit" in r)


def test_every_figure_keeps_its_printed_form_and_page():
    """Each amount in the package equals its printed cells with wrap breaks removed."""
    prov = read(PKG, "provenance")
    index = {(p["resource"], p["position"], p["side"], p["field"]): p for p in prov}
    checked = 0
    for name in TITLES:
        for r in read(PKG, name):
            for f, v in r.items():
                if re.fullmatch(r"\d+\.\d+", v or ""):
                    p = index[(name, r["position"], r.get("side", ""), f)]
                    assert re.sub(r"[\s|]", "", p["printed"]) == v
                    assert p["page"] and p["line"]
                    checked += 1
    assert checked > 150


def test_every_text_line_of_the_seed_has_its_place():
    sections = read(PKG, "text_sections")
    corpus_text = "".join((s["number"] or "") + (s["heading"] or "") + (s["text"] or "")
                          for s in sections)
    corpus_text += "".join(r["goal"] or "" for r in read(PKG, "performance_projects"))
    desc = descriptor(PKG)
    for r in desc["resources"]:
        corpus_text += (r.get("printed_title") or "") + "".join(r.get("notes", []))
    corpus_text += "".join(p["printed"] for p in read(PKG, "provenance"))
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    haystack = squeeze(corpus_text)
    layout = re.compile(r"^(\d{3}\s|预算年|度|单位：|截止时间|\d{4}$|公室$|室$|会办公室$)")
    missing = [line for line in SEED_TEXT.splitlines()
               if line.strip() and "\t" not in line and not layout.match(line.strip())
               and squeeze(line) not in haystack]
    assert missing == []
