"""Mapping of item-list tables: 三公经费表, 固定资产占用情况表, 机构设置, 政府采购预算,
项目支出预算表, 政府购买服务预算表."""

from __future__ import annotations

import re
from functools import cache

from cnbudget import standard
from cnbudget.converters.mapping.classified import code_and_name
from cnbudget.converters.mapping.columns import CODE_PART_WORDS, assign_fields, header_columns
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.normalize import canonical, clean_label, compact
from cnbudget.converters.stitch import TOTAL_WORDS, TableSegment
from cnbudget.model import MappingError, Row

QUANTITY_UNIT = re.compile(r"[（(]([^（()）]*(?:平方米|台|辆|套|个|件)[^（()）]*)[)）]")


@cache
def item_codes(codelist: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in standard.codelist(codelist).rows:
        for alias in [r["title"], *r.get("aliases", "").split("|")]:
            if alias:
                out.setdefault(canonical(alias), r["code"])
    return out


@cache
def item_titles() -> dict[str, str]:
    return {r["code"]: r["title"] for r in standard.codelist("three_public_items").rows}


def _rows(seg: TableSegment, name_i: int, amounts: set[int] | None = None,
          amount_cols: set[int] | None = None) -> list[PrintedRow]:
    """Rows whose only text is in the label column continue the previous label. With
    ``amounts`` (a table declaring ``x-continued-rows``: every record prints its amount), a
    row printing none of them on a new page continues the row above, cut by the page break
    (深圳 重点项目 p10 → p11: "深圳市人民政府办公" | "厅（本级）"). Without it, a row on a new
    page printing no amount (``amount_cols``) that closes a bracket its row above left open
    does too (杭州市公安局 项目支出预算表 p32 → p33: "杭州市公安局交通治安分局（水上" |
    "治安分局）")."""
    out: list[PrintedRow] = []
    last_page = None
    for block in seg.rows:
        texts = block.texts
        filled = [i for i, t in enumerate(texts) if compact(t)]
        new_page = block.place.page != last_page
        continued = bool(amounts) and out and new_page and filled and \
            not any(i in (amounts or set()) for i in filled)
        if not continued and out and new_page and filled and amount_cols is not None \
                and not any(i in amount_cols for i in filled):
            continued = all(_open_bracket(out[-1].text(i)) for i in filled)
        last_page = block.place.page
        if continued or (out and filled == [name_i]
                         and not _is_item(seg.resource, texts[name_i])):
            out[-1].merge(block)
        else:
            out.append(PrintedRow.of(block))
    return out


def _open_bracket(text: str) -> bool:
    """A label cut inside a bracket: more opening than closing brackets."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _is_item(resource: str, label: str) -> bool:
    lists = {"three_public_expenses": "three_public_items", "fixed_assets": "asset_items"}
    return resource in lists and canonical(label) in item_codes(lists[resource])


def map_item_list(seg: TableSegment) -> Builder:
    b = Builder(seg.resource, seg)
    width = max([len(r.cells) for r in [*seg.header, *seg.rows]] or [0])
    columns = header_columns(seg.header, width)
    parts: dict[int, int] = {}
    if "function_code" in {f["name"] for f in standard.table_schema(seg.resource)["fields"]}:
        for c in columns:  # 科目编码 printed as 类 | 款 | 项 (Yantai 政府采购预算表)
            if c.leaf in CODE_PART_WORDS:
                parts.setdefault(CODE_PART_WORDS[c.leaf], c.index)
    fields = assign_fields(seg.resource, [c for c in columns if c.index not in parts.values()])
    by_field = {f: i for i, f in fields.items()}
    label_field = _label_field(seg.resource, by_field)
    if label_field not in by_field:
        if seg.resource in ("three_public_expenses", "fixed_assets") and columns:
            first_text = next(c.index for c in columns if c.index not in (by_field.get("line"),))
            by_field["item"] = first_text
            fields[first_text] = "item"
        elif seg.rows:
            raise MappingError(f"no column for {label_field}", seg.title_place,
                               f"headers {[c.printed for c in columns]}")
    continued = {i for f, i in by_field.items() if f in b.amount_fields} \
        if standard.table_schema(seg.resource).get("x-continued-rows") else None
    amount_cols = {i for f, i in by_field.items() if f in b.amount_fields}
    rows = _rows(seg, by_field.get(label_field, 0), continued, amount_cols) if seg.rows else []
    carry: list[str] = []
    for prow in rows:
        row: Row = {f: b.cell(prow, i, f) for f, i in by_field.items()}
        cols, used = by_field, set(fields) | set(parts.values())
        if parts:
            code, _ = code_and_name(prow, None, by_field.get(label_field, 0), parts, carry)
            if code is not None and not code.isdigit():
                b.bad_cell("CNB-CNV-004", code, prow.place(min(parts.values())), "function_code")
                code = None
            row["function_code"] = code
        if seg.resource == "procurement" and not row.get("item_name") and not row.get(
                "project_name") and by_field.get("item_name", 0) > 0 and prow.text(0).strip():
            # 合计 / category / unit rows labelled in the first column (采购品目大类, Suzhou)
            row["item_name"] = clean_label(prow.text(0))
            cols, used = {**by_field, "item_name": 0}, used | {0}
        if seg.resource in LABEL_FIELDS and not row.get(label_field) and (where := next((
                f for f in ("unit_code", "organization") if canonical(row.get(f) or "")
                in TOTAL_WORDS), None)):
            # 合计 printed in the unit (code) column before the name column (湖州, 西安)
            row[label_field], row[where] = row[where], None
            cols = {**{f: i for f, i in cols.items() if f != where},
                    label_field: by_field[where]}
        _complete(seg.resource, row)
        b.add(row, prow, cols)
        if parts and row.get("function_code"):
            b.place_parts(row, prow, sorted(parts.values()), "function_code")
        b.report_unmapped(prow, used)
    return b


LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "project_expenditure": ("name",),
    "purchased_services": ("catalogue_level1", "project_name", "catalogue_level3",
                           "service_content"),
}
"""The column that labels a row (its name, or 合计), first printed of the candidates."""


def _label_field(resource: str, by_field: dict[str, int]) -> str:
    declared = tuple(standard.table_schema(resource).get("x-label-fields", ()))
    candidates = declared or {"organizations": ("name",),
                              "procurement": ("item_name", "function_name"),
                              **LABEL_FIELDS}.get(resource, ("item",))
    return next((f for f in candidates if f in by_field), candidates[0])


def _complete(resource: str, row: Row) -> None:
    if resource == "three_public_expenses":
        row["item_key"] = item_codes("three_public_items").get(canonical(row.get("item") or ""),
                                                               "other")
    elif resource == "fixed_assets":
        label = row.get("item") or ""
        key = item_codes("asset_items").get(canonical(label))
        if key is None:
            key = item_codes("asset_items").get(canonical(QUANTITY_UNIT.sub("", label)), "")
        row["item_key"] = key or "other_fixed_assets"
        if m := QUANTITY_UNIT.search(label):
            row["quantity_unit"] = clean_label(m.group(1))
    elif resource == "procurement" and (form := compact(row.get("procurement_form") or "")):
        row["procurement_form_code"] = item_codes("procurement_forms").get(
            canonical(form), "other")
    elif resource == "organizations":
        nature = compact(row.get("nature") or "")
        codes = {r["title"]: r["code"] for r in standard.codelist("organization_natures").rows}
        row["nature_code"] = codes.get(nature) or ("civil_service_managed" if "参" in nature
                                                   else "other" if nature else None)
