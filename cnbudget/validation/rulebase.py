"""What a rule type is: a function ``check(ctx, rule)`` yielding :class:`Check` and
:class:`Skip` events. It never raises for bad data; it raises :class:`CouldNotRun` when the
rule as a whole cannot be evaluated (a required resource is absent, no previous year's
package was given …)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any

from cnbudget.limits import LimitReached
from cnbudget.validation.findings import Severity

if TYPE_CHECKING:
    from cnbudget.validation.context import Context
    from cnbudget.validation.identity import Comparison


class CouldNotRun(Exception):
    """The rule could not be evaluated; the message says why."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One entry of schema/rules/catalogue.yaml."""

    code: str
    family: str
    severity: Severity
    type: str
    params: dict[str, Any]
    title: dict[str, str]
    message: dict[str, str]
    description: dict[str, str]
    tolerance: dict[str, str] | None
    since: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RuleSpec:
        return cls(code=d["code"], family=d["family"], severity=Severity(d["severity"]),
                   type=d["type"], params=dict(d.get("params") or {}), title=d["title"],
                   message=d["message"], description=d["description"],
                   tolerance=d.get("tolerance"), since=str(d["since"]))

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass(slots=True)
class Hit:
    """Where and what: becomes a :class:`~cnbudget.validation.findings.Finding`."""

    resource: str | None = None
    position: int | None = None
    side: str | None = None
    field: str | None = None
    label: str | None = None
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    severity: Severity | None = None
    """Only to lower a within-tolerance gap to INFO; otherwise the catalogue decides."""
    values: dict[str, str] = dc_field(default_factory=dict)
    """Further placeholders of the rule's message template."""
    row_key: str | None = None
    """The row's other key where position alone is not unique (provenance.row_key)."""


@dataclass(slots=True)
class Check:
    """One evaluation: ``passed`` or not; a failed check carries its hit."""

    resource: str | None
    passed: bool
    detail: str = ""
    hit: Hit | None = None


@dataclass(slots=True)
class Skip:
    """Part of the rule could not be evaluated (an unreadable cell, a missing row …)."""

    reason: str
    resource: str | None = None
    limit: LimitReached | None = None
    """Set when the part was not evaluated because a cost limit was reached."""


@dataclass(frozen=True, slots=True)
class Deferred:
    """A comparison of a rule run while the package's tolerance is not yet decided
    (:mod:`cnbudget.validation.identity`, ``defer`` mode): judged by
    :func:`~cnbudget.validation.identity.settle` once it is."""

    comparison: Comparison
    hit: Hit
    detail: str


Event = Check | Skip | Deferred
RuleFunc = Callable[["Context", RuleSpec], Iterator[Event]]
