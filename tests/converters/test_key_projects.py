"""重点项目预算绩效目标表 (standard 0.2, ``key_project_goals``): 广东 and 深圳 print their key
projects' budget and goal in a table after the 说明's sentence "2026年，本部门重点项目绩效目标
情况如下：", without a title. On the real pages every project lands in the typed resource,
a row cut by a page break is one project, a printed 合计 equals its units' subtotals, and a
broken 合计 is caught."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache

from cnbudget import standard
from cnbudget.converters import Options, convert
from cnbudget.converters.coverage import coverage
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file


@cache
def converted(stem: str) -> Disclosure:
    return convert([corpus_file(f"{stem}.pdf")], Options())


def _d(value: object) -> Decimal:
    return Decimal(str(value or 0))


def test_the_lead_in_names_the_table() -> None:
    assert standard.lead_in_table("2026年，本部门重点项目绩效目标情况如下：") == \
        "key_project_goals"
    assert standard.lead_in_table("2026 年，本单位重点项目绩效目标情况如下:") == \
        "key_project_goals"
    assert standard.lead_in_table("2026年部门预算收支情况如下：") is None


def test_shenzhen_key_projects() -> None:
    """gd-shenzhen-2026-budget-15defc28 pp.10-11: 8 projects of 深圳市人民政府办公厅（本级）,
    Σ 727.67 — the 727.67 万元 and 8 个项目 of the sentence above the table; 政府公报编辑管理
    200.18 is cut by the page break ("政府公报编辑管" | "理") and is one project."""
    d = converted("gd-shenzhen-2026-budget-15defc28")
    table = d.tables["key_project_goals"]
    assert table.pages == [10, 11]
    rows = table.rows
    assert [(r["name"], r["amount"]) for r in rows] == [
        ("机关政务保障", "199.55"), ("市政府值班业务", "24.67"), ("信息公开业务", "6.72"),
        ("研究调研活动", "166.02"), ("预算准备金", "22.69"), ("政府公报编辑管理", "200.18"),
        ("政务信息化项目（系统业务运营服务）", "42.38"), ("综合管理", "65.46")]
    assert {r["organization"] for r in rows} == {"深圳市人民政府办公厅（本级）"}
    assert all(r["goal"] for r in rows)
    assert rows[5]["goal"].startswith("完成政府公报编辑管理工作")
    assert sum((_d(r["amount"]) for r in rows), Decimal(0)) == Decimal("727.67")
    assert "x_performance_table" not in d.tables
    assert not [k for k in coverage(d).remainder if "performance" in k]


def test_zhuhai_key_projects_over_a_page() -> None:
    """gd-city-2026-budget-a53a7cf2: the header on p.21, the rows on p.22 (4237, 2579)."""
    d = converted("gd-city-2026-budget-a53a7cf2")
    rows = d.tables["key_project_goals"].rows
    assert [r["amount"] for r in rows] == ["4237", "2579"]
    assert rows[0]["name"] == "黄杨泵站至缯坑水库第二条原水管建设工程-2026年"


def test_guangzhou_total_and_units() -> None:
    """gd-city-2026-budget-4a97c00a pp.73-80: 合计 946,398.08, then the units' subtotal rows
    (广州市规划和自然资源局 15,757.16 …) and their projects; CNB-ARI-103 holds and catches a
    broken 合计."""
    from cnbudget.validation.runner import run_rules

    d = converted("gd-city-2026-budget-4a97c00a")
    rows = d.tables["key_project_goals"].rows
    assert (rows[0]["name"], rows[0]["amount"]) == ("合计", "946398.08")
    assert (rows[1]["name"], rows[1]["amount"]) == ("广州市规划和自然资源局", "15757.16")
    assert (rows[2]["name"], rows[2]["amount"]) == ("其他运行经费", "677.24")
    checks = {c.identity: c.holds for c in d.report.checks if c.table == "key_project_goals"}
    assert checks == {"CNB-ARI-103": True}
    broken = copy.deepcopy(d)
    broken.tables["key_project_goals"].rows[0]["amount"] = "946298.08"
    result = run_rules(broken, families={"arithmetic"})
    assert {o.code for o in result.outcomes
            if o.resource == "key_project_goals" and not o.passed} == {"CNB-ARI-103"}


def test_guangdong_project_expenditure_by_economic_class() -> None:
    """gd-city-2026-budget-a53a7cf2 pp.12-13 (一般公共预算项目支出情况表（按经济分类科目）, rows
    printed "[301]工资福利支出"): 合计 736.81 = 301 569.16 + 302 43.00 + 303 123.65 + 310 1.00,
    the project expenditure of the 一般公共预算支出表; CNB-ARI-104 and CNB-XT-080 hold and catch a
    broken class."""
    from cnbudget.validation.runner import run_rules

    d = converted("gd-city-2026-budget-a53a7cf2")
    rows = d.tables["project_expenditure_by_economic_class"].rows
    assert len(rows) == 30
    assert (rows[0]["economic_name"], rows[0]["total"]) == ("合计", "736.81")
    classes = {r["economic_code"]: r["total"] for r in rows
               if len(r.get("economic_code") or "") == 3}
    assert classes == {"301": "569.16", "302": "43.00", "303": "123.65", "310": "1.00"}
    assert sum((_d(v) for v in classes.values()), Decimal(0)) == Decimal("736.81")
    assert (rows[2]["economic_code"], rows[2]["economic_name"], rows[2]["total"]) == (
        "30101", "基本工资", "76.00")
    checks = {c.identity: c.holds for c in d.report.checks
              if c.identity in ("CNB-ARI-104", "CNB-XT-080")}
    assert checks == {"CNB-ARI-104": True, "CNB-XT-080": True}
    assert "x_project_expenditure" not in d.tables
    broken = copy.deepcopy(d)
    broken.tables["project_expenditure_by_economic_class"].rows[0]["total"] = "746.81"
    result = run_rules(broken, families={"arithmetic", "cross_table"})
    assert {o.code for o in result.outcomes if not o.passed
            and o.resource == "project_expenditure_by_economic_class"} == {
        "CNB-ARI-104", "CNB-XT-080"}


def test_guangzhou_key_projects_continued_and_integer_amounts() -> None:
    """gd-city-2026-budget-b88633c6 pp.59-62 (广州市市场监督管理局): the first project prints an
    integer amount (市长质量奖 650) right under the header, and pp.61-62 repeat the header
    without the lead-in (检验检测等业务成本经费(广州市食品检验所) 885, 业务用房物业管理费
    （广州特种设备检测研究院） 844): one table of 23 projects, none kept as printed."""
    d = converted("gd-city-2026-budget-b88633c6")
    table = d.tables["key_project_goals"]
    assert table.pages == [59, 60, 61, 62]
    amounts = {r["name"]: r["amount"] for r in table.rows}
    assert len(table.rows) == 23
    assert amounts["市长质量奖"] == "650"
    assert amounts["检验检测等业务成本经费(广州市食品检验所)"] == "885"  # as printed
    assert amounts["业务用房物业管理费（广州特种设备检测研究院）"] == "844"
    assert not [n for n in d.tables if n.startswith(("x_table", "x_performance"))]
