"""Stitching blocks into table segments: titles repeated on continuation pages, running
page headers, titles qualified by 基本/项目 or by an economic basis."""

from __future__ import annotations

from cnbudget.converters.grid import Block, Cell, Place
from cnbudget.converters.stitch import TableSegment, TextSegment, identify_title, stitch


def _text(page: int, text: str) -> Block:
    return Block("text", Place("x.pdf", page), text=text)


def _row(page: int, *texts: str) -> Block:
    place = Place("x.pdf", page)
    return Block("row", place, cells=[Cell(t, i, place) for i, t in enumerate(texts)])


HEADER = ("科目编码", "科目名称", "合计")


def _chunk(page: int, label: str, *rows: tuple[str, ...]) -> list[Block]:
    return [_text(page, label), _text(page, "收入总体情况表"),
            _text(page, "部门（单位）：某局  单位：万元"), _row(page, *HEADER),
            *[_row(page, *r) for r in rows], _text(page, f"—{page}—")]


def test_title_repeated_after_its_label_continues_the_table() -> None:
    blocks = [*_chunk(7, "公开表2", ("", "合 计", "3.00"), ("201", "一般公共服务支出", "1.00")),
              *_chunk(8, "公开表2", ("205", "教育支出", "2.00")),
              _text(9, "公开表3"), _text(9, "支出总体情况表"), _row(9, *HEADER),
              _row(9, "", "合计", "3.00")]
    segments = stitch(blocks)
    tables = [s for s in segments if isinstance(s, TableSegment)]
    assert [t.resource for t in tables] == ["income_summary", "expenditure_summary"]
    income = tables[0]
    assert [r.texts[0] for r in income.rows] == ["", "201", "205"]
    assert income.chunks == 2 and income.repeated_headers == 1
    narrative = [b for s in segments if isinstance(s, TextSegment) for b in s.blocks]
    assert [b.place.page for b in narrative if b.text == "公开表2"] == [7]


def test_running_page_header_does_not_end_a_table() -> None:
    head = "某市审计局2026年度部门预算公开"
    blocks = [_text(1, head), _text(1, "说明"), _text(2, head), _text(2, "公开04表"),
              _text(2, "财政拨款收支总表"), _row(2, "收入", "", "支出", ""),
              _row(2, "一、一般公共预算", "1.00", "一般公共服务支出", "1.00"),
              _text(3, head), _row(3, "", "", "教育支出", "0.00"),
              _text(4, head), _text(4, "说明")]
    tables = [s for s in stitch(blocks) if isinstance(s, TableSegment)]
    assert len(tables) == 1 and len(tables[0].rows) == 2


def test_qualified_titles_are_other_tables() -> None:
    assert identify_title("支出总表") == ("expenditure_summary", "支出总表")
    # 基本支出总表 is not 支出总表: it is basic expenditure over all funds (standard 0.2)
    assert identify_title("基本支出总表") == ("basic_expenditure_all_funds", "基本支出总表")
    # 项目支出总表 is not 支出总表: it is the project list (standard 0.2)
    assert identify_title("项目支出总表") == ("project_expenditure", "项目支出总表")
    assert identify_title("一般公共预算支出表（按功能分类）") is not None
    # by economic class, it is another table than the one by function (standard 0.2)
    assert identify_title("一般公共预算支出表（按经济分类）") == (
        "expenditure_by_economic_class", "一般公共预算支出表（按经济分类）")
    found = identify_title("部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）")
    assert found is not None and found[0] == "basic_expenditure"


def test_text_after_a_title_is_not_taken_as_its_unit_line() -> None:
    blocks = [_text(3, "（十一）国有资本经营预算支出表"), _text(4, "第一部分 部门概况"),
              _text(4, "本部门主要职责是：负责全市的信访工作，承办上级交办的事项。"),
              _row(10, "单位", "项目", "预算数"), _row(10, "某局", "项目一", "1.00")]
    segments = stitch(blocks)
    assert not any(isinstance(s, TableSegment) for s in segments)


def test_titles_with_ascii_quotes_are_found() -> None:
    # 湖州市财政局 2026 p28 prints 表07 with ASCII quotes around 三公
    for title in ('2026年市级部门一般公共预算"三公"经费支出表',
                  "2026年市级部门一般公共预算“三公”经费支出表",
                  "2026年市级部门一般公共预算”三公”经费支出表"):
        found = identify_title(title)
        assert found is not None and found[0] == "three_public_expenses", title
        assert found[1] == title  # the printed title is kept as printed


def test_title_wrapped_over_two_lines_is_one_title() -> None:
    """江苏 2017 p.16: “十一、一般公共预算“三公”经费、会议费、培训费支出预” / “算表”; the
    running text's last line before a grid, joined with a short next line, is not a title
    unless both together are one; a sentence never joins."""
    blocks = [_text(5, "本年无变化。"), _text(5, "十一、一般公共预算“三公”经费、会议费、培训费支出预"),
              _text(5, "算表"), _text(5, "部门：某院 单位：万元"),
              _row(5, "合计", "“三公”经费", "会议费"), _row(5, "3.00", "2.00", "1.00")]
    segments = stitch(blocks)
    tables = [s for s in segments if isinstance(s, TableSegment)]
    assert [t.resource for t in tables] == ["three_public_expenses"]
    assert tables[0].printed_title == "十一、一般公共预算“三公”经费、会议费、培训费支出预算表"
    assert len(tables[0].rows) == 1
    narrative = [b.text for s in segments if isinstance(s, TextSegment) for b in s.blocks]
    assert narrative == ["本年无变化。"]
    # on two pages, or in a sentence, the two lines are not one title
    for first, second in [(_text(5, "一般公共预算“三公”经费、会议费、培训费支出预"), _text(6, "算表")),
                          (_text(6, "说明如下，其中培训费支出预"), _text(6, "算表"))]:
        got = stitch([first, second, _row(6, "合计", "“三公”经费"), _row(6, "3.00", "2.00")])
        assert not [s for s in got if isinstance(s, TableSegment)]
