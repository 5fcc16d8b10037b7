"""财政拨款支出表（功能科目）, Jiangsu's table of all fiscal appropriations by function
(standard 0.2, ``fiscal_grant_expenditure``), on real documents: every printed row lands in
the typed resource, its rows and classes add up to the printed totals, its 合计 is the fiscal
grant summary's 本年支出, and none of its amounts is left in an ``x_`` resource."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from cnbudget.converters import Options, convert, stitch
from cnbudget.model import Disclosure
from tests.converters.corpus import files


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
