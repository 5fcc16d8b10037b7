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


def test_template_data_sheets(reference, tmp_path: Path) -> None:
    """Performance targets and the explanatory text: data sheets with the standard's field
    titles; filled in, performance rows are read as typed and the text as narrative."""
    from cnbudget.converters.excel.datafmt import DATA_MARKER, FIRST_ROW

    path = write_template(tmp_path / "t.xlsx", 2023)
    wb = load_workbook(path)
    for sheet, resource in [("情况说明", "text_sections"), ("绩效目标", "performance_goals"),
                            ("项目绩效目标表", "performance_projects"),
                            ("绩效指标", "performance_indicators")]:
        ws = wb[sheet]
        assert (ws["A1"].value, ws["B1"].value) == (DATA_MARKER, resource)
        titles = {f["name"]: f["title"] for f in standard.table_schema(resource)["fields"]}
        names = [c.value for c in ws[3] if c.value]
        assert [c.value for c in ws[2] if c.value] == [titles[n] for n in names]
        assert ws.protection.sheet and ws["A3"].protection.locked
        assert not ws.cell(FIRST_ROW, 1).protection.locked
    assert [c.value for c in wb["情况说明"][3] if c.value] == ["number", "heading", "text"]
    # fill the printed tables as the reference has them, then the data sheets
    for name in [n for n in EXPORTED if n in reference.tables]:
        lay = layout(reference, name)
        ws = wb[standard.table_schema(name)["title"][:31]]
        ws["A2"] = "201 中国共产党卢龙县委员会办公室"
        start = first_input_row(ws)
        header = [ws.cell(start - (2 if lay.colnums else 1), c).value
                  for c in range(1, ws.max_column + 1)]
        offset = 1 if header[0] == "序号" and lay.columns[0].field != "line" else 0
        for i, values in enumerate(lay.rows):
            for j, value in enumerate(values):
                if value is not None:
                    ws.cell(start + i, offset + j + 1).value = value
    def put(ws, r: int, values: list) -> None:
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
            if isinstance(v, str):  # as Excel stores what is typed into a text cell
                ws.cell(r, c).data_type = "s"

    text = wb["情况说明"]
    put(text, FIRST_ROW, ["一、", "部门职责", "负责县委会议的会务组织。\n负责公文处理。"])
    put(text, FIRST_ROW + 1, ["二、", "部门预算安排的总体情况", "2023年预算收入686.71万元。"])
    put(wb["项目绩效目标表"], FIRST_ROW + 2,
        ["p1", None, "党史办业务费", "=完成党史一卷本编撰", 12.5, None, None])
    indicators = wb["绩效指标"]
    names = [c.value for c in indicators[3]]
    row = dict.fromkeys(names)
    row.update(project_id="p1", position=1, level1="产出指标", level2="数量指标",
               level3="编撰卷数", value_text="1卷", withheld=False)
    put(indicators, FIRST_ROW, [row[n] for n in names])
    wb.save(tmp_path / "filled.xlsx")
    back = convert_one(tmp_path / "filled.xlsx")
    project = back.tables["performance_projects"].rows
    assert project == [{"project_id": "p1", "position": "1", "name": "党史办业务费",
                        "goal": "=完成党史一卷本编撰", "amount": "12.50", "withheld": "false",
                        "withheld_reason": "", "page": ""}]
    indicator = back.tables["performance_indicators"].rows[0]
    assert (indicator["level3"], indicator["value_text"], indicator["withheld"]) == \
        ("编撰卷数", "1卷", "false")
    sections = back.tables["text_sections"].rows
    assert [s["heading"] for s in sections][-2:] == ["部门职责", "部门预算安排的总体情况"]
    assert any(f["value"] == "686.71" for f in back.tables["stated_figures"].rows)
    places = {p.place.sheet for p in back.provenance if p.resource == "performance_projects"}
    assert places == {"项目绩效目标表"}
