"""财政拨款支出表（功能科目）, Jiangsu's table of all fiscal appropriations by function
(standard 0.2, ``fiscal_grant_expenditure``), on real documents: every printed row lands in
the typed resource, its rows and classes add up to the printed totals, its 合计 is the fiscal
grant summary's 本年支出, and none of its amounts is left in an ``x_`` resource."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache

import pytest

from cnbudget.converters import Options, convert, stitch
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file, files


@cache
def converted(stem: str) -> Disclosure:
    return convert(files(stem), Options())


def _d(value: object) -> Decimal:
    return Decimal(str(value or 0))


def test_titles() -> None:
    for title in ("公开05表财政拨款支出表（功能科目）", "五、财政拨款支出预算表",
                  "财政拨款支出预算表（功能科目）"):
        assert stitch.identify_title(title) == ("fiscal_grant_expenditure", title)
    # the tables of one fund source stay theirs; by economic class is another table
    assert stitch.identify_title("一般公共预算财政拨款支出表")[0] == "general_budget_expenditure"  # type: ignore[index]
    assert stitch.identify_title("政府性基金预算财政拨款支出表")[0] == "government_fund_expenditure"  # type: ignore[index]
    assert stitch.identify_title("财政拨款支出表（经济科目）") is None


# 公开05表 as printed (pp.14-15 of the 无锡市统计局 document, pp.20-21 of c5641eca):
# rows, 合计, 基本支出, 项目支出
@pytest.mark.parametrize(("stem", "rows", "total", "basic", "project"), [
    ("js-city-2026-budget-2ed60e3f", 20, "3210.10", "2235.04", "975.06"),
])
def test_jiangsu_fiscal_grant_expenditure(stem: str, rows: int, total: str, basic: str,
                                          project: str) -> None:
    d = converted(stem)
    table = d.tables["fiscal_grant_expenditure"]
    assert len(table.rows) == rows
    top = table.rows[0]
    assert top["function_name"] == "合计"
    assert (top["total"], top["basic"], top["project"]) == (total, basic, project)
    classes = [r for r in table.rows if len(r.get("function_code") or "") == 3]
    for field in ("total", "basic", "project", "personnel", "public_expenses"):
        assert sum((_d(r.get(field)) for r in classes), Decimal(0)) == _d(top.get(field))
    for r in table.rows:
        assert _d(r.get("total")) == _d(r.get("basic")) + _d(r.get("project"))
        assert _d(r.get("basic")) == _d(r.get("personnel")) + _d(r.get("public_expenses"))
    subtotal = [r for r in d.tables["fiscal_grant_summary"].rows
                if r.get("item_key") == "expenditure_subtotal"]
    assert [r["total"] for r in subtotal] == [total]
    checks = [c.holds for c in d.report.checks if c.table == "fiscal_grant_expenditure"]
    assert checks and all(checks)
    assert not any("财政拨款支出表" in (t.printed_title or "")
                   for n, t in d.tables.items() if n.startswith("x_"))


@pytest.mark.parametrize("stem", [
    "js-city-2026-budget-17a8236f", "js-city-2026-unit-budget-c5641eca",
    "js-suzhou-shenji-2026-budget"])
def test_every_jiangsu_city_print_is_typed(stem: str) -> None:
    d = converted(stem)
    table = d.tables["fiscal_grant_expenditure"]
    top = table.rows[0]
    classes = [r for r in table.rows if len(r.get("function_code") or "") == 3]
    assert classes
    assert sum((_d(r.get("total")) for r in classes), Decimal(0)) == _d(top["total"])
    checks = [c.holds for c in d.report.checks if c.table == "fiscal_grant_expenditure"]
    assert checks and all(checks)


@pytest.mark.parametrize(("field", "value", "codes"), [
    # 行政运行 (row 4) 项目支出 printed blank: 12.00 breaks its row total and its 款's sum
    ("project", "12.00", {"CNB-ARI-090", "CNB-ARI-092"}),
    # 行政运行 公用经费 131.33 → 131.03: its basic subtotal, and 20105's sum of personnel
    ("public_expenses", "131.03", {"CNB-ARI-091", "CNB-ARI-092"}),
])
def test_a_broken_row_is_caught_by_its_rule(field: str, value: str, codes: set[str]) -> None:
    from cnbudget.validation.runner import run_rules

    d = copy.deepcopy(converted("js-city-2026-budget-2ed60e3f"))
    row = d.tables["fiscal_grant_expenditure"].rows[3]
    assert row["function_code"] == "2010501"
    row[field] = value
    result = run_rules(d, families={"arithmetic", "cross_table"})
    failed = {o.code for o in result.outcomes
              if o.resource == "fiscal_grant_expenditure" and not o.passed}
    assert failed == codes


def test_a_total_other_than_the_summary_is_caught() -> None:
    from cnbudget.validation.runner import run_rules

    d = copy.deepcopy(converted("js-city-2026-budget-2ed60e3f"))
    for row in d.tables["fiscal_grant_summary"].rows:
        if row.get("item_key") == "expenditure_subtotal":
            row["total"] = "3201.10"
    result = run_rules(d, families={"cross_table"})
    assert {o.code for o in result.outcomes if not o.passed} >= {"CNB-XT-070"}
    assert [o.passed for o in result.outcomes if o.code == "CNB-XT-070"] == [False]


# 一般公共预算机关运行经费支出预算表 (standard 0.2, ``operating_costs``) as printed: 公开12表
# p.23 of the 无锡市统计局 document, 十一 on pp.14-15 of the 2018 江苏省高级人民法院 print
@pytest.mark.parametrize(("stem", "total", "items"), [
    ("js-city-2026-budget-2ed60e3f", "131.33", [
        "42.73", "2.61", "7.39", "3.00", "19.65", "46.66", "9.29"]),
    ("js-prov-tables-2018-budget-dc64772a", "3407.38", [
        "350.00", "34.00", "266.00", "119.00", "305.00", "550.00", "111.54", "45.37", "48.95",
        "40.00", "410.00", "111.00", "266.80", "596.38", "153.34"]),
])
def test_operating_costs(stem: str, total: str, items: list[str]) -> None:
    d = converted(stem)
    rows = d.tables["operating_costs"].rows
    assert [(r["economic_name"], r["total"]) for r in rows[:2]] == [
        ("合计", total), ("商品和服务支出", total)]
    assert rows[1]["economic_code"] == "302"
    assert [r["total"] for r in rows[2:]] == items
    assert all(len(r["economic_code"]) == 5 and r["economic_code"].startswith("302")
               for r in rows[2:])
    assert sum((_d(v) for v in items), Decimal(0)) == _d(total)
    checks = [c.holds for c in d.report.checks if c.table == "operating_costs"]
    assert checks and all(checks)
    assert not any("机关运行经费" in (t.printed_title or "")
                   for n, t in d.tables.items() if n.startswith("x_"))


def test_a_broken_operating_cost_is_caught() -> None:
    from cnbudget.validation.runner import run_rules

    d = copy.deepcopy(converted("js-city-2026-budget-2ed60e3f"))
    row = d.tables["operating_costs"].rows[2]
    assert row["economic_code"] == "30201"
    row["total"] = "42.43"
    result = run_rules(d, families={"arithmetic"})
    assert {o.code for o in result.outcomes
            if o.resource == "operating_costs" and not o.passed} == {"CNB-ARI-093"}


def test_a_basic_expenditure_table_of_one_amount_headed_basic_expenditure() -> None:
    """公开08表 一般公共预算基本支出预算表（经济科目） of the 2019 江苏省高级人民法院 print (p.13)
    heads its one amount column 基本支出: it is the table's 合计, all 34 printed rows."""
    d = convert([corpus_file("js-prov-tables-2019-budget-07a6273b.pdf")], Options())
    rows = d.tables["basic_expenditure"].rows
    assert len(rows) == 34
    assert (rows[0]["economic_name"], rows[0]["total"]) == ("合计", "21968.00")
    classes = [r for r in rows if len(r.get("economic_code") or "") == 3]
    assert [r["total"] for r in classes] == ["16324.07", "3580.05", "2063.88"]
    assert sum((_d(r["total"]) for r in classes), Decimal(0)) == Decimal("21968.00")
    assert all(r.get("total") for r in rows)
    extra = d.tables.get("x_extra_columns")
    assert not [r for r in (extra.rows if extra else []) if r["resource"] == "basic_expenditure"]
    checks = [c.holds for c in d.report.checks if c.table == "basic_expenditure"]
    assert checks and all(checks)
