"""Tolerance, units, previous year, operating-cost scope, self-check interface."""

from __future__ import annotations

import shutil
from decimal import Decimal

from validation_support import REFERENCE, findings, new_findings

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


def test_gap_within_tolerance_is_info_beyond_is_error(pkg):
    # 合计 396.57 vs 366.86 + 29.70: 2 addends → tolerance 0.01 → INFO;
    # the same 0.01 against the one value of the other table (tolerance 0.005) → ERROR.
    pkg.set(BE, {"position": "1"}, "total", "396.57")
    got = {(f.code, f.severity, f.difference) for f in findings(pkg.root)
           if f.location.resource in (BE, "general_budget_expenditure")}
    assert ("CNB-ARI-022", Severity.INFO, "0.01") in got
    assert ("CNB-ARI-023", Severity.INFO, "0.01") in got
    assert ("CNB-XT-013", Severity.ERROR, "-0.01") in got
    info = next(f for f in findings(pkg.root) if f.code == "CNB-ARI-022")
    assert info.default_severity is Severity.INFO and "0.010" in info.message_en


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
