"""tools/rule_frequencies.py: the corpus counts the rules reference page shows."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from cnbudget import standard

REPO = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("rule_frequencies",
                                                  REPO / "tools" / "rule_frequencies.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counts_findings_and_disclosures_per_rule():
    sweep = {"created": "2026-12-02T04:00:00+0000", "commit": "abc", "disclosures": [
        {"status": "converted", "errors_by_rule": {"CNB-ARI-001": 2},
         "warnings_by_rule": {"CNB-COD-005": 3}, "infos_by_rule": {"CNB-COD-010": 1}},
        {"status": "converted", "errors_by_rule": {"CNB-ARI-001": 1}},
        {"status": "refused", "errors_by_rule": {"CNB-ARI-001": 9}},
    ]}
    data = _tool().frequencies(sweep)
    assert data["disclosures"] == 2 and data["created"] == "2026-12-02"
    assert data["rules"]["CNB-ARI-001"] == {"findings": 3, "disclosures": 2, "errors": 3,
                                            "warnings": 0, "infos": 0}
    assert data["rules"]["CNB-COD-010"]["infos"] == 1


def test_committed_frequencies_name_catalogue_rules_only():
    path = REPO / "docs" / "data" / "rule_frequencies.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = {r["code"] for r in standard.rules()}
    assert set(data["rules"]) <= codes
    assert data["disclosures"] > 100  # a full sweep of the corpus
