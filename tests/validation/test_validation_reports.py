"""Reports: JSON (against its schema, equal to the CLI's --json), HTML, CSV, terminal,
configuration, exit codes."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner
from validation_support import REFERENCE

from cnbudget import standard
from cnbudget.cli.main import app
from cnbudget.validation.api import known_codes, validate
from cnbudget.validation.config import Config, ConfigError
from cnbudget.validation.findings import Severity
from cnbudget.validation.report_csv import FIELDS
from cnbudget.validation.report_html import render
from cnbudget.validation.report_json import check_report, report_dict

runner = CliRunner()


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_json_report_validates_against_its_schema(pkg):
    check_report(report_dict(validate(REFERENCE)))
    pkg.set("budget_summary", {"item_key": "income_total"}, "amount", "700.00")
    data = report_dict(validate(pkg.root))
    check_report(data)
    assert data["status"] == "invalid" and data["summary"]["error"] > 0
    check_report(report_dict(validate(pkg.root / "nowhere")))
    with pytest.raises(jsonschema.ValidationError):
        check_report({**data, "status": "fine"})


def test_report_carries_provenance():
    data = report_dict(validate(REFERENCE))
    prov = data["provenance"]
    assert prov["standard"]["version"] == standard.version()
    assert prov["created"] == "2023-11-14T22:13:20Z"
    names = {p["path"].rsplit("/", 1)[-1] for p in prov["inputs"]}
    assert {"datapackage.json", "budget_summary.csv", "provenance.csv"} <= names
    assert len(prov["codelists"]["sha256"]) == 64


def test_cli_json_equals_library_result():
    res = runner.invoke(app, ["validate", str(REFERENCE), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == report_dict(validate(REFERENCE))


def test_cli_exit_codes(pkg, tmp_path):
    assert runner.invoke(app, ["validate", str(REFERENCE)]).exit_code == 0
    pkg.set("budget_summary", {"item_key": "income_total"}, "amount", "700.00")
    assert runner.invoke(app, ["validate", str(pkg.root)]).exit_code == 1
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["validate", str(tmp_path / "empty" / "x")])
    assert res.exit_code == 2


def test_cli_writes_html_and_csv(tmp_path):
    html, csv_path = tmp_path / "r.html", tmp_path / "f.csv"
    res = runner.invoke(app, ["validate", str(REFERENCE), "--html", str(html), "--csv",
                              str(csv_path), "--docs-url", "https://example.org/rules/"])
    assert res.exit_code == 0, res.output
    page = html.read_text(encoding="utf-8")
    assert 'href="https://example.org/rules/#cnb-res-003"' in page
    assert "<script" not in page and "http" not in page.replace("https://example.org", "")
    assert "p.30" in page and "CNB-RES-003" in page
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == FIELDS and len(lines) == 1 + 8  # 7 warnings (CNB-REV-006 ×2) and 1 info


def test_html_default_links_are_relative():
    page = render(validate(REFERENCE))
    assert 'href="reference/rules.html#cnb-prf-002"' in page


def test_config_changes_severity_and_silences(tmp_path):
    cfg = tmp_path / "campaign.yaml"
    cfg.write_text("severity:\n  CNB-RES-003: error\nsilence:\n  - CNB-PRF-005\n",
                   encoding="utf-8")
    config = Config.load(cfg, known_codes())
    v = validate(REFERENCE, config=config)
    assert v.result is not None and v.status == "invalid"
    res3 = [f for f in v.result.findings if f.code == "CNB-RES-003"]
    assert {(f.default_severity, f.severity) for f in res3} == {(Severity.WARNING,
                                                                  Severity.ERROR)}
    assert "CNB-PRF-005" in v.result.silenced
    assert not v.result.by_code("CNB-PRF-005")
    res = runner.invoke(app, ["validate", str(REFERENCE), "--config", str(cfg)])
    assert res.exit_code == 1


def test_config_rejects_unknown_rules(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("silence: [CNB-NOPE-001]\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        Config.load(cfg, known_codes())
    assert runner.invoke(app, ["validate", str(REFERENCE), "--config", str(cfg)]).exit_code == 2


def test_structural_only(tmp_path):
    v = validate(REFERENCE, structural_only=True)
    assert v.result is not None
    assert {o.code[:7] for o in v.result.outcomes} == {"CNB-STR"}
    assert v.to_dict()["provenance"]["families"] == ["structure"]


def test_terminal_report_groups_by_rule():
    res = runner.invoke(app, ["validate", str(REFERENCE)])
    assert "CNB-RES-003" in res.output and "×2" in res.output
    assert "VALID" in res.output and "7 warning(s)" in res.output
