"""``cnbudget batch`` with a final account and its department's budget of the same year: the
final account is validated again with the budget (CNB-FIN-012/013, as ``validate --budget``),
redone when the budget changes, undone when it leaves the batch; two budgets of one
department and year pair nothing. The pair is constructed (the corpus has no real one, see
tests/validation/test_final_accounts.py): the golden 国家信访局 2024 决算 and a copy of it
relabelled as the budget, printing 财政拨款支出 15068.55 (the 年初预算 the text states, p.21)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cnbudget.batch.engine import Settings, budget_pairs, read_manifest, run_batch
from tests.validation.test_final_accounts import _budget_package

REPO = Path(__file__).resolve().parents[2]
FINAL = REPO / "tests" / "fixtures" / "expected" / "cn-guojia-xinfangju-2024-final-accounts"
SETTINGS = Settings(timeout=240, memory_mb=2000)


def _codes(out: Path, ident: str) -> dict[str, list[str]]:
    report = json.loads((out / "reports" / f"{ident}.json").read_text(encoding="utf-8"))
    got: dict[str, list[str]] = {}
    for f in report["findings"]:
        got.setdefault(f["code"], []).append(f["severity"])
    return got


def test_final_account_is_checked_against_its_budget(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    final = inputs / "final"
    shutil.copytree(FINAL, final)
    budget = _budget_package(FINAL, inputs / "budget", {"total": "15068.55", "201": "10500.00"})
    out = tmp_path / "out"
    run_batch([inputs], out, settings=SETTINGS)
    records = read_manifest(out)
    assert records["final"]["document_kind"] == "department_final_accounts"
    assert records["final"]["budget"] == {"id": "budget", "key": records["budget"]["key"]}
    codes = _codes(out, "final")
    assert "CNB-FIN-013" in codes  # the execution per function class is reported
    assert "warning" not in codes.get("CNB-FIN-012", [])  # 年初预算 15068.55 = the budget's
    assert "budget" not in records["budget"]  # a budget is not compared with anything

    # the budget changes (财政拨款支出 15000.00): only the comparison is redone, and it fails
    shutil.rmtree(budget)
    _budget_package(FINAL, budget, {"total": "15000.00"})
    result = run_batch([inputs], out, settings=SETTINGS)
    assert result.ran == ["budget"] and "final" in result.reused
    records = read_manifest(out)
    assert records["final"]["budget"]["key"] == records["budget"]["key"]
    assert "warning" in _codes(out, "final").get("CNB-FIN-012", [])

    # the budget leaves the batch: the final account is validated alone again
    shutil.rmtree(budget)
    run_batch([inputs], out, settings=SETTINGS)
    records = read_manifest(out)
    assert set(records) == {"final"} and records["final"]["budget"] is None
    codes = _codes(out, "final")
    assert "CNB-FIN-012" not in codes and "CNB-FIN-013" not in codes


def test_two_budgets_of_one_department_and_year_pair_nothing() -> None:
    who = {"department": "国家信访局", "region_code": "100000", "fiscal_year": 2024,
           "package": "packages/x"}
    records = {
        "f": {**who, "document_kind": "department_final_accounts"},
        "b1": {**who, "document_kind": "department_budget"},
        "b2": {**who, "document_kind": "department_budget"},
        "u": {**who, "document_kind": "unit_final_accounts"},  # a unit's: no unit budget
        "other": {**who, "fiscal_year": 2023, "document_kind": "department_final_accounts"},
    }
    pairs, unpaired = budget_pairs(records)
    assert pairs == {} and set(unpaired) == {"f"} and "b1, b2" in unpaired["f"]
    del records["b2"]
    assert budget_pairs(records) == ({"f": "b1"}, {})
