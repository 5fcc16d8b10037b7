"""The template generated from the standard, filled in as a person would, converts back to
the reference package."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from xlhelpers import assert_tables_equal, convert_one, metadata_core

from cnbudget import standard
from cnbudget.converters.excel import read_workbook
from cnbudget.export import write_template
from cnbudget.export.layout import EXPORTED, layout


def first_input_row(ws) -> int:
    for r in range(4, 12):
        if not ws.cell(r, 1).protection.locked:
            return r
    raise AssertionError(f"no input rows in {ws.title}")


def test_template_structure(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", 2023)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "填表说明" and "_codelists" in wb.sheetnames
    assert wb["_codelists"].sheet_state == "hidden"
    ws = wb["部门预算一般公共预算财政拨款基本支出表"]
    assert ws.protection.sheet and ws["B5"].protection.locked  # header locked
    assert [c.value for c in ws[5]][1:4] == ["科目编码", "科目名称", "合计"]
    assert ws["F3"].value == "单位：万元"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("_codelists!" in (dv.formula1 or "") for dv in lists)
    data = wb["_codelists"]
    codes = [data.cell(r, 2).value for r in range(3, 6)]
    assert codes == [r["code"] for r in standard.codelist("economic_classification").rows[:3]]
    # a blank template reads without findings and without table rows
    doc = read_workbook(path)
    assert doc.problems == []
    assert not any(b.sheet == "填表说明" for b in [x.place for x in doc.blocks])


def test_filled_template_converts_to_the_reference(reference, tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", 2023)
    wb = load_workbook(path)
    for name in [n for n in EXPORTED if n in reference.tables]:
        lay = layout(reference, name)
        ws = wb[standard.table_schema(name)["title"][:31]]
        ws["A1"] = lay.title  # the title as this document prints it
        ws["A2"] = "201 中国共产党卢龙县委员会办公室"
        if lay.as_of:
            ws["A3"] = f"预算年度：2023  截止日期：{lay.as_of}"
        header = [ws.cell(first_input_row(ws) - (2 if lay.colnums else 1), c).value
                  for c in range(1, ws.max_column + 1)]
        start = first_input_row(ws)
        template_cols = [c for c in header if c]
        assert len(template_cols) >= len([c for c in lay.columns if c.field != "line"])
        offset = 1 if header[0] == "序号" and lay.columns[0].field != "line" else 0
        for i, values in enumerate(lay.rows):
            for j, value in enumerate(values):
                if value is not None:
                    ws.cell(start + i, offset + j + 1).value = value
        for k, note in enumerate(lay.notes):
            ws.cell(start + len(lay.rows) + k, 1).value = note
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    back = convert_one(filled)
    assert_tables_equal(reference, back)
    meta = metadata_core(back.metadata)
    assert meta["publisher"] == reference.metadata["publisher"]
    assert (meta["fiscal_year"], meta["document_kind"], meta["unit"]) == (2023,
                                                                          "department_budget",
                                                                          "万元")
