"""The export, template and convert commands on workbooks: exit codes, no partial output."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xlhelpers import REFERENCE

import cnbudget.converters  # noqa: F401

main = pytest.importorskip("cnbudget.cli.main")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(main.app, [str(a) for a in args])


def test_export_xlsx_then_convert(tmp_path: Path) -> None:
    book = tmp_path / "ref.xlsx"
    assert run("export", REFERENCE, "--format", "xlsx", "-o", book).exit_code == 0
    again = run("export", REFERENCE, "--format", "xlsx", "-o", book)
    assert again.exit_code == 2 and "exists" in again.output
    assert run("export", REFERENCE, "-o", book, "--overwrite").exit_code == 0
    result = run("convert", book, "-o", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pkg" / "budget_summary.csv").read_text(encoding="utf-8") == \
        (REFERENCE / "budget_summary.csv").read_text(encoding="utf-8")


def test_export_csv_folder_and_zip(tmp_path: Path) -> None:
    assert run("export", REFERENCE, "--format", "csv", "-o", tmp_path / "csv").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert "budget_summary.csv" in names and "datapackage.json" not in names
    assert (tmp_path / "csv" / "income_summary.csv").read_bytes() == \
        (REFERENCE / "income_summary.csv").read_bytes()
    assert run("export", REFERENCE, "--format", "csv", "-o", tmp_path / "p.zip").exit_code == 0
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        assert zf.read("basic_expenditure.csv") == \
            (REFERENCE / "basic_expenditure.csv").read_bytes()
    bad = run("export", REFERENCE, "--format", "ods", "-o", tmp_path / "x.ods")
    assert bad.exit_code == 2


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert run("template", "-o", out, "--year", "2026", "--kind", "unit_budget",
               "--unit", "元", "--decimals", "0").exit_code == 0
    assert run("template", "-o", out).exit_code == 2
    assert run("template", "-o", out, "--kind", "nonsense", "--overwrite").exit_code == 2


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                     + "EncryptionInfo".encode("utf-16-le")])
def test_bad_workbook_exits_2_without_output(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    result = run("convert", bad, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "bad.xlsx" in result.output
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


def test_validate_accepts_a_workbook(tmp_path: Path) -> None:
    book = tmp_path / "ref.xlsx"
    assert run("export", REFERENCE, "-o", book).exit_code == 0
    result = run("validate", book)
    # the reference package's findings are WARNINGs and an INFO: no ERROR
    assert result.exit_code == 0, result.output
    assert "ref.xlsx" in result.output
