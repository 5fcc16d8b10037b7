"""长沙 绩效目标表 print each indicator's 分值 in the column headed 备注 (its 评（扣）分标准 says
"该指标分值为10分" beside a 备注 of 10): a 备注 column of the indicator part that prints only
numbers is the indicator's weight. Checked against the rendered pages
(hn-changsha-2026-budget-4a8c7eea pp. 22-25): the indicators of every project weigh 90 in all
(the other 10 points of the national framework go to the budget execution rate)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cache

import pytest

from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure
from tests.converters.corpus import CORPUS, corpus_file

CS = sorted(p.name for p in CORPUS.glob("hn-changsha-*.pdf")) if CORPUS.is_dir() else []


@cache
def _convert(name: str) -> Disclosure:
    return convert([corpus_file(name)], Options(fiscal_year=2026))


@pytest.mark.parametrize("name", CS)
def test_note_column_is_the_weight(name: str) -> None:
    d = _convert(name)
    rows = d.tables["performance_indicators"].rows
    total: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:  # a 不适用 indicator prints no 备注 and has no weight
        total[r["project_id"]] += Decimal(str(r["weight"] or 0))
    assert rows and set(total.values()) == {Decimal(90)}
    extra = d.tables.get("x_extra_columns")
    assert not any(e["resource"] == "performance_indicators" and e["header"].endswith("备注")
                   for e in (extra.rows if extra else []))

