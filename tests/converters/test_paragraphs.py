"""Paragraphs and parts of a PDF's narrative: the line pitch read from the page, the two
lines of a centred heading, 第N部分 after a part placed elsewhere (普陀 规划资源 2024 决算)."""

from __future__ import annotations

from cnbudget.converters.grid import Block, Place
from cnbudget.converters.narrative import SectionBuilder
from cnbudget.converters.pdf.paragraphs import join_paragraphs

H = 15.0  # character height, pt


def _line(text: str, x0: float, top: float, x1: float = 505.0, page: int = 1) -> Block:
    return Block("text", Place("f.pdf", page, None, (x0, top, x1, top + H)), text)


def _page(pitch: float, paragraphs: list[list[str]], page: int = 1) -> list[Block]:
    """Paragraphs of full lines (the first indented by two characters, the last short)."""
    out, top = [], 80.0
    for para in paragraphs:
        for i, text in enumerate(para):
            last = i == len(para) - 1
            out.append(_line(text, 120.0 if i == 0 else 90.0, top, 300.0 if last else 505.0,
                             page))
            top += pitch
    return out


def test_double_spaced_page_joins_its_wrapped_lines() -> None:
    """15 pt lines every 31 pt (普陀 p.29): a gap of 16 pt, beyond one character height."""
    paras = [["一、财政拨款收入：指单位本年度从本级财政部门取得的财", "政拨款，包括一般公共预算财政拨款",
              "和国有资本经营预算财政拨款。"],
             ["二、事业收入：指事业单位开展专业业务活动及其辅助活动", "取得的收入。"]]
    got = [b.text for b in join_paragraphs(_page(31.2, paras))]
    assert got == ["一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政"
                   "拨款和国有资本经营预算财政拨款。", "二、事业收入：指事业单位开展专业业务活动及其辅助"
                   "活动取得的收入。"]


def test_single_spaced_page_keeps_a_wide_gap_a_break() -> None:
    """On a page whose lines are 3 pt apart, a full line and an unindented one 16 pt below
    it are two paragraphs."""
    blocks = [_line(c * 20, 90.0, 80.0 + 18.0 * i) for i, c in enumerate("甲乙丙丁戊")]
    blocks.append(_line("己" * 20, 90.0, 80.0 + 18.0 * 4 + H + 16.0))
    assert [b.text for b in join_paragraphs(blocks)] == ["甲" * 20 + "乙" * 20 + "丙" * 20
                                                         + "丁" * 20 + "戊" * 20, "己" * 20]


def test_centred_heading_of_two_lines_is_one() -> None:
    """普陀 p.20: "第三部分 …2024年度部门决算" spanning the column, "情况说明" centred below."""
    blocks = [_line("第三部分 上海市普陀区规划和自然资源局2024年度部门决算", 91.3, 95.6, 503.9),
              _line("情况说明", 267.6, 126.8, 327.6),
              _line("一、收入支出决算总体情况说明", 120.0, 189.2, 330.8),
              # the document's pitch: a double-spaced page of full lines
              *_page(31.2, [["本" * 20, "年" * 20, "收" * 20, "入" * 20, "合计。"]], page=2)]
    assert [b.text for b in join_paragraphs(blocks)][:2] == [
        "第三部分 上海市普陀区规划和自然资源局2024年度部门决算情况说明", "一、收入支出决算总体情况说明"]
    left = [_line("二、2026年杭州市气象局部门预算安排情况说明", 122.0, 315.1, 462.0),
            _line("（一）收支预算情况的总体说明（详见表1-3）", 122.0, 344.3, 454.0),
            _line("按照综合预算的原则，杭州市气象局所有收入和支出", 122.0, 374.2, 505.3),
            _line("均纳入部门预算管理。", 90.0, 404.2, 300.0)]
    assert len(join_paragraphs(left)) == 3  # left-aligned headings (杭州气象 p.4) stay two


def _sections(lines: list[str | None]) -> list[tuple[str | None, str]]:
    """Headings opened from text lines; ``None`` stands for a table read between them."""
    b = SectionBuilder()
    for i, text in enumerate(lines):
        if text is None:
            b.add_tables()
        else:
            b.add_block(Block("text", Place("f.pdf", i + 1), text))
    return [(s.number, s.heading) for s in b.sections]


def test_part_after_the_tables_part_is_a_part() -> None:
    got = _sections(["第一部分 概况", "一、主要职能", "负责……。", None,
                     "第三部分 2024年度部门决算情况说明", "一、收入支出决算总体情况说明",
                     "收入合计100万元。", "第四部分 名词解释", "一、基本支出：指……。"])
    assert ("第三部分", "2024年度部门决算情况说明") in got and ("第四部分", "名词解释") in got


def test_part_after_an_unexplained_gap_is_text() -> None:
    """No tables, no contents: a 第三部分 right after 第一部分 is not a part (a list item)."""
    got = _sections(["第一部分 概况", "一、主要职能", "负责……。", "第三部分 其他"])
    assert ("第三部分", "其他") not in got


def test_part_the_contents_list_may_follow_a_gap() -> None:
    got = _sections(["目录", "第一部分 概况………1", "第二部分 预算表………5", "第三部分 情况说明………20",
                     "第一部分 概况", "一、主要职能", "负责……。", "第三部分 情况说明"])
    assert got[-1] == ("第三部分", "情况说明")
