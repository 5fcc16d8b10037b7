"""Comparing published amounts under the rounding tolerance; shared by the arithmetic and
cross-table rule types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cnbudget.validation import amounts
from cnbudget.validation.amounts import ZERO, fmt
from cnbudget.validation.findings import Severity
from cnbudget.validation.rulebase import Check, Hit

TOTAL_LABELS = frozenset({"合计", "总计", "合 计", "总 计"})


@dataclass(frozen=True, slots=True)
class Comparison:
    expected: Decimal
    actual: Decimal
    tolerance: Decimal
    op: str = "eq"

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected

    @property
    def exact(self) -> bool:
        if self.op == "ge":
            return self.actual >= self.expected
        if self.op == "le":
            return self.actual <= self.expected
        return self.difference == 0

    @property
    def within(self) -> bool:
        if self.op == "ge":
            return self.actual >= self.expected - self.tolerance
        if self.op == "le":
            return self.actual <= self.expected + self.tolerance
        return abs(self.difference) <= self.tolerance


def compare_sum(total: object, addends: Sequence[object]) -> Comparison:
    """Published ``total`` against the sum of published ``addends`` (blank = 0)."""
    parsed = [amounts.parse(a) for a in addends]
    n = sum(1 for p in parsed if p is not None)
    expected = sum((p for p in parsed if p is not None), ZERO)
    actual = amounts.parse(total)
    tol = amounts.tolerance(max(n, 1) if actual is not None else n, [total, *addends])
    return Comparison(expected, actual if actual is not None else ZERO, tol)


def compare_values(actual: object, actual_factor: Decimal, expected: object,
                   expected_factor: Decimal, op: str = "eq", rounded: int = 1) -> Comparison:
    """Two published values, possibly in different units: compared in the coarser unit.

    ``rounded``: how many of the two may carry a rounding of their own (2 for two tables:
    a class printed as the sum of its rounded items in one and rounded from the exact
    total in the other differ by up to one unit of the last digit)."""
    a = amounts.parse(actual) or ZERO
    e = amounts.parse(expected) or ZERO
    if actual_factor == expected_factor:
        return Comparison(e, a, amounts.coarse_tolerance(rounded, [actual, expected]), op)
    coarse = max(actual_factor, expected_factor)
    coarse_text = actual if actual_factor == coarse else expected
    return Comparison(e * expected_factor / coarse, a * actual_factor / coarse,
                      amounts.tolerance(1, [coarse_text]), op)


def judge(comparison: Comparison, hit: Hit, detail: str) -> Check:
    """A check from a comparison: exact → passed; within tolerance → passed with an INFO
    note; beyond → failed."""
    if comparison.exact:
        return Check(hit.resource, True, detail)
    hit.expected = fmt(comparison.expected)
    hit.actual = fmt(comparison.actual)
    hit.difference = fmt(comparison.difference)
    hit.tolerance = fmt(comparison.tolerance)
    if comparison.within:
        hit.severity = Severity.INFO
        return Check(hit.resource, True, f"{detail}: within rounding tolerance", hit)
    return Check(hit.resource, False,
                 f"{detail}: expected {hit.expected}, found {hit.actual}", hit)


def is_total_row(row: dict[str, object], code_field: str, name_fields: Sequence[str]) -> bool:
    if row.get(code_field):
        return False
    return any(str(row.get(f) or "").strip() in TOTAL_LABELS for f in name_fields)


def unprinted_total(row: dict[str, object], fieldname: str,
                    name_fields: Sequence[str] = ("function_name", "economic_name")) -> bool:
    """A 合计 row (no code) that leaves ``fieldname`` blank: the table prints no grand total
    in that column (决算 基本支出表 printed as 人员经费合计 | 公用经费合计 side by side)."""
    return (row.get(fieldname) in (None, "") and not row.get("function_code")
            and not row.get("economic_code")
            and any(str(row.get(f) or "").strip() in TOTAL_LABELS for f in name_fields))


def resolve_any_of(spec: list[Any], printed: Callable[[str], bool]) -> list[str]:
    """A rule's addend list with each ``{"any_of": [group, …]}`` replaced by the first group
    the document prints (``printed(ref)``), else the first group: the catalogue's way of
    naming a subtotal line or column that some layouts leave out."""
    out: list[str] = []
    for item in spec:
        if isinstance(item, dict):
            groups = [resolve_any_of(g, printed) for g in item["any_of"]]
            out.extend(next((g for g in groups if any(printed(ref) for ref in g)), groups[0]))
        else:
            out.append(str(item))
    return out
