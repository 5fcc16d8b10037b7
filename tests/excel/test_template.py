"""The template generated from the standard, filled in as a person would, converts back to
the reference package."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from xlhelpers import (
    assert_packages_identical,
    assert_tables_equal,
    convert_one,
    metadata_core,
)

from cnbudget import standard
from cnbudget.converters.excel import read_workbook
from cnbudget.export import write_template
from cnbudget.export.layout import EXPORTED, layout
from cnbudget.package import csv_text


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


PAGINATED = {"text_sections", "performance_projects"}
"""Resources with a ``page`` field; the reference was converted from a paginated document."""
DERIVED_FROM_TEXT = {"stated_figures", "glossary"}
"""Resources no sheet of the template offers: the conversion derives them from the 情况说明
text (as it derives each section's parent and topic)."""


def fill_printed_tables(wb, reference) -> list[str]:
    """Type each printed table of ``reference`` into its template sheet as a publisher
    would: title and department lines, the rows as printed, the notes below."""
    filled = []
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
        filled.append(name)
    return filled


def fill_data_sheets(wb, reference, skip: frozenset[str] = frozenset()) -> list[str]:
    """Type each resource of ``reference`` into the template's visible data sheet offering
    it (情况说明, 绩效目标, 项目绩效目标表, 绩效指标 …), only the columns the sheet offers (row
    3 names them): amounts as numbers, everything else as text typed into a text cell."""
    from cnbudget.converters.excel.datafmt import DATA_MARKER, FIRST_ROW, NAME_ROW

    filled = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws["A1"].value != DATA_MARKER:
            continue
        name = ws["B1"].value
        if name in skip:
            continue
        amounts = {f["name"] for f in standard.table_schema(name)["fields"]
                   if f.get("x-amount")}
        names = [c.value for c in ws[NAME_ROW]]
        for i, row in enumerate(reference.tables[name].rows):
            for c, field in enumerate(names, start=1):
                text = csv_text(row.get(field)) if field else ""
                if not text:
                    continue
                cell = ws.cell(FIRST_ROW + i, c)
                assert not cell.protection.locked, (ws.title, cell.coordinate)
                if field in amounts:
                    cell.value = Decimal(text)
                else:
                    cell.value, cell.data_type = text, "s"  # as Excel stores typed text
        filled.append(name)
    return filled


def without_pages(reference):
    """The reference as a workbook can state it: no page numbers (a workbook has none), so
    the ``page`` fields are empty and the descriptor lists no ``pages``."""
    expected = copy.deepcopy(reference)
    for table in expected.tables.values():
        table.pages = []
        if table.name in PAGINATED:
            for row in table.rows:
                row["page"] = None
    return expected


def drop_unprinted(wb, reference) -> None:
    """Delete the sheets of the tables the reference document does not print."""
    for name in [n for n in EXPORTED if n not in reference.tables
                 and standard.table_schema(n).get("x-template", True)]:  # a sheet offered
        del wb[standard.table_schema(name)["title"][:31]]


def test_filled_template_converts_to_the_reference(reference, tmp_path: Path) -> None:
    """Every resource the template offers, filled in from the reference package on the
    visible sheets only, converts back to the reference package: every CSV text equal
    (provenance aside), descriptor equal but for created and source — including what the
    conversion derives from the 情况说明 text (sections' parents and topics, stated figures
    with their links to the tables, glossary).

    Explained differences, asserted as such:

    * page numbers: the reference was read from a paginated document; a workbook has no
      pages, so ``text_sections.page``, ``performance_projects.page`` and each resource's
      ``pages`` in the descriptor are empty (:func:`without_pages`);
    * the cover: this document prints no cover page (its first line is the heading of its
      contents, 2023 年部门预算信息公开目录), so the publisher clears the template's 封面.
      A cover title left there is read as a PDF's cover page is: a preamble section
      （前言） before the contents, which shifts every section id (checked below);
    * tables the document does not print (项目支出预算表, 政府购买服务预算表): the publisher
      deletes their sheets (:func:`drop_unprinted`).
    """
    path = write_template(tmp_path / "t.xlsx", 2023)
    wb = load_workbook(path)
    drop_unprinted(wb, reference)
    printed = fill_printed_tables(wb, reference)
    data = fill_data_sheets(wb, reference)
    offered = set(printed) | set(data)
    assert set(data) == {"text_sections", "performance_goals", "performance_projects",
                         "performance_indicators"}
    # the template offers every resource of the reference that a publisher fills
    assert set(reference.tables) - offered == DERIVED_FROM_TEXT
    cover = wb["封面"]["A1"].value
    wb["封面"]["A1"] = None
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    back = convert_one(filled)
    assert back.report.problems == []
    assert_packages_identical(without_pages(reference), back, tmp_path)
    meta = metadata_core(back.metadata)
    assert meta["publisher"] == reference.metadata["publisher"]
    assert (meta["fiscal_year"], meta["document_kind"], meta["unit"]) == (2023,
                                                                          "department_budget",
                                                                          "万元")
    # provenance points at the visible sheets' cells, never at a hidden sheet
    visible = {ws.title for ws in wb.worksheets if ws.sheet_state == "visible"}
    assert {p.place.sheet for p in back.provenance} <= visible
    assert {p.resource for p in back.provenance} >= {n for n in offered
                                                     if reference.tables[n].rows}

    # the cover left as the template has it: one preamble section more, nothing else
    wb["封面"]["A1"] = cover
    wb.save(tmp_path / "with-cover.xlsx")
    sections = convert_one(tmp_path / "with-cover.xlsx").tables["text_sections"].rows
    assert (sections[0]["heading"], sections[0]["text"]) == ("（前言）", cover)
    assert [s["heading"] for s in sections[1:]] == [
        s["heading"] for s in reference.tables["text_sections"].rows]


def test_performance_goals_derived_from_the_text(reference, tmp_path: Path) -> None:
    """绩效目标 left empty: the conversion derives the goals from the 情况说明 text, the
    same rows as the reference's."""
    wb = load_workbook(write_template(tmp_path / "t.xlsx", 2023))
    drop_unprinted(wb, reference)
    fill_printed_tables(wb, reference)
    assert "performance_goals" not in fill_data_sheets(wb, reference,
                                                       frozenset({"performance_goals"}))
    wb["封面"]["A1"] = None
    wb.save(tmp_path / "filled.xlsx")
    back = convert_one(tmp_path / "filled.xlsx")
    assert back.report.problems == []
    assert_tables_equal(reference, back, ["performance_goals"])
    assert_packages_identical(without_pages(reference), back, tmp_path)


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
    assert len(project) == 1
    # what was typed comes back as typed (a formula-looking goal stays text); every other
    # field of the table (the 决算 self-evaluation fields included) is empty
    typed = {"project_id": "p1", "position": "1", "scope": "project", "name": "党史办业务费",
             "goal": "=完成党史一卷本编撰", "amount": "12.50", "withheld": "false"}
    assert {k: v for k, v in project[0].items() if v} == typed
    assert set(project[0]) == {f["name"] for f in
                               standard.table_schema("performance_projects")["fields"]}
    indicator = back.tables["performance_indicators"].rows[0]
    assert (indicator["level3"], indicator["value_text"], indicator["withheld"]) == \
        ("编撰卷数", "1卷", "false")
    sections = back.tables["text_sections"].rows
    assert [s["heading"] for s in sections][-2:] == ["部门职责", "部门预算安排的总体情况"]
    assert any(f["value"] == "686.71" for f in back.tables["stated_figures"].rows)
    places = {p.place.sheet for p in back.provenance if p.resource == "performance_projects"}
    assert places == {"项目绩效目标表"}
