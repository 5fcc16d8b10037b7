"""In a table of line items (收支总表, 三公, 固定资产 …): the ``total`` item = Σ ``addends``
items, in each of ``fields``. Items are named by ``key_field`` (item_key); ``side/key``
picks the side of a two-list table. Several rows with the same key (功能分类 classes) are
all added.

params: resource; total; addends: item refs, or ``{any_of: [[a…], [b…]]}`` — the first group
with an item printed is used (收入总计 = 本年收入合计 + 上年结转, or, where 本年收入合计 is
not printed (上海), the income items it sums); fields (default [amount]); key_field; side;
optional: the total item may be unprinted, or printed without an amount (then the rule does
not apply);
when_printed: only when an addend item is printed; group_by: fields whose values split the
rows into groups checked one by one (three_public_detail: each printed row, i.e. a run of
rows with the same values, a repeated item starting the next).

Where the lines stand on the page (``position``, counted per side) matters in one layout:
烟台 prints 上级补助收入, 附属单位上缴收入 and 使用非财政拨款结余 below 本年收入合计, beside
上年结转, as parts of 收入总计 and not of the year's income. ``above``: only addends printed
above the total line count (when some are; a total printed first keeps them all).
``between``: ``{after: item, items: [refs]}`` — when the ``after`` item is among the addends,
the ``items`` printed below it and above the total are addends too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from cnbudget import standard
from cnbudget.converters.normalize import canonical
from cnbudget.model import Row
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_sum, judge, resolve_any_of
from cnbudget.validation.rulebase import CouldNotRun, Event, RuleSpec, Skip


def select(rows: list[Row], ref: str, key_field: str, side: str | None) -> list[Row]:
    if "/" in ref:
        side, key = ref.split("/", 1)
    else:
        key = ref
    return [r for r in rows if r.get(key_field) == key
            and (side is None or r.get("side") == side)]


def _detail(row: Row) -> bool:
    """A 款/项 line printed under its functional class (an ``other`` item with a 5- or
    7-digit function_code, HZ): already in the class's amount, never an addend."""
    return row.get("item_key") == "other" and len(str(row.get("function_code") or "")) > 3


@cache
def _item_names() -> frozenset[str]:
    """Printed names of the summary items (事业单位经营支出 printed among the classes is an
    item of the list, not a detail line)."""
    out: set[str] = set()
    for r in standard.codelist("summary_items").rows:
        out.update(canonical(a) for a in [r["title"], *str(r.get("aliases") or "").split("|")]
                   if a)
    return frozenset(out)


def detail_rows(rows: list[Row]) -> set[int]:
    """Ids of the 款/项 lines printed under a functional class. A list that prints detail
    lines (some with their 5/7-digit code) prints them all: an ``other`` line without a
    code between a class line and the next item of the list is one too — the codelist
    lacking its name (SZ 公路和运输安全, 民航发展基金支出) must not turn it into an addend."""
    out: set[int] = set()
    for side in {r.get("side") for r in rows}:
        listed = sorted((r for r in rows if r.get("side") == side),
                        key=lambda r: int(r.get("position") or 0))
        if not any(_detail(r) for r in listed):
            continue
        in_class = False
        for r in listed:
            key = r.get("item_key")
            if key == "function_class":
                in_class = True
            elif key != "other":
                in_class = False
            elif _detail(r) or (in_class and not r.get("function_code")
                                and canonical(str(r.get("item") or "")) not in _item_names()):
                out.add(id(r))
    return out


def resolve(rows: list[Row], spec: list[Any], key_field: str, side: str | None) -> list[str]:
    """The addend refs, each ``any_of`` replaced by its first group with a printed item."""
    return resolve_any_of(spec, lambda ref: bool(select(rows, ref, key_field, side)))


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    name = rule.param("resource")
    table = ctx.require(name)
    group_by: list[str] = rule.param("group_by", [])
    if not group_by:
        yield from _check_rows(ctx, rule, table.rows)
        return
    key_field = rule.param("key_field", "item_key")
    groups: list[list[Row]] = []
    last: tuple[Any, ...] | None = None
    for r in table.rows:
        key = tuple(r.get(f) for f in group_by)
        if key != last or any(x.get(key_field) == r.get(key_field) for x in groups[-1]):
            groups.append([])
        groups[-1].append(r)
        last = key
    applied = False
    for rows in groups:
        try:
            yield from _check_rows(ctx, rule, rows)
            applied = True
        except CouldNotRun:
            continue
    if groups and not applied:
        raise CouldNotRun(f"not applicable: no group of {name} prints {rule.param('total')}")


def _check_rows(ctx: Context, rule: RuleSpec, rows: list[Row]) -> Iterator[Event]:
    name = rule.param("resource")
    key_field = rule.param("key_field", "item_key")
    side = rule.param("side")
    fields: list[str] = rule.param("fields", ["amount"])
    totals = select(rows, rule.param("total"), key_field, side)
    if not totals:
        if not rows:
            return
        if rule.param("optional"):
            raise CouldNotRun(f"not applicable: {name} prints no {rule.param('total')} line")
        yield Skip(f"{name}: no {rule.param('total')} line", name)
        return
    total_row = totals[0]
    addends = resolve(rows, rule.param("addends"), key_field, side)
    details = detail_rows(rows)
    parts = [r for ref in addends for r in select(rows, ref, key_field, side)
             if id(r) not in details]
    if rule.param("above"):
        parts = _above(parts, total_row)
    if (between := rule.param("between")) and between["after"] in addends:
        extra = _between(rows, between, total_row, key_field, side)
        if extra:
            parts += extra
            addends = [*addends, *dict.fromkeys(str(r.get(key_field)) for r in extra)]
    for f in fields:
        if rule.param("when_printed") and all(r.get(f) in (None, "") for r in parts):
            continue
        if rule.param("optional") and total_row.get(f) in (None, ""):
            # a heading line printed without its amount (西安 2020 收支总表 1、财政拨款)
            yield Skip(f"{f}: the {rule.param('total')} line prints no amount", name)
            continue
        try:
            comparison = compare_sum(total_row.get(f), [r.get(f) for r in parts])
        except BadAmount as exc:
            yield Skip(f"{f}: {exc}", name)
            continue
        hit = ctx.hit(name, total_row, f, values={
            "addends": " + ".join(addends)})
        yield judge(comparison, hit, f"{rule.param('total')} {f}")


def _position(row: Row) -> int | None:
    p = row.get("position")
    if isinstance(p, int):
        return p
    return int(p) if isinstance(p, str) and p.strip().isdigit() else None


def _above(parts: list[Row], total_row: Row) -> list[Row]:
    """The parts printed above the total line, when some are (see ``above``)."""
    at = _position(total_row)
    if at is None:
        return parts
    above = [r for r in parts if (p := _position(r)) is None or p < at]
    return above if above else parts


def _between(rows: list[Row], between: dict[str, Any], total_row: Row, key_field: str,
             side: str | None) -> list[Row]:
    """The ``items`` printed below the ``after`` line and above the total (see ``between``)."""
    after = select(rows, between["after"], key_field, side)
    start, end = (_position(after[0]) if after else None), _position(total_row)
    if start is None or end is None:
        return []
    return [r for ref in between["items"] for r in select(rows, ref, key_field, side)
            if (p := _position(r)) is not None and start < p < end and not _detail(r)]
