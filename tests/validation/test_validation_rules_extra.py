"""Tolerance, units, previous year, operating-cost scope, self-check interface."""

from __future__ import annotations

import shutil
from decimal import Decimal

from validation_support import REFERENCE, Pkg, findings, new_findings

from cnbudget.validation import amounts
from cnbudget.validation.api import validate
from cnbudget.validation.findings import Severity
from cnbudget.validation.loading import load
from cnbudget.validation.runner import run_rules

BE = "basic_expenditure"


def test_tolerance_helpers():
    assert amounts.tolerance(2, ["1.00", "2.5"]) == Decimal("0.010")
    assert amounts.tolerance(3, ["30", "17.26"]) == Decimal("0.015")
    assert amounts.tolerance(1, ["30"]) == Decimal("0.5")
    assert amounts.parse("") is None and amounts.parse("1,234.50") == Decimal("1234.50")
    assert amounts.factor("万元") == 10000 and amounts.factor("元") == 1


def _rounded(path):
    """Findings of the package judged as if its evidence showed it rounded."""
    from cnbudget.validation.identity import Evidence, Policy

    loaded = load(path)
    policy = Policy("rounding", Evidence(identities=100, exact=80, rounding=20))
    return run_rules(loaded.disclosure, files=loaded.files, tolerance=policy).findings


def test_gap_within_tolerance_is_info_beyond_is_error(pkg):
    # 合计 396.57 vs 366.86 + 29.70: 2 addends → tolerance 0.01 → INFO in a rounded
    # document; against the one value of the other table, two values each rounded on its
    # own → tolerance 0.01 → INFO.
    pkg.set(BE, {"position": "1"}, "total", "396.57")
    got = {(f.code, f.severity, f.difference) for f in _rounded(pkg.root)
           if f.location.resource in (BE, "general_budget_expenditure")}
    assert ("CNB-ARI-022", Severity.INFO, "0.01") in got
    assert ("CNB-ARI-023", Severity.INFO, "0.01") in got
    assert ("CNB-XT-013", Severity.INFO, "-0.01") in got
    info = next(f for f in _rounded(pkg.root) if f.code == "CNB-ARI-022")
    assert info.default_severity is Severity.INFO and "0.010" in info.message_en
    assert "±0.5 unit of the last digit per addend" in info.message_en
    # the reference package itself: its 446 identities all hold exactly, so it is held to
    # exact arithmetic and the same 0.01 is an ERROR that says why
    exact = {(f.code, f.severity, f.difference) for f in findings(pkg.root)
             if f.location.resource in (BE, "general_budget_expenditure")}
    assert ("CNB-ARI-022", Severity.ERROR, "0.01") in exact
    error = next(f for f in findings(pkg.root) if f.code == "CNB-ARI-022")
    assert "tolerance 0 (" in error.message_en and "identities of this package" in \
        error.message_en
    pkg.set(BE, {"position": "1"}, "total", "396.58")
    got = {(f.code, f.severity, f.difference) for f in _rounded(pkg.root)
           if f.location.resource in (BE, "general_budget_expenditure")}
    assert ("CNB-ARI-022", Severity.ERROR, "0.02") in got
    assert ("CNB-XT-013", Severity.ERROR, "-0.02") in got


def test_cross_table_class_rounded_on_its_own_is_info(pkg):
    """Regression (sh-putuo-caizhengju-2024-final-accounts p6/p10): 收支总表 prints class 208
    as 326.71 (rounded from the exact total), 支出决算表 as 326.72 (Σ of its rounded 项):
    one unit of the last digit between two tables of a rounded document is rounding, an
    INFO (that document's own evidence: 12 of its 458 identities differ within rounding)."""
    d = pkg.rows("budget_summary")
    row = next(r for r in d if r["side"] == "expenditure" and r["function_code"])
    code, value = row["function_code"], Decimal(row["amount"])
    pkg.set("budget_summary", {"side": "expenditure", "function_code": code}, "amount",
            str(value - Decimal("0.01")))
    got = {(f.code, f.severity) for f in _rounded(pkg.root) if f.code == "CNB-XT-003"}
    assert got == {("CNB-XT-003", Severity.INFO)}


def test_units_are_converted_before_comparing(pkg):
    rows = pkg.rows(BE)
    for r in rows:
        for f in ("total", "personnel", "public_expenses"):
            if r[f]:
                r[f] = str(int(Decimal(r[f]) * 10000))
    pkg.write(BE, rows)
    d = pkg.descriptor
    pkg.resource(d, BE)["unit"] = "元"
    pkg.save_descriptor(d)
    assert new_findings(pkg.root) == set()


def _previous(tmp_path):
    prev = tmp_path / "130324-201-2022-budget"
    shutil.copytree(REFERENCE, prev)
    from validation_support import Pkg
    p = Pkg(prev)
    d = p.descriptor
    d["fiscal_year"], d["name"] = 2022, prev.name
    p.save_descriptor(d)
    p.set("budget_summary", {"item_key": "income_total"}, "amount", "466.95")
    p.set("expenditure_summary", {"position": "1"}, "basic", "346.30")
    p.set("expenditure_summary", {"position": "1"}, "project", "120.65")
    return p


def test_yoy_previous(pkg, tmp_path):
    prev = _previous(tmp_path)
    assert new_findings(pkg.root, previous=prev.root) == set()
    v = validate(pkg.root, previous=prev.root)
    assert "CNB-YOY-002" not in {n.code for n in v.result.not_evaluated
                                 if "previous" in n.reason}
    prev.set("budget_summary", {"item_key": "income_total"}, "amount", "467.04")
    got = [f for f in findings(pkg.root, previous=prev.root) if f.code == "CNB-YOY-002"]
    assert [(f.location.position, f.expected, f.actual) for f in got] == [
        (14, "219.67", "219.76")]


def test_operating_cost_scope_needs_public_institutions(pkg):
    pkg.set("organizations", {"position": "2"}, "nature_code", "administrative")
    assert ("CNB-XT-017", "stated_figures", 17) not in {
        (f.code, f.location.resource, f.location.position) for f in findings(pkg.root)}


def test_selfcheck_interface_on_a_disclosure_without_files():
    disclosure = load(REFERENCE).disclosure
    result = run_rules(disclosure, families={"arithmetic", "cross_table", "text"})
    assert result.outcomes and all(o.passed for o in result.outcomes
                                   if o.code.startswith(("CNB-ARI", "CNB-XT-00")))
    assert not [f for f in result.findings if f.severity is Severity.ERROR]
    assert {o.code[:7] for o in result.outcomes} <= {"CNB-ARI", "CNB-XT-", "CNB-TXT"}


def test_structural_rules_without_files_say_they_could_not_run():
    disclosure = load(REFERENCE).disclosure
    result = run_rules(disclosure, families={"structure"})
    reasons = {n.code: n.reason for n in result.not_evaluated}
    assert "CNB-STR-003" in reasons and "files" in reasons["CNB-STR-003"]


def _errors(disclosure, codes):
    result = run_rules(disclosure, families={"codes", "cross_table", "arithmetic"})
    return {(f.code, f.location.resource) for f in result.findings
            if f.severity is Severity.ERROR and f.code in codes}


def test_tables_printing_only_items_need_no_parents_and_compare_by_class():
    """泉州 (fj-quanzhou-jiance-zhongxin-2026-unit-budget p10/p12): 支出总表 and 一般公共预算
    支出表 print 项 rows only. No 类/款 row is required above them, and the 收支总表 classes
    are compared with the 项 summed by class prefix."""
    disclosure = load(REFERENCE).disclosure
    for name in ("expenditure_summary", "general_budget_expenditure"):
        table = disclosure.tables[name]
        table.rows = [r for r in table.rows if len(r.get("function_code") or "") in (0, 7)]
    codes = {"CNB-COD-003", "CNB-XT-003"}
    assert not _errors(disclosure, codes)
    # a 项 amount changed: its class no longer matches the 收支总表
    row = next(r for r in disclosure.tables["expenditure_summary"].rows
               if r.get("function_code") == "2210201")
    row["total"] = str(Decimal(row["total"]) + 1)
    assert ("CNB-XT-003", "budget_summary") in _errors(disclosure, codes)


def test_a_kuan_among_item_rows_counts_in_its_class():
    """北京 (bj-tables-2026-budget-tables-482a23e1 p3-8): 支出总表 prints 项 rows only, and
    one 款 with no 项 (21598 超长期特别国债安排的支出). Each class is the sum of the rows no
    printed row stands above: the 款 counts in 215, the other classes are not left at 0."""
    disclosure = load(REFERENCE).disclosure
    table = disclosure.tables["expenditure_summary"]
    kept = [r for r in table.rows if len(r.get("function_code") or "") in (0, 7)]
    # one 项 printed as its 款 instead (its class keeps its total)
    kuan = next(r for r in kept if r.get("function_code") == "2210201")
    kuan["function_code"] = "22102"
    table.rows = kept
    assert not _errors(disclosure, {"CNB-XT-003"})
    # the 款 row and a 项 below it both printed: the 项 stands under it, not counted twice
    below = dict(kuan, function_code="2210201")
    table.rows = [*kept, below]
    assert not _errors(disclosure, {"CNB-XT-003"})
    # a class amount changed: still caught
    row = next(r for r in table.rows if (r.get("function_code") or "").startswith("208"))
    row["total"] = str(Decimal(row["total"]) + 1)
    assert ("CNB-XT-003", "budget_summary") in _errors(disclosure, {"CNB-XT-003"})


def test_a_skipped_level_needs_the_printed_parent():
    """A table printing 类 and 项 but no 款: each 项 stands under its 类."""
    disclosure = load(REFERENCE).disclosure
    table = disclosure.tables["expenditure_summary"]
    table.rows = [r for r in table.rows if len(r.get("function_code") or "") != 5]
    assert not _errors(disclosure, {"CNB-COD-003"})
    rows = table.rows
    i = next(i for i, r in enumerate(rows) if r.get("function_code") == "2080501")
    j = next(i for i, r in enumerate(rows) if r.get("function_code") == "210")
    rows[i], rows[j] = rows[j], rows[i]
    assert ("CNB-COD-003", "expenditure_summary") in _errors(disclosure, {"CNB-COD-003"})


def test_local_economic_subitem_is_a_warning_a_malformed_code_an_error():
    """重庆 (cq-qixiang-2026-budget p14): 3010201 规范性津补贴 under 30102 is a local
    sub-item (CNB-COD-006, WARNING); a 7-digit code without a known 款 (3089901: no 30899)
    is malformed (CNB-COD-002, ERROR)."""
    disclosure = load(REFERENCE).disclosure
    rows = disclosure.tables[BE].rows
    rows[3]["economic_code"] = "3010201"  # 30102 津贴补贴 is a known 款
    rows[4]["economic_code"] = "3089901"  # 30899 is no 款
    result = run_rules(disclosure, families={"codes"})
    got = {(f.code, f.severity, f.actual) for f in result.findings
           if f.code in ("CNB-COD-002", "CNB-COD-006")}
    assert got == {("CNB-COD-006", Severity.WARNING, "3010201"),
                   ("CNB-COD-002", Severity.ERROR, "3089901")}


def test_a_rule_whose_row_is_not_printed_is_not_evaluated(pkg: Pkg) -> None:
    """The 合计 row of the 基本支出表 missing (Xi'an 2020 prints none): the rules that
    compare against it report that they could not run instead of stopping the validation
    (before: NotFound raised through the converter's self-check, exit 1)."""
    pkg.drop("basic_expenditure", {"economic_code": ""})
    v = validate(pkg.root)
    assert v.result is not None, v.error
    reasons = {n.code: n.reason for n in v.result.not_evaluated}
    assert "not printed" in reasons["CNB-XT-016"]


def test_hierarchy_counts_a_deeper_code_without_its_parent():
    """西安 2019 891d54ad p.10 prints 301 工资福利支出 970.84 over 30101 237.03, 3010201 津贴补贴
    317.69, 3010202 改革性补贴 34.76, 30108 …, and no 30102: the 7-digit rows are 301's children
    (CNB-ARI-057, levels 3 and 5). With 30102 printed they count under it, not twice."""
    from cnbudget.model import Disclosure, Table
    from cnbudget.validation.context import Context
    from cnbudget.validation.rulebase import Check
    from cnbudget.validation.rules import hierarchy
    from cnbudget.validation.runner import rule

    def rows(*pairs: tuple[str, str]) -> list[dict[str, object]]:
        return [{"position": i + 1, "economic_code": c, "economic_name": "x", "total": t}
                for i, (c, t) in enumerate(pairs)]

    def failed(table_rows: list[dict[str, object]]) -> list[str]:
        d = Disclosure(metadata={"unit": "万元"})
        d.tables["expenditure_by_economic_class"] = Table("expenditure_by_economic_class",
                                                          rows=table_rows)
        return [e.detail for e in hierarchy.check(Context(d), rule("CNB-ARI-057"))
                if isinstance(e, Check) and not e.passed]

    assert failed(rows(("301", "10.00"), ("30101", "2.00"), ("3010201", "5.00"),
                       ("3010202", "3.00"))) == []
    assert failed(rows(("301", "10.00"), ("30101", "2.00"), ("30102", "8.00"),
                       ("3010201", "5.00"), ("3010202", "3.00"))) == []
    assert failed(rows(("301", "10.00"), ("30101", "2.00"), ("3010201", "5.00"))) == [
        "301 total: expected 7.00, found 10.00"]
