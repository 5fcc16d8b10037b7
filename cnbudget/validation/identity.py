"""Comparing published amounts under the rounding tolerance; shared by the arithmetic and
cross-table rule types.

Tolerance from the package's own evidence. Rounding lets a printed total and the sum of its
printed parts differ by up to half a unit of the last digit per addend; a document whose
identities all hold exactly (元 tables, Beijing's 6 decimals, most 万元 tables) shows that it
is not rounded, and is held to exact arithmetic. :func:`decide` reads the evidence (every
same-unit, same-precision comparison of the arithmetic and cross-table rules, counted while
they run once in ``collect`` or ``defer`` mode) and returns the package's :class:`Policy`: ``exact``
when at most :data:`STRAY` comparisons differ within rounding (a single wrong cell breaks
a few identities at once: it is a finding, not evidence that the document is rounded),
``rounding`` otherwise. Every finding of a judged comparison states the tolerance and why.

Judged once decided. In ``defer`` mode the rules run once: a comparison that holds exactly
is judged at once (it passes under any tolerance), any other is returned as a
:class:`Deferred` and judged by :func:`settle` under the policy decided from all of them:
the same checks and findings as a second run under that policy, as long as the rule reads
no tolerance of its own while it runs; one that does (:func:`rounding_allowed`) is marked
in :attr:`Evidence.consulted` and runs again where the policy is ``exact``.

Per table: a table of a package held to exact arithmetic keeps the rounding tolerance when
its printed note says its figures were rounded (“本套报表金额单位转换时可能存在尾数误差”, a note
of the set, speaks for every table; “本表金额转化为万元时，四舍五入可能存在尾差” for its own):
:func:`declared_rounded`, :attr:`Policy.rounded`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from cnbudget.validation import amounts
from cnbudget.validation.amounts import ZERO, fmt
from cnbudget.validation.findings import Severity
from cnbudget.validation.rulebase import Check, Deferred, Hit

TOTAL_LABELS = frozenset({"合计", "总计", "合 计", "总 计"})


STRAY = 5
"""At most this many comparisons may differ within rounding, and at most :data:`STRAY_SHARE`
of them, in a package held to exact arithmetic: one wrong cell breaks every identity it
takes part in (its row, its column's parents, the 合计, the same figure in other tables;
at most 5 in the mutation campaign's exact documents, benchmarks/mutations.py), while the
rounded documents of the corpus show 8 to 79."""
STRAY_SHARE = Decimal("0.02")


@dataclass(slots=True)
class Evidence:
    """Counts of the comparisons that can tell a rounded document from an exact one."""

    identities: int = 0
    exact: int = 0
    rounding: int = 0
    """Non-zero differences within the rounding tolerance."""
    beyond: int = 0
    tables: dict[str, list[int]] = field(default_factory=dict)
    """Per resource: its own comparisons and how many of them differ within rounding."""
    declared: set[str] = field(default_factory=set)
    """Tables whose printed note says their figures are rounded (:func:`declared_rounded`)."""
    consulted: bool = False
    """A rule asked :func:`rounding_allowed` while its comparisons were deferred: what it
    compares may depend on the policy, so it runs again under an ``exact`` one."""

    @classmethod
    def total(cls, parts: Iterable[Evidence]) -> Evidence:
        out = cls()
        for p in parts:
            out.identities += p.identities
            out.exact += p.exact
            out.rounding += p.rounding
            out.beyond += p.beyond
            out.declared |= p.declared
            for name, (n, k) in p.tables.items():
                counts = out.tables.setdefault(name, [0, 0])
                counts[0] += n
                counts[1] += k
        return out

    def add(self, comparison: Comparison, resource: str | None = None) -> None:
        self.identities += 1
        rounding = not comparison.exact and comparison.within
        if comparison.exact:
            self.exact += 1
        elif rounding:
            self.rounding += 1
        else:
            self.beyond += 1
        if resource:
            counts = self.tables.setdefault(resource, [0, 0])
            counts[0] += 1
            counts[1] += int(rounding)

    def rounded_tables(self) -> frozenset[str]:
        """The tables whose printed note says they are rounded (:attr:`declared`). (Counts
        alone cannot tell a rounded table from a wrong cell: one wrong cell breaks 3 of
        Shenzhen's 62 economic-class identities as rounding does; every table of the corpus
        that shows 3 or more gaps within rounding in a package held to exact arithmetic
        prints such a note.)"""
        return frozenset(self.declared)


# a note printed under a table saying that its figures were rounded in the unit conversion:
# “本套报表金额单位转换时可能存在尾数误差” (深圳, 广东 cities), “本表金额转化为万元时，四舍五入可能
# 存在尾差”, “由于四舍五入因素,部分分项加和与合计可能略有差异,下同” (重庆), “本套报表若明细数加计
# 之和与合计数有尾差，系套表金额转换时四舍五入造成” (杭州)
ROUNDING_NOTE = re.compile(r"尾数误差|尾差|四舍五入")
THIS_TABLE = re.compile(r"本表")


def declared_rounded(tables: dict[str, Any]) -> set[str]:
    """The tables whose printed notes say they are rounded: a note of one table (“本表…”)
    speaks for that table, any other (“本套报表…”, “…下同”) for every table of the set."""
    own: set[str] = set()
    for name, table in tables.items():
        for note in getattr(table, "notes", None) or []:
            if ROUNDING_NOTE.search(note):
                if not THIS_TABLE.search(note):
                    return set(tables)
                own.add(name)
    return own


@dataclass(frozen=True, slots=True)
class Policy:
    """The package's tolerance: ``exact``, ``rounding``, or, while the evidence is gathered,
    ``collect`` (judging every comparison under the rounding tolerance) or ``defer``
    (leaving what the tolerance decides to :func:`settle`)."""

    mode: str
    evidence: Evidence
    rounded: frozenset[str] = frozenset()
    """Tables of a package held to exact arithmetic that keep the rounding tolerance, by their
    own evidence (:meth:`Evidence.rounded_tables`)."""

    @property
    def exact(self) -> bool:
        return self.mode == "exact"

    def exact_for(self, resource: str | None) -> bool:
        return self.exact and resource not in self.rounded

    def table_basis(self, resource: str) -> tuple[str, str]:
        """Why a table of a package held to exact arithmetic keeps the rounding tolerance."""
        n, k = self.evidence.tables.get(resource, [0, 0])
        return (f"每个加数末位 ±0.5 个单位（表注说明金额单位转换时四舍五入可能存在尾差；本表 {n} 个"
                f"同单位勾稽中 {k} 个相差在舍入范围内）",
                "±0.5 unit of the last digit per addend (the printed note says the figures "
                f"were rounded in the unit conversion; {k} of the {n} same-unit identities of "
                "this table differ within rounding)")

    def basis(self) -> tuple[str, str]:
        """Why the tolerance is what it is, in zh and en."""
        e = self.evidence
        if self.mode == "exact":
            if e.rounding:
                return (f"容差 0（本数据包 {e.identities} 个同单位勾稽中 {e.exact} 个完全相等，"
                        f"仅 {e.rounding} 个相差在舍入范围内，不足以表明数值经过舍入）",
                        f"tolerance 0 ({e.exact} of the {e.identities} same-unit identities of "
                        f"this package hold exactly; the {e.rounding} that differ within "
                        "rounding are too few to show it is rounded)")
            return (f"容差 0（本数据包全部 {e.identities} 个同单位勾稽完全相等）",
                    f"tolerance 0 (all {e.identities} same-unit identities of this package "
                    "hold exactly)")
        return (f"每个加数末位 ±0.5 个单位（本数据包 {e.identities} 个同单位勾稽中 {e.rounding} "
                "个相差在舍入范围内）",
                f"±0.5 unit of the last digit per addend ({e.rounding} of the {e.identities} "
                "same-unit identities of this package differ within rounding)")


def rounding_allowed(resource: str | None = None) -> bool:
    """False while judging a package held to exact arithmetic: a rule that searches for a
    reading of its rows under the rounding tolerance (a tree of subtotals) searches with
    tolerance 0 instead — unless ``resource`` is a table that keeps the rounding tolerance
    (its printed note says the figures were rounded: gd-city-2026-budget-cd78d6ee p22, a
    unit's subtotal 58,446.21 over 71 projects summing to 58,446.22)."""
    current = _POLICY.get()
    if current is not None and current.mode == "defer":
        current.evidence.consulted = True
    return current is None or not current.exact_for(resource)


ROUNDED_BASIS = ("较粗数值末位 ±0.5 个单位（两数单位或小数位数不同）",
                 "±0.5 unit of the coarser value's last digit (the two values differ in unit "
                 "or printed decimals)")

TRUNCATED_BASIS = ("较粗数值为较细数值截去多余小数位（未四舍五入）所得",
                   "the coarser value is the finer one cut to its printed decimals (not "
                   "rounded)")

_POLICY: ContextVar[Policy | None] = ContextVar("cnbudget_tolerance_policy", default=None)


def decide(evidence: Evidence) -> Policy:
    """The tolerance the evidence supports (see the module's description)."""
    few = evidence.rounding <= STRAY and (
        evidence.rounding <= STRAY_SHARE * max(evidence.identities, 1) or evidence.rounding <= 1)
    if evidence.identities and few:
        return Policy("exact", evidence, evidence.rounded_tables())
    return Policy("rounding", evidence)


@contextmanager
def policy(value: Policy | None) -> Iterator[Policy | None]:
    """Judge comparisons under ``value`` (None: the rounding tolerance, no basis stated)."""
    token = _POLICY.set(value)
    try:
        yield value
    finally:
        _POLICY.reset(token)


@dataclass(frozen=True, slots=True)
class Comparison:
    expected: Decimal
    actual: Decimal
    tolerance: Decimal
    op: str = "eq"
    exactable: bool = False
    """Both sides are printed in the same unit to the same decimals (a sum's parts and total
    are): a document held to exact arithmetic compares them with tolerance 0."""
    truncated: bool = False
    """The coarser value is the finer one cut (not rounded) to its printed decimals (a text
    stating 1,361万元 for a table's 13,616,271 元): a statement to less precision, within
    tolerance (only where the caller allows it: :func:`compare_values` ``truncation``)."""

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
        if self.truncated:
            return True
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
    return Comparison(expected, actual if actual is not None else ZERO, tol,
                      exactable=_same_places([total, *addends]))


def _same_places(texts: Sequence[object]) -> bool:
    return len({amounts.decimals(t) for t in texts if t not in (None, "")}) <= 1


def compare_values(actual: object, actual_factor: Decimal, expected: object,
                   expected_factor: Decimal, op: str = "eq", rounded: int = 1,
                   truncation: bool = False) -> Comparison:
    """Two published values, possibly in different units: compared in the coarser unit.

    ``rounded``: how many of the two may carry a rounding of their own (2 for two tables:
    a class printed as the sum of its rounded items in one and rounded from the exact
    total in the other differ by up to one unit of the last digit). ``truncation``: the
    coarser of the two may also be the finer one cut to its decimals (a statement of the
    text: "收入预算1,361万元" for the table's 13,616,271 元, sh-unit-2026-unit-budget-84b351cc
    p6, every figure of its text cut so)."""
    a = amounts.parse(actual) or ZERO
    e = amounts.parse(expected) or ZERO
    if actual_factor == expected_factor:
        out = Comparison(e, a, amounts.coarse_tolerance(rounded, [actual, expected]), op,
                         exactable=_same_places([actual, expected]))
        coarse_text = min((actual, expected), key=amounts.decimals)
    else:
        coarse = max(actual_factor, expected_factor)
        coarse_text = actual if actual_factor == coarse else expected
        out = Comparison(e * expected_factor / coarse, a * actual_factor / coarse,
                         amounts.tolerance(1, [coarse_text]), op)
    if truncation and op == "eq" and not out.exact and not out.within:
        coarse_value, fine_value = ((out.actual, out.expected) if coarse_text is actual
                                    else (out.expected, out.actual))
        step = Decimal(10) ** -amounts.decimals(coarse_text)
        cut = fine_value.quantize(step, rounding=ROUND_DOWN)
        if cut == coarse_value and amounts.decimals(coarse_text) < _places(fine_value):
            out = Comparison(out.expected, out.actual, out.tolerance, op, out.exactable,
                             truncated=True)
    return out


def _places(value: Decimal) -> int:
    """Decimals of a value beyond its trailing zeros."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def judge(comparison: Comparison, hit: Hit, detail: str) -> Check | Deferred:
    """A check from a comparison: exact → passed; within tolerance → passed with an INFO
    note; beyond → failed. Under the package's :class:`Policy` (see the module's
    description) a same-unit, same-precision comparison of a document held to exact
    arithmetic has tolerance 0, and every finding states its tolerance's basis. While the
    evidence is gathered in ``defer`` mode, a comparison that does not hold exactly is left
    for :func:`settle`."""
    current = _POLICY.get()
    if current is not None and current.mode in ("collect", "defer") and comparison.exactable:
        current.evidence.add(comparison, hit.resource)
    if comparison.exact:
        return Check(hit.resource, True, detail)
    if current is not None and current.mode == "defer":
        return Deferred(comparison, hit, detail)
    hit.expected = fmt(comparison.expected)
    hit.actual = fmt(comparison.actual)
    hit.difference = fmt(comparison.difference)
    hit.tolerance = fmt(comparison.tolerance)
    if current is not None and current.mode != "collect":
        zh, en = (ROUNDED_BASIS if not comparison.exactable
                  else current.table_basis(str(hit.resource))
                  if current.exact and not current.exact_for(hit.resource)
                  else current.basis())
        hit.values.setdefault("tolerance_basis_zh", zh)
        hit.values.setdefault("tolerance_basis_en", en)
        if comparison.exactable and current.exact_for(hit.resource):
            hit.tolerance = "0"
            return Check(hit.resource, False,
                         f"{detail}: expected {hit.expected}, found {hit.actual} (exact)", hit)
    if comparison.truncated:
        hit.values.setdefault("tolerance_basis_zh", TRUNCATED_BASIS[0])
        hit.values.setdefault("tolerance_basis_en", TRUNCATED_BASIS[1])
    if comparison.within:
        hit.severity = Severity.INFO
        return Check(hit.resource, True, f"{detail}: within rounding tolerance", hit)
    return Check(hit.resource, False,
                 f"{detail}: expected {hit.expected}, found {hit.actual}", hit)


def settle(event: Deferred) -> Check:
    """A deferred comparison judged under the current policy (:func:`policy`)."""
    check = judge(event.comparison, event.hit, event.detail)
    assert isinstance(check, Check), "settled under a policy that defers again"
    return check


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
