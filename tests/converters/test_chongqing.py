"""重庆 (CQ) prints on real pages: its 政府采购预算明细表 funds purchases from 事业单位经营收入
beside 事业收入; the amount is a typed fund source of the standard and every row adds up."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file


@cache
def converted(stem: str) -> Disclosure:
    return convert([corpus_file(f"{stem}.pdf")], Options())


def _d(value: object) -> Decimal:
    return Decimal(str(value or 0))


FUNDS = ("general_public_budget", "government_fund", "state_capital", "special_account",
         "public_institution_income", "business_income", "higher_level_subsidy",
         "subordinate_remittance", "other_income")


def test_procurement_business_income() -> None:
    """cq-2026-budget-5c6aea1e p.24 (表九 2026年政府采购预算明细表, 重庆市商务委员会): 合计
    6,546.82 = 5,499.84 + 746.83 + 208.00 (事业收入) + 10.00 (事业单位经营收入) + 82.15;
    货物 1,267.79 = 564.79 + 485.00 + 208.00 + 10.00. Without the 事业单位经营收入 column the
    rows were 10.00 short (CNB-ARI-032: a converter gap, not a misprint)."""
    d = converted("cq-2026-budget-5c6aea1e")
    rows = d.tables["procurement"].rows
    assert [(r["item_name"], r["total"], r.get("business_income")) for r in rows] == [
        ("合计", "6546.82", "10.00"), ("货物", "1267.79", "10.00"), ("工程", "465.53", None),
        ("服务", "4813.50", None)]
    for r in rows:
        assert sum((_d(r.get(f)) for f in FUNDS), Decimal(0)) == _d(r["total"])
    checks = {c.identity: c.holds for c in d.report.checks if c.table == "procurement"}
    assert checks["CNB-ARI-032"] and checks["CNB-ARI-033"]
    extra = d.tables.get("x_extra_columns")
    assert not [r for r in (extra.rows if extra else []) if r["resource"] == "procurement"
                and r["header"] == "事业单位经营收入"]


def test_first_level_project_tables() -> None:
    """cq-2026-budget-5c6aea1e 表十一 p.26-27 (2026年市级重点专项资金绩效目标表（一级项目）, a
    card: 市商务发展专项, 当年预算 46,794.00, 12 indicators: 9 on p.26, 3 on p.27) and 表十二
    p.28 (2026年市级一般性项目绩效目标表（一级项目）, a list: 市商务发展一般性项目, 当年财政拨款
    预算金额 8,071.45, 12 indicators, 学校保持在校生规模 ≥ 27800 人 … 年度预算执行率 = 100 %)."""
    d = converted("cq-2026-budget-5c6aea1e")
    projects = {r["name"]: r for r in d.tables["performance_projects"].rows}
    special, general = projects["市商务发展专项"], projects["市商务发展一般性项目"]
    assert (special["amount"], special["page"]) == ("46794.00", 26)
    assert special["goal"].startswith("2026年")
    assert (general["fiscal_funds"], general["page"]) == ("8071.45", 28)
    indicators = d.tables["performance_indicators"].rows
    mine = [r for r in indicators if r["project_id"] == special["project_id"]]
    assert len(mine) == 12
    assert (mine[0]["level3"], mine[0]["value_text"], mine[0]["unit"], mine[0]["weight"]) == (
        "重要商品储备数量", "7500", "吨", "10")
    assert (mine[-1]["level3"], mine[-1]["comparison"], mine[-1]["value_text"]) == (
        "年度预算执行率", "eq", "100")
    theirs = [r for r in indicators if r["project_id"] == general["project_id"]]
    assert [r["value_text"] for r in theirs] == [
        "27800", "60000", "1000", "360", "10", "260", "19", "10000", "30", "1066", "10", "100"]
    assert sum(_d(r["weight"]) for r in theirs) == 100
    assert not [n for n in d.tables if n.startswith("x_performance")]


def test_a_project_name_that_ends_like_a_label() -> None:
    """cq-2026-budget-05f59e7a p.32: 项目名称 | 重庆市水利专项资金 (a name ending in 资金),
    当年预算 152,992.83."""
    d = converted("cq-2026-budget-05f59e7a")
    rows = {r["page"]: r for r in d.tables["performance_projects"].rows}
    assert (rows[32]["name"], rows[32]["amount"]) == ("重庆市水利专项资金", "152992.83")
    assert (rows[31]["name"], rows[31]["amount"]) == ("水库移民后期扶持", "12700.00")


def test_a_blank_form_is_no_project() -> None:
    """cq-qixiang-2026-budget p.21: 表十一 printed blank ("本单位主管无市级财力安排的重点专项
    资金，故此表无数据"): no project; 表十二 p.22 气象事务 4,902.34 is."""
    d = converted("cq-qixiang-2026-budget")
    rows = d.tables["performance_projects"].rows
    assert 21 not in {r["page"] for r in rows}
    assert [(r["name"], r["fiscal_funds"]) for r in rows if r["page"] == 22] == [
        ("气象事务", "4902.34")]
