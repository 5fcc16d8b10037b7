"""Where a stated quantity lives in the tables: the figure's own link (target_resource,
target_position, target_side, target_field) or, failing that, the codelist
stated_quantities (target_resource, target_key, target_field)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cnbudget import standard
from cnbudget.model import Disclosure, Row
from cnbudget.validation import amounts
from cnbudget.validation.amounts import ZERO
from cnbudget.validation.identity import TOTAL_LABELS, unprinted_total


class NoTarget(Exception):
    """The quantity names no table value, or the value is not in this package."""


@dataclass(slots=True)
class Target:
    resource: str
    field: str
    row: Row | None
    value: Decimal
    text: str
    unit: str | None

    def describe(self) -> str:
        where = f"row {self.row.get('position')}" if self.row is not None else "Σ rows"
        return f"{self.resource} {where} {self.field}"


def quantity_meta(quantity: str) -> dict[str, str]:
    return standard.codelist("stated_quantities").get(quantity) or {}


def _unit(disclosure: Disclosure, name: str) -> str | None:
    table = disclosure.tables.get(name)
    unit = table.unit if table is not None else None
    return unit or disclosure.metadata.get("unit")


def resolve(disclosure: Disclosure, figure: Row, by_link: bool = True) -> Target:
    """The table value a stated figure names (raises NoTarget, amounts.BadAmount)."""
    quantity = str(figure.get("quantity") or "")
    meta = quantity_meta(quantity)
    resource = (figure.get("target_resource") if by_link else None) or meta.get(
        "target_resource")
    if not resource:
        raise NoTarget(f"quantity {quantity} names no table value")
    table = disclosure.tables.get(resource)
    if table is None or table.not_published:
        raise NoTarget(f"{resource} is absent" if table is None
                       else f"{resource} is not published by the document")
    field = (figure.get("target_field") if by_link else None) or meta.get("target_field")
    if not field:
        raise NoTarget(f"quantity {quantity} names no field")
    row: Row | None = None
    if by_link and figure.get("target_position"):
        side = figure.get("target_side") or ""
        rows = [r for r in table.rows if str(r.get("position")) == str(figure["target_position"])
                and (r.get("side") or "") == side]
        if not rows:
            raise NoTarget(f"{resource} has no row {figure['target_position']} {side}".strip())
        row = rows[0]
    else:
        key = meta.get("target_key") or ""
        if key:
            rows = [r for r in table.rows if r.get("item_key") == key]
            if not rows and key == "total":
                rows = [r for r in table.rows
                        if any(str(r.get(f) or "").strip() in TOTAL_LABELS
                               for f in ("function_name", "economic_name", "item", "name"))]
            if not rows:
                if table.rows:
                    raise NoTarget(f"{resource} has no {key} row")
                return Target(resource, field, None, ZERO, "", _unit(disclosure, resource))
            row = rows[0]
        else:
            totals = [r for r in table.rows
                      if any(str(r.get(f) or "").strip() in TOTAL_LABELS
                             for f in ("project_name", "item_name", "item", "name",
                                       "function_name"))]
            if totals:
                text = str(totals[0].get(field) or "")
                parsed = amounts.parse(text)
                return Target(resource, field, totals[0], parsed if parsed is not None else ZERO,
                              text, _unit(disclosure, resource))
            values = [amounts.parse(r.get(field)) for r in table.rows]
            total = sum((v for v in values if v is not None), ZERO)
            texts = [str(r.get(field) or "") for r in table.rows]
            places = max((amounts.decimals(t) for t in texts if t), default=0)
            return Target(resource, field, None, total, amounts.fmt_places(total, places),
                          _unit(disclosure, resource))
    text = str(row.get(field) or "")
    if not text.strip():
        summed = _sum_of_printed_parts(table.rows, row, resource, field)
        if summed is not None:
            # 决算 基本支出表: the 合计 line prints 人员经费合计 | 公用经费合计, no total
            return Target(resource, field, row, summed[0], summed[1],
                          _unit(disclosure, resource))
    if not text.strip() and _unprinted_column(table.rows, resource, field):
        # the table prints no such column (基本支出表 with 预算数 only, no 人员经费 split)
        raise NoTarget(f"{resource} prints no {field} column")
    value = amounts.parse(text)
    return Target(resource, field, row, value if value is not None else ZERO, text,
                  _unit(disclosure, resource))


def _unprinted_column(rows: list[Row], resource: str, field: str) -> bool:
    """``field`` is blank in every row while other amount columns are printed: the table
    has no such column (a table with no amounts at all is a blank table, compared as 0)."""
    if any(r.get(field) not in (None, "") for r in rows):
        return False
    amounts_ = [str(f["name"]) for f in standard.table_schema(resource)["fields"]
                if f.get("x-amount") and f["name"] != field]
    return any(r.get(f) not in (None, "") for r in rows for f in amounts_)


def _sum_of_printed_parts(rows: list[Row], row: Row, resource: str,
                          field: str) -> tuple[Decimal, str] | None:
    """A total row leaving ``field`` blank but printing its addends (per the catalogue's
    row_sum rule for ``resource``/``field``): their sum and its text, else None."""
    if not unprinted_total(row, field):
        return None
    for spec in standard.rules():
        params = spec.get("params") or {}
        if (spec.get("type") != "row_sum" or params.get("resource") != resource
                or params.get("total") != field or params.get("where")):
            continue
        addends = [a for a in params.get("addends", []) if isinstance(a, str)]
        texts = [str(row.get(a) or "") for a in addends]
        if not addends or not any(t.strip() for t in texts):
            continue
        values = [amounts.parse(t) for t in texts]
        total = sum((v for v in values if v is not None), ZERO)
        places = max((amounts.decimals(t) for t in texts if t.strip()), default=0)
        return total, amounts.fmt_places(total, places)
    return None
