"""Printed tables that land in the standard's typed fields rather than x_ resources (issue
10, the typed share): the Beijing project lists' continuation pages, ruled by verticals only
in their project columns, join their 绩效目标表; Shenzhen's 支出总表 prints its government
procurement (and the part reserved for SMEs) in columns of the standard. Each is checked
against the rendered page."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from cnbudget.converters import Options, convert
from cnbudget.converters.pdf.extract import Char, PageContent, Segment
from cnbudget.converters.pdf.lines import Line
from cnbudget.converters.pdf.reader import _split_at_rules
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file

BJ = "bj-tables-2026-budget-tables-8e47b581.pdf"
SZ = "gd-shenzhen-2026-budget-10b50f71.pdf"


@cache
def _convert(name: str) -> Disclosure:
    # the tables file alone prints its year only in cells (2026年年度目标); its text file
    # (bj-text-…) names it
    return convert([corpus_file(name)], Options(fiscal_year=2026))


def test_bj_project_list_continuation_pages_are_projects_and_indicators() -> None:
    """预算表12项目支出绩效目标表 runs over pp. 39-144; from p. 46 on its pages print no
    header and rule the project columns by verticals only (their text comes as lines, not
    cells). Every page joins the table: no page is left in an x_table_pN resource, every
    project has its name, and pp. 101-102 read as printed."""
    d = _convert(BJ)
    assert not [n for n in d.tables if n.startswith("x_table")]
    projects = d.tables["performance_projects"].rows
    assert projects and all(r["name"] for r in projects)
    assert max(r["page"] for r in projects) >= 140
    indicators = d.tables["performance_indicators"].rows

    def printed(name: str) -> tuple[dict[str, object], list[tuple[str, str, str | None]]]:
        row = next(r for r in projects if r["name"].endswith(name))
        return row, [(i["level3"], i["value_text"], i["unit"]) for i in indicators
                     if i["project_id"] == row["project_id"]]

    # p. 102, first project (its cells begun at the foot of p. 101, where the project's row
    # starts; its amounts printed on p. 102): 111.5 | 111.500000
    row, found = printed("职防院2026年中央转移支付卫生健康人才培养项目")
    assert (row["page"], row["amount"], row["fiscal_funds"]) == (101, "111.5", "111.500000")
    assert row["goal"] == "培养职业病防治紧缺人才"
    # its first two indicators printed at the foot of p. 101, beside the top of its name
    # cell (checked on the rendered pages 101-102)
    assert found == [("培训人员满意度", "95", "%"), ("职业病防治人次培训合格率", "95", "%"),
                     ("职业病防治人次培训数量", "115", "人次"), ("项目完成时间", "12", "月"),
                     ("受训人员履职单位", "35", "家")]
    # the next project, its six indicators on the same page
    row, found = printed("职防院2026年中央转移支付重大公共卫生服务项目")
    assert (row["amount"], row["fiscal_funds"]) == ("1", "1.000000")
    assert [v for _, v, _ in found] == ["95", "0.4", "实现心理健康高危人群来电识别与及时干预，"
                                        "做好热线咨询疏导与专科医院救治有效联动", "95", "12", "20"]


def test_sz_expenditure_summary_procurement_columns_are_typed() -> None:
    """表2 支出总表 (pp. 19-21) prints 2026年政府采购项目 {小计 | 其中：预留给中小企业 |
    其中：预留给小型、微型企业} beside the expenditure columns: the standard's procurement
    fields, not x_extra_columns. The unit's row prints 627.40 | 30.30 | 0.00 and the classes
    sum to it."""
    d = _convert(SZ)
    extra = d.tables.get("x_extra_columns")
    assert extra is None or not [r for r in extra.rows if "政府采购" in r["header"]]
    rows = d.tables["expenditure_summary"].rows
    first = rows[0]
    assert (first["total"], first["procurement"], first["procurement_sme_reserved"],
            first["procurement_small_micro_reserved"]) == ("15480.26", "627.40", "30.30",
                                                           "0.00")
    classes = [r for r in rows if len(r.get("function_code") or "") == 3]
    for field in ("procurement", "procurement_sme_reserved",
                  "procurement_small_micro_reserved"):
        assert sum(Decimal(r[field]) for r in classes) == Decimal(first[field]), field
    for r in rows:
        assert Decimal(r["procurement_small_micro_reserved"]) <= Decimal(
            r["procurement_sme_reserved"]) <= Decimal(r["procurement"]) <= Decimal(r["total"])
    rules = {"CNB-ARI-070", "CNB-ARI-071", "CNB-ARI-072", "CNB-ARI-073"}
    checks = [c for c in d.report.checks if c.identity in rules]
    assert {c.identity for c in checks} == rules
    assert all(c.holds for c in checks), [c.detail for c in checks if not c.holds]


def _char(text: str, x: float) -> Char:
    return Char(text, x, 10.0, x + 8.0, 18.0, x + 4.0, 14.0)


def test_a_text_line_is_split_at_a_vertical_rule() -> None:
    """Text of two cells side by side, outside every ruled grid, is two lines: one each
    side of the vertical rule between them; a line that crosses no rule stays whole."""
    left = [_char(c, 10.0 + 8 * i) for i, c in enumerate("项目名称")]
    right = [_char(c, 60.0 + 8 * i) for i, c in enumerate("12.5")]
    line = Line.of([*left, *right])
    above = Line.of([_char(c, 10.0 + 8 * i) for i, c in enumerate("标题文字")])
    above = Line(above.chars, above.x0, 0.0, above.x1, 8.0)
    content = PageContent(1, 100.0, 100.0, 0, segments=[Segment(False, 55.0, 9.0, 40.0)])
    out = _split_at_rules([line, above], content)
    assert [x.text for x in out] == ["项目名称", "12.5", "标题文字"]


def test_bj_tables_file_alone_finds_its_year_in_its_cells() -> None:
    # the 预算12表 file prints 2026 only in titles' neighbours and cells (2026年年度目标):
    # converted without its 说明 and without --year, its fiscal year is still 2026
    from cnbudget.converters.metadata import fiscal_year
    from cnbudget.converters.pdf import read_pdf

    assert fiscal_year([read_pdf(corpus_file(BJ))]) == 2026
