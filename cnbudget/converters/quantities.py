"""Stage (final accounts): the quantities the 三公 explanation states — 因公出国（境）团组数和
人次, 公务用车购置数量和保有量, 公务接待批次和人次 — into the fields of their
three_public_expenses rows (groups, persons, vehicles_purchased, vehicles_held, batches).

The national 决算 template prints them in the text only (“共执行因公出国（境）团组数1个；
全年因公出国（境）累计1人次”, “年末实际保有量为15辆”, “公务接待10批次、152人次”). The first
statement of each is taken, in a sentence of its own (no 。；); its place is the section's
(page) and the printed text the matched words. Budgets are left alone (their 三公 text
states plans, not counts).
"""

from __future__ import annotations

import re

from cnbudget.converters.narrative import Section
from cnbudget.model import Disclosure, Provenance

_S = r"[^。；;]*?"
PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    ("overseas_travel", "groups",
     re.compile(r"因公出国" + _S + r"团组(?:数)?(?:为)?\s*(\d+)\s*个")),
    ("overseas_travel", "persons", re.compile(r"因公出国" + _S + r"(\d+)\s*人次")),
    ("vehicles", "vehicles_purchased",
     re.compile(r"(?:购置|更新)(?:公务用车|车辆)?\s*(\d+)\s*辆")),
    ("vehicles", "vehicles_purchased", re.compile(r"(?:没有|未)购置(?:公务用车|车辆)()")),
    ("vehicles", "vehicles_held", re.compile(r"保有量(?:为)?\s*(\d+)\s*辆")),
    ("reception", "batches", re.compile(r"接待" + _S + r"(\d+)\s*批次")),
    ("reception", "persons", re.compile(r"接待" + _S + r"\d+\s*批次[、，,]\s*(\d+)\s*人次")),
]


def fill(disclosure: Disclosure, sections: list[Section]) -> None:
    if "final" not in str(disclosure.metadata.get("document_kind") or ""):
        return
    table = disclosure.tables.get("three_public_expenses")
    if table is None or table.not_published or not table.rows:
        return
    rows = {r.get("item_key"): r for r in table.rows}
    done: set[tuple[str, str]] = set()
    for sec in sections:
        text = "".join(sec.lines)
        assets = "资产" in sec.heading  # 国有资产占用: vehicles of every kind, not 公务用车
        for item, field, pattern in PATTERNS:
            row = rows.get(item)
            if row is None or (item, field) in done or row.get(field) not in (None, "") or (
                    assets and item == "vehicles"):
                continue
            m = pattern.search(text)
            if m is None:
                continue
            row[field] = int(m.group(1) or 0)
            done.add((item, field))
            disclosure.provenance.append(Provenance(
                "three_public_expenses", row["position"], field, sec.place, m.group(0)))
