"""All findings of one or more validations as CSV (one row per finding)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnbudget.validation.api import Validation

FIELDS = ["input", "package", "code", "family", "default_severity", "severity", "message_zh",
          "message_en", "resource", "position", "side", "field", "label", "source", "page",
          "line", "sheet", "cell", "expected", "actual", "difference", "tolerance"]
SUMMARY_FIELDS = ["input", "package", "publisher", "fiscal_year", "status", "error", "warning",
                  "info", "not_evaluated", "top_rules", "problem"]


def write_findings(path: Path, validations: Iterable[Validation]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(FIELDS)
        for v in validations:
            if v.result is None:
                continue
            name = (v.package or {}).get("name") or ""
            for f in v.result.findings:
                loc = f.location
                w.writerow([v.target, name, f.code, f.family, f.default_severity.value,
                            f.severity.value, f.message_zh, f.message_en, loc.resource or "",
                            "" if loc.position is None else loc.position, loc.side or "",
                            loc.field or "", loc.label or "", loc.source or "",
                            "" if loc.page is None else loc.page,
                            "" if loc.line is None else loc.line, loc.sheet or "",
                            loc.cell or "", f.expected or "",
                            f.actual or "", f.difference or "", f.tolerance or ""])


def summary_row(v: Validation) -> dict[str, str]:
    d = v.to_dict()
    s, pkg = d["summary"], d["package"] or {}
    return {"input": v.target, "package": str(pkg.get("name") or ""),
            "publisher": str(pkg.get("publisher") or ""),
            "fiscal_year": str(pkg.get("fiscal_year") or ""), "status": v.status,
            "error": str(s["error"]), "warning": str(s["warning"]), "info": str(s["info"]),
            "not_evaluated": str(s["not_evaluated"]),
            "top_rules": " ".join(f"{t['code']}×{t['count']}" for t in s["top_rules"]),
            "problem": v.error or ""}


def write_summary(path: Path, validations: Iterable[Validation]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, SUMMARY_FIELDS, lineterminator="\n")
        w.writeheader()
        for v in validations:
            w.writerow(summary_row(v))
