"""Each table's layout family is declared once, in its Table Schema (``x-family``), and every
stage handles every table of the standard through it: the converter finds its title and maps
it, the workbook export and the template lay it out, the renderer prints it."""

from __future__ import annotations

import pytest

from cnbudget import standard
from cnbudget.converters import pipeline, stitch
from cnbudget.export import layout as export_layout
from cnbudget.render import layouts as render_layouts

GRID = [n for n in standard.table_names()
        if standard.table_schema(n).get("x-kind") in ("table", "list")]


def test_every_grid_table_declares_a_known_family() -> None:
    families = standard.table_families()
    assert set(families) == set(pipeline.FAMILY_MAPPERS)
    for name in GRID:
        family = standard.table_family(name)
        assert family in families, f"{name}: x-family {family!r} is not declared"
        schema = standard.table_schema(name)
        if family == "classified":
            assert schema.get("x-classification") in ("function", "economic"), name
            code = "function_code" if schema["x-classification"] == "function" \
                else "economic_code"
            assert code in {f["name"] for f in schema["fields"]}, name
        else:
            assert "x-classification" not in schema, name
        if family == "two_list":
            assert set(schema["x-side-titles"]) == {"income", "expenditure"}
            assert "side" in {f["name"] for f in schema["fields"]}


def test_text_resources_declare_no_family() -> None:
    for name in set(standard.table_names()) - set(GRID):
        assert standard.table_family(name) is None, name


@pytest.mark.parametrize("name", GRID)
def test_every_stage_handles_the_table(name: str) -> None:
    titles = {resource for _, resource in stitch.title_index()}
    if name != "performance_indicators":  # printed inside each project's table
        assert name in titles, f"the converter cannot find a {name} title"
    if name in pipeline.PERFORMANCE:
        return
    assert pipeline.mapper_for(name) is not None, f"no mapper for {name}"
    assert name in export_layout.EXPORTED, f"the workbook export leaves out {name}"
    assert name in render_layouts.LAYOUTS, f"the renderer cannot print {name}"


def test_families_drive_the_stages() -> None:
    """The stages' sets are the families', not lists of their own."""
    assert set(standard.tables_of_family("two_list")) == export_layout.TWO_LIST
    assert set(export_layout.CLASSIFIED) == set(standard.tables_of_family("classified"))
    assert [
        n for n in standard.standard()["required_resources"] if n in GRID
        and n not in pipeline.PERFORMANCE] == render_layouts.TABLE_ORDER
    for name in standard.tables_of_family("classified"):
        assert pipeline.mapper_for(name) is pipeline.FAMILY_MAPPERS["classified"]
    for name in standard.tables_of_family("two_list"):
        assert pipeline.mapper_for(name) is pipeline.FAMILY_MAPPERS["two_list"]


def test_a_title_qualified_by_the_other_classification_is_another_table() -> None:
    # （按经济分类） after a table by function, （按功能分类） after one by economic class
    found = stitch.identify_title("一般公共预算财政拨款支出表（按经济分类）")
    assert found is not None and found[0] == "expenditure_by_economic_class"
    found = stitch.identify_title("一般公共预算财政拨款支出表（按功能分类）")
    assert found is not None and found[0] == "general_budget_expenditure"
    found = stitch.identify_title("一般公共预算基本支出表（按功能分类）")
    assert found is not None and found[0] == "basic_expenditure_by_function"


def test_titles_that_need_their_classification_named() -> None:
    """Tables whose titles are those of a table by the other classification are found only
    when the title names their classification; 财政拨款… before 基本支出预算表 is not the
    table of all funds."""
    assert stitch.identify_title("一般公共预算支出表")[0] == "general_budget_expenditure"  # type: ignore[index]
    found = stitch.identify_title("2026年度一般公共预算支出经济分类情况表")
    assert found is not None and found[0] == "expenditure_by_economic_class"
    found = stitch.identify_title("财政拨款基本支出表（经济科目）")
    assert found is not None and found[0] == "grant_basic_expenditure"
    found = stitch.identify_title("六、财政拨款基本支出预算表")  # 江苏省级 2017-2019
    assert found is not None and found[0] == "grant_basic_expenditure"
    assert stitch.identify_title("财政拨款基本支出表（按功能分类）") is None
    found = stitch.identify_title("部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）")
    assert found is not None and found[0] == "basic_expenditure_by_function"
    for title in ("基本支出总表", "基本支出预算情况表", "部门预算基本支出预算表"):
        found = stitch.identify_title(title)
        assert found is not None and found[0] == "basic_expenditure_all_funds", title
    found = stitch.identify_title("一般公共预算基本支出表")
    assert found is not None and found[0] == "basic_expenditure"
