"""The false alarms of issue 11, each on the corpus document that showed it (skipped when the
corpus is absent), and each with a constructed case showing the rule still fires on a real
defect."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from validation_support import Pkg, findings

from cnbudget.converters import Options, convert
from cnbudget.converters.facts import _facts_of
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


def test_a_row_with_amounts_and_no_name_still_breaks_the_schema(pkg: Pkg) -> None:
    pkg.set("general_budget_expenditure", {"position": "3"}, "function_name", "")
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
