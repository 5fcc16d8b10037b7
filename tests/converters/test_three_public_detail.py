"""The rows a 三公 table prints besides the department's budget-year row (standard 0.2,
``three_public_detail``): 深圳 prints one row per unit and year (2025年 | 2026年 | 增减变化金额)
with three fund columns under every item. On the real pages every printed amount lands in a
typed field, each printed row adds up, and each change is this year − last year; a broken
cell is caught by its rule."""

from __future__ import annotations

import copy
from collections import Counter
from decimal import Decimal
from functools import cache

import pytest

from cnbudget.converters import Options, convert
from cnbudget.converters.coverage import coverage
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file

RULES = {"CNB-ARI-100", "CNB-ARI-101", "CNB-ARI-102"}


@cache
def converted(stem: str) -> Disclosure:
    return convert([corpus_file(f"{stem}.pdf")], Options())


def _d(value: object) -> Decimal:
    return Decimal(str(value or 0))


def test_shenzhen_rows_by_year() -> None:
    """gd-shenzhen-2026-budget-15defc28 p.31 (表9, 深圳市人民政府办公厅): 2025年 总计 33.18
    (因公出国 8.18, 公务接待 7.00, 公务用车 18.00 = 购置 0.00 + 运行维护 18.00); 2026年 94.38
    (69.78, 7.00, 17.60); 增减变化金额 61.20 (61.60, 0.00, -0.40); 政府性基金/国有资本 0.00."""
    d = converted("gd-shenzhen-2026-budget-15defc28")
    main = {r["item_key"]: r["general_public_budget"]
            for r in d.tables["three_public_expenses"].rows}
    assert main == {"total": "94.38", "overseas_travel": "69.78", "reception": "7.00",
                    "vehicles": "17.60", "vehicle_purchase": "0.00",
                    "vehicle_operation": "17.60"}
    detail = d.tables["three_public_detail"]
    assert detail.pages == [31]
    got = {(r["period"], r["fiscal_year"], r["item_key"]): r["general_public_budget"]
           for r in detail.rows}
    assert got == {
        ("previous_year", 2025, "total"): "33.18", ("previous_year", 2025, "overseas_travel"):
        "8.18", ("previous_year", 2025, "reception"): "7.00",
        ("previous_year", 2025, "vehicles"): "18.00",
        ("previous_year", 2025, "vehicle_purchase"): "0.00",
        ("previous_year", 2025, "vehicle_operation"): "18.00",
        ("change", None, "total"): "61.20", ("change", None, "overseas_travel"): "61.60",
        ("change", None, "reception"): "0.00", ("change", None, "vehicles"): "-0.40",
        ("change", None, "vehicle_purchase"): "0.00", ("change", None, "vehicle_operation"):
        "-0.40"}
    assert {r["organization"] for r in detail.rows} == {"深圳市人民政府办公厅"}
    assert all(r["government_fund"] == "0.00" and r["state_capital"] == "0.00"
               for r in detail.rows)
    # this year = last year + the change, for every item
    prev = {r["item_key"]: _d(r["general_public_budget"]) for r in detail.rows
            if r["period"] == "previous_year"}
    for r in detail.rows:
        if r["period"] == "change":
            assert prev[r["item_key"]] + _d(r["general_public_budget"]) == _d(
                main[r["item_key"]])
    checks = {c.identity: c.holds for c in d.report.checks if c.table == "three_public_detail"}
    assert checks == dict.fromkeys(RULES, True)
    assert "x_three_public_other_rows" not in d.tables
    assert "x_three_public_other_rows" not in coverage(d).remainder


def test_shenzhen_rows_by_unit_and_year() -> None:
    """gd-shenzhen-2026-budget-63d734e6 pp.252-258 (深圳市人力资源和社会保障局): the department
    and its units, three rows each (a unit's name printed on its 2025年 row only); p.252
    本级 2025年 26.90, 2026年 163.92, 增减变化金额 137.02."""
    d = converted("gd-shenzhen-2026-budget-63d734e6")
    detail = d.tables["three_public_detail"]
    per_row = Counter((r["organization"], r["row_label"]) for r in detail.rows)
    assert set(per_row.values()) == {6}
    units = {r["organization"] for r in detail.rows}
    assert len(units) == 22 and None not in units
    own = {(r["period"], r["item_key"]): r["general_public_budget"] for r in detail.rows
           if r["organization"] == "深圳市人力资源和社会保障局（本级）"}
    assert (own["previous_year", "total"], own["budget_year", "total"],
            own["change", "total"]) == ("26.90", "163.92", "137.02")
    # the department's own 2026年 row is three_public_expenses: 299.23 (p.252)
    main = {r["item_key"]: r["general_public_budget"]
            for r in d.tables["three_public_expenses"].rows}
    assert main["total"] == "299.23"
    checks = {c.identity: c.holds for c in d.report.checks if c.table == "three_public_detail"}
    assert checks == dict.fromkeys(RULES, True)
    assert "x_three_public_other_rows" not in coverage(d).remainder


@pytest.mark.parametrize(("period", "item", "value", "code"), [
    ("change", "overseas_travel", "60.60", "CNB-ARI-102"),   # 8.18 + 60.60 ≠ 69.78
    ("previous_year", "vehicle_operation", "16.00", "CNB-ARI-101"),  # 0.00 + 16.00 ≠ 18.00
    ("previous_year", "reception", "8.00", "CNB-ARI-100"),   # 8.18 + 8.00 + 18.00 ≠ 33.18
])
def test_a_broken_detail_cell_is_caught(period: str, item: str, value: str, code: str) -> None:
    from cnbudget.validation.runner import run_rules

    d = copy.deepcopy(converted("gd-shenzhen-2026-budget-15defc28"))
    row = next(r for r in d.tables["three_public_detail"].rows
               if r["period"] == period and r["item_key"] == item)
    row["general_public_budget"] = value
    result = run_rules(d, families={"arithmetic"})
    failed = {o.code for o in result.outcomes
              if o.resource == "three_public_detail" and not o.passed}
    assert code in failed
    assert failed <= RULES


def test_shenzhen_income_by_unit() -> None:
    """gd-shenzhen-2026-budget-63d734e6 pp.62-64 (收入总表 by 预算单位, 22 rows): the department
    571,347.93 = 533,162.27 + 14,501.08 + 10,643.89 + 3,298.27 + 9,742.42 (上年结转), its
    本级 156,491.01; every row adds up (CNB-ARI-007). The column is headed 预算单位."""
    d = converted("gd-shenzhen-2026-budget-63d734e6")
    rows = d.tables["income_summary"].rows
    assert len(rows) == 22
    assert (rows[0]["unit_name"], rows[0]["total"], rows[0]["carryover_in"]) == (
        "深圳市人力资源和社会保障局", "571347.93", "9742.42")
    assert (rows[1]["unit_name"], rows[1]["total"]) == ("深圳市人力资源和社会保障局（本级）",
                                                        "156491.01")
    checks = {c.identity: c.holds for c in d.report.checks if c.table == "income_summary"}
    assert checks == {"CNB-ARI-007": True}
    assert not [n for n in d.tables if n.startswith("x_unmapped")]


def test_shenzhen_change_rounded_apart_from_its_years() -> None:
    """A genuine inconsistency of the print (gd-shenzhen-2026-budget-f159f946 p.34, 深圳市应急
    管理局（本级）, note "本套报表金额单位转换时可能存在尾数误差"): 总计 2025年 187.95, 2026年
    172.45, 增减变化金额 -15.51 (187.95 - 15.51 = 172.44); 公务接待费 14.95, 13.05, -1.91
    (= 13.04). Each row adds up (2026年 172.45 = 22.40 + 13.05 + 137.00; the change -15.51 =
    22.40 - 1.91 - 36.00); the change was rounded apart from the years. CNB-ARI-102 reports
    both, and nothing else of the table."""
    d = converted("gd-shenzhen-2026-budget-f159f946")
    detail = {(r["period"], r["item_key"]): r["general_public_budget"]
              for r in d.tables["three_public_detail"].rows}
    main = {r["item_key"]: r["general_public_budget"]
            for r in d.tables["three_public_expenses"].rows}
    assert (detail["previous_year", "total"], main["total"], detail["change", "total"]) == (
        "187.95", "172.45", "-15.51")
    assert (detail["previous_year", "reception"], main["reception"],
            detail["change", "reception"]) == ("14.95", "13.05", "-1.91")
    for key in ("total", "reception"):
        assert _d(detail["previous_year", key]) + _d(detail["change", key]) == \
            _d(main[key]) - Decimal("0.01")
    checks = {c.identity: (c.holds, c.detail) for c in d.report.checks
              if c.table == "three_public_detail"}
    assert checks["CNB-ARI-100"][0] and checks["CNB-ARI-101"][0]
    # the page's note admits 尾数误差: the table is held to rounding (±0.5 of the last
    # digit per addend), within which the 0.01 gaps fall
    assert checks["CNB-ARI-102"][0]
