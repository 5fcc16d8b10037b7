"""Batch output trees for the review tests, made with the library itself: packages
converted from the bundled example PDF (and, when ../shared/corpus is present, small corpus
documents), validated, a manifest line per disclosure in the format ``cnbudget batch``
writes, findings.csv, and one package whose texts carry markup."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Any

from cnbudget.converters import convert
from cnbudget.package import write_package
from cnbudget.review.report_html import write_report_html
from cnbudget.validation.api import validate
from cnbudget.validation.report_json import report_dict

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "lulong-2023-budget.pdf"
CORPUS = ROOT.parent / "shared" / "corpus"
SMALL_CORPUS = ["sh-yuwai-nongchang-2026-unit-budget.pdf", "gd-guangzhou-xinfang-2026-budget.pdf"]
MARKUP = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
FINDING_FIELDS = ["package_id", "code", "severity", "table", "page", "row", "message_zh",
                  "message_en"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inject_markup(package: Path) -> None:
    """Put markup into the package's texts: title, department, region, the source's title
    (it reaches the catalogue's description in the JSON-LD), a table title and note, an
    item name, and the heading and text of a narrative section."""
    desc_path = package / "datapackage.json"
    desc = json.loads(desc_path.read_text("utf-8"))
    desc["title"] = f"{desc['title']}{MARKUP}"
    desc["publisher"]["department_name"] += MARKUP
    desc["publisher"]["region_name"] += "</script><!--"
    desc["source"]["title"] = f"{desc['source'].get('title') or ''}{MARKUP}"
    for res in desc["resources"]:
        if res["name"] == "income_summary":
            res["printed_title"] = f"{res.get('printed_title', '')}{MARKUP}"
            res["notes"] = [*(res.get("notes") or []), f"注：{MARKUP}"]
    desc_path.write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")
    _mark_first_row(package / "text_sections.csv", ("heading", "text"))
    _mark_first_row(package / "income_summary.csv", ("function_name",))


def _mark_first_row(path: Path, fields: tuple[str, ...]) -> None:
    """Append MARKUP to ``fields`` of the first row (the second column when a field is
    absent)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for f in fields:
        f = f if f in rows[0] else list(rows[0])[1]
        rows[0][f] = f"{rows[0][f]}{MARKUP}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def add(out: Path, pid: str, sources: list[Path], *, markup: bool = False
        ) -> dict[str, Any]:
    """Convert, write the package, validate, and return its manifest record."""
    t0 = time.perf_counter()
    pkg = out / "packages" / pid
    write_package(convert(sources), pkg, overwrite=True)
    if markup:
        inject_markup(pkg)
    v = validate(pkg)
    report = report_dict(v)
    if markup:  # a finding quoting markup, as a rule quoting printed text would
        report["findings"].append({
            "code": "CNB-RES-003", "family": "residue", "severity": "warning",
            "default_severity": "warning",
            "message": {"zh": f"说明中含 HTML 标记 {MARKUP}", "en": f"markup {MARKUP}"},
            "location": {"resource": "income_summary", "position": 1, "side": None,
                         "field": "amount", "label": MARKUP, "source": sources[0].name,
                         "page": 3, "line": None, "bbox": None, "sheet": None, "cell": None},
            "expected": None, "actual": MARKUP, "difference": None, "tolerance": None})
        report["summary"]["warning"] += 1
    (out / "reports").mkdir(parents=True, exist_ok=True)
    rpath = out / "reports" / f"{pid}.json"
    rpath.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    write_report_html(rpath, pkg, rpath.with_suffix(".html"), sources)
    desc = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    pub = desc["publisher"]
    s = report["summary"]
    with (out / "findings.csv").open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        for f in report["findings"]:
            loc = f["location"]
            w.writerow([pid, f["code"], f["severity"], loc.get("resource") or "",
                        loc.get("page") or "", loc.get("position") or "",
                        f["message"]["zh"], f["message"]["en"]])
    return {"id": pid,
            "inputs": [{"path": str(p), "sha256": sha256(p), "bytes": p.stat().st_size}
                       for p in sources],
            "status": "invalid" if s["error"] else "ok", "reason": None,
            "region": pub.get("region_name"), "region_code": pub.get("region_code"),
            "department": pub.get("department_name"), "fiscal_year": desc["fiscal_year"],
            "document_kind": desc["document_kind"],
            "counts": {"error": s["error"], "warning": s["warning"], "info": s["info"]},
            "seconds": round(time.perf_counter() - t0, 2), "peak_mb": 180.0,
            "versions": {"toolkit": desc["generator"]["version"],
                         "standard": desc["standard"]["version"]},
            "package": f"packages/{pid}", "report": f"reports/{pid}.json"}


def build(out: Path, *, corpus: bool = True) -> list[dict[str, Any]]:
    """A batch output folder: the example, the example with markup, up to two corpus
    documents, and one refused input (no package)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with (out / "findings.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(FINDING_FIELDS)
    records = [add(out, "130324-201-2023-budget", [EXAMPLE]),
               add(out, "markup-2023-budget", [EXAMPLE], markup=True)]
    if corpus:
        for name in SMALL_CORPUS:
            if (CORPUS / name).is_file():
                records.append(add(out, Path(name).stem, [CORPUS / name]))
    records.append({"id": "broken-input", "inputs": [{"path": "broken.pdf", "sha256": "0" * 64,
                                                      "bytes": 10}],
                    "status": "refused", "reason": f"broken.pdf: not a PDF {MARKUP}",
                    "region": None, "region_code": None, "department": None,
                    "fiscal_year": None, "document_kind": None,
                    "counts": {"error": 0, "warning": 0, "info": 0}, "seconds": 0.01,
                    "peak_mb": 60.0, "versions": {"toolkit": "0.1.0", "standard": "0.1.0"},
                    "package": None, "report": None})
    (out / "manifest.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records
