"""Tables listed by unit, and codes printed by their own digits, read from the print.

深圳 63d734e6 表7 一般公共预算支出表（按功能分类） p.164 prints a 预算单位 column: the
department's row (535,744.34, the totals) and each unit's subtotal row (深圳市人力资源和社会保障局
（本级） 150,489.93) print a unit and no 科目. 西安 2020 f3e1c257 表5 p.33 prints a 款 by its
own two digits under its 类 ("201 一般公共服务支出", "10 人力资源事务" = 20110). 西安 2019
891d54ad 表5 p.7 prints a unit's subtotal as a six-digit unit code and name in the code and
name columns ("125001 西安市安全生产监督管理局 2,080.32")."""

from __future__ import annotations

from functools import cache

import pytest

from cnbudget.converters import Options, convert
from cnbudget.converters.mapping.classified import _relative_code
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file


@cache
def _convert(name: str) -> Disclosure:
    return convert([corpus_file(name)], Options())


def test_relative_code() -> None:
    assert _relative_code("201", None, False) == ("201", "201")
    assert _relative_code("10", "201", False) == ("20110", "201")
    assert _relative_code("2011007", "201", False) == ("2011007", "201")
    assert _relative_code("10", None, False) == ("10", None)  # no 类 above: left as printed
    assert _relative_code("10", "201", True) == ("10", "201")  # split 类|款|项 columns


def test_shenzhen_unit_rows() -> None:
    d = _convert("gd-shenzhen-2026-budget-63d734e6.pdf")
    for name in ("general_budget_expenditure", "government_fund_expenditure"):
        rows = d.tables[name].rows
        assert rows[0]["unit_name"] == "深圳市人力资源和社会保障局"
        assert rows[0]["function_name"] == "合计"
        assert rows[1]["unit_name"] == "深圳市人力资源和社会保障局（本级）"
        assert not [r for r in rows if not r.get("function_name") and not r.get("unit_name")]
    rows = d.tables["general_budget_expenditure"].rows
    assert rows[1]["total"] == "150489.93" and rows[1]["function_code"] is None
    # the units' subtotals make up the department's total
    units = [r for r in rows[1:] if r.get("unit_name")]
    assert len(units) > 1
    assert sum(float(r["total"]) for r in units) == pytest.approx(float(rows[0]["total"]),
                                                                  abs=0.005 * len(units))


def test_xian_2020_two_digit_kuan() -> None:
    d = _convert("sn-xian-comprehensive-2020-budget-f3e1c257.pdf")
    rows = d.tables["general_budget_expenditure"].rows
    codes = [r["function_code"] for r in rows if r.get("function_code")]
    assert codes[:3] == ["201", "20110", "2011007"]
    assert "20501" not in codes and "20503" in codes  # "03 职业教育" under 205
    assert all(len(c) in (3, 5, 7) for c in codes)
    # every 款 stands under its 类 and above its 项
    for r in rows:
        c = r.get("function_code") or ""
        if len(c) == 7:
            assert c[:5] in codes


def test_xian_2019_unit_code_rows() -> None:
    d = _convert("sn-xian-comprehensive-2019-budget-891d54ad.pdf")
    for name in ("general_budget_expenditure", "basic_expenditure_by_function",
                 "basic_expenditure"):
        rows = d.tables[name].rows
        units = [r for r in rows if r.get("unit_code")]
        assert units and units[0]["unit_code"] == "125001", name
        assert units[0]["unit_name"] == "西安市安全生产监督管理局"
        for f in ("function_code", "economic_code"):
            assert all(len(r[f]) in (3, 5, 7) for r in rows if r.get(f)), name
    rows = d.tables["general_budget_expenditure"].rows
    assert [r["unit_code"] for r in rows if r.get("unit_code") and not r.get(
        "function_code")][:2] == ["125001", "125002"]
    assert next(r["total"] for r in rows if r.get("unit_code")) == "2080.32"
    prov = [p for p in d.provenance if p.resource == "general_budget_expenditure"
            and p.position == 2 and p.field == "unit_code"]
    assert prov and prov[0].printed == "125001" and prov[0].place.page == 7


def test_title_wrapped_inside_its_basis() -> None:
    """西安 2021 321a5fee 表5-8 p.24-31 print "…支出明细表（按支出功能分类科" and on the next
    line "目-不含上年结转）": the first line names the table and, as far as printed, its basis."""
    from cnbudget.converters.stitch import identify_title
    head = "2021年部门综合预算一般公共预算"
    assert identify_title(head + "支出明细表（按支出功能分类科") is not None
    assert identify_title(head + "支出明细表（按支出功能分类科")[0] == "general_budget_expenditure"
    assert identify_title(head + "支出明细表（按支出经济分类科目-不")[0] == \
        "expenditure_by_economic_class"
    assert identify_title(head + "基本支出明细表（按支出功")[0] == "basic_expenditure_by_function"
    assert identify_title(head + "基本支出明细表（按支出经济分类")[0] == "basic_expenditure"
    d = _convert("sn-xian-comprehensive-2021-budget-321a5fee.pdf")
    pages = {"general_budget_expenditure": [24, 25], "expenditure_by_economic_class": [26, 27],
             "basic_expenditure_by_function": [28, 29], "basic_expenditure": [30, 31]}
    for name, printed in pages.items():
        assert d.tables[name].pages == printed, name
    rows = d.tables["general_budget_expenditure"].rows
    assert rows[0]["function_name"] == "合计" and rows[0]["total"] == "258596001.79"
    assert not [n for n in d.tables if n in ("x_table_p24", "x_table_p28")]


def test_xian_2019_unit_pages_join_their_table() -> None:
    """西安 2019 891d54ad 表5-8 continue unit by unit over pages without title or header,
    each page ending with "第7页，共45页": those pages are the table's (not x_table_pN), and
    a unit's classes, on its subtotal's page and on the next, carry the unit."""
    from cnbudget.converters.stitch import PAGE_NUMBER
    assert PAGE_NUMBER.match("第7页，共45页") and PAGE_NUMBER.match("第 2 页，共 45 页")
    assert not PAGE_NUMBER.match("共45页的说明") and not PAGE_NUMBER.match("2019年")
    d = _convert("sn-xian-comprehensive-2019-budget-891d54ad.pdf")
    pages = {"general_budget_expenditure": [7, 8, 9],
             "expenditure_by_economic_class": [10, 11, 12, 13, 14, 15],
             "basic_expenditure_by_function": [16, 17, 18],
             "basic_expenditure": [19, 20, 21, 22, 23]}
    for name, printed in pages.items():
        assert d.tables[name].pages == printed, name
    assert not [n for n in d.tables if n.startswith("x_table_p") and int(n[9:]) <= 23]
    for name, code_f in (("general_budget_expenditure", "function_code"),
                         ("expenditure_by_economic_class", "economic_code")):
        rows = d.tables[name].rows
        total = next(r for r in rows if r.get(code_f.replace("code", "name")) == "合计")
        heads = [r for r in rows if r.get("unit_code") and not r.get(code_f)]
        assert [r["unit_code"] for r in heads] == ["125001", "125002", "125003", "125004"]
        # the units' subtotals make up the table's total, each unit's classes its subtotal
        assert sum(float(r["total"]) for r in heads) == pytest.approx(float(total["total"]))
        for head in heads:
            tops = [r for r in rows if r.get("unit_code") == head["unit_code"]
                    and len(r.get(code_f) or "") == 3]
            assert tops, (name, head["unit_code"])
            assert sum(float(r["total"]) for r in tops) == pytest.approx(float(head["total"]))
    rows = d.tables["general_budget_expenditure"].rows
    # p.8 opens with "05 行政事业单位离退休 22.12" of 125002 (西安市安全生产宣传教育中心)
    p8 = [p for p in d.provenance if p.resource == "general_budget_expenditure"
          and p.field == "total" and p.place.page == 8]
    first = next(r for r in rows if r["position"] == p8[0].position)
    assert first["total"] == "22.12" and first["function_code"] == "20805"
    assert first["unit_code"] == "125002" and first["unit_name"] == "西安市安全生产宣传教育中心"


def test_hangzhou_unit_row_cut_by_the_page_break() -> None:
    """杭州市公安局 c0afe4e6 表2 收入预算总表: the last row of p21 prints "杭州市机动" with
    总计 14,549.64, 事业收入 "12,437.3" and 其他收入 2,112.28; the top row of p22 finishes it
    ("车驾驶员考试服务中心", 事业收入 "6"), with no 总计 of its own. One row, its cells joined."""
    rows = _convert("zj-hangzhou-2026-budget-c0afe4e6.pdf").tables["income_summary"].rows
    names = [r["unit_name"] for r in rows]
    assert "车驾驶员考试服务中心" not in names
    row = next(r for r in rows if r["unit_name"] == "杭州市机动车驾驶员考试服务中心")
    assert (row["total"], row["public_institution_income"], row["other_income"]) == (
        "14549.64", "12437.36", "2112.28")
    assert len(rows) == 13  # 合计, the department, 11 units


def test_hangzhou_police_items_named_only() -> None:
    """The same document prints 20402 公安's 项 by name only (p20 表1, p25 表5): 信息化建设
    and 事业运行 are 2040219 and 2040250, 城市公共设施 (under 21213) 2121301; 公安 299,901.02
    in 表5 = 260,448.73 + 27,949.75 + 1,628.92 + 3,307.07 + 2,254.47 + 4,312.09 (± rounding)."""
    d = _convert("zj-hangzhou-2026-budget-c0afe4e6.pdf")
    codes = {r["function_name"]: r["function_code"]
             for r in d.tables["general_budget_expenditure"].rows}
    assert codes["信息化建设"] == "2040219" and codes["事业运行"] == "2040250"
    items = {r["item"]: r["function_code"] for r in d.tables["budget_summary"].rows}
    assert items["城市公共设施"] == "2121301"


def test_hangzhou_project_unit_cut_inside_its_bracket() -> None:
    """表10 项目支出预算表 p32 → p33: "杭州市公安局交通治安分局（水上" | "治安分局）" is one unit
    name cut by the page break, not a row of its own; 合计 106,512.00 is printed over 33
    projects (their sum, 106,313.00, is the print's own gap: test_corpus_findings)."""
    rows = _convert("zj-hangzhou-2026-budget-c0afe4e6.pdf").tables["project_expenditure"].rows
    assert all(r.get("name") for r in rows)
    assert len(rows) == 34
    assert rows[18]["organization"] == "杭州市公安局交通治安分局（水上治安分局）"
