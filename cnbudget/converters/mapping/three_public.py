"""Mapping of the 三公 table. Two print layouts exist:

- vertical: one printed row per item (合计, 因公出国(境)费 …), fund types as columns — the
  layout of the standard, handled by :func:`map_item_list`;
- horizontal: one printed column per item (合计 | 因公出国(境)费 | 公务接待费 |
  公务用车购置及运行费 {小计 | 购置费 | 运行费} | 机关运行经费), one data row (or one row per
  year: 2025年 | 2026年 | 增减变化, or per unit and year, 深圳). three_public_expenses keeps one
  row per item: the department's budget-year row gives its values; the other printed rows
  (earlier years, the change, each unit's rows) go to three_public_detail, one row per
  (printed row, item), with their unit, period and year.
"""

from __future__ import annotations

import re

from cnbudget.converters.mapping.columns import Column, field_aliases, header_columns
from cnbudget.converters.mapping.common import Builder, PrintedRow, segment_unit
from cnbudget.converters.mapping.lists import item_codes, item_titles, map_item_list
from cnbudget.converters.normalize import canonical, compact, looks_like_amount
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import Provenance, Row, Table

YEAR = re.compile(r"(20\d{2})")
SUB_WORDS = {"小计", "合计", "计"}
MEASURES = {"预算数": "budget", "预算": "budget", "决算数": "actual", "决算": "actual"}
SUFFIX = re.compile(r"(?:预算数|决算数|预算|决算|金额|支出)$")
YEAR_PREFIX = re.compile(r"^20\d{2}年度?")  # "2024年机关运行经费预算数" (SH fuliyuan)


FUNDS = ("general_public_budget", "government_fund", "state_capital")


def _fund_of(col: Column) -> str | None:
    """The fund field of a column printed under an item (SZ: 公务接待费 > 一般公共预算 |
    政府性基金预算 | 国有资本经营预算), when the item is named above it."""
    if len(col.path) < 2:
        return None
    leaf = canonical(col.path[-1])
    return next((f for f, al in field_aliases("three_public_expenses")
                 if f in FUNDS and leaf in al), None)


def _item_column(col: Column) -> Column:
    """The column without its fund leaf: the item it belongs to."""
    if _fund_of(col) is None:
        return col
    return Column(col.index, col.path[:-1], col.path[-2])


def _item_of(col: Column) -> str | None:
    """The three_public_items code of a header column, reading its path bottom-up."""
    col = _item_column(col)
    codes = item_codes("three_public_items")
    path = [YEAR_PREFIX.sub("", canonical(p)) for p in col.path if canonical(p) not in MEASURES]
    if not path:
        return None
    leaf = path[-1]
    parents = path[:-1]
    if leaf in SUB_WORDS:
        for p in reversed(parents):
            if "三公" in p:
                return "three_public_subtotal"
            if p in codes and codes[p] not in ("total", "three_public_subtotal"):
                return codes[p]
        return "total"
    if "三公" in leaf and leaf.endswith(("总额", "合计", "总计", "小计")):
        return "three_public_subtotal"  # “三公”经费财政拨款预算总额 (BJ)
    for key in (leaf, SUFFIX.sub("", leaf)):
        if key in codes:
            return codes[key]
    return None


def _measure(col: Column) -> str | None:
    return next((MEASURES[canonical(p)] for p in col.path if canonical(p) in MEASURES), None)


def horizontal_columns(seg: TableSegment) -> dict[int, str]:
    """Item column → item code. With 预算数 and 决算数 columns for each item, the items of
    the document's own kind (决算数 in final accounts; their 预算数 columns are
    :func:`budget_columns`); the others stay unmapped."""
    return _horizontal(seg)[0]


def budget_columns(seg: TableSegment) -> dict[int, str]:
    """Item column of the 预算数 printed beside the 决算数 of a final-accounts 三公 table →
    item code (field ``budget``); empty for a budget table."""
    return _horizontal(seg)[1]


def _horizontal(seg: TableSegment) -> tuple[dict[int, str], dict[int, str]]:
    width = max([len(r.cells) for r in [*seg.header, *seg.rows]] or [0])
    columns = header_columns(seg.header, width)
    out = {c.index: code for c in columns if (code := _item_of(c))}
    measures = {i: _measure(columns[i]) for i in out}
    budget: dict[int, str] = {}
    if len(set(measures.values()) - {None}) > 1:
        own = "actual" if "决算" in compact(seg.printed_title) else "budget"
        if own == "actual":
            budget = {i: code for i, code in out.items() if measures[i] == "budget"
                      and _fund_of(columns[i]) is None}
        out = {i: code for i, code in out.items() if measures[i] in (own, None)}
    years = {i: _column_year(columns[i]) for i in out}
    if len(set(years.values()) - {None}) > 1:
        # 2025年预算数 | 2026年预算数 column groups (Yantai): the latest year's; the other
        # year's columns stay unmapped (kept in x_extra_columns)
        latest = max(y for y in years.values() if y is not None)
        # and a 增减变化情况 group beside them (西安 2018年 | 2019年 | 增减变化情况) too
        out = {i: code for i, code in out.items() if years[i] == latest or (
            years[i] is None and _column_period(columns[i]) != "change")}
    periods = {i: _column_period(columns[i]) for i in out}
    if "current" in periods.values() and len(set(periods.values()) - {None}) > 1:
        # 上年 | 当年 | 增减变化情况 column groups (Xi'an): the current year's; the others
        # stay unmapped (kept in x_extra_columns)
        out = {i: code for i, code in out.items() if periods[i] in ("current", None)}
    named = {v for v in out.values() if v not in ("total", "three_public_subtotal")}
    if len(named) < 3:
        return {}, {}
    return out, {i: code for i, code in budget.items() if code in out.values()}


PERIODS = {"当年": "current", "本年": "current", "上年": "previous"}


def _column_groups(columns: list[Column], items: dict[int, str]
                   ) -> dict[tuple[str, int | None], dict[str, dict[str, int]]]:
    """Item columns of the year groups beside the budget year's (西安 2018年 | 2019年 |
    增减变化情况, 上年 | 当年 | 增减变化情况): (period, printed year) → item code → fund
    field → column. Empty where the table prints one group only."""
    if not items:
        return {}
    years = {c.index: _column_year(c) for c in columns}
    periods = {c.index: _column_period(c) for c in columns}
    own_years = {y for i in items if (y := years[i]) is not None}
    own_periods = {periods[i] for i in items} - {None}
    if not own_years and "current" not in own_periods:
        return {}
    budget_year = max(own_years, default=None)
    out: dict[tuple[str, int | None], dict[str, dict[str, int]]] = {}
    for c in columns:
        if c.index in items or not (code := _item_of(c)):
            continue
        year, period = years[c.index], periods[c.index]
        if period == "change":
            key: tuple[str, int | None] = ("change", None)
        elif budget_year is not None and year is not None and year < budget_year:
            key = ("previous_year", year)
        elif period == "previous" and year is None:
            key = ("previous_year", None)
        else:
            continue
        fields = out.setdefault(key, {}).setdefault(code, {})
        fields.setdefault(_fund_of(c) or "total", c.index)
    return out


def _column_period(col: Column) -> str | None:
    """上年 / 当年 / 增减变化 column groups without printed years."""
    for p in col.path:
        label = canonical(p)
        if label in PERIODS:
            return PERIODS[label]
        if label.startswith("增减"):
            return "change"
    return None


def _column_year(col: Column) -> int | None:
    return next((int(m.group(1)) for p in col.path if (m := YEAR.match(canonical(p)))), None)


def map_three_public(seg: TableSegment) -> Builder:
    items, budget = _horizontal(seg)
    if not items:
        return map_item_list(seg)
    b = Builder(seg.resource, seg)
    width = max([len(r.cells) for r in [*seg.header, *seg.rows]] or [0])
    columns = header_columns(seg.header, width)
    rows = [PrintedRow.of(r) for r in seg.rows if not r.is_blank()]
    year = _title_year(seg.printed_title)
    main, others = _pick_row(rows, items, year)
    budget_row = None
    if "决算" in compact(seg.printed_title) and not budget:
        # 预算数 | 决算数 printed as rows (Xi'an): the 决算数 row gives the values, the
        # 预算数 row the field budget
        measured = {MEASURES.get(canonical(_row_label(r, items))): r for r in rows}
        if measured.get("actual") is not None and measured.get("budget") is not None:
            main, budget_row = measured["actual"], measured["budget"]
            others = [r for r in rows if r is not main and r is not budget_row]
    by_code: dict[str, dict[str, int]] = {}
    for idx, code in items.items():
        by_code.setdefault(code, {}).setdefault(_fund_of(columns[idx]) or "total", idx)
    for idx, code in budget.items():
        by_code[code].setdefault("budget", idx)
    for code, fields in by_code.items():
        col = columns[min(i for f, i in fields.items() if f != "budget")]
        row: Row = {"line": None, "item": _label(col, code), "item_key": code, "total": None,
                    "budget": None, "general_public_budget": None, "government_fund": None,
                    "state_capital": None}
        for f, idx in fields.items():
            row[f] = b.amount(main.text(idx), main.place(idx), f) if main else None
        b.add(row, main, dict(fields) if main else {})
        if budget_row is not None and "total" in fields:
            idx = fields["total"]
            row["budget"] = b.amount(budget_row.text(idx), budget_row.place(idx), "budget")
            if budget_row.text(idx).strip():
                b.provenance.append(Provenance(seg.resource, row["position"], "budget",
                                               budget_row.place(idx), budget_row.printed(idx)))
    groups = _column_groups(columns, items)
    grouped = {i for by_item in groups.values() for fs in by_item.values() for i in fs.values()}
    if others or groups:
        b.extensions.append(_other_rows(seg, b, rows, main, others, items, columns, groups))
    if main:
        b.report_unmapped(main, set(items) | set(budget) | grouped
                          | _label_columns(main, items))
    if budget_row is not None:
        b.report_unmapped(budget_row, set(items) | _label_columns(budget_row, items))
    return b


DETAIL = "three_public_detail"
"""The standard's resource for the rows of a 三公 table other than the department's
budget-year row (earlier years, the change, each unit's rows)."""
YEAR_WORDS = ("年度", "年份")


def _other_rows(seg: TableSegment, b: Builder, printed: list[PrintedRow],
                main: PrintedRow | None, others: list[PrintedRow], items: dict[int, str],
                columns: list[Column],
                groups: dict[tuple[str, int | None], dict[str, dict[str, int]]] | None = None,
                ) -> Table:
    """Rows of the 三公 table for other years, the change or other units: one row of
    three_public_detail per (printed row, item), the amounts in the item's fund columns
    (or total); with column groups for other years or the change (``groups``), one more
    row per (printed row, group, item), the department's row included. Each printed
    amount's place goes to the provenance sidecar."""
    rows: list[Row] = []
    years = [y for r in printed if (y := _printed_year(_row_label(r, items))) is not None]
    budget_year = _title_year(seg.printed_title) or max(years, default=None)
    by_code: dict[str, dict[str, int]] = {}
    for idx, code in items.items():
        by_code.setdefault(code, {}).setdefault(_fund_of(columns[idx]) or "total", idx)
    groups = groups or {}
    grouped = {i for by_item in groups.values() for fs in by_item.values() for i in fs.values()}
    organization: str | None = None
    for prow in [r for r in printed if r is main or r in others]:
        org, label = _organization(prow, items, columns), _row_label(prow, items)
        if org:
            organization = org
        year = _printed_year(label)
        period = ("change" if "增" in label or "减" in label else None if year is None or
                  budget_year is None else "budget_year" if year == budget_year
                  else "previous_year" if year < budget_year else None)
        sets = [] if prow is main else [(period, year, by_code)]
        sets += [(g_period, g_year, by_item) for (g_period, g_year), by_item in groups.items()]
        for s_period, s_year, s_codes in sets:
            for code, fields in s_codes.items():
                col = columns[min(fields.values())]
                row: Row = {"row_label": " ".join(label.split()) or None,
                            "organization": organization, "period": s_period,
                            "fiscal_year": s_year if s_period != "change" else None,
                            "item": _label(col, code), "item_key": code, "total": None,
                            "general_public_budget": None, "government_fund": None,
                            "state_capital": None}
                for f, idx in fields.items():
                    row[f] = b.amount(prow.text(idx), prow.place(idx), f)
                rows.append(row)
                row["position"] = len(rows)
                for f, idx in fields.items():
                    if prow.text(idx):
                        b.provenance.append(Provenance(DETAIL, len(rows), f, prow.place(idx),
                                                       prow.printed(idx)))
        if prow is not main:
            b.report_unmapped(prow, set(items) | grouped | _label_columns(prow, items))
    return Table(DETAIL, rows=rows, printed_title=seg.printed_title, pages=seg.pages,
                 unit=segment_unit(seg, "") or None)


def _printed_year(label: str) -> int | None:
    m = YEAR.search(compact(label))
    return int(m.group(1)) if m else None


def _organization(prow: PrintedRow, items: dict[int, str], columns: list[Column]) -> str | None:
    """The unit printed in the row's label cells: a label cell that is not the year (or
    change) column and does not read as a year or a change."""
    parts = []
    for i in sorted(_label_columns(prow, items)):
        text = compact(prow.texts[i])
        head = "".join(columns[i].path) if i < len(columns) else ""
        if any(w in head for w in YEAR_WORDS) or YEAR_ONLY.match(text) or text.startswith(
                "增减"):
            continue
        parts.append(text)
    return "".join(parts) or None


YEAR_ONLY = re.compile(r"^20\d{2}年?度?(?:预算数?|决算数?)?$")


def _label(col: Column, code: str) -> str:
    """The printed header; a bare 小计/合计 is named by the item it sums."""
    col = _item_column(col)
    leaf = compact(col.printed)
    if canonical(leaf) in MEASURES:  # 合计 > 决算数: the item is named above
        leaf = next((p for p in reversed(col.path) if p not in MEASURES), leaf)
    if leaf in SUB_WORDS and code != "total":
        codes = item_codes("three_public_items")
        parent = next((p for p in reversed(col.path[:-1])
                       if codes.get(canonical(p)) == code), None)  # 公务用车购置及运行费 > 小计
        return compact(parent) if parent else str(item_titles()[code])
    return leaf


def _title_year(title: str) -> int | None:
    m = YEAR.search(title)
    return int(m.group(1)) if m else None


def _label_columns(prow: PrintedRow, items: dict[int, str]) -> set[int]:
    return {i for i, t in enumerate(prow.texts)
            if i not in items and compact(t) and not looks_like_amount(t)}


def _row_label(prow: PrintedRow, items: dict[int, str]) -> str:
    return " ".join(prow.texts[i] for i in sorted(_label_columns(prow, items)))


def _pick_row(rows: list[PrintedRow], items: dict[int, str],
              year: int | None) -> tuple[PrintedRow | None, list[PrintedRow]]:
    """The row holding the budget year's values, and the others (earlier years, changes)."""
    if len(rows) <= 1:
        return (rows[0] if rows else None), []
    labelled = [(compact(_row_label(r, items)), r) for r in rows]
    for label, r in labelled:
        if year is not None and str(year) in label and "增" not in label and "减" not in label:
            return r, [x for _, x in labelled if x is not r]
    years = [(int(m.group(1)), r) for label, r in labelled if (m := YEAR.search(label))]
    if years:
        best = max(years, key=lambda p: p[0])[1]
        return best, [x for _, x in labelled if x is not best]
    return rows[0], rows[1:]
