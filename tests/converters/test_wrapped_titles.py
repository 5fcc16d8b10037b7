"""Jiangsu 2017 budgets print the 三公 table's title wrapped over two lines, its last
characters alone on the second: the table is found and every figure typed (checked on the
rendered pages)."""

from __future__ import annotations

import pytest

from cnbudget.converters import Options, convert
from tests.converters.corpus import corpus_file

# (file, page, 合计 | “三公” 小计 | 因公出国（境） | 公务用车购置及运行维护 | 购置 | 运行维护 | 公务接待
#  | 会议费 | 培训费) as printed
PRINTED = [
    ("js-prov-tables-2017-budget-701c1ad6.pdf", 16,  # “…培训费支出预” / “算表”
     ["1452.35", "584.35", "110.00", "317.80", "50.00", "267.80", "156.55", "168.00", "700.00"]),
    ("js-prov-tables-2017-budget-ac3cc788.pdf", 20,  # “…培训费支出预算” / “表”
     ["2542.60", "833.60", "222.50", "183.60", "0", "183.60", "427.50", "1305.25", "403.75"]),
]
KEYS = ["total", "three_public_subtotal", "overseas_travel", "vehicles", "vehicle_purchase",
        "vehicle_operation", "reception", "meetings", "training"]


@pytest.mark.parametrize(("name", "page", "amounts"), PRINTED, ids=[p[0] for p in PRINTED])
def test_wrapped_three_public_title(name: str, page: int, amounts: list[str]) -> None:
    d = convert([corpus_file(name)], Options(self_check=False))
    table = d.tables["three_public_expenses"]
    assert table.pages == [page]
    assert [(r["item_key"], r["total"]) for r in table.rows] == list(zip(KEYS, amounts,
                                                                          strict=True))
    assert not [n for n in d.tables if n.startswith("x_table")]
