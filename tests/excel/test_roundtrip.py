"""package → export xlsx → convert → the same package (tables, metadata)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from xlhelpers import assert_tables_equal, convert_one, metadata_core

from cnbudget.export import export_workbook
from cnbudget.export.layout import EXPORTED
from cnbudget.package import descriptor, write_package


def test_reference_package_round_trips(reference, tmp_path: Path) -> None:
    book = export_workbook(reference, tmp_path / "ref.xlsx")
    back = convert_one(book)
    assert_tables_equal(reference, back)
    assert back.report.problems == []
    assert back.report.unplaced == []
    # metadata as written into the descriptor, minus source and created
    written = write_package(back, tmp_path / "pkg", created="2000-01-01T00:00:00Z")
    import json
    desc = json.loads((written / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata_core(desc) == metadata_core(descriptor(reference, "x"))


def test_export_is_laid_out_like_the_printed_tables(reference, tmp_path: Path) -> None:
    wb = load_workbook(export_workbook(reference, tmp_path / "ref.xlsx"))
    ws = wb["部门预算收支总表"]
    assert ws["A1"].value == "部门预算收支总表"
    assert ws["A2"].value == "201 中国共产党卢龙县委员会办公室"
    assert ws["E3"].value == "单位：万元"
    assert [c.value for c in ws[4]][:4] == ["序号", "收入", None, "支出"]
    assert [c.value for c in ws[5]][1:5] == ["项目", "预算数", "项目", "预算数"]
    assert "B4:C4" in {str(r) for r in ws.merged_cells.ranges}
    first = ws[7]
    assert first[0].value == 1 and first[1].value == "一、一般公共预算拨款收入"
    assert first[2].data_type == "n" and first[2].number_format == "#,##0.00"
    assert str(first[2].value) == "686.71"
    basic = wb["部门预算一般公共预算财政拨款基本支出表"]
    codes = [basic.cell(r, 2) for r in range(8, 12)]
    assert all(c.data_type == "s" and c.number_format == "@" for c in codes if c.value)
    assert set(EXPORTED) >= {"budget_summary", "organizations"}


def test_amount_precision_and_leading_zeros_survive(reference, tmp_path: Path) -> None:
    d = reference
    basic = d.tables["basic_expenditure"]
    basic.rows[0] = {**basic.rows[0], "public_expenses": "29.70"}
    book = export_workbook(d, tmp_path / "b.xlsx")
    back = convert_one(book)
    assert back.tables["basic_expenditure"].rows[0]["public_expenses"] == "29.70"


def test_formula_like_text_is_stored_as_text(reference, tmp_path: Path) -> None:
    import copy
    d = copy.deepcopy(reference)
    orgs = d.tables["organizations"].rows
    evil = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)"]
    for row, text in zip(orgs, evil, strict=False):
        row["rank"] = text
    orgs.append({**orgs[0], "position": "3", "name": "@单位", "rank": evil[2]})
    orgs.append({**orgs[0], "position": "4", "name": "=单位", "rank": evil[3]})
    book = export_workbook(d, tmp_path / "evil.xlsx")
    wb = load_workbook(book)
    ws = wb["部门机构设置情况"]
    cells = [c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert len(risky) >= 4
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    back = convert_one(book)
    assert [r["rank"] for r in back.tables["organizations"].rows] == \
        [r["rank"] for r in orgs]


def test_export_refuses_to_overwrite(reference, tmp_path: Path) -> None:
    import pytest
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        export_workbook(reference, target)
    assert target.read_bytes() == b"keep"
    export_workbook(reference, target, overwrite=True)
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]
