"""The reviewer's checks (CNB-REV-*) and the tolerance decided from a package's evidence:
each rule on a real corpus document where one shows it (skipped when the corpus is absent)
and on a mutated copy of the reference package."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from validation_support import Pkg, findings

from cnbudget.converters.pdf.reader import read_pdf
from cnbudget.validation.findings import Severity

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
SF, TS = "stated_figures", "text_sections"


def _of(fs, code):
    return [f for f in fs if f.code == code]


def _corpus(name: str):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus document {name} absent")
    from cnbudget.converters import convert
    from cnbudget.validation.runner import run_rules

    return run_rules(convert([path]), families={"reviewer"})


def _sentence(pkg: Pkg, fid: str, sentence: str) -> None:
    rows = pkg.rows(SF)
    old = next(r["sentence"] for r in rows if r["figure_id"] == fid)
    for r in rows:
        if r["sentence"] == old:
            r["sentence"] = sentence
    pkg.write(SF, rows)


# -- CNB-REV-001: a percentage change that does not follow from the figures ----------------

SENTENCE = "2023年预算收支安排686.71万元，较2022年预算增加219.76万元，增长{p}，其中：基本支出增加50.26万元"


@pytest.mark.parametrize(("percent", "caught"), [
    ("47.06%", False), ("47.1%", False), ("47%", False), ("47.16%", True), ("10%", True)])
def test_percent_change_from_the_printed_precision(pkg: Pkg, percent: str, caught: bool):
    # 219.76 / (686.71 − 219.76) = 47.063 %: the printed precision of the percentage decides
    _sentence(pkg, "f13", SENTENCE.format(p=percent))
    got = _of(findings(pkg.root), "CNB-REV-001")
    assert bool(got) is caught
    if caught:
        f = got[0]
        assert f.severity is Severity.ERROR and f.location.page == 28
        assert "比上年增减情况" in f.message_zh and "47.06%" in f.message_en


def test_percent_change_corpus_cn_budget():
    result = _corpus("cn-guojia-xinfangju-2026-budget.pdf")
    got = _of(result.findings, "CNB-REV-001")
    # 1,391.68 万元, +333.83 万元 → 31.56 %, printed 31.35 %
    assert [f.location.page for f in got] == [25]
    assert "31.56%" in got[0].message_en and "委托业务费" in got[0].message_zh


def test_percent_change_shares_are_not_changes():
    result = _corpus("zj-hangzhou-qixiang-2026-budget.pdf")  # "占97.9%": a share
    assert not _of(result.findings, "CNB-REV-001")


# -- CNB-REV-002: the wrong year ------------------------------------------------------------

def test_comparison_with_the_own_year(pkg: Pkg):
    _sentence(pkg, "f13", SENTENCE.format(p="47.06%").replace("较2022年", "较2023年"))
    rows = pkg.rows(SF)
    for r in rows:
        if r["base_year"] == "2022" and r["figure_id"] in ("f14", "f15"):
            r["base_year"] = "2023"
    pkg.write(SF, rows)
    got = _of(findings(pkg.root), "CNB-REV-002")
    assert got and all(f.severity is Severity.WARNING for f in got)
    assert "2023" in got[0].message_en and "比上年增减情况" in got[0].message_zh


def test_own_figures_under_another_year(pkg: Pkg):
    rows = pkg.rows(SF)
    old = rows[0]["sentence"]
    for r in rows:
        if r["sentence"] == old:
            r["sentence"] = old.replace("2023年预算收入", "2022年预算收入")
    pkg.write(SF, rows)
    got = _of(findings(pkg.root), "CNB-REV-002")
    assert len(got) == 1 and "2022" in got[0].message_en


def test_reference_years_are_right(pkg: Pkg):
    assert not _of(findings(pkg.root), "CNB-REV-002")


# -- CNB-REV-003: a title the class no longer has -------------------------------------------

def test_retired_title_in_text(pkg: Pkg):
    rows = pkg.rows(TS)
    rows[7]["text"] += "其中医疗卫生与计划生育支出10万元。"
    pkg.write(TS, rows)
    got = _of(findings(pkg.root), "CNB-REV-003")
    assert len(got) == 1
    assert "210" in got[0].message_en and "卫生健康支出" in got[0].message_zh


def test_retired_title_corpus_cn_final_accounts():
    result = _corpus("cn-guojia-xinfangju-2024-final-accounts.pdf")
    got = _of(result.findings, "CNB-REV-003")
    assert got and all("行政事业单位离退休" in f.message_zh for f in got)


# -- CNB-REV-004: template wording ----------------------------------------------------------

@pytest.mark.parametrize("text", ["比上年增加（减少）5万元。", "比上年增加5万元，主要原因是。"])
def test_template_wording(pkg: Pkg, text: str):
    rows = pkg.rows(TS)
    rows[8]["text"] += text
    pkg.write(TS, rows)
    got = _of(findings(pkg.root), "CNB-REV-004")
    assert len(got) == 1 and got[0].severity is Severity.WARNING
    assert got[0].message_zh.startswith("说明“比上年增减情况”") and got[0].location.page == 28


# -- CNB-REV-005: a unit budget calling itself 部门预算 -----------------------------------------

def test_unit_budget_titled_department(pkg: Pkg):
    d = pkg.descriptor
    d["document_kind"] = "unit_budget"
    pkg.save_descriptor(d)
    got = _of(findings(pkg.root), "CNB-REV-005")
    assert any("部门预算收支总表" in f.message_zh for f in got)


def test_terms_of_art_are_not_self_names():
    # sh-unit: "…基本支出部门预算经济分类预算表" names the classification, not the document
    assert not _of(_corpus("sh-unit-2026-unit-budget-0291d4c2.pdf").findings, "CNB-REV-005")


# -- CNB-REV-006: project expenditure on a 行政运行 item -------------------------------------

def test_projects_on_administrative_running(pkg: Pkg):
    got = _of(findings(pkg.root), "CNB-REV-006")  # the reference itself: 290.15 on 2013101
    assert {f.location.resource for f in got} == {"general_budget_expenditure",
                                                   "expenditure_summary"}
    assert all("部门预算" in f.message_zh and "2013101 行政运行" in f.message_zh for f in got)


# -- CNB-REV-030/031: pages a reader cannot read ------------------------------------------

def test_clipped_text_corpus():
    result = _corpus("sn-xian-comprehensive-2019-budget-891d54ad.pdf")
    got = _of(result.findings, "CNB-REV-030")
    assert got and all(f.location.page for f in got)


def test_blank_page_recorded_and_reported(tmp_path: Path, pkg: Pkg):
    pdf = pdfium.PdfDocument.new()
    for _ in range(3):
        pdf.new_page(595, 842)
    pdf.save(str(tmp_path / "blank.pdf"))
    source = read_pdf(tmp_path / "blank.pdf")
    assert "page 2 of 3: blank (nothing is printed on it)" in source.problems
    report = json.loads((pkg.root / "conversion_report.json").read_text(encoding="utf-8"))
    report["source_files"] = ["budget.pdf"]
    report["problems"] = [{"code": "CNB-CNV-090", "data": {"message": m}}
                          for m in source.problems]
    (pkg.root / "conversion_report.json").write_text(json.dumps(report), encoding="utf-8")
    got = _of(findings(pkg.root), "CNB-REV-031")
    assert [f.location.page for f in got] == [2]  # pages 1 and 3 are the file's ends


def test_pages_not_known_without_a_pdf(pkg: Pkg):
    from cnbudget.validation.api import validate

    v = validate(pkg.root)
    assert v.result is not None
    assert {n.code for n in v.result.not_evaluated} >= {"CNB-REV-030", "CNB-REV-031"}


# -- tolerance from the package's own evidence ----------------------------------------------

def test_exact_document_holds_a_one_unit_change(pkg: Pkg):
    # 一般公共预算支出表 row 4 basic 238.21 → 238.22: the row total 528.36 is off by 0.01,
    # within rounding (±0.015), but the package's 446 identities all hold exactly
    pkg.set("general_budget_expenditure", {"position": "4"}, "basic", "238.22")
    got = [f for f in findings(pkg.root) if f.code.startswith(("CNB-ARI", "CNB-XT"))]
    errors = [f for f in got if f.severity is Severity.ERROR]
    assert errors and all("tolerance 0" in f.message_en for f in errors)
    assert all("容差 0" in f.message_zh for f in errors)


def test_rounded_document_keeps_the_rounding_tolerance():
    # 国家信访局 2024 决算: 20 of its 549 same-unit identities differ within rounding
    path = CORPUS / "cn-guojia-xinfangju-2024-final-accounts.pdf"
    if not path.is_file():
        pytest.skip("corpus document absent")
    from cnbudget.converters import convert
    from cnbudget.validation.runner import run_rules

    result = run_rules(convert([path]), families={"arithmetic", "cross_table"})
    assert result.stats["tolerance_mode"] == "rounding"
    within = [f for f in result.findings if f.severity is Severity.INFO and f.tolerance]
    assert within and all("±0.5 unit" in f.message_en for f in within)
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


def test_decision_counts_the_evidence():
    from cnbudget.validation.identity import STRAY, Evidence, decide

    assert decide(Evidence(identities=300, exact=300)).mode == "exact"
    assert decide(Evidence(identities=300, exact=296, rounding=4)).mode == "exact"
    assert decide(Evidence(identities=300, exact=300 - STRAY - 1,
                           rounding=STRAY + 1)).mode == "rounding"
    assert decide(Evidence(identities=50, exact=46, rounding=4)).mode == "rounding"
    assert decide(Evidence()).mode == "rounding"


# -- the mutation campaign (benchmarks/mutations.py) ---------------------------------------

def _bench():
    import sys

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "benchmarks"))
    import mutations

    return mutations


def test_mutators_change_one_printed_amount():
    import random

    m = _bench()
    rng = random.Random(1)
    assert m.unit_change("686.71", rng) in ("686.70", "686.72")
    assert m.unit_change("0.00", rng) == "0.01"
    for _ in range(20):
        slip = m.digit_change("686.71", rng)
        assert slip is not None and len(slip) == 6 and slip != "686.71"
        assert sum(a != b for a, b in zip(slip, "686.71", strict=True)) == 1
        swap = m.swap_change("686.71", rng)
        assert swap in ("866.71", "668.71", "686.17")
    assert m.swap_change("11.1", rng) is None


def test_campaign_validates_only_the_rules_that_read_the_cell_soundly():
    """The fast path (re-validating only the rules that read the changed cell, the others'
    evidence re-used) finds an ERROR exactly when a full validation does."""
    import random

    from validation_support import REFERENCE

    from cnbudget.validation.loading import load
    from cnbudget.validation.runner import run_rules

    m = _bench()
    d = load(REFERENCE).disclosure
    base = m.Baseline(d)
    full_base = m.error_keys(run_rules(d, families=set(m.FAMILIES)))
    rng = random.Random(3)
    identity_codes = set(m._codes(m.IDENTITY_FAMILIES))
    in_identity = missed = 0
    for resource, i, f in rng.sample(m.number_cells(d), 12):
        row = d.tables[resource].rows[i]
        original = row[f]
        row[f] = m.unit_change(str(original), rng)
        try:
            codes = base.readers.get((resource, i, f), set())
            fast = base.validate(codes)[0] if codes else False
            full = bool(m.error_keys(run_rules(d, families=set(m.FAMILIES))) - full_base)
        finally:
            row[f] = original
        assert fast == full, (resource, i, f)
        if codes & identity_codes:
            in_identity += 1
            missed += not full
    # an exact document: one unit anywhere in an identity is an ERROR
    assert in_identity >= 6 and missed == 0


def test_percent_change_any_reading_of_the_sentence():
    # sn-xian a8fb p10: "收入4,203.47万元，其中：…其他收入100.00万元，较上年增加142.30万元，增长
    # 3.50%": the change is the total's (142.30 ÷ 4,061.17), not the last part's
    assert not _of(_corpus("sn-xian-2026-budget-a8fb0ecd.pdf").findings, "CNB-REV-001")


def test_template_note_left_in_corpus():
    # sd-yantai 27ae p35: "比上年预算（注：上年3,468.18万元，公开时请删除注释）减少1271.66万元"
    got = _of(_corpus("sd-yantai-2026-budget-27ae8074.pdf").findings, "CNB-REV-004")
    assert [f.location.page for f in got] == [35] and "公开时请删除" in got[0].message_zh
