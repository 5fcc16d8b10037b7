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
