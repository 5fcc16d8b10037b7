"""Lists of projects and purchases on real documents (standard 0.2): 项目支出预算表 →
project_expenditure, 政府购买服务预算表 → purchased_services, hierarchical and
function-classified 政府采购预算表 → procurement, and the money and weights of 绩效目标表 in
typed fields of performance_projects and performance_indicators. Each is checked against
the printed page: every printed row is a record, the amounts sum to the printed 合计, and
nothing of these tables is left in x_ resources."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure, Row
from tests.converters.corpus import corpus_file, files


@cache
def _convert(*names: str) -> Disclosure:
    return convert([corpus_file(n) for n in names])


def _disclosure(stem: str) -> Disclosure:
    return _convert(*[Path(p).name for p in files(stem)])


def _sum(rows: list[Row], field: str) -> Decimal:
    return sum((Decimal(r[field]) for r in rows if r.get(field)), Decimal(0))


def _checks(d: Disclosure, table: str) -> dict[str, bool]:
    return {c.identity: c.holds for c in d.report.checks if c.table == table}


def _close(total: Decimal, parts: Decimal, n: int) -> bool:
    """A printed total and the sum of n printed parts agree to the rounding of 2 decimals."""
    return abs(total - parts) <= Decimal("0.005") * n


def _x_values(d: Disclosure) -> set[str]:
    """Every printed cell kept in an extension resource for tables the standard lacks
    (x_project_expenditure*, x_table_pN); a performance list printing the same projects
    again (GZ 重点项目绩效目标情况) is another table."""
    out: set[str] = set()
    for name, t in d.tables.items():
        if name.startswith(("x_project_expenditure", "x_table")):
            for r in t.rows:
                out.update(str(v) for k, v in r.items() if k != "page" and v)
    return out


def test_guangzhou_projects_are_records_summing_to_the_printed_total() -> None:
    d = _disclosure("gd-guangzhou-xinfang-2026-budget")
    rows = d.tables["project_expenditure"].rows
    # 表12 部门预算项目支出及其他支出预算表 (pages 19-20): 合计, the unit, nine projects
    assert [r["name"] for r in rows[:2]] == ["合计", "广州市信访局"]
    projects = rows[2:]
    assert len(projects) == 9
    assert projects[0]["name"] == "物业管理费" and projects[0]["total"] == "99.00"
    assert projects[-1]["name"] == "广州市信访局2026-2027年信息化运维项目"
    assert _sum(projects, "total") == Decimal(rows[0]["total"]) == Decimal("739.30")
    assert _sum(projects, "general_public_budget") == Decimal("739.30")
    assert all(r["goal"] for r in projects)
    assert not {r["name"] for r in projects} & _x_values(d)
    checks = _checks(d, "project_expenditure")
    assert checks["CNB-ARI-060"] and checks["CNB-ARI-061"] and checks["CNB-ARI-062"]
    assert checks["CNB-XT-051"]  # 合计 = 支出总表 项目支出


def test_yantai_projects_and_procurement_by_function_are_standard() -> None:
    d = _disclosure("sd-yantai-dashuju-2026-budget")
    rows = d.tables["project_expenditure"].rows
    # 公开表11 项目支出预算情况表: 合计 6,039.00 and four projects with their 项目类别
    assert rows[0]["name"] == "合计" and rows[0]["total"] == "6039.00"
    assert [(r["name"], r["category"], r["total"]) for r in rows[1:]] == [
        ("实施公车统管费用", "其他运转类", "5.00"),
        ("政务基础设施运行维护资金", "特定目标类", "6000.00"),
        ("市大数据中心工作经费", "其他运转类", "33.00"),
        ("实施公车统管费用", "其他运转类", "1.00")]
    assert _sum(rows[1:], "total") == Decimal("6039.00")
    assert _sum(rows[1:], "fiscal_total") == _sum(rows[1:], "general_public_budget")
    # 公开表12 政府采购预算表, listed by 类/款/项: codes joined, 合计 = the tree of subtotals
    proc = d.tables["procurement"].rows
    assert proc[0]["function_name"] == "合计" and proc[0]["total"] == "5931.40"
    assert [r["function_code"] for r in proc[1:]] == ["215", "21505", "2150501", "2150550",
                                                      "2150599"]
    assert _sum([r for r in proc if len(r.get("function_code") or "") == 7], "total") == \
        Decimal("5931.40")
    assert not any(n.startswith(("x_project_expenditure", "x_unmapped_procurement"))
                   for n in d.tables)
    assert all(_checks(d, "procurement").values())
    assert all(_checks(d, "project_expenditure").values())


def test_shenzhen_project_fund_sources_sum_to_each_row() -> None:
    d = _disclosure("gd-shenzhen-xinfang-2026-budget")
    rows = d.tables["project_expenditure"].rows
    # （五）项目支出总表: the unit's row, then six projects; 上年结余、结转 is carryover
    assert rows[0]["name"] == "深圳市信访局" and rows[0]["carryover"] == "7.34"
    assert rows[0]["total"] == "1612.29"
    assert _close(Decimal("1612.29"), _sum(rows[1:], "total"), 6)  # printed: Σ = 1,612.30
    assert _sum(rows[1:], "carryover") == Decimal("7.34")
    assert _checks(d, "project_expenditure")["CNB-ARI-060"]
    assert "x_project_expenditure" not in d.tables


def test_huzhou_total_printed_in_the_unit_column_labels_the_total_row() -> None:
    d = _convert("zj-huzhou-2026-budget-13d2d0c0.pdf")
    rows = d.tables["project_expenditure"].rows
    assert rows[0]["name"] == "合计" and rows[0]["organization"] is None
    assert rows[0]["total"] == "51856.41"
    assert _close(Decimal("51856.41"), _sum(rows[1:], "total"), len(rows) - 1)
    checks = _checks(d, "project_expenditure")
    assert checks["CNB-ARI-060"] and checks["CNB-ARI-062"] and checks["CNB-XT-051"]


def test_beijing_purchased_services_and_project_money_are_typed() -> None:
    d = _disclosure("bj-xinfang-ban-2026-budget-tables")
    services = d.tables["purchased_services"].rows
    # 预算11表 财政拨款政府购买服务明细表: 合计 1,698.151460 and nineteen services
    assert services[0]["catalogue_level1"] == "合计"
    assert services[0]["total"] == "1698.151460"
    assert len(services) == 20
    assert services[1]["catalogue_level2"] == "0101-公共安全服务"
    assert services[1]["catalogue_level3"] == "公共安全保障服务"
    assert _sum(services[1:], "total") == Decimal("1698.151460")
    assert "x_purchased_services" not in d.tables
    # 预算12表 项目支出绩效目标表: 项目总额 | 其中：财政资金 | 其他资金
    projects = d.tables["performance_projects"].rows
    assert projects and all(p["fiscal_funds"] is not None for p in projects)
    assert projects[0]["amount"] == projects[0]["fiscal_funds"] == "689.157460"
    extra = d.tables.get("x_extra_columns")
    assert not [r for r in (extra.rows if extra else [])
                if r["resource"] == "performance_projects" and "财政资金" in (r["header"] or "")]


def test_central_project_card_money_and_indicator_weights_are_typed() -> None:
    d = _disclosure("cn-guojia-xinfangju-2026-budget")
    first = d.tables["performance_projects"].rows[0]
    # 信息化运行维护绩效目标表 (page 30): 年度资金总额 2,134.87, 其中：财政拨款 1,384.87,
    # 上年结转 750.00, 其他资金 printed as a dash
    assert (first["amount"], first["fiscal_funds"], first["carryover"]) == (
        "2134.87", "1384.87", "750.00")
    assert first.get("other_funds") is None
    weights = [r["weight"] for r in d.tables["performance_indicators"].rows
               if r["project_id"] == "p1"]
    assert weights == ["20", "8", "8", "8", "8", "8", "10", "10", "10"]
    assert sum(Decimal(w) for w in weights) == 90  # 分值（90）


def test_xian_card_with_implementation_period_money() -> None:
    d = convert([corpus_file("sn-xian-2026-budget-09698190.pdf")], Options(strict=False))
    first = d.tables["performance_projects"].rows[0]
    # 部门专项业务经费绩效目标表 内审服务: 实施期资金总额 1.50, 其中：财政拨款 1.50, 其他资金 0.00
    assert first["name"] == "内审服务"
    assert (first["implementation_total"], first["implementation_fiscal_funds"],
            first["implementation_other_funds"]) == ("1.50", "1.50", "0.00")
    assert first["amount"] is None and first.get("fiscal_funds") is None
    weights = [r["weight"] for r in d.tables["performance_indicators"].rows
               if r["project_id"] == "p1"]
    assert weights == ["10", "20", "10", "10", "30", "10"]  # 分值权重（90分）


def test_jiangsu_hierarchical_procurement_keeps_groups_and_forms() -> None:
    d = _disclosure("js-shengwei-bangongting-2019-budget-tables")
    rows = d.tables["procurement"].rows
    # 2019年政府采购预算表: 合计 → 一、货物A → 专项 (经济科目) → items with 采购组织形式
    assert (rows[0]["item_name"], rows[0]["total"]) == ("合计", "1422.50")
    assert (rows[1]["item_name"], rows[1]["total"]) == ("一、货物A", "84.00")
    assert (rows[2]["project_name"], rows[2]["economic_name"]) == ("机要及电子政务业务费",
                                                                  "办公设备购置")
    assert (rows[3]["item_name"], rows[3]["procurement_form"],
            rows[3]["procurement_form_code"]) == ("PC服务器", "分散自行组织", "decentralized")
    forms = {r["procurement_form_code"] for r in rows if r.get("procurement_form")}
    assert forms == {"decentralized", "department_centralized", "government_centralized"}
    items = [r for r in rows if r.get("procurement_form")]
    assert _sum(items, "total") == Decimal("1422.50")
    extra = d.tables.get("x_extra_columns")
    assert not [r for r in (extra.rows if extra else []) if r["resource"] == "procurement"]


@pytest.mark.parametrize("name", ["js-prov-tables-2019-budget-07a6273b.pdf"])
def test_procurement_expenditure_budget_title_is_procurement(name: str) -> None:
    d = convert([corpus_file(name)], Options(strict=False))
    assert "x_procurement_detail" not in d.tables
    rows = d.tables["procurement"].rows
    assert rows[0]["item_name"] == "合计" and rows[0]["total"] == "5227.59"
    assert _checks(d, "procurement")["CNB-ARI-033"]
