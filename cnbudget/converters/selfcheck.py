"""Stage: the conversion's self-check. Runs the arithmetic and cross-table rules of the
validator on the converted package and records, per table, which identities hold."""

from __future__ import annotations

from cnbudget.model import Disclosure, IdentityCheck


def run(disclosure: Disclosure) -> None:
    from cnbudget.validation.runner import run_rules

    result = run_rules(disclosure, families={"arithmetic", "cross_table", "text"})
    disclosure.report.limits.extend(result.limits)
    for outcome in result.outcomes:
        disclosure.report.checks.append(IdentityCheck(
            table=outcome.resource or "", identity=outcome.code, holds=outcome.passed,
            detail=outcome.detail))
    for name, table in disclosure.tables.items():
        disclosure.report.tables[name] = {
            "printed_title": table.printed_title, "pages": table.pages, "rows": len(table.rows),
            "published_empty": table.published_empty, "unit": table.unit,
        }
