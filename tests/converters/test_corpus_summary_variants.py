"""Summary-table variants of the standard 0.2 on real documents: the 收支总表's expenditure
by purpose printed beside the functional classes (Jiangsu province), its expenditure split
into 基本支出 (人员经费 | 公用经费) and 项目支出 (Shanghai), the 三公 table with 会议费 and
培训费 (Jiangsu province, Xi'an). Each amount is read from the printed page."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file, files


@cache
def _convert(*names: str) -> Disclosure:
    return convert([corpus_file(n) for n in names], Options())


def _rows(d: Disclosure, name: str, **where: Any) -> list[dict[str, Any]]:
    return [r for r in d.tables[name].rows if all(r.get(k) == v for k, v in where.items())]


def _item(d: Disclosure, name: str, key: str, side: str | None = None) -> dict[str, Any]:
    rows = [r for r in _rows(d, name, item_key=key) if side is None or r["side"] == side]
    assert len(rows) == 1, (key, rows)
    return rows[0]


def _dec(v: Any) -> Decimal:
    return Decimal(str(v)) if v not in (None, "") else Decimal(0)


def test_jiangsu_province_expenditure_by_purpose_is_typed() -> None:
    # p1 收支预算总表: 支出 > 支出用途 beside 支出 > 功能分类
    paths = files("js-shengwei-bangongting-2019-budget-tables")
    d = convert(paths, Options())
    amounts = {k: _item(d, "budget_summary", k, "expenditure")["amount"]
               for k in ("basic_expenditure", "project_expenditure", "reserve_funds",
                         "expenditure_subtotal")}
    assert amounts == {"basic_expenditure": "11700.63", "project_expenditure": "13025.38",
                       "reserve_funds": "2938.21", "expenditure_subtotal": "27664.22"}
    by_purpose = sum(_dec(amounts[k]) for k in ("basic_expenditure", "project_expenditure",
                                                  "reserve_funds"))
    assert by_purpose == _dec(amounts["expenditure_subtotal"])
    classes = [r["amount"] for r in _rows(d, "budget_summary", item_key="function_class")]
    assert sum(_dec(v) for v in classes) == _dec(amounts["expenditure_subtotal"])
    extra = d.tables.get("x_extra_columns")
    assert not [r for r in (extra.rows if extra else [])
                if r["resource"] == "budget_summary" and "支出用途" in r["header"]]
    checks = {c.identity: c.holds for c in d.report.checks if c.table == "budget_summary"}
    assert checks.get("CNB-ARI-036") is True and checks.get("CNB-ARI-004") is True


def test_shanghai_unit_expenditure_split_is_typed() -> None:
    # p7 财务收支预算总表: 本年支出 > 预算数 > 合计 | 基本支出 > 人员经费 | 公用经费 | 项目支出
    d = _convert("sh-yuwai-nongchang-2026-unit-budget.pdf")
    row = _item(d, "budget_summary", "function_class", "expenditure")
    assert (row["function_code"], row["amount"], row["project"]) == ("213", "118853953",
                                                                     "118853953")
    for r in _rows(d, "budget_summary", side="expenditure"):
        parts = [r.get(k) for k in ("personnel", "public_expenses", "project")]
        if any(p not in (None, "") for p in parts):
            assert sum(_dec(p) for p in parts) == _dec(r["amount"]), r
    checks = [c for c in d.report.checks if c.identity == "CNB-ARI-037"]
    assert checks and all(c.holds for c in checks)


@pytest.mark.parametrize("name", ["sh-putuo-fuliyuan-2024-unit-budget.pdf",
                                  "sh-unit-2026-unit-budget-3363c27c.pdf"])
def test_shanghai_personnel_and_public_expenses_add_up(name: str) -> None:
    # fuliyuan p7: 二、社会保障和就业支出 11,281,624 = 6,540,674 + 2,120,950 + 2,620,000
    d = _convert(name)
    split = [r for r in _rows(d, "budget_summary", side="expenditure")
             if r.get("personnel") not in (None, "") or r.get("public_expenses") not in (None, "")]
    assert split, "the 人员经费 | 公用经费 columns are typed"
    for r in split:
        basic = _dec(r.get("personnel")) + _dec(r.get("public_expenses"))
        assert basic + _dec(r.get("project")) == _dec(r["amount"]), r


def test_jiangsu_three_public_with_meetings_and_training() -> None:
    # p11 “三公”经费、会议费、培训费支出预算表（一般公共预算）, one printed row
    d = _convert("js-prov-tables-2017-budget-tables-1e5e9ae1.pdf")
    assert "x_training_costs" not in d.tables
    totals = {r["item_key"]: r.get("total") for r in d.tables["three_public_expenses"].rows}
    assert totals["meetings"] == "1094.62" and totals["training"] == "81.60"
    assert totals["three_public_subtotal"] == "676.10" and totals["total"] == "1852.32"
    assert _dec(totals["three_public_subtotal"]) + _dec(totals["meetings"]) + _dec(
        totals["training"]) == _dec(totals["total"])
    assert [c.holds for c in d.report.checks if c.identity == "CNB-ARI-039"] == [True]


def test_xian_training_is_typed_in_the_three_public_table() -> None:
    d = _convert("sn-xian-xinfang-2026-budget.pdf")
    totals = {r["item_key"]: r.get("total") for r in d.tables["three_public_expenses"].rows}
    assert totals["training"] == "219800.00"
    assert _dec(totals["three_public_subtotal"]) + _dec(totals["training"]) == _dec(
        totals["total"])
    assert [c.holds for c in d.report.checks if c.identity == "CNB-ARI-039"] == [True]
