"""The validation report as JSON, valid against schema/profile/report.schema.json."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

import jsonschema

from cnbudget import __version__, standard

if TYPE_CHECKING:
    from cnbudget.validation.api import Validation


def report_dict(v: Validation) -> dict[str, Any]:
    from cnbudget.validation.api import REPORT_VERSION, codelists_digest

    result = v.result
    counts = result.counts() if result else {"error": 0, "warning": 0, "info": 0}
    rules_run = len({o.code for o in result.outcomes}) if result else 0
    return {
        "report_version": REPORT_VERSION,
        "provenance": {
            "toolkit": {"name": "cnbudget", "version": __version__},
            "standard": {"name": "cnbudget", "version": standard.version(),
                         "profile": standard.profile_id()},
            "codelists": {"version": standard.version(), "sha256": codelists_digest()},
            "inputs": v.inputs,
            "previous_inputs": v.previous_inputs,
            "created": v.created,
            "config": v.config.path if v.config else None,
            "families": v.families,
        },
        "input": v.target,
        "package": v.package,
        "status": v.status,
        "error": v.error,
        "summary": {
            **counts,
            "not_evaluated": len(result.not_evaluated) if result else 0,
            "silenced": len(result.silenced) if result else 0,
            "rules_run": rules_run,
            "checks_failed": sum(1 for o in result.outcomes if not o.passed) if result else 0,
            "top_rules": [{"code": c, "count": n} for c, n in Counter(
                f.code for f in result.findings).most_common(5)] if result else [],
            "withheld": dict(result.stats.get("withheld", {})) if result else {},
        },
        "findings": [f.to_dict() for f in result.findings] if result else [],
        "not_evaluated": [n.to_dict() for n in result.not_evaluated] if result else [],
        "silenced": list(result.silenced) if result else [],
        "outcomes": [o.to_dict() for o in result.outcomes] if result else [],
    }


def dumps(v: Validation) -> str:
    return json.dumps(report_dict(v), ensure_ascii=False, indent=2)


def check_report(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``data`` is not a valid report."""
    jsonschema.validate(data, standard.report_schema())
