"""The catalogue and the implementations match; every rule is exercised by a test."""

from __future__ import annotations

import pkgutil
import re
import string

from validation_mutations import CASES

import cnbudget.validation.rules as rules_pkg
from cnbudget import standard
from cnbudget.validation.runner import catalogue, implementation

KEYS = {"code", "family", "severity", "severity_basis", "type", "params", "title", "message",
        "description", "tolerance", "since", "example"}
FAMILIES = {"structure", "codes", "metadata", "arithmetic", "cross_table", "text",
            "performance", "residue", "yoy", "final_accounts", "reviewer"}
PREFIX = {"structure": "STR", "codes": "COD", "metadata": "MET", "arithmetic": "ARI",
          "cross_table": "XT", "text": "TXT", "performance": "PRF", "residue": "RES",
          "yoy": "YOY", "final_accounts": "FIN", "reviewer": "REV"}
# Rules exercised by dedicated tests rather than a mutation in mutations.py
ELSEWHERE = {"CNB-XT-017": "test_validation_reference.py, test_validation_rules_extra.py",
             "CNB-YOY-002": "test_validation_rules_extra.py::test_yoy_previous",
             **{c: "test_validation_summary_variants.py" for c in (
                 "CNB-ARI-036", "CNB-ARI-037", "CNB-ARI-038", "CNB-ARI-039", "CNB-ARI-040",
                 "CNB-ARI-041", "CNB-ARI-042", "CNB-ARI-120", "CNB-ARI-121", "CNB-ARI-122",
                 "CNB-ARI-130", "CNB-ARI-131")},
             **{code: "tests/converters/test_lists.py (corpus: GZ, YT, SZ, HUZ, BJ), "
                "test_corpus_findings.py (ARI-064 on bj-junmin)"
                for code in ("CNB-ARI-060", "CNB-ARI-061", "CNB-ARI-062", "CNB-ARI-063",
                             "CNB-ARI-064", "CNB-XT-051")},
             # the economic tables' identities: held on the corpus by the self-check
             # (tests/converters/test_corpus_identities.py, test_economic_tables.py); no
             # mutation case shows one firing yet
             **{f"CNB-ARI-{n:03d}": "tests/converters/test_economic_tables.py (corpus only)"
                for n in range(50, 60)},
             # 财政拨款支出表, 机关运行经费支出预算表 (Jiangsu): mutations of a converted corpus document
             **{code: "tests/converters/test_fiscal_grant_expenditure.py (corpus)" for code in (
                 "CNB-ARI-090", "CNB-ARI-091", "CNB-ARI-092", "CNB-ARI-093", "CNB-XT-070")},
             # the 三公 table's other years and units (深圳): the corpus pages and mutations
             **{f"CNB-ARI-{n}": "tests/converters/test_three_public_detail.py (corpus)"
                for n in (100, 101, 102)},
             "CNB-ARI-103": "tests/converters/test_key_projects.py (corpus: GZ 4a97c00a)",
             **{code: "tests/converters/test_key_projects.py (corpus: 珠海 a53a7cf2)"
                for code in ("CNB-ARI-104", "CNB-XT-080")},
             # final accounts: on converted corpus 决算 and their mutations
             **{f"CNB-FIN-{n:03d}": "test_final_accounts.py" for n in (*range(1, 14), 30, 31)},
             # the department-wide performance table's funds: on the corpus (BJ 预算13表)
             # and its mutations
             **{code: "tests/converters/test_department_performance.py"
                for code in ("CNB-PRF-020", "CNB-PRF-021")},
             # the department self-evaluation's tasks: on the corpus (西安 2022 决算 p.30)
             # and its mutation
             "CNB-PRF-030": "test_final_accounts.py::test_department_tasks_sum",
             **{code: "tests/validation/test_reviewer.py" for code in (
                 "CNB-REV-001", "CNB-REV-002", "CNB-REV-003", "CNB-REV-004", "CNB-REV-005",
                 "CNB-REV-006", "CNB-REV-030", "CNB-REV-031")}}


def test_every_catalogue_type_has_a_module_and_every_module_a_rule():
    modules = {m.name for m in pkgutil.iter_modules(rules_pkg.__path__)}
    types = {r["type"] for r in standard.rules()}
    assert types - modules == set(), "catalogue types without implementation"
    assert modules - types == set(), "implementations without catalogue entry"
    for t in types:
        assert callable(implementation(t))


def test_catalogue_entries_are_complete():
    raw = standard.rules()
    codes = [r["code"] for r in raw]
    assert len(codes) == len(set(codes))
    assert set(standard.rule_families()) == FAMILIES
    for r in raw:
        assert set(r) == KEYS, r["code"]
        assert r["family"] in FAMILIES
        assert re.fullmatch(rf"CNB-{PREFIX[r['family']]}-\d{{3}}", r["code"]), r["code"]
        assert r["severity"] in ("error", "warning", "info")
        for key in ("title", "message", "description"):
            assert r[key]["zh"] and r[key]["en"], (r["code"], key)
        assert r["tolerance"] is None or (r["tolerance"]["zh"] and r["tolerance"]["en"])
        assert r["example"]["data"]["zh"] and r["example"]["message"]["en"]
        # templates are well formed
        for lang in ("zh", "en"):
            list(string.Formatter().parse(r["message"][lang]))
    assert len(catalogue()) == len(raw)


def test_identities_are_covered_per_family():
    counts: dict[str, int] = {}
    for r in standard.rules():
        counts[r["family"]] = counts.get(r["family"], 0) + 1
    assert counts["arithmetic"] >= 30 and counts["cross_table"] >= 15


def test_every_rule_is_exercised():
    exercised = {code for _name, _fn, expected in CASES for code, _r, _p in expected}
    missing = {r["code"] for r in standard.rules()} - exercised - set(ELSEWHERE)
    assert missing == set()


def test_every_rule_rests_on_a_basis_of_the_severity_policy():
    policy = standard.severity_policy()
    bases = policy["bases"]
    assert {b["severity"] for b in bases.values()} == {"error", "warning", "info"}
    for r in standard.rules():
        basis = r["severity_basis"]
        assert basis["basis"] in bases, r["code"]
        assert r["severity"] == bases[basis["basis"]]["severity"], r["code"]
        assert basis["reason"]["zh"] and basis["reason"]["en"], r["code"]


def test_errors_are_contradictions_or_broken_musts_only():
    # the policy: wording never an ERROR, codelist gaps never an ERROR
    for r in standard.rules():
        if r["severity"] == "error":
            assert r["severity_basis"]["basis"] in ("contradiction", "must"), r["code"]
    by_code = {r["code"]: r for r in standard.rules()}
    assert by_code["CNB-COD-010"]["severity"] == "info"  # printed-name variants
    assert by_code["CNB-COD-011"]["severity"] == "info"  # unknown code, known parent
    assert by_code["CNB-COD-005"]["severity"] == "warning"
    assert by_code["CNB-TXT-010"]["severity"] == "info"  # wording of a change
