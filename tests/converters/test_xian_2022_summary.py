"""西安 2022 部门综合预算收支总表 (表1): one income list (收入 > 项目 | 预算数) beside three
expenditure lists (支出功能分科目 | 部门预算支出经济科目 | 政府预算支出经济分类科目, each
with its 预算数), rows numbered 1-40 with 31, 32 and 39 printed empty and 37-38 only parts of
上年结转. The standard's budget_summary holds the income list and the list by function; the
two lists by economic class stay in x_extra_columns. Every figure is read from the print."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache
from typing import Any

import pypdfium2 as pdfium
import pytest

from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure
from tests.converters.corpus import corpus_file

# file, 本年收入合计 and 收入总计 of 表1 (9645ce95 p20-22, as printed)
FILES = [
    ("sn-xian-comprehensive-2022-budget-9645ce95.pdf", "1056072667.43", "1059464715.06"),
    ("sn-xian-comprehensive-2022-budget-a8e0cce7.pdf", None, None),
    ("sn-xian-comprehensive-2022-budget-b6aea555.pdf", None, None),
]
MISPRINTED = {
    # p42: 5、教育支出 29440 + 6、科学技术支出 820196139.30 + 8、社会保障和就业支出
    # 19455802.52 + 10、卫生健康支出 1830412.95 + 17、金融支出 8916000 + 20、住房保障支出
    # 5711129.56 = 856138924.33, but 本年支出合计 936647884.33 (80508960 short)
    "sn-xian-comprehensive-2022-budget-b6aea555.pdf": (Decimal("856138924.33"),
                                                       "936647884.33"),
}
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@cache
def _convert(name: str) -> Disclosure:
    return convert([corpus_file(name)], Options())


def _dec(v: Any) -> Decimal:
    return Decimal(str(v)) if v not in (None, "") else Decimal(0)


def _side(d: Disclosure, side: str) -> list[dict[str, Any]]:
    return [r for r in d.tables["budget_summary"].rows if r["side"] == side]


def _one(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    found = [r for r in rows if r["item_key"] == key]
    assert len(found) == 1, (key, found)
    return found[0]


@pytest.mark.parametrize(("name", "subtotal", "total"), FILES)
def test_xian_2022_summary_adds_up(name: str, subtotal: str | None, total: str | None) -> None:
    d = _convert(name)
    income, spend = _side(d, "income"), _side(d, "expenditure")
    inc_sub, inc_total = _one(income, "income_subtotal"), _one(income, "income_total")
    exp_sub, exp_total = _one(spend, "expenditure_subtotal"), _one(spend, "expenditure_total")
    if subtotal is not None:
        assert (inc_sub["amount"], inc_total["amount"]) == (subtotal, total)
    # income: 1、财政拨款 + 2、上级补助 + … + 6、其他收入 = 本年收入合计 (the (1)-(3) lines
    # detail 财政拨款); 本年收入合计 + the lines under it = 收入总计
    top = [r for r in income if r["position"] < inc_sub["position"]
           and not re.match(r"^[（(]", r["item"])]
    assert sum(_dec(r["amount"]) for r in top) == _dec(inc_sub["amount"])
    under = [r for r in income if inc_sub["position"] < r["position"] < inc_total["position"]]
    assert {r["item"] for r in under} >= {"用事业基金弥补收支差额", "上年实户资金余额", "上年结转"}
    assert _dec(inc_sub["amount"]) + sum(_dec(r["amount"]) for r in under) == \
        _dec(inc_total["amount"])
    # expenditure by function: the 29 classes sum to 本年支出合计; the lines under it to 总计
    classes = [r for r in spend if r["item_key"] == "function_class"]
    assert len(classes) == 29
    by_class = sum(_dec(r["amount"]) for r in classes)
    failed = {c.identity for c in d.report.checks if c.table == "budget_summary" and not c.holds}
    if name in MISPRINTED:
        # the print's own inconsistency, seen on the page: the classes it prints sum to less
        # than its 本年支出合计 (so do the two economic lists); reported, not repaired
        assert (by_class, exp_sub["amount"]) == MISPRINTED[name]
        assert failed == {"CNB-ARI-004"}
        return
    assert by_class == _dec(exp_sub["amount"])
    under = [r for r in spend if exp_sub["position"] < r["position"] < exp_total["position"]]
    assert _dec(exp_sub["amount"]) + sum(_dec(r["amount"]) for r in under) == \
        _dec(exp_total["amount"])
    assert exp_total["amount"] == inc_total["amount"]
    assert not failed, failed


def _printed_figures(text: str) -> Counter[str]:
    """The amounts of the pages' text: every number standing alone, but the row numbers
    (1-40), 表 1 and the year of the title (2022 年)."""
    tokens = text.split()
    out: Counter[str] = Counter()
    for k, tok in enumerate(tokens):
        if not NUMBER.fullmatch(tok):
            continue
        plain = tok.replace(",", "")
        if "." not in plain and int(plain) <= 40:
            continue
        if plain == "2022" and k + 1 < len(tokens) and tokens[k + 1].startswith("年"):
            continue
        out[plain] += 1
    return out


@pytest.mark.parametrize(("name", "subtotal", "total"), FILES)
def test_xian_2022_summary_keeps_every_printed_figure(name: str, subtotal: str | None,
                                                      total: str | None) -> None:
    d = _convert(name)
    pages = d.tables["budget_summary"].pages
    doc = pdfium.PdfDocument(str(corpus_file(name)))
    try:
        text = "\n".join(doc[p - 1].get_textpage().get_text_range() for p in pages)
    finally:
        doc.close()
    assert "收支总表" in text and "收入总计" in text
    printed = _printed_figures(text)
    kept: Counter[str] = Counter(str(r["amount"]) for r in d.tables["budget_summary"].rows
                                 if r.get("amount") not in (None, ""))
    extra = [r for r in d.tables["x_extra_columns"].rows if r["resource"] == "budget_summary"]
    kept.update(str(r["value"]).replace(",", "") for r in extra
                if NUMBER.fullmatch(str(r["value"])))
    # the 一、部门预算 heading line of the two economic lists is reported unplaced (its
    # amount repeats 本年支出合计)
    kept.update(u.text.replace(",", "") for u in d.report.unplaced
                if u.place.page in pages and NUMBER.fullmatch(u.text))
    assert printed and kept == printed
    # the economic lists are kept whole beside the functional one: each ends with its own
    # 本年支出合计 and 支出总计
    for header in ("部门预算支出经济科目", "政府预算支出经济分类科目"):
        labels = [r["value"] for r in extra if header in r["header"]]
        assert "本年支出合计" in labels and "支出总计" in labels, header
