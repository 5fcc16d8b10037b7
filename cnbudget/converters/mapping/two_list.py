"""Mapping of tables printing two lists side by side (收支总表, 财政拨款收支总表).

The print puts income item i and expenditure item i on one line; the standard keeps one
row per item with its ``side``. Each item is identified against the summary_items codelist,
and expenditure items by functional class (function_classification, level 1).
"""

from __future__ import annotations

import re
from functools import cache

from cnbudget import standard
from cnbudget.converters.mapping.columns import Column, assign_fields, header_columns
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.mapping.names import FORMER_NAMES, infer_codes
from cnbudget.converters.normalize import canonical, clean_label, compact
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import MappingError, Row, Unplaced

CARRYOVER_DETAIL = {
    "general_public_budget_grant": "carryover_general_public_budget",
    "government_fund_grant": "carryover_government_fund",
    "state_capital_grant": "carryover_state_capital",
    "fiscal_grant": "carryover_fiscal_grant",
    "non_fiscal_grant": "carryover_non_fiscal",
}
"""The item of a line under a carry-over heading, by the income item its source names."""
CARRYOVER_SUFFIX = re.compile(r"(?:结余、?结转|结转、?结余|结转和结余|结转)$")
"""The carry-over words closing a line under the heading (SZ 1.一般公共预算拨款结余、结转)."""
NON_FISCAL = "非财政拨款"


@cache
def _items(side: str) -> dict[str, str]:
    cl = standard.codelist("summary_items")
    out: dict[str, str] = {}
    for r in cl.rows:
        if r["side"] != side or r["code"] in CARRYOVER_DETAIL.values():
            continue
        for alias in [r["title"], *r["aliases"].split("|")]:
            if alias:
                out.setdefault(canonical(alias), r["code"])
    return out


LINE_WORDS = ("序号", "行次", "项次")
CARRYOVER_WORDS = ("结转", "结余")
"""Words of a carry-over heading whose following unknown lines are parts of it."""
SECTION_HEADINGS = {"income": ("部门预算",), "expenditure": ("部门预算", "财政拨款")}
"""Labels of a heading line over the whole list of a side (西安 一、部门预算 28,384,234.71)."""



@cache
def _classes() -> dict[str, str]:
    cl = standard.codelist("function_classification")
    out = {canonical(r["title"]): r["code"] for r in cl.rows if r["level"] == "1"}
    for title, code in FORMER_NAMES.items():
        out.setdefault(title, code)
    return out


def identify_item(label: str, side: str, in_carryover: bool) -> tuple[str, str | None]:
    """(item_key, function class code) of a printed label."""
    key = canonical(label)
    if "、" in key and key not in _items(side):
        key = key.replace("、", "")  # 上年结余、结转 (SZ)
    if side == "income":
        code = _items("income").get(key)
        if in_carryover and code not in CARRYOVER_DETAIL:
            source = CARRYOVER_SUFFIX.sub("", key)
            code = "non_fiscal_grant" if source == NON_FISCAL else \
                _items("income").get(source, code)
        if code and in_carryover and code in CARRYOVER_DETAIL:
            return CARRYOVER_DETAIL[code], None
        return (code or "other"), None
    if key in _items("expenditure"):
        return _items("expenditure")[key], None
    code = _class_code(key)
    if code:
        return "function_class", code
    return "other", None


def _class_code(key: str) -> str | None:
    """A functional class by its name, or by its name printed short (西安 2020 收支总表:
    "5、教育", "7、文化旅游", "23、灾害防治及应急"): without 支出, or the start of one class
    name only (four characters at least)."""
    classes = _classes()
    if key in classes:
        return classes[key]
    if key + "支出" in classes:
        return classes[key + "支出"]
    if len(key) >= 4:
        found = {c for title, c in classes.items() if title.startswith(key)}
        if len(found) == 1:
            return found.pop()
    return None


LABEL_LEAVES = frozenset(canonical(w) for w in ("项目", "项 目", "项目名称", "科目名称",
                                                 "功能科目名称", "功能分类科目名称"))
"""Leaves of a column holding a list's labels: a second one on a side starts a list of its
own (JS 收支预算总表 prints 支出 > 功能分类 and, beside it, 支出 > 支出用途)."""


def _side_columns(columns: list[Column], resource: str) -> list[tuple[str, dict[int, str]]]:
    """Per side, its lists: (side, column index → field), the label column ``item``."""
    out: list[tuple[str, dict[int, str]]] = []
    skip = frozenset({"line", "side", "item", "item_key", "function_code", "position"})
    for side in ("income", "expenditure"):
        cols = [c for c in columns if c.side == side]
        starts = [0, *[k for k, c in enumerate(cols) if k and c.leaf in LABEL_LEAVES
                       and k + 1 < len(cols) and cols[k + 1].leaf not in LABEL_LEAVES]]
        for a, z in zip(starts, [*starts[1:], len(cols)], strict=True):
            group = cols[a:z]
            if not group:
                continue
            mapping: dict[int, str] = {group[0].index: "item"}
            rest = [Column(c.index, c.path[1:] if len(c.path) > 1 else c.path, c.printed)
                    for c in group[1:]]
            mapping.update(assign_fields(resource, rest, skip))
            if resource == "fiscal_grant_summary" and side == "income":
                mapping = {i: ("total" if f in ("amount",) else f) for i, f in mapping.items()}
            out.append((side, mapping))
    return out


def map_two_list(seg: TableSegment) -> Builder:
    b = Builder(seg.resource, seg)
    width = max([len(r.cells) for r in [*seg.header, *seg.rows]] or [0])
    columns = header_columns(seg.header, width)
    sides = _side_columns(columns, seg.resource)
    if {side for side, _ in sides} != {"income", "expenditure"}:
        raise MappingError("cannot tell the income and expenditure columns apart",
                           seg.title_place, f"headers {[c.printed for c in columns]}")
    line_i = next((c.index for c in columns if c.side is None and
                   canonical(c.leaf) in LINE_WORDS), None)
    rows: list[PrintedRow] = []
    for block in seg.rows:
        if rows and line_i is not None and not compact(block.texts[line_i]
                                                       if line_i < len(block.texts) else ""):
            rows[-1].merge(block)
        else:
            rows.append(PrintedRow.of(block))
    in_carryover = False
    lists: dict[int, list[Row]] = {}
    used = set(i for _, m in sides for i in m) | ({line_i} if line_i is not None else set())
    for prow in rows:
        line = b.cell(prow, line_i, "line")
        row_used = set(used)
        consumed: set[int] = set()
        for list_no, (side, mapping) in enumerate(sides):
            mapping = {i: f for i, f in mapping.items() if i not in consumed}
            values = {f: b.cell(prow, i, f) for i, f in mapping.items()}
            label = values.get("item")
            if not label and all(v in (None, "") for v in values.values()):
                continue
            if not label:
                # amounts without an item: no row of the side; each amount unplaced
                b.bad_cell("CNB-CNV-006", "", prow.place(min(mapping)), None, side=side)
                for i in sorted(mapping):
                    if compact(prow.text(i)):
                        b.unplaced.append(Unplaced(prow.text(i), prow.place(i), f"{side} "
                                                   "amount without an item label"))
                row_used.update(mapping)
                continue
            key, fcode = identify_item(label, side, in_carryover)
            before = [r for r in b.rows if r.get("side") == side]
            heading = not before and canonical(label) in SECTION_HEADINGS.get(side, ())
            part = before and (compact(label).startswith("其中") or (
                side == "income" and in_carryover))
            if key == "other" and (heading or part):
                # 一、部门预算 / 一、财政拨款 heading the lists (西安) repeats the 本年收入合计 /
                # 本年支出合计 printed at the foot; 其中：专项资金… is a part of the line
                # above, and so is an unknown line under 上年结转 (SZ 1.财政拨款结余、结转 |
                # 2.非财政拨款结余、结转). Neither is an item of the list: kept in
                # x_extra_columns (the heading without a position, a part with the row it
                # details)
                for i in sorted(mapping):
                    if compact(prow.text(i)):
                        b.extra.append({
                            "resource": b.resource, "side": side,
                            "position": None if heading else before[-1]["position"],
                            "column": i + 1, "header": b.headers.get(i, ""),
                            "value": prow.text(i).strip(), "page": prow.place(i).page})
                continue
            spanned = _spanned_amount(prow, columns, side, mapping, key)
            if spanned is not None:
                values[mapping[spanned[0]]] = b.cell(prow, spanned[1], mapping[spanned[0]])
                mapping = {**{i: f for i, f in mapping.items() if i != spanned[0]},
                           spanned[1]: mapping[spanned[0]]}
                row_used.add(spanned[1])
                consumed.add(spanned[1])
            if side == "income":
                if key in ("fiscal_carryover_in", "carryover_in"):
                    # lines under a carry-over heading detail it; 用事业基金弥补收支差额 is
                    # no heading: 西安 2022 prints 上年实户资金余额 under it, an item of its own
                    in_carryover = any(w in compact(label) for w in CARRYOVER_WORDS)
                elif key in ("income_total", "income_subtotal"):
                    in_carryover = False
            row = {"line": line, "side": side, "item": clean_label(label), "item_key": key,
                   "function_code": fcode, **{f: v for f, v in values.items() if f != "item"}}
            cols = {f: i for i, f in mapping.items()}
            if line_i is not None:
                cols["line"] = line_i
            lists.setdefault(list_no, []).append(b.add(row, prow, cols, side=side))
        b.report_unmapped(prow, row_used)
    _purpose_items(lists)
    _grand_totals(b)
    _detail_codes(b)
    return b


PURPOSE_ONLY = frozenset({"reserve_funds", "business_expenditure", "remittance_to_higher",
                          "subsidy_to_affiliates"})
"""Items of an expenditure-by-purpose list (summary_items, 0.2) that a list by function
also prints as a line of its own (GZ 事业单位经营支出 among the classes): there they stay
``other``, a line of that list, as before."""


def _purpose_items(lists: dict[int, list[Row]]) -> None:
    for rows in lists.values():
        if any(r["item_key"] == "function_class" for r in rows):
            for r in rows:
                if r["item_key"] in PURPOSE_ONLY:
                    r["item_key"] = "other"


def _spanned_amount(prow: PrintedRow, columns: list[Column], side: str, mapping: dict[int, str],
                    key: str) -> tuple[int, int] | None:
    """(mapped amount column, printed column) of a total row whose label spans the side's
    columns: JS 3-sided 收支总表 prints 当年支出小计 / 支出合计 across 功能分类 and 支出用途,
    with the amount in the last column (支出用途 > 金额), not under 功能分类 > 金额."""
    if key in ("function_class", "other"):
        return None
    amounts = [i for i, f in mapping.items() if f != "item"]
    if len(amounts) != 1 or prow.text(amounts[0]).strip():
        return None
    label_i = next(i for i, f in mapping.items() if f == "item")
    later = [c.index for c in columns if c.side == side and c.index > amounts[0]]
    filled = [i for i in later if prow.text(i).strip()]
    if len(filled) != 1 or filled[0] != max(later) or any(
            prow.text(i).strip() for i in range(label_i + 1, filled[0])):
        return None
    return amounts[0], filled[0]


def _detail_codes(b: Builder) -> None:
    """款/项 lines printed under a functional class on the expenditure side (HZ prints them
    by name only): they keep item_key ``other`` and get their 5/7-digit function_code,
    found from the names under the class, which marks them as detail of the class line
    (already counted in its amount), not as a line of their own."""
    rows = [r for r in b.rows if r.get("side") == "expenditure"
            and r["item_key"] in ("function_class", "other")]
    if not any(r["item_key"] == "function_class" for r in rows):
        return
    probe: list[Row] = [{"name": r["item"]} for r in rows]
    infer_codes(probe, "code", "name", "function_classification")
    for row, found in zip(rows, probe, strict=True):
        code = found.get("code")
        if row["item_key"] == "other" and isinstance(code, str) and len(code) > 3:
            row["function_code"] = code


def _grand_totals(b: Builder) -> None:
    """A bare 合计 row, or a 收入合计/支出合计 row printed after the carry-over rows, is the
    side's grand total (CQ prints 合计 first and 收入合计 last)."""
    for side, total in (("income", "income_total"), ("expenditure", "expenditure_total")):
        rows = [r for r in b.rows if r.get("side") == side]
        if any(r["item_key"] == total for r in rows):
            continue
        carried = False
        for r in rows:
            key = r["item_key"]
            if key in ("carryover_in", "fiscal_carryover_in", "carryover_out",
                       "fiscal_carryover_out"):
                carried = True
            elif canonical(r["item"] or "") == "合计" or (carried and key.endswith("_subtotal")):
                r["item_key"] = total
