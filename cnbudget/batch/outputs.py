"""The tables of a batch run: summary.csv (one row per disclosure), findings.csv (one row
per finding of the validator), the pooled dataset, and the HTML review when available."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path
from typing import Any

from cnbudget.atomic import write_file

Record = dict[str, Any]
SUMMARY_FIELDS = ["id", "status", "reason", "region", "region_code", "department",
                  "fiscal_year", "document_kind", "error", "warning", "info", "seconds",
                  "peak_mb", "files", "duplicates", "package", "report"]
FINDINGS_FIELDS = ["package_id", "code", "severity", "table", "page", "row", "message_zh",
                   "message_en"]


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def write_summary(out: Path, records: dict[str, Record]) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, SUMMARY_FIELDS, lineterminator="\n")
            w.writeheader()
            for r in sorted(records.values(), key=lambda r: r["id"]):
                counts = r.get("counts") or {}
                w.writerow({**{k: _cell(r.get(k)) for k in SUMMARY_FIELDS
                               if k not in ("files", "duplicates")},
                            "error": _cell(counts.get("error")),
                            "warning": _cell(counts.get("warning")),
                            "info": _cell(counts.get("info")),
                            "files": " | ".join(i["path"] for i in r.get("inputs", [])),
                            "duplicates": " | ".join(r.get("duplicates") or [])})

    write_file(out / "summary.csv", write, overwrite=True)


def write_findings(out: Path, records: dict[str, Record]) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(FINDINGS_FIELDS)
            for r in sorted(records.values(), key=lambda r: r["id"]):
                if not r.get("report"):
                    continue
                report = json.loads((out / r["report"]).read_text(encoding="utf-8"))
                for f in report.get("findings", []):
                    loc = f.get("location") or {}
                    msg = f.get("message") or {}
                    w.writerow([r["id"], f.get("code"), f.get("severity"),
                                _cell(loc.get("resource")), _cell(loc.get("page")),
                                _cell(loc.get("position")), _cell(msg.get("zh")),
                                _cell(msg.get("en"))])

    write_file(out / "findings.csv", write, overwrite=True)


def review_html(out: Path, records: dict[str, Record]) -> bool:
    """The per-report HTML (``reports/<id>.html``, with crops of the cited cells from the
    source PDFs) and the ``summary.html`` dashboard, written by :mod:`cnbudget.review`
    (``write_report_html``, ``write_dashboard``); False, writing nothing, when that package
    is not installed."""
    if importlib.util.find_spec("cnbudget.review") is None:
        return False
    from cnbudget.review.dashboard import write_dashboard
    from cnbudget.review.report_html import write_report_html

    for r in records.values():
        if not r.get("report") or r.get("html_problem"):
            continue  # no report, or its HTML failed in the worker (said in the manifest)
        html, report = out / "reports" / f"{r['id']}.html", out / r["report"]
        if html.is_file() and html.stat().st_mtime >= report.stat().st_mtime:
            continue  # written by an earlier run for this very report
        package = out / r["package"] if r.get("package") else None
        sources = [Path(i["path"]) for i in r.get("inputs", [])
                   if str(i.get("path", "")).lower().endswith(".pdf")
                   and Path(i["path"]).is_file()]
        write_report_html(report, package, html, sources or None)
    write_dashboard(out)
    return True


def write_outputs(out: Path, records: dict[str, Record]) -> dict[str, Any]:
    from cnbudget.batch.dataset import write_dataset

    write_summary(out, records)
    write_findings(out, records)
    packages = [(r["id"], out / r["package"]) for r in sorted(records.values(),
                                                               key=lambda r: r["id"])
                if r.get("package") and r.get("status") in ("ok", "invalid")]
    files = write_dataset(out / "dataset", packages)
    return {"dataset": [str(f) for f in files], "html": review_html(out, records)}
