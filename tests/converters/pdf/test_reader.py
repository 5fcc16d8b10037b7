"""The PDF front end on real disclosures: domain truths, not snapshots."""

from __future__ import annotations

from functools import cache

import pypdfium2 as pdfium
import pytest

from cnbudget.converters.grid import Block, SourceDocument
from cnbudget.converters.pdf import read_pdf
from cnbudget.converters.pdf.extract import read_page
from cnbudget.converters.pdf.lines import dedupe, join_wrapped
from cnbudget.converters.pdf.reader import layout_page
from tests.converters.corpus import corpus_file

corpus = corpus_file


@cache
def doc(name: str) -> SourceDocument:
    return read_pdf(corpus(name))


def page_blocks(name: str, page: int) -> list[Block]:
    return [b for b in doc(name).blocks if b.place.page == page]


def rows(name: str, page: int) -> list[list[str]]:
    return [b.texts for b in page_blocks(name, page) if b.kind == "row"]


def texts(name: str, page: int) -> list[str]:
    return [b.text for b in page_blocks(name, page) if b.kind == "text"]


SH_UNIT = "sh-yuwai-nongchang-2026-unit-budget.pdf"


def test_shanghai_unit_summary_table_rows_as_printed() -> None:
    r = rows(SH_UNIT, 7)
    assert len(r) == 16
    assert all(len(row) == 7 for row in r)
    # merged header cells: text in the leftmost column, "" in the others
    assert r[0] == ["本年收入", "", "本年支出", "", "", "", ""]
    assert r[4] == [
        "一、财政拨款收入",
        "118,853,953",
        "一、农林水支出",
        "118,853,953",
        "",
        "",
        "118,853,953",
    ]
    assert r[-1] == ["收入总计", "118,853,953", "支出总计", "118,853,953", "", "", "118,853,953"]


def test_shanghai_unit_title_precedes_table_and_codes_split_in_columns() -> None:
    blocks = page_blocks(SH_UNIT, 8)
    assert blocks[0].kind == "text" and blocks[0].text == "2026年预算单位收入预算总表"
    assert "单位：元" in blocks[1].text
    r = rows(SH_UNIT, 8)
    assert ["213", "01", "05", "农垦运行", "118,853,953", "118,853,953", "", "", ""] in r


def test_rotated_page_and_row_spanning_cell() -> None:
    name = "js-shengwei-bangongting-2019-budget-tables.pdf"
    assert texts(name, 2)[0] == "收入预算总表"
    r = rows(name, 2)
    assert r[1] == ["收入总计", "", "27,664.22"]
    # "一般公共预算资金" spans three rows: its text sits in the top one
    assert r[2] == ["一般公共预算资金", "小计", "27,664.22"]
    assert r[3] == ["", "公共财政拨款(补助)资金", "27,664.22"]


def test_tables_inside_form_xobjects() -> None:
    r = rows("gd-shenzhen-xinfang-2026-budget.pdf", 18)
    assert r[2][:6] == ["深圳市信访局", "", "", "4,684.30", "3,072.01", "1,612.29"]


def test_white_excel_gridlines_are_not_rulings() -> None:
    name = "bj-xinfang-ban-2026-budget-tables.pdf"
    assert texts(name, 2)[:2] == ["预算02表 收入总表", "金额单位：万元"]
    r = rows(name, 2)
    assert len(r) == 3
    assert r[2][:3] == ["9,626.777589", "9,616.338314", "9,616.338314"]


def test_wrapped_cell_text_joined_without_space() -> None:
    r = rows("cq-qixiang-2026-budget.pdf", 7)
    assert r[5][:4] == ["2080505", "机关事业单位基本养老保险缴费支出", "71.12", "46.01"]


def test_join_wrapped_rules() -> None:
    assert join_wrapped(["2013", "101"]) == "2013101"
    assert join_wrapped(["528.", "36"]) == "528.36"
    assert join_wrapped(["党委办公厅", "（室）"]) == "党委办公厅（室）"
    assert join_wrapped(["Office", "of"]) == "Office of"


def test_final_accounts_header_and_lanci_rows() -> None:
    r = rows("cn-guojia-xinfangju-2024-final-accounts.pdf", 8)
    assert r[0][:3] == ["项目", "", "本年收入合计"]
    assert r[2] == ["栏次", "", "1", "2", "3", "4", "5", "6", "7"]
    assert r[3][:4] == ["合计", "", "20,451.35", "19,572.91"]


def test_page_without_text_layer_is_reported() -> None:
    d = doc("sh-putuo-caizhengju-2024-final-accounts.pdf")
    assert any(p.startswith("page 14:") for p in d.problems)
    assert not [b for b in d.blocks if b.place.page == 14]


@pytest.mark.parametrize(
    "name",
    [SH_UNIT, "cn-guojia-xinfangju-2026-budget.pdf", "sd-yantai-dashuju-2026-budget.pdf"],
)
def test_no_character_lost_or_duplicated(name: str) -> None:
    """Every printed character ends up in exactly one block (text line or one cell)."""
    pdf = pdfium.PdfDocument(corpus(name))
    try:
        for index in range(len(pdf)):
            content = read_page(pdf, index)
            expected = sorted(c.text for c in dedupe(content.chars))
            got = sorted(
                ch
                for b in page_blocks(name, index + 1)
                for t in ([b.text] if b.kind == "text" else b.texts)
                for ch in t
                if ch != " "
            )
            assert got == expected, f"page {index + 1}"
    finally:
        pdf.close()


def test_every_char_in_a_ruled_region_lands_in_one_cell() -> None:
    pdf = pdfium.PdfDocument(corpus("sh-putuo-wanli-2023-budget.pdf"))
    try:
        layout = layout_page(read_page(pdf, 33))
    finally:
        pdf.close()
    for grid in layout.grids:
        x0, top, x1, bottom = grid.bbox
        for line in layout.lines:
            for c in line.chars:
                assert not (x0 < c.cx < x1 and top < c.cy < bottom)


def test_places_are_on_the_page() -> None:
    d = doc("sd-yantai-dashuju-2026-budget.pdf")
    assert d.pages == 34 and len(d.sha256) == 64
    for b in d.blocks:
        assert b.place.source == "sd-yantai-dashuju-2026-budget.pdf"
        assert b.place.bbox is not None
        x0, top, x1, bottom = b.place.bbox
        assert 0 <= x0 <= x1 <= 850 and 0 <= top <= bottom <= 850
        if b.kind == "row":
            assert [c.col for c in b.cells] == list(range(len(b.cells)))


def test_reading_order_is_top_to_bottom_within_a_page() -> None:
    for page in (6, 7, 8):
        tops = [b.place.bbox[1] for b in page_blocks(SH_UNIT, page) if b.place.bbox]
        assert tops == sorted(tops)
