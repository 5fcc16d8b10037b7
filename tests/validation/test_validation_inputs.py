"""Bad inputs: each is refused with a clear message (could not run, exit 2) or reported as
a finding; one broken submission never stops a batch."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from typer.testing import CliRunner
from validation_support import REFERENCE

from cnbudget.cli.main import app
from cnbudget.validation.api import validate
from cnbudget.validation.batch import run_batch

runner = CliRunner()


def test_directory_that_is_not_a_package(tmp_path):
    v = validate(tmp_path)
    assert v.status == "error" and "not a package" in (v.error or "")
    assert v.exit_code == 2


def test_malformed_descriptor(pkg):
    (pkg.root / "datapackage.json").write_text("{ not json", encoding="utf-8")
    v = validate(pkg.root)
    assert v.status == "error" and "malformed JSON" in (v.error or "")


def test_descriptor_pointing_outside_or_to_a_url(pkg):
    d = pkg.descriptor
    pkg.resource(d, "glossary")["path"] = "../../etc/passwd"
    pkg.save_descriptor(d)
    v = validate(pkg.root)
    assert v.status == "error" and "outside the package folder" in (v.error or "")
    pkg.resource(d, "glossary")["path"] = "https://example.org/glossary.csv"
    pkg.save_descriptor(d)
    v = validate(pkg.root)
    assert v.status == "error" and "URL" in (v.error or "")


def test_gb18030_csv_gets_a_clear_message(pkg):
    path = pkg.root / "glossary.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    v = validate(pkg.root)
    assert v.result is not None
    f = v.result.by_code("CNB-STR-008")
    assert len(f) == 1 and "GB18030" in f[0].message_en and f[0].location.resource == "glossary"


def test_huge_csv_is_streamed_with_a_row_cap(pkg):
    with (pkg.root / "glossary.csv").open("a", encoding="utf-8") as fh:
        for i in range(5000):
            fh.write(f"{100 + i},术语{i},解释\n")
    v = validate(pkg.root, max_rows=1000)
    assert v.result is not None
    assert any("only the first 1000" in f.message_en for f in v.result.by_code("CNB-STR-008"))


def test_missing_resource_file(pkg):
    (pkg.root / "glossary.csv").unlink()
    v = validate(pkg.root)
    assert v.result is not None
    assert [f.location.resource for f in v.result.by_code("CNB-STR-008")] == ["glossary"]


def _zip(src, target, prefix=""):
    with zipfile.ZipFile(target, "w") as zf:
        for p in sorted(src.iterdir()):
            zf.write(p, prefix + p.name)
    return target


def test_zip_of_a_package(tmp_path):
    z = _zip(REFERENCE, tmp_path / "pkg.zip", "130324-201-2023-budget/")
    v = validate(z)
    assert v.status == "valid"
    assert v.inputs[0]["path"] == str(z)


def test_zip_with_a_member_escaping_its_root(tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("datapackage.json", json.dumps({"resources": []}))
        zf.writestr("../escape.txt", "x")
    v = validate(z)
    assert v.status == "error" and "escapes" in (v.error or "")
    assert not (tmp_path.parent / "escape.txt").exists()


def test_unknown_file_kind(tmp_path):
    f = tmp_path / "data.bin"
    f.write_bytes(b"\x00\x01")
    assert validate(f).status == "error"


def test_batch_continues_after_a_broken_submission(tmp_path):
    subs = tmp_path / "submissions"
    subs.mkdir()
    shutil.copytree(REFERENCE, subs / "a-good")
    (subs / "b-broken").mkdir()
    (subs / "b-broken" / "datapackage.json").write_text("{", encoding="utf-8")
    out = tmp_path / "reports"
    res = runner.invoke(app, ["validate", str(subs), "--out", str(out)])
    assert res.exit_code == 2
    assert {p.name for p in out.iterdir()} >= {"a-good.json", "a-good.html", "b-broken.json",
                                               "summary.csv", "summary.html", "findings.csv"}
    summary = (out / "summary.csv").read_text(encoding="utf-8")
    assert "valid" in summary and "malformed JSON" in summary
    good = json.loads((out / "a-good.json").read_text(encoding="utf-8"))
    assert good["status"] == "valid"
    results = run_batch([subs / "a-good", subs / "b-broken"], None)
    assert [v.status for v in results] == ["valid", "error"]


def test_document_is_converted_first():
    source = Path(__file__).resolve().parents[2] / "examples" / "lulong-2023-budget.txt"
    v = validate(source)
    assert v.result is not None, v.error
    assert v.inputs[0]["path"] == str(source)
    assert not [f for f in v.result.findings if f.severity.value == "error"]
