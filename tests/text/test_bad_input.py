"""Damaged input: a clear message naming the file and the place, exit 2, no output."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from cnbudget.cli.main import app

from ..conftest import SEED

runner = CliRunner()
LINES = SEED.read_text(encoding="utf-8").splitlines()


def run_convert(path, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(path), "-o", str(out)])
    return result, out


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_seed_converts(tmp_path):
    result, out = run_convert(SEED, tmp_path)
    assert result.exit_code == 0, result.output
    assert (out / "datapackage.json").is_file()


def test_refuses_to_overwrite(tmp_path):
    (tmp_path / "out").mkdir()
    result, out = run_convert(SEED, tmp_path)
    assert result.exit_code == 2
    assert "exists" in result.output and list(out.iterdir()) == []


@pytest.mark.parametrize("cut", [0.35, 0.6, 0.9])
def test_truncated_text(tmp_path, cut):
    path = write(tmp_path, "cut.txt", "\n".join(LINES[: int(len(LINES) * cut)]))
    result, out = run_convert(path, tmp_path)
    assert result.exit_code == 2, result.output
    assert "cut.txt" in result.output and "truncated" in result.output
    assert not out.exists()


def test_missing_page_chunk(tmp_path):
    # drop the third page of the 收入总表 (rows 9 to 12)
    start = LINES.index("9\t2080 505\t机关 事业 单位 基本 养老 保险 缴费 支出\t36.2 1\t36.2 1\t"
                        "36.2 1\t\t\t\t\t\t\t")
    end = start + 4
    path = write(tmp_path, "chunk.txt", "\n".join(LINES[:start] + LINES[end:]))
    result, out = run_convert(path, tmp_path)
    assert result.exit_code == 2, result.output
    assert "chunk.txt" in result.output and "jump from 8 to 13" in result.output
    assert not out.exists()


def test_garbled_number_is_a_bad_cell_not_a_refusal(tmp_path):
    """One cell that does not read costs neither its table nor the document: the package is
    written, the cell is reported (code, file, page, line, text) and left empty, and every
    other row and value of its table is kept."""
    row = "14\t30207\t邮电费\t1.00\t\t1.00"
    text = "\n".join(LINES).replace(row, row.replace("1.00", "1.0o", 1))
    path = write(tmp_path, "garbled.txt", text)
    result, out = run_convert(path, tmp_path)
    assert result.exit_code == 0, result.output
    assert "problem CNB-CNV-001: garbled.txt, page 23, line" in result.output
    report = json.loads((out / "conversion_report.json").read_text(encoding="utf-8"))
    [bad] = [p for p in report["problems"] if p["code"] == "CNB-CNV-001"]
    assert bad["text"] == "1.0o" and bad["table"] == "basic_expenditure"
    assert bad["data"] == {"field": "total"}
    assert bad["location"]["source"] == "garbled.txt" and bad["location"]["page"] == 23
    assert bad["location"]["line"] is not None
    got = list(csv.DictReader((out / "basic_expenditure.csv").open(encoding="utf-8")))
    run_convert(SEED, tmp_path / "clean")
    want = list(csv.DictReader((tmp_path / "clean" / "out" / "basic_expenditure.csv").open(
        encoding="utf-8")))
    assert len(got) == len(want)
    differ = [(g, w) for g, w in zip(got, want, strict=True) if g != w]
    assert [(g["economic_name"], g["total"], w["total"]) for g, w in differ] == [
        ("邮电费", "", "1.00")]


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result, out = run_convert(path, tmp_path)
    assert result.exit_code == 2 and "image.txt" in result.output and "binary" in result.output
    assert not out.exists()


def test_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", "")
    result, out = run_convert(path, tmp_path)
    assert result.exit_code == 2 and "empty.txt" in result.output and "empty" in result.output
    assert not out.exists()


def test_missing_path(tmp_path):
    result, out = run_convert(tmp_path / "nowhere.txt", tmp_path)
    assert result.exit_code == 2 and "nowhere.txt" in result.output
    assert "no such file" in result.output
    assert not out.exists()


def test_text_without_tables(tmp_path):
    path = write(tmp_path, "letter.txt", "尊敬的领导：\n这是一封信。\n")
    result, out = run_convert(path, tmp_path)
    assert result.exit_code == 2 and "letter.txt" in result.output
    assert not out.exists()
