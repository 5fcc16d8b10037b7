"""Stage: the conversion's self-check. Runs the arithmetic and cross-table rules of the
validator on the converted package and records, per table, which identities hold.

A rule whose catalogue severity is INFO (the wording of a statement, CNB-TXT-010; an
observation, CNB-XT-017) states no identity: its outcomes are not checks of the report."""

from __future__ import annotations

from cnbudget.model import Disclosure, IdentityCheck


def run(disclosure: Disclosure) -> None:
    from cnbudget.validation.findings import Severity
    from cnbudget.validation.runner import catalogue, run_rules

    result = run_rules(disclosure, families={"arithmetic", "cross_table", "text"})
    disclosure.report.limits.extend(result.limits)
    remarks = {s.code for s in catalogue() if s.severity is Severity.INFO}
    for outcome in result.outcomes:
        if outcome.code in remarks:
            continue
        disclosure.report.checks.append(IdentityCheck(
            table=outcome.resource or "", identity=outcome.code, holds=outcome.passed,
            detail=outcome.detail))
    for name, table in disclosure.tables.items():
        disclosure.report.tables[name] = {
            "printed_title": table.printed_title, "pages": table.pages, "rows": len(table.rows),
            "published_empty": table.published_empty, "unit": table.unit,
        }
