"""Stage: the narrative's stated amounts → stated_figures facts linked to table cells.

Each amount with a money unit in a sentence is attributed to the quantity whose keyword
stands nearest before it (since the previous amount); a direction word (增加, 减少) makes
it a change against the year the sentence names. "持平" states a change of zero.
"""

from __future__ import annotations

import re
from typing import Any

from cnbudget import standard
from cnbudget.converters.narrative import Section
from cnbudget.model import Provenance, Row, Table

AMOUNT = re.compile(r"(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")
SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
BASE_YEAR = re.compile(r"(?:较|比|与|同)\s*(\d{4})\s*年")
INCREASE = ("增加", "增长", "上升", "提高", "多")
DECREASE = ("减少", "下降", "降低", "压减", "少")

# keyword → quantity, longest keywords first at match time
KEYWORDS: dict[str, str] = {
    "公务用车购置及运维费": "vehicles", "公务用车购置及运行维护费": "vehicles",
    "公务用车购置及运行费": "vehicles", "公务用车购置费": "vehicle_purchase",
    "公务用车运维费": "vehicle_operation", "公务用车运行维护费": "vehicle_operation",
    "公务用车运行费": "vehicle_operation", "因公出国（境）费": "overseas_travel",
    "因公出国(境)费": "overseas_travel", "因公出国": "overseas_travel",
    "公务接待费": "reception", "“三公”经费": "three_public_total",
    "三公经费": "three_public_total", "机关运行经费": "operating_costs",
    "人员经费": "personnel", "公用经费": "public_expenses", "基本支出": "basic_expenditure",
    "项目支出": "project_expenditure", "一般公共预算收入": "general_public_budget_income",
    "一般公共预算拨款收入": "general_public_budget_income",
    "一般公共预算拨款": "general_public_budget_income",
    "基金预算收入": "government_fund_income", "政府性基金预算拨款": "government_fund_income",
    "国有资本经营预算收入": "state_capital_income",
    "国有资本经营预算拨款": "state_capital_income",
    "财政专户": "special_account_income", "事业收入": "public_institution_income",
    "其他来源收入": "other_income", "其他收入": "other_income", "上年结转": "carryover_in",
    "预算收入": "income_total", "收入预算": "income_total",
    "收入总计": "budget_total", "收入预算总计": "budget_total", "支出总计": "budget_total",
    "支出预算总计": "budget_total", "预算总计": "budget_total",
    "支出预算": "expenditure_total", "预算支出": "expenditure_total",
    "收支安排": "budget_total", "收支预算": "budget_total", "收支总预算": "budget_total",
    "政府采购预算": "procurement_total", "拟购置固定资产": "fixed_assets_purchase",
    "拟购置固定资产总额": "fixed_assets_purchase",
    "固定资产金额": "fixed_assets_total", "固定资产总额": "fixed_assets_total",
}
_ORDERED = sorted(KEYWORDS, key=len, reverse=True)


def _keyword_before(text: str) -> tuple[str | None, int]:
    """The quantity whose keyword ends last in ``text`` (ties: the longer keyword)."""
    best: tuple[int, int, str] | None = None
    for kw in _ORDERED:
        pos = text.rfind(kw)
        if pos >= 0:
            cand = (pos + len(kw), len(kw), KEYWORDS[kw])
            if best is None or cand[:2] > best[:2]:
                best = cand
    return (best[2], best[0]) if best else (None, -1)


def _direction(text: str) -> str | None:
    if any(w in text for w in INCREASE):
        return "increase"
    if any(w in text for w in DECREASE):
        return "decrease"
    return None


def extract(sections: list[Section], fiscal_year: int) -> tuple[list[Row], list[Provenance]]:
    rows: list[Row] = []
    prov: list[Provenance] = []
    for sec in sections:
        topic: str | None = None
        for sentence in (m.group(0).strip() for line in sec.lines
                         for m in SENTENCE.finditer(line)):
            found = _facts_of(sentence, fiscal_year, topic)
            if topic is None and found:
                topic = found[0]["quantity"]
            for row in found:
                row.update({"section_id": sec.section_id, "position": len(rows) + 1,
                            "figure_id": f"f{len(rows) + 1}", "sentence": sentence})
                rows.append(row)
                prov.append(Provenance("stated_figures", row["position"], "value", sec.place,
                                       row.get("value_text") or sentence))
    return rows, prov


def _facts_of(sentence: str, fiscal_year: int, topic: str | None) -> list[Row]:
    """Facts of one sentence; ``topic`` is the section's first quantity, the subject of a
    sentence such as "与2022年相比持平" that names none."""
    out: list[Row] = []
    start = 0
    subject: str | None = None
    base = BASE_YEAR.search(sentence)
    base_year = int(base.group(1)) if base else None
    for m in AMOUNT.finditer(sentence):
        before = sentence[start:m.start()]
        quantity, _ = _keyword_before(before)
        direction = _direction(before)
        if quantity is None:
            quantity = subject
        if quantity is None:
            start = m.end()
            continue
        if subject is None:
            subject = quantity
        kind = "change" if direction else "level"
        out.append({
            "quantity": quantity, "kind": kind, "value": m.group("num").replace(",", "")
            .replace("，", ""), "value_text": m.group(0), "unit": m.group("unit"),
            "direction": direction, "base_year": (base_year or fiscal_year - 1)
            if kind == "change" else None,
        })
        start = m.end()
    if "持平" in sentence and not any(r["kind"] == "change" for r in out):
        quantity = subject or _keyword_before(sentence)[0] or topic
        if quantity:
            out.append({"quantity": quantity, "kind": "change", "value": None,
                        "value_text": "持平", "unit": None, "direction": "flat",
                        "base_year": base_year or fiscal_year - 1})
    return out


def link(rows: list[Row], tables: dict[str, Table]) -> None:
    """Fill target_resource/position/side/field from the stated_quantities codelist."""
    cl = standard.codelist("stated_quantities")
    for row in rows:
        entry = cl.get(row["quantity"])
        if entry is None or row["kind"] != "level" or not entry["target_resource"]:
            continue
        res = entry["target_resource"]
        table = tables.get(res)
        if table is None:
            continue
        target = _find(table, entry["target_key"])
        if target is None:
            continue
        row["target_resource"] = res
        row["target_position"] = target["position"]
        row["target_side"] = target.get("side")
        row["target_field"] = entry["target_field"]


def _find(table: Table, key: str) -> dict[str, Any] | None:
    if not key:
        return None
    for r in table.rows:
        if r.get("item_key") == key:
            return r
        if key == "total" and (r.get("function_name") == "合计" or r.get("economic_name") ==
                               "合计") and not r.get("function_code") and not r.get(
                                   "economic_code"):
            return r
    return None
