"""Classification codes of tables that print names only (HZ: 功能分类科目名称 without codes,
hierarchy shown by indentation).

A name gets a code only where the codelist makes it unambiguous from the name and the rows
above it: an item (项) is looked for under the last 款, a 款 under the last 类, a 类 among
the classes. Otherwise the code stays empty and the printed name is kept.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from cnbudget import standard
from cnbudget.converters.normalize import canonical
from cnbudget.converters.stitch import TOTAL_WORDS
from cnbudget.model import Row

FORMER_NAMES = {"医疗卫生与计划生育支出": "210", "医疗卫生支出": "210",
                "城乡社区事务支出": "212", "粮油物资储备管理等事务支出": "222",
                "资源勘探信息等支出": "215", "文化体育与传媒支出": "207",
                "国土海洋气象等支出": "220"}
"""Former names of functional classes, still printed in some later documents."""
ECONOMIC_VARIANTS = {"工资和福利支出": "301"}
"""Printed variants of economic class names (珠海 部门预算基本支出预算表: 工资和福利支出)."""


@cache
def _by_title(codelist: str) -> dict[str, tuple[str, ...]]:
    out: defaultdict[str, list[str]] = defaultdict(list)
    for r in standard.codelist(codelist).rows:
        out[canonical(r["title"])].append(r["code"])
    variants = {"function_classification": FORMER_NAMES,
                "economic_classification": ECONOMIC_VARIANTS}.get(codelist, {})
    for title, code in variants.items():
        if code not in out[title]:
            out[title].append(code)
    return {k: tuple(v) for k, v in out.items()}


def _under(codes: tuple[str, ...], parent: str | None, length: int) -> list[str]:
    return [c for c in codes if len(c) == length and (parent is None or c.startswith(parent))]


def infer_codes(rows: list[Row], code_f: str, name_f: str, codelist: str) -> None:
    """Fill ``code_f`` of rows printed with names only, where unambiguous."""
    index = _by_title(codelist)
    levels = (3, 5, 7) if codelist == "function_classification" else (3, 5)
    context: list[str] = []  # codes of the open 类, 款
    for row in rows:
        name = canonical(row.get(name_f) or "")
        if not name or name in TOTAL_WORDS:
            continue
        codes = index.get(name, ())
        found = None
        for depth in reversed(range(len(levels))):
            if len(context) < depth:
                continue
            parent = context[depth - 1] if depth else None
            hits = _under(codes, parent, levels[depth])
            if len(hits) == 1:
                found = hits[0]
                context[depth:] = [found]
                break
        row[code_f] = found
