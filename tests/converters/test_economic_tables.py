"""Tables by economic classification that provinces add (standard 0.2), and the second
classification printed on a row, on real documents: every printed row lands in the typed
resource, its rows add up to its printed totals, none of its amounts is left in an ``x_``
resource, and the second codes are typed and in their codelist."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from cnbudget import standard
from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure, Row
from tests.converters.corpus import files


@cache
def converted(stem: str) -> Disclosure:
    return convert(files(stem), Options())


def _d(value: object) -> Decimal:
    return Decimal(str(value or 0))


def _x_titles(d: Disclosure) -> list[str]:
    return [t.printed_title or "" for n, t in d.tables.items() if n.startswith("x_")]


def _top_sum(rows: list[Row], field: str) -> Decimal:
    return sum((_d(r.get(field)) for r in rows if len(r.get("economic_code") or "") == 3),
               Decimal(0))


def _close(got: Decimal, printed: str, rows: list[Row]) -> bool:
    """Within the rounding of the printed figures (n × half a cent: SZ prints 注：本套报表金额
    单位转换时可能存在尾数误差, its classes sum to 3072.00 against 3072.01)."""
    n = len([r for r in rows if len(r.get("economic_code") or "") == 3])
    return abs(got - Decimal(printed)) <= Decimal("0.005") * n


def _checks(d: Disclosure, table: str) -> list[bool]:
    return [c.holds for c in d.report.checks if c.table == table]


@pytest.mark.parametrize(("stem", "rows", "total"), [
    # 部门预算基本支出预算表 (表11, p.18): 合计, the unit's row, its four classes
    ("gd-guangzhou-xinfang-2026-budget", 6, "3204.78"),
    # 基本支出总表 (表4, pp.21-22): the department's row, 3 classes and their 23 items
    ("gd-shenzhen-xinfang-2026-budget", 27, "3072.01"),
])
def test_basic_expenditure_of_all_funds(stem: str, rows: int, total: str) -> None:
    d = converted(stem)
    table = d.tables["basic_expenditure_all_funds"]
    assert len(table.rows) == rows
    first = table.rows[0]
    assert first["economic_name"] == "合计" and first["total"] == total
    assert _close(_top_sum(table.rows, "total"), total, table.rows)
    assert _close(_top_sum(table.rows, "fiscal_grant"), first["fiscal_grant"], table.rows)
    assert all(r.get("economic_code") for r in table.rows[1:] if r.get("economic_name"))
    assert not [t for t in _x_titles(d) if "基本支出" in t and "项目" not in t]
    assert not [e for e in d.tables.get("x_extra_columns", table).rows
                if e.get("resource") == "basic_expenditure_all_funds"]
    assert all(_checks(d, "basic_expenditure_all_funds"))
    assert _checks(d, "basic_expenditure_all_funds")


def test_guangdong_rows_carry_their_unit() -> None:
    table = converted("gd-guangzhou-xinfang-2026-budget").tables["basic_expenditure_all_funds"]
    unit = table.rows[1]
    assert unit["unit_name"] == "广州市信访局（本级）" and unit["economic_name"] is None
    assert [r["economic_code"] for r in table.rows[2:]] == ["301", "302", "303", "310"]
    assert {r["unit_name"] for r in table.rows[1:]} == {"广州市信访局（本级）"}


def test_shenzhen_expenditure_by_economic_class() -> None:
    d = converted("gd-shenzhen-xinfang-2026-budget")
    table = d.tables["expenditure_by_economic_class"]
    assert len(table.rows) == 33  # pp.28-30, as printed
    first = table.rows[0]
    assert first["economic_name"] == "合计" and first["total"] == "4684.30"
    assert (first["basic"], first["project"]) == ("3072.01", "1612.29")
    assert _close(_top_sum(table.rows, "total"), "4684.30", table.rows)
    assert not [t for t in _x_titles(d) if "经济分类" in t]
    assert all(_checks(d, "expenditure_by_economic_class"))


def test_yantai_prints_both_economic_classifications() -> None:
    d = converted("sd-yantai-dashuju-2026-budget")
    table = d.tables["basic_expenditure_all_funds"]
    coded = [r for r in table.rows if r.get("economic_code")]
    assert coded and all(r.get("government_economic_code") for r in coded)
    gov = standard.codelist("government_economic_classification")
    assert all(gov.get(r["government_economic_code"]) for r in coded)
    assert _close(_top_sum(table.rows, "total"), table.rows[0]["total"], table.rows)
    assert not [e for e in d.tables["x_extra_columns"].rows
                if e.get("resource") == "basic_expenditure_all_funds"]


def test_jiangsu_appropriations_basic_expenditure() -> None:
    d = converted("js-suzhou-shenji-2026-budget")
    table = d.tables["grant_basic_expenditure"]  # 财政拨款基本支出表（经济科目）, p.15
    first = table.rows[0]
    assert (first["total"], first["personnel"], first["public_expenses"]) == (
        "4312.17", "3916.57", "395.60")
    assert _close(_top_sum(table.rows, "total"), "4312.17", table.rows)
    assert all(_checks(d, "grant_basic_expenditure"))


def test_xian_tables_by_economic_class_and_basic_by_function() -> None:
    d = converted("sn-xian-xinfang-2026-budget")
    econ = d.tables["expenditure_by_economic_class"]
    assert econ.rows and econ.rows[0]["economic_name"] == "合计"
    assert any(r.get("government_economic_code") for r in econ.rows)
    by_function = d.tables["basic_expenditure_by_function"]
    assert by_function.rows and by_function.rows[0]["function_name"] == "合计"
    assert all(_checks(d, "basic_expenditure_by_function"))
    assert all(_checks(d, "expenditure_by_economic_class"))


def test_beijing_second_classifications_are_typed() -> None:
    d = converted("bj-xinfang-ban-2026-budget-tables")
    gov = standard.codelist("government_economic_classification")
    econ = standard.codelist("economic_classification")
    for name in ("expenditure_summary", "basic_expenditure"):
        rows = [r for r in d.tables[name].rows if r.get("government_economic_code")]
        assert rows, name
        for r in rows:
            entry = gov.get(r["government_economic_code"])
            assert entry is not None, r["government_economic_code"]
            assert r["government_economic_name"]
    summary = [r for r in d.tables["expenditure_summary"].rows if r.get("function_code")]
    assert all(r.get("economic_code") and r.get("economic_name") for r in summary)
    assert all(econ.get(r["economic_code"][:5]) for r in summary)
    extra = d.tables.get("x_extra_columns")  # none left at all once every column is typed
    left = [e for e in (extra.rows if extra is not None else [])
            if "经济分类" in str(e.get("header") or "")]
    assert not left


def test_government_economic_codelist_is_a_tree() -> None:
    gov = standard.codelist("government_economic_classification")
    for row in gov.rows:
        assert row["code"].startswith("5") and row["source"]
        if row["level"] == "2":
            assert gov.get(row["parent"]) is not None and row["code"].startswith(row["parent"])
