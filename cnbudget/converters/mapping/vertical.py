"""Mapping of a 收入总表 printed vertically (JS 2019 收入预算总表): one printed line per income
source, with row-spanning group cells (一般公共预算资金 | 小计, 公共财政拨款(补助)资金,
专项收入; 政府性基金 | 小计; …) and one 金额 column. The table is the department's totals
row of income_summary turned on its side: it becomes one 合计 row, each line's amount in the
field its label names (a group's 小计 is the group's field); lines without a field of their
own (公共财政拨款(补助)资金, 专户管理教育收费, 其中：动用上年结转和结余资金) are kept in
x_extra_columns with their printed labels.
"""

from __future__ import annotations

from cnbudget.converters.mapping.columns import field_aliases
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.normalize import canonical, clean_label, compact
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import Provenance, Row

SUBTOTAL = {"小计", "合计"}
GRAND = {"收入总计", "合计", "总计", "收入合计"}
GROUP_ALIASES = {"一般公共预算资金": "general_public_budget_grant",
                 "政府性基金": "government_fund_grant",
                 "上年结转和结余资金": "carryover_in",
                 "其他资金": None}
"""Group labels whose field the aliases do not name (其他资金: no field of its own)."""


def is_vertical(seg: TableSegment) -> bool:
    """A name column (possibly two: group | line, or three where a blank column of the frame
    lies between them, 江苏 2017 p.11) and one amount column 金额."""
    if not seg.header:
        return False
    texts = [compact(t) for t in seg.header[-1].texts]
    filled = [t for t in texts if t]
    return len(texts) <= 4 and len(filled) == 2 and filled[-1] in ("金额", "预算数") \
        and filled[0] in ("项目名称", "项目")


def _field(label: str, fields: dict[str, str]) -> str | None:
    key = canonical(label)
    if key in GROUP_ALIASES:
        return GROUP_ALIASES[key]
    return fields.get(key)


def map_vertical_income(seg: TableSegment) -> Builder:
    b = Builder(seg.resource, seg)
    fields: dict[str, str] = {}
    for name, aliases in field_aliases(seg.resource):
        if name in ("total", "current_year_subtotal", "function_name", "unit_name"):
            continue
        for a in aliases:
            fields.setdefault(a, name)
    amount_i = max(i for i, t in enumerate(seg.header[-1].texts) if compact(t))
    row: Row = {"function_code": None, "function_name": "合计"}
    found: list[tuple[str, PrintedRow]] = []
    extra: list[tuple[str, PrintedRow]] = []
    group = ""
    for block in seg.rows:
        if block.is_blank():
            continue
        prow = PrintedRow.of(block)
        labels = [compact(prow.text(i)) for i in range(amount_i)]
        if labels and labels[0]:
            group = clean_label(prow.text(0))
        line = next((clean_label(prow.text(i)) for i in range(1, amount_i) if labels[i]), "")
        if not line and compact(group) in GRAND:
            f: str | None = "total"
            label = group
        elif line in SUBTOTAL or not line:
            f, label = _field(group, fields), f"{group} > {line}" if line else group
        else:
            f, label = _field(line, fields), f"{group} > {line}"
        if f and f not in row:
            row[f] = b.cell(prow, amount_i, f)
            found.append((f, prow))
        elif compact(prow.text(amount_i)):
            extra.append((label, prow))
    b.add(row, None, {})
    for f, prow in found:
        if prow.text(amount_i).strip():
            b.provenance.append(Provenance(b.resource, row["position"], f,
                                           prow.place(amount_i), prow.printed(amount_i)))
    for label, prow in extra:
        b.extra.append({"resource": b.resource, "side": None, "position": row["position"],
                        "column": amount_i + 1, "header": label,
                        "value": prow.text(amount_i).strip(), "page": prow.place(amount_i).page})
    return b
