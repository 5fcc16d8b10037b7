"""Robust mapping: one bad cell never costs a table, one bad table never costs a document,
a continuation page without a title joins its table, and every problem is a record of the
conversion report (code, place, table, text, data).

Unit tests on constructed grids for the cases no corpus document shows cleanly; regression
tests on the corpus documents where each failure was found (skipped without the corpus)."""

from __future__ import annotations

from decimal import Decimal

from cnbudget.converters import Options, convert
from cnbudget.converters.extension import table_runs
from cnbudget.converters.grid import Block, Cell, Place
from cnbudget.converters.mapping.classified import map_classified
from cnbudget.converters.mapping.common import glued_amounts
from cnbudget.converters.pipeline import convert_documents
from cnbudget.converters.stitch import TableSegment, TextSegment, stitch
from cnbudget.model import decimal_or_none
from tests.converters.corpus import corpus_file

COLUMNS = ((40, 100), (100, 250), (250, 330), (330, 410), (410, 490))


def _row(page: int, top: float, *texts: str, columns: tuple[tuple[int, int], ...] = COLUMNS
         ) -> Block:
    cells = [Cell(t, i, Place("x.pdf", page, bbox=(x0, top, x1, top + 12)))
             for i, (t, (x0, x1)) in enumerate(zip(texts, columns, strict=True))]
    return Block("row", Place("x.pdf", page, bbox=(columns[0][0], top, columns[-1][1],
                                                    top + 12)), cells=cells)


def _text(page: int, top: float, text: str, x0: float = 40, x1: float = 490) -> Block:
    return Block("text", Place("x.pdf", page, bbox=(x0, top, x1, top + 10)), text=text)


HEADER = ("科目编码", "科目名称", "合计", "财政拨款收入", "事业收入")


def _income(*rows: Block) -> list[Block]:
    return [_text(1, 20, "收入总表", 200, 330), _text(1, 40, "单位：万元", 400, 490),
            _row(1, 60, *HEADER), *rows]


# --- cells -----------------------------------------------------------------------------------

def test_glued_amounts_are_told_from_a_wrapped_amount() -> None:
    assert glued_amounts("9746.50 5364.75") == ["9746.50", "5364.75"]
    assert glued_amounts("9746.505364.75") == ["9746.50", "5364.75"]
    assert glued_amounts("1234 5.00") == []  # one amount wrapped over two lines
    assert glued_amounts("12.3 4.56") == []  # decimals differ: not certain
    assert glued_amounts("合计") == []


def test_a_glued_total_is_split_into_the_empty_column_and_reported() -> None:
    seg = _segment(_income(_row(1, 80, "", "合计", "30.00", "20.00 10.00", ""),
                           _row(1, 100, "201", "一般公共服务支出", "20.00", "20.00", ""),
                           _row(1, 120, "205", "教育支出", "10.00", "", "10.00")))
    b = map_classified(seg)
    total = b.rows[0]
    assert (total["total"], total["fiscal_grant"], total["public_institution_income"]) == (
        "30.00", "20.00", "10.00")
    [p] = b.problems
    assert p.code == "CNB-CNV-002" and p.text == "20.00 10.00" and p.place is not None
    assert p.place.page == 1 and p.place.bbox == (330, 80, 410, 92)
    assert p.data["parts"] == "['20.00', '10.00']" and p.data["into"] == 5
    assert sum(Decimal(r["total"]) for r in b.rows[1:]) == Decimal(total["total"])


def test_a_cell_that_does_not_read_costs_only_itself() -> None:
    seg = _segment(_income(_row(1, 80, "", "合计", "30.00", "20.00", "10.00"),
                           _row(1, 100, "201", "一般公共服务支出", "2O.00", "20.00", ""),
                           _row(1, 120, "2O5", "教育支出", "10.00", "", "10.00")))
    b = map_classified(seg)
    assert [r["total"] for r in b.rows] == ["30.00", None, "10.00"]
    assert [r["fiscal_grant"] for r in b.rows] == ["20.00", "20.00", None]
    assert [r["function_name"] for r in b.rows] == ["合计", "一般公共服务支出", "教育支出"]
    assert b.rows[2]["function_code"] is None
    assert [(p.code, p.text, p.place.page if p.place else None, p.data) for p in b.problems] == [
        ("CNB-CNV-001", "2O.00", 1, {"field": "total"}),
        ("CNB-CNV-004", "2O5", 1, {"field": "function_code"})]


def _segment(blocks: list[Block]) -> TableSegment:
    [seg] = [s for s in stitch(blocks) if isinstance(s, TableSegment)]
    return seg


# --- continuation pages ----------------------------------------------------------------------

def test_an_untitled_continuation_after_a_spaced_page_number_joins_the_table() -> None:
    blocks = [*_income(_row(1, 80, "", "合计", "30.00", "20.00", "10.00"),
                       _row(1, 100, "201", "一般公共服务支出", "20.00", "20.00", "")),
              _text(1, 700, "— 1 0 —", 250, 290),
              _row(2, 60, *HEADER), _row(2, 80, "205", "教育支出", "10.00", "", "10.00")]
    seg = _segment(blocks)
    assert [r.texts[1] for r in seg.rows] == ["合计", "一般公共服务支出", "教育支出"]
    assert seg.pages == [1, 2] and seg.repeated_headers == 1


def test_a_narrow_continuation_row_is_put_under_its_columns() -> None:
    """A continuation page whose left cells the text layer gave as text lines: the rows'
    cells stand in the table's right columns, the text lines among them are reported as
    unplaced, and the rows after them still join the table."""
    right = COLUMNS[2:]
    blocks = [*_income(_row(1, 80, "", "合计", "30.00", "20.00", "10.00"),
                       _row(1, 100, "201", "一般公共服务支出", "20.00", "20.00", "")),
              _row(2, 60, "10.00", "", "10.00", columns=right),
              _text(2, 62, "205 教育支出", 40, 240),
              _row(3, 60, "206", "科学技术支出", "0.00", "", "")]
    segments = stitch(blocks)
    [seg] = [s for s in segments if isinstance(s, TableSegment)]
    assert [r.texts for r in seg.rows[2:]] == [["", "", "10.00", "", "10.00"],
                                               ["206", "科学技术支出", "0.00", "", ""]]
    assert [b.text for b in seg.stray] == ["205 教育支出"]
    assert not [s for s in segments if isinstance(s, TextSegment) and s.blocks]


def test_running_text_after_a_table_is_not_taken_for_its_continuation() -> None:
    blocks = [*_income(_row(1, 80, "", "合计", "30.00", "20.00", "10.00")),
              _text(1, 120, "一、部门预算收支增减变化情况", 40, 300),
              _text(1, 140, "2026年本部门收入预算30万元。", 40, 490),
              _row(2, 60, "", "另一张表", "1.00", "", "")]
    segments = stitch(blocks)
    [seg] = [s for s in segments if isinstance(s, TableSegment)]
    assert len(seg.rows) == 1 and not seg.stray


def test_extension_table_continued_on_the_next_page_is_one_resource() -> None:
    head = ("项目", "总计", "财政拨款", "其他资金", "绩效目标")
    blocks = [_text(1, 20, "部门预算项目支出预算表", 200, 330), _row(1, 60, *head),
              _row(1, 80, "合计", "3.00", "3.00", "0.00", ""),
              _row(1, 100, "工作经费", "1.00", "1.00", "0.00", "目标一"),
              _text(1, 700, "-19-", 250, 290),
              _row(2, 60, *head), _row(2, 80, "专项经费", "2.00", "2.00", "0.00", "目标二"),
              _text(2, 700, "-20-", 250, 290),
              _text(3, 20, "另一张表格", 200, 330), _row(3, 60, *head)]
    runs = table_runs(blocks)
    assert [[r.texts[0] for r in rows] for _, rows in runs] == [
        ["项目", "合计", "工作经费", "专项经费"], ["项目"]]


# --- the corpus ------------------------------------------------------------------------------

def test_beijing_performance_table_continues_past_a_page_read_in_part() -> None:
    """BJ 文化和旅游局 报表 (177 pages): page 78 of the 项目支出绩效目标表 gives only the
    indicator columns as cells (the project's cells as text lines). It was refused whole
    ("garbled number '质量指标' in column 'amount'"); now page 78's indicator rows stand in
    their columns, the text lines are reported unplaced with page and box, and pages 79-170
    stay in the table (they were an untitled x_table_p79)."""
    tables = corpus_file("bj-tables-2026-budget-tables-5420417d.pdf")
    text = corpus_file("bj-text-2026-budget-text-1817e10b.pdf")
    d = convert([tables, text], Options(self_check=False))
    ind = d.tables["performance_indicators"].rows
    assert {"发展大会参与国家数", "峰会参会人员数量", "召开峰会"} <= {r["level3"] for r in ind}
    assert len(d.tables["performance_projects"].rows) > 150
    assert "x_table_p79" not in d.tables
    assert not [p for p in d.report.problems if p.code == "CNB-CNV-001"]
    # page 78's project cells, given as text lines, now join their cells (a line crossing a
    # printed vertical rule is split there): the project's 1,968.28 is typed, none unplaced
    assert [u for u in d.report.unplaced if u.place.page == 78] == []
    assert any(r["amount"] == "1968.280000" for r in d.tables["performance_projects"].rows)


def test_shanghai_title_glued_to_a_note_starts_its_table() -> None:
    """SH 普陀 2024 决算 (fa222afc): the text layer glued 支出决算表 to the 收入决算表's note
    (p9 "注：本表反映部门本年度取得的各项收入情况。支出决算表"). The 收入决算表 swallowed
    the 支出决算表 and the document was refused on a cell reading '本年支出合计'; now each
    maps to its resource and the 收入决算表's rows sum to its printed 合计."""
    d = convert([corpus_file("sh-putuo-2024-final-accounts-fa222afc.pdf")],
                Options(self_check=False))
    income = d.tables["income_summary"]
    # the 支出决算表's title is printed on page 9, at the foot of the 收入决算表
    assert income.pages == [8, 9] and d.tables["expenditure_summary"].pages == [9, 10, 11]
    total = next(r for r in income.rows if r["function_name"] == "合计")
    classes = [r for r in income.rows if r["function_code"] and len(r["function_code"]) == 3]
    assert total["current_year_subtotal"] == "9746.50"  # 本年收入合计
    assert sum(decimal_or_none(r["current_year_subtotal"]) or 0 for r in classes) == \
        Decimal("9746.50")
    assert not [p for p in d.report.problems if p.code.startswith("CNB-CNV-00")]


def test_chongqing_income_table_keeps_its_second_page() -> None:
    """CQ 商务委 (5c6aea1e): the page number "— 1 0 —" (digits spaced) closed the 收入总表
    and its page 11 became x_table_p11; it is page 11 of income_summary now."""
    d = convert([corpus_file("cq-2026-budget-5c6aea1e.pdf")], Options(self_check=False))
    assert d.tables["income_summary"].pages == [9, 10, 11]
    assert not any(n.startswith("x_table_p") and n[9:].isdigit() and int(n[9:]) in (11, 13)
                   for n in d.tables)


def test_a_second_table_of_a_resource_is_kept_not_refused() -> None:
    """西安 综合预算 2019 (891d54ad) prints a 政府性基金收支总表 after its 收支总表: the
    document was refused ("a second table"); the second is kept as printed and reported."""
    d = convert([corpus_file("sn-xian-comprehensive-2019-budget-891d54ad.pdf")],
                Options(self_check=False))
    [p] = [p for p in d.report.problems if p.code == "CNB-CNV-012"]
    assert p.table == "budget_summary" and p.place is not None and p.place.page == 24
    assert p.data["kept_in"] in d.tables and d.tables["budget_summary"].rows


def test_a_two_file_disclosure_takes_its_year_from_the_text_file() -> None:
    """BJ 应急管理局 (04e8ce34): the 报表 file prints no year; the 说明 file's cover does."""
    docs = [corpus_file("bj-tables-2026-budget-tables-04e8ce34.pdf"),
            corpus_file("bj-text-2026-budget-text-d9002ae6.pdf")]
    d = convert(docs, Options(self_check=False))
    assert d.metadata["fiscal_year"] == 2026


def test_pipeline_reports_front_end_problems_as_source_records() -> None:
    from cnbudget.converters.grid import SourceDocument

    blocks = [*_income(_row(1, 80, "", "合计", "30.00", "20.00", "10.00"))]
    doc = SourceDocument("x.pdf", "0" * 64, 1, [_text(1, 5, "某局2026年部门预算"),
                                                *blocks[:2], _text(1, 50, "部门名称：某局"),
                                                *blocks[2:]],
                         problems=["page 3: no text layer"])
    d = convert_documents([doc], Options(self_check=False, strict=False, region_code="110101",
                                         department_code="001"))
    assert [p.data for p in d.report.problems if p.code == "CNB-CNV-090"] == [
        {"message": "page 3: no text layer"}]
