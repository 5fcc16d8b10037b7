"""The false alarms of issue 11, each on the corpus document that showed it (skipped when the
corpus is absent), and each with a constructed case showing the rule still fires on a real
defect."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from validation_support import Pkg, findings

from cnbudget.converters import Options, convert
from cnbudget.converters.facts import _facts_of, extract
from cnbudget.converters.grid import Place
from cnbudget.converters.narrative import Section
from cnbudget.model import Disclosure
from cnbudget.validation.findings import Finding, Severity
from cnbudget.validation.runner import run_rules

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@cache
def _converted(name: str) -> tuple[Disclosure, tuple[Finding, ...]]:
    path = CORPUS / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"corpus file {path} absent")
    disclosure = convert([path], Options(self_check=False))
    return disclosure, tuple(run_rules(disclosure).findings)


def _codes(name: str, *codes: str) -> list[Finding]:
    return [f for f in _converted(name)[1] if f.code in codes]


# ---------------------------------------------------------------- CNB-STR-005


def test_shanghai_unit_text_is_the_note_of_the_empty_fund_tables() -> None:
    """sh-yuwai-nongchang-2026-unit-budget p12, p13: empty frames; the text (s6) says
    “政府性基金拨款支出预算0万元 …国有资本经营预算拨款支出预算为0万元”."""
    assert _codes("sh-yuwai-nongchang-2026-unit-budget", "CNB-STR-005") == []


def test_empty_table_without_note_or_statement_still_fails(pkg: Pkg) -> None:
    d = pkg.descriptor
    for r in d["resources"]:
        if r["name"] == "state_capital_expenditure":
            r.pop("published_empty", None)
            r.pop("notes", None)
    pkg.save_descriptor(d)
    rows = pkg.rows("text_sections")
    for r in rows:
        r["text"] = r["text"].replace("国有资本经营预算收入0万元，", "")
    pkg.write("text_sections", rows)
    assert {f.location.resource for f in findings(pkg.root) if f.code == "CNB-STR-005"} == {
        "state_capital_expenditure"}


# ---------------------------------------------------------------- CNB-STR-003


def test_empty_frame_keeps_no_blank_row() -> None:
    """hn-changsha-xinfang-2026-budget p21: the 政府性基金 frame's blank 合计 line was kept as
    a row with no name (CNB-STR-003 on function_name)."""
    disclosure, found = _converted("hn-changsha-xinfang-2026-budget")
    table = disclosure.tables["government_fund_expenditure"]
    assert table.published_empty
    assert all(any(v not in (None, "") for k, v in r.items() if k != "position")
               for r in table.rows)
    assert not [f for f in found if f.code == "CNB-STR-003"]


def test_a_row_with_a_bad_cell_still_breaks_the_schema(pkg: Pkg) -> None:
    # (function_name is no longer required: a unit's subtotal row prints none; a blank
    # name on a row that is not a unit's is not caught by the schema any more)
    pkg.set("general_budget_expenditure", {"position": "3"}, "total", "abc")
    got = {(f.code, f.location.resource) for f in findings(pkg.root)}
    assert ("CNB-STR-003", "general_budget_expenditure") in got


# ---------------------------------------------------------------- CNB-COD-004 / 010 / 012


def test_one_character_name_variant_is_info() -> None:
    """sd-yantai-dashuju-2026-budget p17: 303 printed 对个人和家庭补助 (the codelist: 对个人和
    家庭的补助) — a printed-name variant (CNB-COD-010, INFO), no CNB-COD-004."""
    name = "sd-yantai-dashuju-2026-budget"
    assert _codes(name, "CNB-COD-004") == []
    variants = _codes(name, "CNB-COD-010")
    assert variants and all(f.severity is Severity.INFO for f in variants)
    assert any(f.location.resource == "basic_expenditure" and f.location.page == 17
               for f in variants)


def test_former_title_after_its_years_is_info() -> None:
    """sh-putuo-fuliyuan-2024-unit-budget p7, p10: 210 printed 医疗卫生与计划生育支出, its title
    up to 2018."""
    name = "sh-putuo-fuliyuan-2024-unit-budget"
    assert not [f for f in _codes(name, "CNB-COD-004", "CNB-COD-012")
                if f.location.resource in ("budget_summary", "fiscal_grant_summary")]
    pages = {f.location.page for f in _codes(name, "CNB-COD-010")
             if f.location.resource in ("budget_summary", "fiscal_grant_summary")}
    assert {7, 10} <= pages


# ---------------------------------------------------------------- CNB-COD-003


def test_cross_classified_table_has_no_order_to_check() -> None:
    """bj-tables-2026-budget-tables-c0240544 p5 预算03表: one row per 功能科目 × 经济科目,
    2050302 on every row of its economic breakdown (366 CNB-COD-003 before)."""
    assert _codes("bj-tables-2026-budget-tables-c0240544", "CNB-COD-003") == []


# ---------------------------------------------------------------- CNB-COD-005 / 011


def test_unknown_codes_under_known_parents_are_one_info_per_table() -> None:
    found = _converted("bj-tables-2026-budget-tables-c0240544")[1]
    infos = [f for f in found if f.code == "CNB-COD-011"]
    assert len({(f.location.resource, f.location.field) for f in infos}) == len(infos)
    # no WARNING for a code whose parent is known
    from cnbudget import standard
    from cnbudget.validation.rules.code_known import parent_code
    for f in found:
        if f.code == "CNB-COD-005":
            code = str(f.location.label or "")
            parent = parent_code(code, "function_classification") if code else None
            assert parent is None or standard.codelist("function_classification").get(
                parent) is None or len(code) == 3


# ---------------------------------------------------------------- CNB-XT-016


@pytest.mark.parametrize("name", ["sh-putuo-fuliyuan-2024-unit-budget",
                                  "sh-unit-2026-unit-budget-1a990155"])
def test_no_operating_costs_for_a_public_institution(name: str) -> None:
    """The 三公 table prints 机关运行经费 0; the text: “…是…事业单位”, “本单位无机关运行经费”."""
    assert _codes(name, "CNB-XT-016") == []


def test_zero_operating_costs_of_an_administrative_unit_still_warns(pkg: Pkg) -> None:
    pkg.set("stated_figures", {"quantity": "operating_costs"}, "value", "0")
    assert [f for f in findings(pkg.root) if f.code == "CNB-XT-016"]


# ---------------------------------------------------------------- CNB-TXT-001 / 002


def test_one_projects_project_expenditure_is_not_the_departments() -> None:
    """gd-shenzhen-2026-budget-08cc7487 p11: “深圳机场T2项目非民航专业工程初步设计评审项目支出
    304.16万元” is one project's, not the department's 项目支出 376,936.60."""
    disclosure, found = _converted("gd-shenzhen-2026-budget-08cc7487")
    figs = [r for r in disclosure.tables["stated_figures"].rows if r["value"] == "304.16"]
    assert figs and all(r["quantity"] == "unclassified" for r in figs)
    assert not [f for f in found if f.code in ("CNB-TXT-001", "CNB-TXT-002")
                and f.location.label == "project_expenditure"]


def test_department_project_expenditure_is_still_read() -> None:
    for sentence in ("项目支出预算7633.51万元，占本年支出预算23.24%。",
                     "本部门2026年项目支出预算100.00万元。",
                     "包括在职人员经费7,557.83万元、项目支出376,936.60万元。"):
        quantities = [r["quantity"] for r in _facts_of(sentence, 2026, None)]
        assert "project_expenditure" in quantities, sentence


def _txt_errors(name: str) -> list[Finding]:
    return [f for f in _codes(name, "CNB-TXT-001", "CNB-TXT-002")
            if f.severity is Severity.ERROR]


def test_units_of_a_department_are_not_the_department() -> None:
    """gd-shenzhen-2026-budget-63d734e6 p10-p31: the 人力资源和社会保障局 lists its 22 units
    (“一、深圳市人力资源和社会保障局（本级）… 项目支出142,220.85万元”, “二、深圳市劳动人事争议
    仲裁院预算4,720.86万元”…); their figures are not the department's (项目支出 435,216.17,
    收入 571,347.93): 88 TXT ERRORs before, none now. The department's own sentence
    (p10 “部门预算收入571,347.93万元”) is still compared."""
    disclosure, _ = _converted("gd-shenzhen-2026-budget-63d734e6")
    rows = disclosure.tables["stated_figures"].rows
    unit = [r for r in rows if r["sentence"].startswith("深圳市劳动人事争议仲裁院预算")]
    assert unit and all(r["quantity"] == "unclassified" for r in unit)
    assert [r["target_resource"] for r in rows if r["value"] == "571347.93"
            and r["kind"] == "level"] == ["budget_summary", "budget_summary"]
    assert _txt_errors("gd-shenzhen-2026-budget-63d734e6") == []


def test_a_unit_sentence_is_not_compared_but_the_department_is() -> None:
    sections = [
        Section("s1", None, "一、", "深圳市某某局（本级）", 1, 1, Place("x", 1),
                lines=["深圳市某某局（本级）预算100.00万元，包括项目支出60.00万元。"]),
        Section("s2", None, "二、", "深圳市某某中心", 1, 2, Place("x", 2),
                lines=["深圳市某某中心预算50.00万元，包括项目支出20.00万元。"]),
        Section("s3", None, "三、", "政府采购情况", 1, 3, Place("x", 3),
                lines=["深圳市某某局2026年部门预算支出150.00万元，项目支出80.00万元。"]),
    ]
    rows, _ = extract(sections, 2026, "department_budget", "深圳市某某局")
    got = [(r["section_id"], r["quantity"]) for r in rows]
    assert got == [("s1", "unclassified"), ("s1", "unclassified"),
                   ("s2", "unclassified"), ("s2", "unclassified"),
                   ("s3", "expenditure_total"), ("s3", "project_expenditure")]
    # one department without units: its own 本级 is the department
    alone = [Section("s1", None, None, "收支", 1, 1, Place("x", 1), lines=[
        "2026年深圳市某某局（本级）部门预算收入150.00万元。"])]
    assert [r["quantity"] for r in extract(alone, 2026, None, "深圳市某某局")[0]] == [
        "income_total"]


def test_a_wrong_department_total_still_fails(pkg: Pkg) -> None:
    rows = pkg.rows("stated_figures")
    level = [r for r in rows if r["kind"] == "level" and r.get("target_resource")]
    assert level
    level[0]["value"] = str(Decimal(level[0]["value"]) + 1000)
    pkg.write("stated_figures", rows)
    assert "CNB-TXT-001" in {f.code for f in findings(pkg.root)
                             if f.severity is Severity.ERROR}


def test_transfer_and_fund_carryover_are_parts() -> None:
    """gd-shenzhen-2026-budget-63d734e6 p33 “上级专项转移支付支出预算393.23万元”, -cf8b7efc p13
    “本部门上级专项转移支付支出预算1,610.00 万元（其中380.00 万元为政府性基金预算…）”,
    sn-xian-2022-final-accounts-243800f1 p20 “政府性基金预算财政拨款年初结转和结余58,830.98
    万元，收入决算…，支出决算568,051.63万元”: parts the tables do not hold."""
    for sentence in ("上级专项转移支付支出预算393.23万元，无政府性基金预算支出。",
                     "2026 年本部门上级专项转移支付支出预算1,610.00 万元（其中380.00 万元为政府性基金"
                     "预算、1,230.00 万元为一般公共预算），较2025年年初预算增加1,210.00万元。",
                     "2022年度政府性基金预算财政拨款年初结转和结余58,830.98万元，收入决算509,220.66万元，"
                     "支出决算568,051.63万元，年末结转和结余0万元。"):
        assert {r["quantity"] for r in _facts_of(sentence, 2026, None, True)} == {
            "unclassified"}, sentence
    assert [r["quantity"] for r in _facts_of("2022年度年初结转和结余58,830.98万元。", 2022,
                                             None, True)] == ["carryover_in"]


def test_budget_of_three_public_in_final_accounts_is_a_reference() -> None:
    """sn-xian-2022-final-accounts-243800f1 p21 ““三公”经费支出预算593.46万元，支出决算587.55
    万元”: 593.46 is the budget, compared with nothing in a final account."""
    got = [(r["quantity"], r["kind"]) for r in _facts_of(
        "2022年度财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%。",
        2022, None, True)]
    assert got == [("three_public_total", "budget_reference"), ("three_public_total", "level")]
    assert [r["kind"] for r in _facts_of("2022年度一般公共预算5000万元。", 2022, None, True)] == [
        "level"]


def test_change_of_fiscal_grant_totals_is_theirs() -> None:
    """sn-xian-2022-final-accounts-243800f1 p10: “财政拨款收入总计、支出总计均为864,177.93万元，
    与上年相比收入总计、支出总计均增加337,874.84万元” — the change of the 财政拨款 totals."""
    got = [(r["quantity"], r["kind"]) for r in _facts_of(
        "2022年度财政拨款收入总计、支出总计均为864,177.93万元，与上年相比收入总计、支出总计均增加"
        "337,874.84万元。", 2022, None, True)]
    assert got == [("fiscal_grant_total", "level"), ("fiscal_grant_total", "change")]
    assert sn_xian_txt() == []


def test_parts_of_a_class_or_of_operating_costs_are_not_compared() -> None:
    """sn-xian-comprehensive-2020-budget-f3e1c257 p14-p20: “对事业单位经常性补助（505）2945.22
    万元, 其中：人员经费1903.54万元…; 公用经费 75.66万元” (one class's), “机关运行经费预算总计
    82万元，其中：…公务接待费2万元…公务用车运行维护费12万元” (the operating costs' parts), and
    “财政拨款收入预算总计 181807.13 万元…。支出预算总计181807.13 万元” (the 财政拨款 totals):
    19 TXT ERRORs before, none now."""
    assert _txt_errors("sn-xian-comprehensive-2020-budget-f3e1c257") == []
    sec = Section("s1", None, None, "支出", 1, 1, Place("x", 1), lines=[
        "对事业单位经常性补助（505）2945.22万元, 其中：人员经费1903.54万元, 较上年增加226.87万元;"
        "公用经费 75.66万元, 较上年减少 0.78万元。人员经费3000.00万元。"])
    got = [r["quantity"] for r in extract([sec], 2020)[0]]
    assert got == ["unclassified"] * 5 + ["personnel"]
    sec = Section("s1", None, None, "机关运行经费", 1, 1, Place("x", 1), lines=[
        "2020 年机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元。"
        "公务接待费3.30万元。"])
    got = [r["quantity"] for r in extract([sec], 2020)[0]]
    assert got == ["operating_costs", "unclassified", "unclassified", "reception"]
    sec = Section("s1", None, None, "总体", 1, 1, Place("x", 1), lines=[
        "本部门财政拨款收入预算总计 181807.13 万元，全部为一般公共预算拨款。支出预算总计181807.13 万元。"])
    assert [r["quantity"] for r in extract([sec], 2020)[0]] == ["fiscal_grant_total"] * 2
    sec = Section("s1", None, None, "总体", 1, 1, Place("x", 1), lines=[
        "本部门收入预算总计 182157.13 万元。支出预算总计182157.13 万元。"])
    assert [r["quantity"] for r in extract([sec], 2020)[0]] == ["budget_total"] * 2


def test_class_items_reasons_and_procurement_kinds() -> None:
    """JS 2017 (js-prov-text-2017-budget-text-2f038515 p12 “（7）会议费（款）支出66.72万元”, p13
    “货物类政府采购支出预算259.32万元”), js-prov-tables-2017-budget-ac3cc788 p28 (“本年数小于
    上年预算数403.75万元，原因是从会议费预算中调减403.75万元用于培训费开支”), JS 2018 p7
    (“财政拨款收、支总预算24458.43万元”)."""
    assert [r["quantity"] for r in _facts_of("（7）会议费（款）支出66.72万元。", 2017, None)] == [
        "unclassified"]
    assert [r["quantity"] for r in _facts_of("其中，货物类政府采购支出预算259.32万元,占20.40%；",
                                             2017, None)] == ["procurement_goods"]
    got = [(r["quantity"], r["kind"]) for r in _facts_of(
        "某厅2017年度一般公共预算拨款安排的会议费预算支出1305.25万元，本年数小于上年预算数403.75万元，"
        "原因是从会议费预算中调减403.75万元用于培训费开支。", 2017, None)]
    assert got == [("meetings", "level"), ("unclassified", "change"), ("unclassified", "level")]
    assert [r["quantity"] for r in _facts_of("江苏省委办公厅2018年度财政拨款收、支总预算24458.43万元。",
                                             2018, None)] == ["fiscal_grant_total"]
    assert [r["quantity"] for r in _facts_of("（7）会议费支出66.72万元。", 2017, None)] == [
        "meetings"]


def test_fund_procurement_across_a_page_number() -> None:
    """cq-2026-budget-05f59e7a p7: “其中一般公共预算— 7 —拨款政府采购11307.34万元” (the page
    number printed inside the sentence) is the procurement of one fund, not the total 11884.37."""
    got = [r["quantity"] for r in _facts_of(
        "其中一般公共预算— 7 —拨款政府采购11307.34万元：政府采购货物预算2703.19万元。", 2026, None)]
    assert got == ["unclassified", "unclassified"]
    assert [r["quantity"] for r in _facts_of("2026年政府采购预算11884.37万元。", 2026, None)] == [
        "procurement_total"]


def sn_xian_txt() -> list[Finding]:
    return _txt_errors("sn-xian-2022-final-accounts-243800f1")


# ---------------------------------------------------------------- CNB-YOY-001 / TXT-010


def test_an_increase_of_zero_is_wording() -> None:
    """gd-guangzhou-xinfang-2026-budget p21: “公务用车购置费0万元，比上年增加0万元”."""
    name = "gd-guangzhou-xinfang-2026-budget"
    assert _codes(name, "CNB-YOY-001") == []
    wording = _codes(name, "CNB-TXT-010")
    assert any(f.location.page == 21 and f.severity is Severity.INFO for f in wording)


def test_flat_with_a_change_is_still_an_error(pkg: Pkg) -> None:
    pkg.set("stated_figures", {"quantity": "three_public_total", "kind": "change"}, "value", "5")
    assert [f for f in findings(pkg.root) if f.code == "CNB-YOY-001"
            and f.severity is Severity.ERROR]


# ---------------------------------------------------------------- CNB-STR-001


def test_table_printed_but_unmapped_is_not_missing() -> None:
    """sh-unit-2026-unit-budget-bc4d9457 p8-9: 2026年预算单位收入预算总表 is printed; its
    columns did not map, so it is kept as x_unmapped_income_summary_p8 (CNB-CNV-010)."""
    disclosure, found = _converted("sh-unit-2026-unit-budget-bc4d9457")
    assert any(n.startswith("x_unmapped_income_summary") for n in disclosure.tables)
    assert not [f for f in found if f.code == "CNB-STR-001"
                and f.location.resource == "income_summary"]


def test_a_table_not_printed_at_all_is_still_missing(pkg: Pkg) -> None:
    d = pkg.descriptor
    d["resources"] = [r for r in d["resources"] if r["name"] != "three_public_expenses"]
    pkg.save_descriptor(d)
    assert ("CNB-STR-001", "three_public_expenses") in {
        (f.code, f.location.resource) for f in findings(pkg.root)}


# ---------------------------------------------------------------- CNB-STR-001: a 说明 alone


@pytest.mark.parametrize("name,page", [("bj-text-2026-budget-text-10dbc3b7", 1),
                                       ("js-prov-text-2018-budget-text-b79741e9", 2),
                                       # p9: a table of unit costs in the text (路面 342元/㎡)
                                       ("bj-text-2026-budget-text-ff39f6c0", 1)])
def test_text_file_whose_tables_are_another_file(name: str, page: int) -> None:
    """bj-text-2026-budget-text-10dbc3b7 p1 “目录 … 第二部分 2026 年度部门预算报表 一、收支总表
    二、收入总表 …”, js-prov-text-2018-budget-text-b79741e9 p2 “第二部分 2018年度部门预算表
    一、收支预算总表 …”: the 说明 of a disclosure published as two files, its 报表 not given
    with it (9 CNB-STR-001 ERRORs each before). Not evaluated, with the reason."""
    disclosure, found = _converted(name)
    assert not [f for f in found if f.code == "CNB-STR-001"]
    result = run_rules(disclosure, codes=["CNB-STR-001"])
    reasons = [n.reason for n in result.not_evaluated if n.code == "CNB-STR-001"]
    assert any("three_public_expenses" in r and f"contents (p{page})" in r for r in reasons)
    assert all("收支总表" in r or "收支预算总表" in r for r in reasons)


def _text_only(contents: str, *, printed: str | None = None) -> Disclosure:
    from cnbudget import standard
    from cnbudget.model import Table
    disclosure = Disclosure(metadata={"fiscal_year": 2026, "document_kind": "department_budget"})
    disclosure.tables["text_sections"] = Table("text_sections", rows=[
        {"section_id": "s1", "position": 1, "heading": "目 录", "text": contents, "page": 1},
        {"section_id": "s2", "position": 2, "heading": "部门职责", "text": "负责……", "page": 2}])
    for name in standard.standard()["required_resources"]:
        if name not in ("provenance", "text_sections"):
            disclosure.tables[name] = Table(name, not_published=True)
    if printed:
        disclosure.tables[printed] = Table(printed, rows=[{"position": 1, "amount": "1.00"}])
    return disclosure


def _missing(disclosure: Disclosure) -> set[str | None]:
    return {f.location.resource for f in run_rules(disclosure, codes=["CNB-STR-001"]).findings
            if f.severity is Severity.ERROR}


def test_tables_missing_from_a_text_without_a_tables_part_still_fail() -> None:
    listed = ("第一部分 部门概况 一、主要职能 第二部分 2026年度部门预算表 一、收支总表 二、收入总表 "
              "三、支出总表 四、财政拨款收支总表")
    assert _missing(_text_only(listed)) == set()
    # contents that list no tables (a text that never speaks of its tables)
    assert "budget_summary" in _missing(_text_only("一、部门职责 二、机构设置 三、名词解释"))
    # one table printed: the package holds tables, the others are missing from them
    got = _missing(_text_only(listed, printed="budget_summary"))
    assert "budget_summary" not in got and "three_public_expenses" in got


# ---------------------------------------------------------------- CNB-TXT-001: cut, not rounded


def test_text_that_cuts_the_tables_figures_is_not_contradicted() -> None:
    """sh-unit-2026-unit-budget-84b351cc p6 “收入预算1,361万元，其中：财政拨款收入1,237万元”,
    “支出预算1,361万元，其中：财政拨款支出预算1,237万元”: the tables (元) print 13,616,271 and
    12,376,671 — 1,361.6271 and 1,237.6671 万元 cut to whole 万元 (5 TXT-001 ERRORs before).
    Within tolerance (INFO), saying why."""
    found = _codes("sh-unit-2026-unit-budget-84b351cc", "CNB-TXT-001")
    assert not [f for f in found if f.severity is Severity.ERROR]
    cut = [f for f in found if f.location.page == 6 and "1361" in f.message_en]
    assert cut and all(f.severity is Severity.INFO and "cut to its printed decimals"
                       in f.message_en for f in cut)


def test_a_cut_or_rounded_statement_passes_but_a_wrong_one_fails() -> None:
    from cnbudget.validation.identity import compare_values
    wan, yuan = Decimal(10000), Decimal(1)
    for stated, ok in (("1361", True), ("1362", True), ("1360", False), ("1363", False)):
        c = compare_values(stated, wan, "13616271", yuan, truncation=True)
        assert c.within is ok, stated
    # the same unit, the text to 2 decimals, the table to 6 (XA 综合预算 2022 p21
    # “一般公共预算支出93664.78万元”, the table 93664.788433)
    assert compare_values("93664.78", wan, "93664.788433", wan, truncation=True).within
    assert not compare_values("93664.77", wan, "93664.788433", wan, truncation=True).within
    # only where allowed (two tables are not compared so)
    assert not compare_values("1361", wan, "13616271", yuan).within


# ---------------------------------------------------------------- CNB-TXT-002: changes


def test_changes_stated_alone_are_not_compared() -> None:
    """sn-xian-comprehensive-2022-budget-b6aea555 p20-p29: “原因是：人员经费减少337.26万元”
    (the department), “（2）行政运行（2060101）支出1187.60万元…原因是局机关…人员经费减少
    139.51万元” (one item), “西安地区科技交流中心人员经费…减少69.38万元” (one unit): changes
    of different scopes, stated without the level they change (38 TXT-002 ERRORs before)."""
    found = [f for f in _txt_errors("sn-xian-comprehensive-2022-budget-b6aea555")
             if f.code == "CNB-TXT-002" and f.location.label == "personnel"]
    assert found == []


def test_two_changes_of_one_stated_level_still_disagree() -> None:
    sec = Section("s1", None, None, "支出", 1, 1, Place("x", 1), lines=[
        "人员经费500.00万元，比上年增加20.00万元。", "人员经费500.00万元，比上年增加25.00万元。",
        "原因是人员经费增加30.00万元。"])
    rows, _ = extract([sec], 2026)
    disclosure = Disclosure(metadata={"fiscal_year": 2026})
    from cnbudget.model import Table
    disclosure.tables["stated_figures"] = Table("stated_figures", rows=rows)
    found = [f for f in run_rules(disclosure, codes=["CNB-TXT-002"]).findings
             if f.severity is Severity.ERROR]
    assert [(f.location.label, f.expected, f.actual) for f in found] == [
        ("personnel", "20.00", "25.00")]


def test_a_units_or_two_quantities_amount_is_not_the_departments() -> None:
    """XA 综合预算 2022 (b6aea555) p36 “西安市社会科学院公用经费预算60.57万元” (a unit),
    “局机关行政运行经费和所属事业单位公用经费预算合计360.10万元” (two quantities summed)."""
    sec = Section("s1", None, None, "公用经费", 1, 1, Place("x", 1), lines=[
        "西安市社会科学院公用经费预算60.57万元，比2021年减少5万元。",
        "2022年局机关行政运行经费和所属事业单位公用经费预算合计360.10万元。",
        "2022年西安市科学技术局公用经费预算109.15万元。"])
    got = [(r["quantity"], r["value"]) for r in extract([sec], 2022, None, "西安市科学技术局")[0]]
    assert got == [("unclassified", "60.57"), ("unclassified", "5"),
                   ("unclassified", "360.10"), ("public_expenses", "109.15")]


# ---------------------------------------------------------------- tolerance per table


def test_note_of_rounding_keeps_the_rounding_tolerance() -> None:
    """gd-guangzhou-xinfang-2026-budget p8, p11: 20805 printed 419.35 while its three 项 sum
    to 419.36; the package's other identities hold exactly, but the 收支总表's note says
    “本套报表金额单位转换时可能存在尾数误差”. An INFO, stating that tolerance; the package is
    still held to exact arithmetic elsewhere."""
    name = "gd-guangzhou-xinfang-2026-budget"
    disclosure, found = _converted(name)
    gaps = [f for f in found if f.code in ("CNB-ARI-012", "CNB-ARI-021")]
    assert {(f.location.page, f.severity) for f in gaps} >= {(8, Severity.INFO),
                                                              (11, Severity.INFO)}
    assert all("printed note says the figures were rounded" in f.message_en for f in gaps)
    assert run_rules(disclosure, families={"arithmetic"}).stats["tolerance_mode"] == "exact"


def test_shenzhen_economic_class_table_is_rounded() -> None:
    """gd-shenzhen-2026-budget-10b50f71 p29 表8: 302 total 3,910.03, basic + project 3,910.02;
    302 project 2,392.06, its items 2,392.07; 合计 13,754.63, its classes 13,754.64 (3 of the
    table's 62 identities; the other 361 of the package hold exactly); every table's note
    “本套报表金额单位转换时可能存在尾数误差”."""
    found = _codes("gd-shenzhen-2026-budget-10b50f71", "CNB-ARI-056", "CNB-ARI-057")
    assert len([f for f in found if f.location.page == 29]) == 3
    assert all(f.severity is Severity.INFO for f in found)


def _gap_findings(pkg: Pkg, note_on: str | None, note: str) -> set[tuple[str, Severity]]:
    rows = pkg.rows("general_budget_expenditure")
    row = next(r for r in rows if r.get("position") == "3")
    row["total"] = str(Decimal(row["total"]) + Decimal("0.01"))
    pkg.write("general_budget_expenditure", rows)
    if note_on:
        d = pkg.descriptor
        pkg.resource(d, note_on).setdefault("notes", []).append(note)
        pkg.save_descriptor(d)
    # the row 20131 = basic + project, 590.68 against 300.52 + 290.15 (a class of one 款,
    # 201 = 20131, stays an ERROR under either tolerance: one addend rounds as its total)
    return {(f.code, f.severity) for f in findings(pkg.root)
            if f.location.resource == "general_budget_expenditure" and f.code == "CNB-ARI-020"}


def test_one_unit_gap_without_a_note_is_still_an_error(pkg: Pkg) -> None:
    assert _gap_findings(pkg, None, "") == {("CNB-ARI-020", Severity.ERROR)}


def test_note_of_one_table_speaks_for_that_table_only(pkg: Pkg, tmp_path: Path) -> None:
    own = "注：本表金额转化为万元时，四舍五入可能存在尾差。"
    assert _gap_findings(pkg, "expenditure_summary", own) == {("CNB-ARI-020", Severity.ERROR)}
    from validation_support import copy_reference
    again = copy_reference(tmp_path / "again")
    assert _gap_findings(again, "general_budget_expenditure", own) == {
        ("CNB-ARI-020", Severity.INFO)}
    # a note of the set (“本套报表…”) on any table speaks for every table
    third = copy_reference(tmp_path / "third")
    assert _gap_findings(third, "budget_summary", "注：本套报表金额单位转换时可能存在尾数误差。") == {
        ("CNB-ARI-020", Severity.INFO)}


def _without_state_capital(year: int) -> Disclosure:
    from cnbudget import standard
    from cnbudget.model import Table
    disclosure = Disclosure(metadata={"fiscal_year": year, "document_kind": "department_budget"})
    for name in standard.standard()["required_resources"]:
        if name not in ("provenance", "state_capital_expenditure"):
            disclosure.tables[name] = Table(name, rows=[{"position": 1}])
    return disclosure


def test_state_capital_table_required_from_its_fiscal_year() -> None:
    """The 国有资本经营预算支出表 is not among the eight tables of the 2016 operating rules
    (财预〔2016〕143号); standard.json required_resources_from dates it from fiscal year 2020.
    A 2019 set without it (js-shengwei-bangongting-2019, js-prov-2018) is no defect; a 2020
    or 2026 set without it still is."""
    assert "state_capital_expenditure" not in _missing(_without_state_capital(2019))
    assert "state_capital_expenditure" not in _missing(_without_state_capital(2017))
    assert "state_capital_expenditure" in _missing(_without_state_capital(2020))
    assert "state_capital_expenditure" in _missing(_without_state_capital(2026))



def _procurement(*rows: dict[str, str]) -> Disclosure:
    from cnbudget.model import Table
    disclosure = Disclosure(metadata={"fiscal_year": 2026, "document_kind": "department_budget"})
    disclosure.tables["procurement"] = Table("procurement", rows=[
        {"position": i + 1, **r} for i, r in enumerate(rows)])
    return disclosure


def test_procurement_other_funds_column_counts_in_the_row_total() -> None:
    """无锡市教育局 (js-city-2026-budget-17a8236f) p32 公开13表 政府采购支出表: 资金来源 一般公共
    预算资金 | 政府性基金 | 其他资金 | 上年结转和结余资金; 合计 14,353.67 + 196.10 = 14,549.77.
    其他资金 is a source of its own (other_funds): the row holds; a wrong total is still caught."""
    ok = _procurement({"item_name": "合计", "general_public_budget": "14353.67",
                       "other_funds": "196.10", "total": "14549.77"})
    assert not [f for f in run_rules(ok, codes=["CNB-ARI-032"]).findings
                if f.severity is Severity.ERROR]
    bad = _procurement({"item_name": "合计", "general_public_budget": "14353.67",
                        "other_funds": "196.10", "total": "14549.87"})
    assert [f for f in run_rules(bad, codes=["CNB-ARI-032"]).findings
            if f.severity is Severity.ERROR]


# ---------------------------------------------------------------- CNB-STR-003 (预算12表)

WATER = "bj-tables-2026-budget-tables-c0240544"


def test_projects_under_one_merged_name_stay_apart() -> None:
    """北京市水务局 预算12表 pp39-42: one merged 项目名称 cell (11000021Y000000390843-信息系统
    运维类项目, printed once on p40, clipped away on the other pages) over ten projects, each
    with its own 项目总额, 财政资金 and 绩效目标 (checked on the rendered pages)."""
    rows = _converted(WATER)[0].tables["performance_projects"].rows
    it = [r for r in rows if (r["name"] or "").replace(" ", "").startswith(
        "11000021Y000000390843-")]
    assert [r["amount"] for r in it] == [
        "65.574000", "29.742252", "85.156800", "10.514756", "64.196166", "80.500000",
        "12.563400", "42.466764", "26.448943", "41.383400"]
    assert all(r["fiscal_funds"] == r["amount"] and r["goal"] for r in it)
    assert len({r["goal"] for r in it}) == len(it)
    # every project is named: the name printed once, on another page, names the whole cell
    assert all(r["name"] for r in rows)


def test_amount_wrapped_across_a_page_break_is_one_amount() -> None:
    """p61 prints 3,327.5954 at the foot of the 项目总额 cell and p62 its last digits 37 (the
    table's amounts have six decimals): one amount, 3327.595437, not a project of 37."""
    rows = _converted(WATER)[0].tables["performance_projects"].rows
    amounts = [r["amount"] for r in rows]
    assert "3327.595437" in amounts and "37" not in amounts


def test_no_unnamed_project_error_on_the_water_authority() -> None:
    """20 CNB-STR-003 ERRORs on pp40-41 before: rows with a goal and no name (projects under
    a merged name cell printed on another page)."""
    assert [f for f in _codes(WATER, "CNB-STR-003")
            if f.location.resource == "performance_projects"] == []


def test_total_in_a_cell_without_its_wall_is_read_in_its_column() -> None:
    """预算03表 p17, 合计 row: no wall between 部门支出经济分类科目 and 合计, so one cell spans
    both; 1,024,807.171785 is printed in the 合计 column (was read as an economic name, and
    CNB-XT-002 compared budget_summary's 1,024,807.171785 with a total of 0)."""
    disclosure, found = _converted(WATER)
    total = [r for r in disclosure.tables["expenditure_summary"].rows
             if (r.get("function_name") or "").replace(" ", "") == "合计"]
    assert [(r["total"], r["basic"], r["project"], r.get("economic_name")) for r in total] == [
        ("1024807.171785", "186874.722488", "837932.449297", None)]
    assert [f for f in found if f.code == "CNB-XT-002"
            and f.location.label == "expenditure_subtotal"] == []
# ---------------------------------------------------------------- CNB-XT-006 / CNB-XT-018


def test_fund_lines_of_a_summary_without_carryover_count_it() -> None:
    """cq-2026-budget-05f59e7a p12 表一 prints no 上年结转 line: 一般公共预算资金 128,148.56 =
    表四 (p21) 本年收入 118,773.55 + 上年结转 9,375.01; 政府性基金预算资金 44,134.59 = 0 +
    上年结转 44,134.59."""
    assert _codes("cq-2026-budget-05f59e7a", "CNB-XT-006", "CNB-XT-018") == []


@pytest.mark.parametrize("key,code", [("general_public_budget_grant", "CNB-XT-006"),
                                      ("government_fund_grant", "CNB-XT-018")])
def test_a_fund_line_off_by_ten_units_still_fails(key: str, code: str) -> None:
    disclosure = copy.deepcopy(_converted("cq-2026-budget-05f59e7a")[0])
    row = next(r for r in disclosure.table("budget_summary").rows
               if r.get("item_key") == key and r.get("side") == "income")
    row["amount"] = str(Decimal(row["amount"]) + Decimal("0.10"))
    errors = [f for f in run_rules(disclosure, codes=[code]).findings
              if f.severity is Severity.ERROR]
    assert [f.location.resource for f in errors] == ["fiscal_grant_summary"]


# ---------------------------------------------------------------- CNB-ARI-062


def test_unit_subtotals_of_a_rounded_table_form_a_tree() -> None:
    """gd-city-2026-budget-cd78d6ee p22 表12: 合计 58,788.54 = 珠海市商务局 58,446.21 + 珠海市
    贸易服务中心 20.60 + 珠海市会议展览局 321.73, each unit over its projects (the first's 71
    sum to 58,446.22); the 收支总表's note says the figures were rounded, so the table keeps
    the rounding tolerance in its tree of subtotals too."""
    assert _codes("gd-city-2026-budget-cd78d6ee", "CNB-ARI-062") == []


def test_a_project_off_in_a_tree_of_subtotals_still_fails() -> None:
    disclosure = copy.deepcopy(_converted("gd-city-2026-budget-cd78d6ee")[0])
    row = next(r for r in disclosure.table("project_expenditure").rows
               if r.get("name") == "口岸维修经费")
    row["total"] = str(Decimal(row["total"]) + Decimal("0.10"))
    errors = [f for f in run_rules(disclosure, codes=["CNB-ARI-062"]).findings
              if f.severity is Severity.ERROR]
    assert [f.location.resource for f in errors] == ["project_expenditure"]


def test_merged_name_cell_named_at_the_top_of_its_next_page() -> None:
    """北京市人社局 预算12表 pp32-33: the project 325.000000 begins at the foot of p32 under a
    merged 项目名称 cell whose name (11000026T000003742334-社保工作咨询与评审服务项目) is printed
    at the top of p33; the cell goes on over the projects 35.000000 and 152.634100 (no rule
    in the name column until 社保业务工作经费项目, checked on the rendered page): they take
    that name, and no project is left without one (10 CNB-STR-003 ERRORs before)."""
    rows = _converted("bj-tables-2026-budget-tables-8b7bb978")[0].tables[
        "performance_projects"].rows
    named = {r["amount"]: r["name"] for r in rows}
    for amount in ("325.000000", "35.000000", "152.634100"):
        assert named[amount] == "11000026T000003742334-社保工作咨询与评审服务项目"
    assert named["54.855000"] == "11000026T000003743218-社保业务工作经费项目"
    assert all(r["name"] for r in rows)
    assert not _codes("bj-tables-2026-budget-tables-8b7bb978", "CNB-STR-003")
