"""Damaged, encrypted, legacy, huge and formula-only workbooks: a clear message, bounded
time, no partial output; and the findings the reader records instead of guessing."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from openpyxl import Workbook

from cnbudget.converters.excel import read_workbook
from cnbudget.export import export_workbook
from cnbudget.model import ConversionError


def small_table(ws, amount=12.5, fmt="#,##0.00") -> None:
    ws["A1"] = "部门预算支出总表"
    ws["A2"] = "单位：万元"
    ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    ws.append(["201", "一般公共服务支出", amount, amount, None])
    ws.cell(4, 3).number_format = fmt
    ws.cell(4, 4).number_format = fmt


def refused(path: Path, *words: str) -> str:
    start = time.monotonic()
    with pytest.raises(ConversionError) as info:
        read_workbook(path)
    assert time.monotonic() - start < 20
    message = str(info.value)
    assert str(path.name) in message
    for w in words:
        assert w in message, message
    return message


def test_corrupt_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    refused(bad, "corrupt")
    text = tmp_path / "notes.xlsx"
    text.write_text("just text", encoding="utf-8")
    refused(text, "not an Excel workbook")


def test_truncated_workbook(reference, tmp_path: Path) -> None:
    good = export_workbook(reference, tmp_path / "good.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(cut, "corrupt")


def test_password_protected(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    wb = Workbook()
    small_table(wb.active)
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as src, locked.open("wb") as dst:
        ooxml.OOXMLFile(src).encrypt("secret", dst)
    refused(locked, "password-protected")


def test_legacy_xls_is_read_through_calamine(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    ws = book.add_sheet("支出总表")
    rows = [["部门预算支出总表"], ["单位：万元"],
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", 12.5, 12.5, None]]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    path = tmp_path / "old.xls"
    book.save(str(path))
    doc = read_workbook(path)
    rows_out = [b.texts for b in doc.blocks if b.kind == "row"]
    assert rows_out[-1][:3] == ["201", "一般公共服务支出", "12.5"]
    assert any("legacy .xls" in p for p in doc.problems)


def test_huge_blank_sheet_is_bounded(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.cell(1_000_000, 1).value = " "  # the used range says a million rows
    ws.cell(1_000_000, 26).value = ""
    path = tmp_path / "huge.xlsx"
    wb.save(path)
    tracemalloc.start()
    message = refused(path, "no visible cell with content", "stopped")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 200 * 1024 * 1024, peak
    assert message


def test_value_beyond_a_long_blank_run_is_reported(tmp_path: Path) -> None:
    wb = Workbook()
    small_table(wb.active)
    wb.active.cell(1_000_000, 1).value = "藏在远处"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    doc = read_workbook(path)
    assert any("reading stopped" in p and "1000000" in p for p in doc.problems)


def test_formula_only_workbook(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    small_table(ws)
    ws["C4"] = "=D4+E4"
    ws["D4"] = "=1+2"
    path = tmp_path / "formulas.xlsx"
    wb.save(path)  # openpyxl stores no calculated values
    refused(path, "without calculated values")


def rewrite_sheet(path: Path, edit) -> None:
    """Edit the first sheet's XML (for states openpyxl will not write)."""
    import zipfile
    with zipfile.ZipFile(path) as zf:
        data = {n: zf.read(n) for n in zf.namelist()}
    old = data["xl/worksheets/sheet1.xml"].decode()
    new = edit(old)
    assert new != old
    data["xl/worksheets/sheet1.xml"] = new.encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, b in data.items():
            zf.writestr(n, b)


def test_findings_are_recorded_with_sheet_and_cell(tmp_path: Path) -> None:
    import re
    wb = Workbook()
    ws = wb.active
    ws.title = "支出总表"
    small_table(ws, amount=29.7049)
    ws["E4"] = "1,234.50"  # a number typed as text
    ws.merge_cells("A1:E1")
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "秘密数据"
    hidden.sheet_state = "hidden"
    path = tmp_path / "findings.xlsx"
    wb.save(path)
    rewrite_sheet(path, lambda x: re.sub(
        r'(<c r="A1"[^>]*>.*?</c>)', r'\1<c r="B1" t="inlineStr"><is><t>被遮住</t></is></c>',
        x, count=1))
    doc = read_workbook(path)
    text = "\n".join(doc.problems)
    assert "sheet 支出总表, cell C4: stores 29.7049 but shows 29.70" in text
    assert "cell E4: the number '1,234.50' is stored as text" in text
    assert "sheet 隐藏: a hidden sheet holds data" in text
    assert "cell B1: value '被遮住' is hidden under the merged range A1:E1" in text
    assert not any("被遮住" in b.text for b in doc.blocks)


def test_uncached_formula_among_values_is_a_finding(tmp_path: Path) -> None:
    import re
    wb = Workbook()
    small_table(wb.active)
    wb.active["E4"] = "=C4-D4"
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    # one formula with a saved value, as a spreadsheet program writes it
    rewrite_sheet(path, lambda x: re.sub(r'(<c r="D4"[^>]*>)<v>', r"\1<f>10+2.5</f><v>", x))
    doc = read_workbook(path)
    assert any("cell E4: formula =C4-D4 has no calculated value" in p for p in doc.problems)
    row = [b.texts for b in doc.blocks if b.kind == "row"][-1]
    assert row[2:5] == ["12.50", "12.50", ""]
