"""Findings are data: what a rule found, where, and how bad it is.

A :class:`Finding` names the rule (stable code), its default severity (from the catalogue)
and its effective severity (after a review campaign's configuration), the message in
Chinese and English, and the location: resource, row, side, field, the row's code or label,
and — looked up from the package's provenance — the source file, page and place on the page.

A rule that could not run is a :class:`NotEvaluated` with its reason: it is reported, never
silently skipped and never counted as passed. An :class:`Outcome` is one evaluation of a rule
on one resource (or pair of resources): passed or not, with a short detail; the converter's
self-check records them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from cnbudget.limits import LimitReached


class Severity(StrEnum):
    """Closed enum tied to the wording of the publishing rules."""

    ERROR = "error"
    """The rules say *must*."""
    WARNING = "warning"
    """The rules say *should*."""
    INFO = "info"
    """Neither: worth a look."""

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    resource: str | None = None
    position: int | None = None
    side: str | None = None
    field: str | None = None
    label: str | None = None
    """The row's classification code, item key or printed label."""
    source: str | None = None
    page: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.resource:
            parts.append(self.resource)
        if self.position is not None:
            parts.append(f"row {self.position}" + (f" ({self.side})" if self.side else ""))
        if self.label:
            parts.append(self.label)
        if self.field:
            parts.append(self.field)
        where = " · ".join(parts)
        if self.source:
            place = self.source
            if self.page is not None:
                place += f" p.{self.page}"
            if self.line is not None:
                place += f" l.{self.line}"
            if self.cell:
                place += f" {self.sheet or ''}!{self.cell}"
            where += f" [{place}]"
        return where


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    family: str
    default_severity: Severity
    severity: Severity
    message_zh: str
    message_en: str
    location: Location = field(default_factory=Location)
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None

    def to_dict(self) -> dict[str, Any]:
        loc = asdict(self.location)
        if loc["bbox"] is not None:
            loc["bbox"] = list(loc["bbox"])
        return {
            "code": self.code, "family": self.family,
            "default_severity": self.default_severity.value, "severity": self.severity.value,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "location": loc, "expected": self.expected, "actual": self.actual,
            "difference": self.difference, "tolerance": self.tolerance,
        }


@dataclass(frozen=True, slots=True)
class NotEvaluated:
    code: str
    reason: str
    resource: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "resource": self.resource, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Outcome:
    code: str
    resource: str | None
    passed: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "resource": self.resource, "passed": self.passed,
                "detail": self.detail}


@dataclass(slots=True)
class Result:
    findings: list[Finding] = field(default_factory=list)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    silenced: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    limits: list[LimitReached] = field(default_factory=list)
    """Cost limits reached by rules (each also a :class:`NotEvaluated`); the converter's
    self-check puts them on the conversion report."""

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    @property
    def has_error(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def by_code(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]
