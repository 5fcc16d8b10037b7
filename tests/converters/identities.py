"""The accounting identities of shared/guides/identities.md, computed on a converted
disclosure with Decimal, for the corpus tests. Independent of the validator on purpose: the
converter's tests must say whether the converter read the print right, and the print itself
is the reference. Each failure is named ``resource:identity:key`` so that a test can list the
printed inconsistencies it expects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cnbudget.model import Disclosure

Row = dict[str, Any]
CLASSIFIED = {
    "income_summary": ("function_code", ["current_year_subtotal", "carryover_in"]),
    "expenditure_summary": ("function_code", ["basic", "project", "business_expenditure",
                                              "remittance_to_higher", "subsidy_to_affiliates",
                                              "reserve_funds"]),
    "general_budget_expenditure": ("function_code", ["basic", "project"]),
    "government_fund_expenditure": ("function_code", ["basic", "project"]),
    "state_capital_expenditure": ("function_code", ["basic", "project"]),
    "basic_expenditure": ("economic_code", ["personnel", "public_expenses"]),
}
PURPOSES = ("basic_expenditure", "project_expenditure", "reserve_funds", "business_expenditure",
            "remittance_to_higher", "subsidy_to_affiliates")
INCOME_SOURCES = ["general_public_budget_grant", "government_fund_grant", "state_capital_grant",
                  "special_account_income", "public_institution_income", "business_income",
                  "higher_level_subsidy", "affiliated_remittance", "other_income",
                  "institution_fund_offset"]
CARRYOVER = ["carryover_in", "prior_year_account_balance"]  # 上年实户资金余额 beside it (XA)
EXPENDITURE_SOURCES = ["general_public_budget_grant", "government_fund_grant",
                       "higher_level_subsidy", "public_institution_income", "business_income",
                       "affiliated_remittance", "institution_fund_offset", *CARRYOVER,
                       "other_income"]
"""西安 部门综合预算 表3 支出总表 splits each unit's expenditure by fund source."""


def dec(v: Any) -> Decimal | None:
    return None if v in (None, "") else Decimal(str(v))


def _places(v: Any) -> int:
    s = str(v)
    return len(s.split(".")[1]) if "." in s else 0


def _close(total: Any, parts: list[Any]) -> bool:
    """total = Σ parts within n × half of the last printed digit."""
    values = [p for p in parts if p not in (None, "")]
    t = dec(total) or Decimal(0)
    s = sum((Decimal(str(p)) for p in values), Decimal(0))
    places = max([_places(total)] + [_places(p) for p in values])
    tol = Decimal(len(values) + 1) * Decimal(5) / Decimal(10) ** (places + 1)
    return abs(t - s) <= tol


def _row_sum(name: str, rows: list[Row], parts: list[str], out: list[str]) -> None:
    for r in rows:
        if r.get("total") in (None, ""):
            continue
        row_parts = parts
        if "basic" in parts and r.get("basic") in (None, "") and any(
                r.get(p) not in (None, "") for p in ("personnel", "public_expenses")):
            # 基本支出 printed only as its split 人员经费 | 公用经费 (HZ)
            row_parts = [p for p in parts if p != "basic"] + ["personnel", "public_expenses"]
        if not any(r.get(p) not in (None, "") for p in row_parts):
            continue
        if not _close(r["total"], [r.get(p) for p in row_parts]):
            out.append(f"{name}:row_sum:{r.get(CLASSIFIED[name][0]) or r.get('position')}")


def _income_row(rows: list[Row], out: list[str]) -> None:
    for r in rows:
        sub = r.get("current_year_subtotal")
        sources = INCOME_SOURCES
        if r.get("fiscal_grant") not in (None, ""):
            sources = ["fiscal_grant", *INCOME_SOURCES[3:]]
        if r.get("special_account_income") in (None, ""):
            # 财政专户拨款收入 printed only as 教育收费 | 其他专户收入拨款 (GZ)
            sources = [*sources, "education_fees", "other_special_account_income"]
        elif any(r.get(k) not in (None, "") for k in ("education_fees",
                                                      "other_special_account_income")) and \
                not _close(r["special_account_income"], [r.get("education_fees"),
                                                         r.get("other_special_account_income")]):
            out.append(f"income_summary:special_account_split:{r.get('function_code') or r['position']}")
        if sub not in (None, "") and any(r.get(k) not in (None, "") for k in sources) \
                and not _close(sub, [r.get(k) for k in sources]):
            out.append(f"income_summary:subtotal_sum:{r.get('function_code') or r['position']}")
        if r.get("total") in (None, ""):
            continue
        if sub in (None, ""):
            parts = [r.get(k) for k in [*sources, *CARRYOVER]]
        else:
            parts = [sub, *(r.get(k) for k in CARRYOVER)]
        if any(p not in (None, "") for p in parts) and not _close(r["total"], parts):
            out.append(f"income_summary:row_sum:{r.get('function_code') or r['position']}")


def _hierarchy(name: str, rows: list[Row], code_f: str, fields: list[str],
               out: list[str]) -> None:
    coded = [r for r in rows if r.get(code_f)]
    printed = {r[code_f] for r in coded}

    def parent(c: str) -> str | None:
        # the nearest printed level above: 西安 2020 基本支出表 prints 3010201 津贴补贴 under
        # 301 with no 30102 line
        return next((c[:n] for n in range(len(c) - 2, 0, -2) if c[:n] in printed), None)

    for r in coded:
        code = r[code_f]
        kids = [k for k in coded if len(k[code_f]) > len(code) and parent(k[code_f]) == code]
        same = [i for i, k in enumerate(rows) if k.get(code_f) == code]
        if len(same) > 1:
            # a code printed on several rows (Yantai 基本支出表: 部门 301 under 政府 501 and
            # again under 505): its children are the rows after it, up to its next occurrence
            start = next(i for i, k in enumerate(rows) if k is r)
            end = min([i for i in same if i > start], default=len(rows))
            kids = [k for k in kids if start < next(i for i, x in enumerate(rows) if x is k) < end]
        if not kids:
            continue
        for f in fields:
            if r.get(f) in (None, "") and all(k.get(f) in (None, "") for k in kids):
                continue
            if not _close(r.get(f), [k.get(f) for k in kids]):
                out.append(f"{name}:hierarchy:{code}:{f}")
    totals = [r for r in rows if not r.get(code_f)]
    tops = [r for r in coded if len(r[code_f]) == 3]
    for t in totals[:1]:
        for f in fields:
            if tops and t.get(f) not in (None, "") and not _close(t.get(f), [k.get(f) for k in tops]):
                out.append(f"{name}:total_of_classes:{f}")


def _amount_fields(rows: list[Row]) -> list[str]:
    keys = ["total", "current_year_subtotal", "carryover_in", "basic", "project", "personnel",
            "public_expenses", "reserve_funds", *INCOME_SOURCES]
    return [k for k in keys if any(r.get(k) not in (None, "") for r in rows)]


def _two_list(name: str, rows: list[Row], value: str, out: list[str]) -> None:
    inc = {r["item_key"]: r for r in rows if r["side"] == "income"}
    exp = [r for r in rows if r["side"] == "expenditure"]
    exp_total = next((r for r in exp if r["item_key"] == "expenditure_total"), None)
    if "income_total" in inc and exp_total and not _close(inc["income_total"].get(value),
                                                          [exp_total.get(value)]):
        out.append(f"{name}:income_total=expenditure_total")
    classes = [r.get(value) for r in exp if r["item_key"] == "function_class"]
    carry = [r.get(value) for r in exp if r["item_key"] in ("carryover_out", "fiscal_carryover_out")]
    subtotal = next((r for r in exp if r["item_key"] == "expenditure_subtotal"), None)
    if subtotal and not any(r["item_key"] == "function_class" for r in exp):
        # expenditure listed by type (一、基本支出 二、项目支出 三、经营支出 …, HN)
        classes = [r.get(value) for r in exp if r["position"] < subtotal["position"]]
    if subtotal and not _close(subtotal.get(value), classes):
        out.append(f"{name}:expenditure_subtotal=sum_classes")
    purposes = [r.get(value) for r in exp if r["item_key"] in PURPOSES]
    if subtotal and any(r["item_key"] == "function_class" for r in exp) and any(
            v not in (None, "") for v in purposes) and not _close(subtotal.get(value), purposes):
        # 支出用途 printed beside the functional classes (JS province)
        out.append(f"{name}:expenditure_subtotal=sum_purposes")
    for r in exp:
        basic = [r.get("basic")] if r.get("basic") not in (None, "") else [
            r.get("personnel"), r.get("public_expenses")]
        parts = [*basic, r.get("project")]
        if r.get(value) not in (None, "") and any(p not in (None, "") for p in parts) \
                and not _close(r[value], parts):
            out.append(f"{name}:split:{r.get('function_code') or r['item']}")
        if r.get("basic") not in (None, "") and any(
                r.get(k) not in (None, "") for k in ("personnel", "public_expenses")) and \
                not _close(r["basic"], [r.get("personnel"), r.get("public_expenses")]):
            out.append(f"{name}:basic_split:{r.get('function_code') or r['item']}")
    if exp_total and not subtotal and not _close(exp_total.get(value), [*classes, *carry]):
        out.append(f"{name}:expenditure_total=sum_classes+carryover")
    if name == "fiscal_grant_summary":
        for r in exp:
            parts = [r.get(k) for k in ("general_public_budget", "government_fund", "state_capital")]
            if r.get("total") not in (None, "") and any(p not in (None, "") for p in parts) \
                    and not _close(r["total"], parts):
                out.append(f"{name}:row_sum:{r.get('function_code') or r['item']}")
        return
    grant = [inc[k].get(value) for k in ("general_public_budget_grant", "government_fund_grant",
                                         "state_capital_grant") if k in inc]
    if "fiscal_grant" in inc and inc["fiscal_grant"].get(value) not in (None, "") and grant \
            and not _close(inc["fiscal_grant"].get(value), grant):
        out.append(f"{name}:fiscal_grant=sum_grants")


def failing_identities(d: Disclosure) -> list[str]:
    out: list[str] = []
    t = d.tables
    for name, (code_f, parts) in CLASSIFIED.items():
        if name not in t:
            continue
        rows = t[name].rows
        if name == "income_summary":
            _income_row(rows, out)
        else:
            _row_sum(name, rows, parts, out)
        if name == "expenditure_summary":
            _row_sum(name, rows, EXPENDITURE_SOURCES, out)
        _hierarchy(name, rows, code_f, _amount_fields(rows), out)
    if "budget_summary" in t:
        _two_list("budget_summary", t["budget_summary"].rows, "amount", out)
    if "fiscal_grant_summary" in t:
        _two_list("fiscal_grant_summary", t["fiscal_grant_summary"].rows, "total", out)
    if "three_public_expenses" in t:
        items = {r["item_key"]: r.get("total") for r in t["three_public_expenses"].rows}
        if "three_public_subtotal" in items and any(
                items.get(k) not in (None, "") for k in ("overseas_travel", "vehicles", "reception")):
            if not _close(items["three_public_subtotal"],
                          [items.get(k) for k in ("overseas_travel", "vehicles", "reception")]):
                out.append("three_public_expenses:subtotal")
        if items.get("vehicles") not in (None, "") and ("vehicle_purchase" in items
                                                        or "vehicle_operation" in items):
            if not _close(items["vehicles"], [items.get("vehicle_purchase"),
                                              items.get("vehicle_operation")]):
                out.append("three_public_expenses:vehicles")
        extras = [items.get(k) for k in ("meetings", "training", "operating_costs")]
        if items.get("total") not in (None, "") and any(v not in (None, "") for v in extras):
            three = [items["three_public_subtotal"]] if items.get("three_public_subtotal") not in (
                None, "") else [items.get(k) for k in ("overseas_travel", "vehicles", "reception")]
            if not _close(items["total"], [*three, *extras]):
                out.append("three_public_expenses:total")
    out.extend(_cross(d))
    return out


def _first_total(rows: list[Row], code_f: str) -> Any:
    return next((r.get("total") for r in rows if not r.get(code_f)), None)


def _cross(d: Disclosure) -> list[str]:
    out: list[str] = []
    t = d.tables
    bs = {(r["side"], r["item_key"]): r.get("amount") for r in t["budget_summary"].rows} \
        if "budget_summary" in t else {}
    if "income_summary" in t and ("income", "income_total") in bs:
        total = _first_total(t["income_summary"].rows, "function_code")
        if total not in (None, "") and not _close(bs[("income", "income_total")], [total]):
            out.append("cross:budget_summary.income_total=income_summary.total")
    if "expenditure_summary" in t and "general_budget_expenditure" in t:
        pass
    if "general_budget_expenditure" in t and "basic_expenditure" in t:
        gbe = _first_total_field(t["general_budget_expenditure"].rows, "basic")
        be = _first_total(t["basic_expenditure"].rows, "economic_code")
        if gbe not in (None, "") and be not in (None, "") and not _close(gbe, [be]):
            out.append("cross:general_budget_expenditure.basic=basic_expenditure.total")
    return out


def _first_total_field(rows: list[Row], f: str) -> Any:
    return next((r.get(f) for r in rows if not r.get("function_code")), None)
