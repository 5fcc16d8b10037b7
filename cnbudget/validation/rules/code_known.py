"""A code that the (open) codelist of that fiscal year does not hold.

The Ministry of Finance revises the lists every year and provinces add sub-items, so the
list is kept open where it must be:

- report ``known_parent`` (CNB-COD-011, INFO): a well-formed code whose parent (its 类 or
  款: the code less its last two digits, an economic 款's 类) the list holds — one finding
  per table, naming every such code, never one per row;
- report ``unknown_parent`` (CNB-COD-005, WARNING): a code whose parent the list lacks
  too (a 类 the list does not know, a 款 under an unknown 类): worth an explanation.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.codes import CodedRow, coded_rows, valid_in
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec

# 类/款/项 of the function classification; 类/款 and local 7-digit sub-items of the economic
WELL_FORMED = {"function_classification": (3, 5, 7), "economic_classification": (3, 5, 7),
               "government_economic_classification": (3, 5)}


def parent_code(code: str, codelist: str) -> str | None:
    """The code one level up (None for a 类)."""
    if len(code) <= 3:
        return None
    if codelist == "function_classification":
        return code[:-2]
    return code[:3] if len(code) == 5 else code[:5]


def _known(code: str, codelist: str, year: int | None) -> bool:
    entry = standard.codelist(codelist).get(code)
    return entry is not None and valid_in(entry, year)


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    year = ctx.fiscal_year
    report = rule.param("report", "unknown_parent")
    per_table: dict[tuple[str, str], list[CodedRow]] = {}
    for c in coded_rows(ctx.disclosure.tables):
        if not c.code.isdigit() or len(c.code) not in WELL_FORMED[c.codelist]:
            continue  # malformed: CNB-COD-001/002
        if _known(c.code, c.codelist, year):
            yield Check(c.resource, True, c.code)
            continue
        parent = parent_code(c.code, c.codelist)
        parent_known = parent is not None and _known(parent, c.codelist, year)
        if report == "unknown_parent":
            if parent_known:
                yield Check(c.resource, True, f"{c.code}: parent {parent} known")
                continue
            hit = ctx.hit(c.resource, c.row, c.field, actual=c.code, values={
                "codelist": c.codelist, "year": str(year or "")})
            hit.label = c.code
            yield Check(c.resource, False, f"{c.code} not in {c.codelist}", hit)
        elif parent_known:
            per_table.setdefault((c.resource, c.field), []).append(c)
    for (resource, field), rows in per_table.items():
        codes = sorted({c.code for c in rows})
        first = rows[0]
        hit = ctx.hit(resource, first.row, field, actual="、".join(codes), values={
            "codelist": first.codelist, "year": str(year or ""), "count": str(len(codes)),
            "codes": "、".join(f"{c} {n}".strip() for c, n in sorted(
                {(c.code, c.name) for c in rows}))})
        hit.label = codes[0]
        yield Check(resource, False, f"{len(codes)} codes not in {first.codelist}", hit)

