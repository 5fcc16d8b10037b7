"""package → export xlsx → convert → the same package: every resource, not only the printed
tables (performance targets, text sections, stated figures, glossary, extensions), with
the codes the printed layout does not show (item_key, function_code, nature_code)."""

from __future__ import annotations

import copy
from pathlib import Path

from openpyxl import load_workbook
from xlhelpers import assert_packages_identical, convert_one, corpus_file

from cnbudget import standard
from cnbudget.converters.excel.datafmt import DATA_MARKER, META_SHEET
from cnbudget.export import export_workbook
from cnbudget.export.workbook import data_resources
from cnbudget.model import Table
from cnbudget.package import load_package, write_package

RISKY = ("=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "=1+1\r\n_x000D_")


def test_reference_package_round_trips_every_resource(reference, tmp_path: Path) -> None:
    book = export_workbook(reference, tmp_path / "ref.xlsx")
    back = convert_one(book)
    assert back.report.problems == []
    assert_packages_identical(reference, back, tmp_path)
    assert len(back.tables["text_sections"].rows) == len(reference.tables["text_sections"].rows)
    # provenance now points at the workbook's sheets and cells, and says what they hold
    wb = load_workbook(book, read_only=True, data_only=True)
    covered = {p.resource for p in back.provenance}
    assert covered >= {n for n, t in reference.tables.items() if t.rows}
    for p in back.provenance[::37]:
        assert p.place.source == "ref.xlsx" and p.place.sheet and p.place.cell
        assert p.place.sheet in wb.sheetnames
        assert wb[p.place.sheet][p.place.cell].value is not None


def test_workbook_layout(reference, tmp_path: Path) -> None:
    wb = load_workbook(export_workbook(reference, tmp_path / "ref.xlsx"))
    assert wb.sheetnames[:2] == ["填表说明", "封面"]
    assert wb[META_SHEET].sheet_state == "hidden"
    hidden = [ws for ws in wb.worksheets if ws.sheet_state == "hidden" and ws.title != META_SHEET]
    assert {ws["B1"].value for ws in hidden} == {
        "budget_summary", "income_summary", "expenditure_summary", "fiscal_grant_summary",
        "general_budget_expenditure", "basic_expenditure", "government_fund_expenditure",
        "state_capital_expenditure", "three_public_expenses", "organizations", "procurement",
        "fixed_assets"}
    projects = wb["项目绩效目标表"]
    assert projects["A1"].value == DATA_MARKER and projects["B1"].value == "performance_projects"
    titles = [f["title"] for f in standard.table_schema("performance_projects")["fields"]]
    assert [c.value for c in projects[2]] == titles
    names = [f["name"] for f in standard.table_schema("performance_projects")["fields"]]
    assert [c.value for c in projects[3]] == names and names[:2] == ["project_id", "position"]
    assert set(data_resources(reference)) == {
        "text_sections", "stated_figures", "performance_goals", "performance_projects",
        "performance_indicators", "glossary"}
    summary = wb["_budget_summary"]
    assert [c.value for c in summary[3]] == [f["name"] for f in standard.table_schema(
        "budget_summary")["fields"]]


def test_text_fields_of_data_sheets_are_neutralised(reference, tmp_path: Path) -> None:
    d = copy.deepcopy(reference)
    d.tables["x_notes"] = Table("x_notes", rows=[{"page": "3", "c1": t, "c2": t[::-1]}
                                                 for t in RISKY],
                                title="附表", printed_title="附表", pages=[3],
                                schema={"fields": [{"name": "page", "type": "integer"},
                                                   {"name": "c1", "title": "项目",
                                                    "type": "string"},
                                                   {"name": "c2", "type": "string"}]},
                                extension={"name": "notes", "description": "test"})
    n = 0
    for name, table in d.tables.items():
        schema = table.schema or standard.table_schema(name)
        text = [f["name"] for f in schema["fields"] if f["type"] == "string"
                and not f.get("x-amount")]
        for row in table.rows:
            for f in text:
                if f not in ("side", "item_key", "topic", "scope", "withheld_reason"):
                    row[f] = RISKY[n % len(RISKY)] + str(row.get(f) or "")
                    n += 1
    book = export_workbook(d, tmp_path / "evil.xlsx")
    wb = load_workbook(book)
    risky = [c for ws in wb.worksheets if ws["A1"].value == DATA_MARKER
             for row in ws.iter_rows(min_row=4) for c in row
             if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert len(risky) > 100
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert_packages_identical(d, convert_one(book), tmp_path)


def test_an_edited_printed_sheet_wins_over_the_hidden_rows(reference, tmp_path: Path
                                                             ) -> None:
    book = export_workbook(reference, tmp_path / "ref.xlsx")
    wb = load_workbook(book)
    ws = wb["部门预算财政拨款“三公”经费支出表"]
    row = next(r for r in ws.iter_rows() if r[1].value == "“三公”经费小计")
    row[2].value = 35.5
    wb.save(tmp_path / "edited.xlsx")
    back = convert_one(tmp_path / "edited.xlsx")
    assert any(p.code == "CNB-CNV-090" and "changed since it was exported" in p.data["message"]
               for p in back.report.problems)
    totals = {r["item"]: r["total"] for r in back.tables["three_public_expenses"].rows}
    assert totals["“三公”经费小计"] == "35.50"
    assert back.tables["budget_summary"].rows == reference.tables["budget_summary"].rows


def test_corpus_package_with_extensions_round_trips(tmp_path: Path) -> None:
    pdf = corpus_file("sn-xian-xinfang-2026-budget.pdf")  # keeps x_ resources
    converted = convert_one(pdf)
    package = load_package(write_package(converted, tmp_path / "pkg"))
    assert any(n.startswith("x_") for n in package.tables)
    back = convert_one(export_workbook(package, tmp_path / "gz.xlsx"))
    assert_packages_identical(package, back, tmp_path)


def test_without_the_workbook_data_sheet(reference, tmp_path: Path) -> None:
    """Hidden data sheets count only with the metadata sheet that vouches for them; the
    visible data sheets are still read as they are."""
    wb = load_workbook(export_workbook(reference, tmp_path / "ref.xlsx"))
    del wb[META_SHEET]
    wb.save(tmp_path / "bare.xlsx")
    back = convert_one(tmp_path / "bare.xlsx")
    assert any(p.code == "CNB-CNV-090" and "hidden data sheet of budget_summary"
               in p.data["message"] for p in back.report.problems)
    for name in ("performance_projects", "performance_indicators", "stated_figures",
                 "text_sections", "glossary"):
        assert back.tables[name].rows == reference.tables[name].rows, name
    assert back.tables["budget_summary"].printed_title == "部门预算收支总表"


def test_a_table_that_cannot_be_printed_goes_to_a_data_sheet(reference, tmp_path: Path
                                                             ) -> None:
    d = copy.deepcopy(reference)
    rows = d.tables["budget_summary"].rows
    rows[0]["line"] = ""  # some rows with printed row numbers, one without
    book = export_workbook(d, tmp_path / "odd.xlsx")
    wb = load_workbook(book, read_only=True)
    assert "部门预算收支总表" in wb.sheetnames
    assert wb["部门预算收支总表"]["B1"].value == "budget_summary"  # a data sheet
    assert_packages_identical(d, convert_one(book), tmp_path)
