"""Run the catalogue's rules on a disclosure and collect findings, outcomes and the rules
that could not run."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from cnbudget import standard
from cnbudget.model import Disclosure
from cnbudget.validation import identity
from cnbudget.validation.config import Config
from cnbudget.validation.context import Context, PackageFiles
from cnbudget.validation.findings import (
    Finding,
    Location,
    NotEvaluated,
    Outcome,
    Result,
    Severity,
)
from cnbudget.validation.rulebase import (
    CouldNotRun,
    Deferred,
    Event,
    Hit,
    RuleFunc,
    RuleSpec,
    Skip,
)
from cnbudget.validation.selectors import NotFound

ROUNDING_NOTE = ("（差额在舍入容差 {tolerance} 之内）",
                 " (within the rounding tolerance of {tolerance})")


@cache
def catalogue() -> tuple[RuleSpec, ...]:
    return tuple(RuleSpec.from_dict(d) for d in standard.rules())


def rule(code: str) -> RuleSpec:
    for spec in catalogue():
        if spec.code == code:
            return spec
    raise KeyError(code)


@cache
def implementation(rule_type: str) -> RuleFunc:
    module = importlib.import_module(f"cnbudget.validation.rules.{rule_type}")
    func: RuleFunc = module.check
    return func


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _message(template: str, hit: Hit) -> str:
    values = _Values({"expected": hit.expected or "", "actual": hit.actual or "",
                      "difference": hit.difference or "", "tolerance": hit.tolerance or "",
                      "resource": hit.resource or "", "field": hit.field or "",
                      "label": hit.label or "", "side": hit.side or "",
                      "position": "" if hit.position is None else str(hit.position)})
    if hit.resource:
        values["where"] = hit.resource + ("" if hit.position is None else f"#{hit.position}")
    else:
        values["where"] = hit.label or ""
    values.update(hit.values)
    return template.format_map(values)


def make_finding(ctx: Context, spec: RuleSpec, hit: Hit, config: Config | None) -> Finding:
    default = hit.severity or spec.severity
    effective = default
    if config is not None and hit.severity is None and spec.code in config.severities:
        effective = config.severities[spec.code]
    zh, en = _message(spec.message["zh"], hit), _message(spec.message["en"], hit)
    if hit.severity is Severity.INFO and hit.tolerance:
        zh += ROUNDING_NOTE[0].format(tolerance=hit.tolerance)
        en += ROUNDING_NOTE[1].format(tolerance=hit.tolerance)
    if "tolerance_basis_en" in hit.values:
        zh += f"（容差：{hit.values['tolerance_basis_zh']}）"
        en += f" (tolerance: {hit.values['tolerance_basis_en']})"
    place = (ctx.place(hit.resource, hit.position, hit.side, hit.field, hit.row_key)
             if hit.resource else None)
    page = place.page if place else None
    if page is None and str(hit.values.get("page", "")).isdigit():
        page = int(hit.values["page"])  # a finding about a page, not a table (CNB-REV-030)
    loc = Location(resource=hit.resource, position=hit.position, side=hit.side, field=hit.field,
                   label=hit.label,
                   source=place.source if place else (hit.values.get("source") or None),
                   page=page,
                   line=place.line if place else None, bbox=place.bbox if place else None,
                   sheet=place.sheet if place else None, cell=place.cell if place else None)
    return Finding(code=spec.code, family=spec.family, default_severity=default,
                   severity=effective, message_zh=zh, message_en=en, location=loc,
                   expected=hit.expected, actual=hit.actual, difference=hit.difference,
                   tolerance=hit.tolerance)


def _events(ctx: Context, spec: RuleSpec) -> list[Event] | NotEvaluated:
    """The rule's events, or why it could not run."""
    try:
        return list(implementation(spec.type)(ctx, spec))
    except CouldNotRun as exc:
        return NotEvaluated(spec.code, str(exc))
    except NotFound as exc:  # a row the rule compares against is not printed
        return NotEvaluated(spec.code, f"not printed: {exc}")


def _evaluate(ctx: Context, spec: RuleSpec, config: Config | None, result: Result,
              events: list[Event] | NotEvaluated | None = None) -> None:
    """Run the rule (or take the ``events`` of its run) into ``result``; a comparison left
    for the tolerance (:class:`~cnbudget.validation.rulebase.Deferred`) is judged under the
    current policy."""
    if events is None:
        events = _events(ctx, spec)
    if isinstance(events, NotEvaluated):
        result.not_evaluated.append(events)
        return
    tally: dict[str | None, list[Any]] = {}
    skips: dict[str | None, list[str]] = {}
    for event in events:
        if isinstance(event, Skip):
            skips.setdefault(event.resource, []).append(event.reason)
            if event.limit is not None:
                result.limits.append(event.limit)
            continue
        if isinstance(event, Deferred):
            event = identity.settle(event)
        slot = tally.setdefault(event.resource, [0, 0, ""])
        slot[0] += 1
        if not event.passed:
            slot[1] += 1
            slot[2] = slot[2] or event.detail
        if event.hit is not None:
            result.findings.append(make_finding(ctx, spec, event.hit, config))
    for resource, reasons in skips.items():
        more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
        result.not_evaluated.append(NotEvaluated(spec.code, reasons[0] + more, resource))
    for resource, (n, failed, first) in tally.items():
        detail = f"{n} checked, {failed} failed" + (f": {first}" if first else "")
        result.outcomes.append(Outcome(spec.code, resource, failed == 0, detail))
    if not tally and not skips:
        result.outcomes.append(Outcome(spec.code, None, True, "nothing to check"))


TOLERANCE_FAMILIES = frozenset({"arithmetic", "cross_table"})
"""The families whose same-unit comparisons are the evidence of :func:`tolerance_policy` and
are judged under it."""


def rule_evidence(ctx: Context, codes: Iterable[str] | None = None
                  ) -> dict[str, identity.Evidence]:
    """The evidence of each arithmetic and cross-table rule (only ``codes`` if given): the
    rule run once in ``collect`` mode, counting which comparisons hold exactly."""
    wanted = set(codes) if codes is not None else None
    out: dict[str, identity.Evidence] = {}
    scratch = Result()
    for spec in catalogue():
        if spec.family in TOLERANCE_FAMILIES and (wanted is None or spec.code in wanted):
            evidence = out[spec.code] = identity.Evidence()
            with identity.policy(identity.Policy("collect", evidence)):
                _evaluate(ctx, spec, None, scratch)
    if wanted is None:
        # what the tables' printed notes say about their rounding: no rule's comparisons
        out["notes"] = identity.Evidence(declared=identity.declared_rounded(
            {n: t for n, t in ctx.disclosure.tables.items() if not t.not_published}))
    return out


def tolerance_policy(ctx: Context) -> identity.Policy:
    """The package's tolerance from its own evidence (:mod:`cnbudget.validation.identity`)."""
    return identity.decide(identity.Evidence.total(rule_evidence(ctx).values()))


@dataclass(slots=True)
class _Deferred:
    """The arithmetic and cross-table rules run once with their judging deferred
    (:func:`deferred_run`): the package's tolerance decided from their evidence, and each
    rule's events to be judged under it."""

    policy: identity.Policy
    events: dict[str, list[Event] | NotEvaluated]
    consulted: set[str]
    """Rules whose run read the tolerance (:attr:`identity.Evidence.consulted`): under an
    ``exact`` policy they run again."""

    def evaluate(self, ctx: Context, spec: RuleSpec, config: Config | None,
                 result: Result) -> None:
        with identity.policy(self.policy):
            if self.policy.exact and spec.code in self.consulted:
                _evaluate(ctx, spec, config, result)
            else:
                _evaluate(ctx, spec, config, result, self.events[spec.code])


def deferred_run(ctx: Context) -> _Deferred:
    """Every arithmetic and cross-table rule run once in ``defer`` mode: their evidence
    decides the package's tolerance (as :func:`tolerance_policy`, which runs them once more
    to judge them), and what they compared is judged under it afterwards."""
    evidence = identity.Evidence()
    events: dict[str, list[Event] | NotEvaluated] = {}
    consulted: set[str] = set()
    for spec in catalogue():
        if spec.family in TOLERANCE_FAMILIES:
            evidence.consulted = False
            with identity.policy(identity.Policy("defer", evidence)):
                events[spec.code] = _events(ctx, spec)
            if evidence.consulted:
                consulted.add(spec.code)
    evidence.consulted = False
    evidence.declared = identity.declared_rounded(
        {n: t for n, t in ctx.disclosure.tables.items() if not t.not_published})
    return _Deferred(identity.decide(evidence), events, consulted)


def run_rules(disclosure: Disclosure, families: set[str] | None = None,
              config: Config | None = None, previous: Disclosure | None = None,
              files: PackageFiles | None = None,
              codes: Iterable[str] | None = None, budget: Disclosure | None = None,
              tolerance: identity.Policy | None = None) -> Result:
    """Evaluate the catalogue's rules (optionally only ``families`` or ``codes``).

    ``budget``: the same department's budget package, for a final account's checks against
    it. ``tolerance``: the package's tolerance decided beforehand (the mutation benchmark
    re-uses the evidence of the rules a change cannot reach); by default it is decided
    from the package's evidence here, the arithmetic and cross-table rules running once
    (:func:`deferred_run`)."""
    ctx = Context(disclosure, previous, files, budget)
    wanted = set(codes) if codes is not None else None
    result = Result()
    deferred = (deferred_run(ctx) if tolerance is None and (
        families is None or families & TOLERANCE_FAMILIES) else None)
    package_policy = tolerance if tolerance is not None else (
        deferred.policy if deferred is not None else None)
    if package_policy is not None:
        result.stats["tolerance_mode"] = package_policy.mode
        result.stats["tolerance"] = package_policy.basis()[1]
        result.stats["tolerance_rounding"] = package_policy.evidence.rounding
    for spec in catalogue():
        if families is not None and spec.family not in families:
            continue
        if wanted is not None and spec.code not in wanted:
            continue
        if config is not None and spec.code in config.silenced:
            result.silenced.append(spec.code)
            continue
        if deferred is not None and spec.family in TOLERANCE_FAMILIES:
            deferred.evaluate(ctx, spec, config, result)
            continue
        with identity.policy(package_policy if spec.family in TOLERANCE_FAMILIES else None):
            _evaluate(ctx, spec, config, result)
    result.findings.sort(key=lambda f: (f.severity.rank, f.code))
    result.stats.update(_stats(disclosure))
    return result


def _stats(disclosure: Disclosure) -> dict[str, Any]:
    """Counts the report shows next to the findings: withheld content is counted here,
    never reported as missing."""
    withheld: dict[str, int] = {}
    for name in ("performance_projects", "performance_indicators", "performance_goals"):
        table = disclosure.tables.get(name)
        if table is not None:
            withheld[name] = sum(1 for r in table.rows
                                 if str(r.get("withheld", "")).lower() == "true")
    return {"withheld": withheld,
            "resources": len(disclosure.tables),
            "rows": sum(len(t.rows) for t in disclosure.tables.values())}
