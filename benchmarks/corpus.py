"""Corpus sweep: convert and validate every document of the corpus, per layout family.

    python benchmarks/corpus.py [DIR] [--json OUT.json] [--compare OLD.json]
                                [--only PATTERN] [--jobs N] [--timeout S] [--memory-mb MB]

DIR defaults to ../shared/corpus relative to the repository root (nothing to do when it is
absent). Every document (PDF, workbook, text) is converted with the library
(:func:`cnbudget.converters.convert`, strict, with the self-check, as ``cnbudget convert``
does), written as a package into a temporary folder and validated there
(:func:`cnbudget.validation.api.validate`, every rule family, as ``cnbudget validate``
does). The files of one disclosure are converted together.

Disclosures. Each file is first converted on its own; files that name the same department,
fiscal year and document kind, of which at most one prints tables, are one disclosure
(:mod:`cnbudget.converters.grouping`: a 报表 file with its 说明 file) and are converted
again together; a file alone is its own disclosure (a 说明 without its 报表 too). The
grouping is cross-checked with MANIFEST.md (same publisher, year and kind there) and every
disagreement is printed. The layout family of a disclosure is the part before ':' of the
"layout family" column of MANIFEST.md for its first file, else the file name up to the year.

Isolation (:mod:`cnbudget.batch.isolation`, shared with ``cnbudget batch``). Every task
runs in a fresh worker process ('spawn', one task per process, at most ``--jobs`` at a
time) with an address-space limit (``resource.setrlimit(RLIMIT_AS)``,
``--memory-mb``, default 2000) and a wall-clock limit (``--timeout``, default 120 s): a
crash, hang or memory blow-up costs that disclosure only and is recorded as crashed
("timeout", "memory": a MemoryError, or any failure at 90 % of the limit, "died": the worker
ended without a result).

Columns, per family and in total:
- disc: disclosures; conv: converted and validated; ref: refused by the converter (a
  ConversionError: its message is the reason, e.g. a blank template); crash: any other
  exception (type, message and the innermost frame in cnbudget), a timeout, a memory limit;
- id-fail: identities of the converter's self-check (``conversion_report.checks``, the
  arithmetic, cross-table and text rules run on the converted package) that do not hold,
  counted per check and listed by rule code below the table;
- ERROR / WARN: findings of the validator on the written package with severity error /
  warning, ERRORs listed by rule code below the table;
- typed: the typed share, Σ typed ÷ Σ printed table amounts over the converted
  disclosures (:mod:`cnbudget.converters.coverage`). A *printed table amount* is a printed
  cell of a recognised or unrecognised table region whose text is a plain number (not a
  blank or a dash), not a row number (行次/栏次/序号 columns, ``line``) and not a
  classification code, as the converter accounts for it: in the provenance sidecar of a
  standard resource, in an ``x_`` extension resource (x_table_pN, x_extra_columns, …) or in
  the conversion report's unplaced values. *Typed*: it is in a number field of one of the
  standard's (non-``x_``) table or list resources (an indicator's plain-number
  ``value_text`` included). Everything else — ``x_`` resources, a number in a text field
  (``resource.field``), unplaced values — counts in the denominator only and is listed per
  family below the table (which ``x_`` resource, which printed table title);
- s med / s max: seconds per disclosure (convert + write + validate, measured in the
  worker; convert and validate apart in the JSON); MB: peak RSS of a worker
  (``ru_maxrss`` after the work; for a timeout, VmHWM read before it was killed).

The JSON summary (``--json``, default benchmarks/results/corpus-latest.json, not committed)
holds one record per disclosure and per family and the totals; ``--compare OLD.json``
prints the differences per family and in total (converted, crashed, identities failing,
ERRORs, typed share) and lists the disclosures that got worse.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnbudget.converters.grouping import Part

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = REPO / "benchmarks" / "results" / "corpus-latest.json"
sys.path.insert(0, str(REPO))

from cnbudget.batch.isolation import Outcome, describe_crash, rss_mb, run_isolated  # noqa: E402

SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls", ".txt")
FORMAT = 1
"""Version of the JSON summary's layout."""
Record = dict[str, Any]


# --- the worker ------------------------------------------------------------------------------
def _crash(exc: BaseException, stage: str, memory_mb: int) -> dict[str, str]:
    crash = describe_crash(exc, stage, memory_mb)
    crash.pop("reason")
    return crash


def run_disclosure(paths: list[Path], memory_mb: int) -> Record:
    """Convert, write and validate one disclosure: its record (never raises)."""
    from cnbudget.converters import ConversionError, Options, convert
    from cnbudget.converters.coverage import coverage
    from cnbudget.converters.grouping import part
    from cnbudget.package import write_package
    from cnbudget.validation.api import validate
    from cnbudget.validation.findings import Severity

    rec: Record = {"status": "crashed", "seconds": {}}
    seconds: dict[str, float] = rec["seconds"]
    stage = "convert"
    try:
        start = time.perf_counter()
        try:
            disclosure = convert(paths, Options())
        except ConversionError as exc:
            rec.update(status="refused", reason=str(exc), error_type=type(exc).__name__)
            return rec
        finally:
            seconds["convert"] = round(time.perf_counter() - start, 3)
        stage = "measure"
        meta = disclosure.metadata
        rec["package"] = disclosure.package_name
        rec["publisher"] = (meta.get("publisher") or {}).get("department_name")
        rec["fiscal_year"] = meta.get("fiscal_year")
        rec["document_kind"] = meta.get("document_kind")
        failing = [c for c in disclosure.report.checks if not c.holds]
        rec["checks"] = len(disclosure.report.checks)
        rec["identities_by_rule"] = dict(Counter(c.identity for c in failing).most_common())
        rec["identity_examples"] = {}
        for c in failing:
            rec["identity_examples"].setdefault(c.identity, f"{c.table}: {c.detail}"[:300])
        rec["amounts"] = coverage(disclosure).to_dict()
        rec["unplaced"] = len(disclosure.report.unplaced)
        if len(paths) == 1:
            rec["parts"] = [part(paths[0].name, disclosure).to_dict()]
        with tempfile.TemporaryDirectory(prefix="cnbudget-sweep-") as tmp:
            stage = "write"
            start = time.perf_counter()
            target = write_package(disclosure, Path(tmp) / "package")
            seconds["write"] = round(time.perf_counter() - start, 3)
            stage = "validate"
            start = time.perf_counter()
            validation = validate(target)
            seconds["validate"] = round(time.perf_counter() - start, 3)
            stage = "read"  # cnbudget.read gives back every cell exactly as written
            from cnbudget.reader import differences

            rec["read_differences"] = differences(target)
        if validation.result is None:
            rec["crash"] = {"type": "validator could not run", "message": str(validation.error),
                            "stage": "validate", "where": "cnbudget/validation/api.py",
                            "innermost": ""}
            return rec
        findings = validation.result.findings
        errors = [f for f in findings if f.severity is Severity.ERROR]
        warnings = [f for f in findings if f.severity is Severity.WARNING]
        rec["errors_by_rule"] = dict(Counter(f.code for f in errors).most_common())
        rec["error_examples"] = {}
        for f in errors:
            rec["error_examples"].setdefault(
                f.code, f"{f.location.describe()}: {f.message_en}"[:300])
        rec["warnings"] = len(warnings)
        rec["warnings_by_rule"] = dict(Counter(f.code for f in warnings).most_common())
        rec["infos_by_rule"] = dict(Counter(
            f.code for f in findings if f.severity is Severity.INFO).most_common())
        rec["status"] = "converted"
    except Exception as exc:  # every unexpected failure is a finding of the sweep
        rec["crash"] = _crash(exc, stage, memory_mb)
    finally:
        seconds["work"] = round(sum(seconds.values()), 3)
        rec["peak_rss_mb"] = rss_mb()
    return rec


def _identify(paths: list[Path], rec: Record) -> list[Record]:
    """The file's part (department, year, kind, tables) for grouping; a refused file is
    converted again leniently to read it."""
    from cnbudget.converters import ConversionError, Options, convert
    from cnbudget.converters.grouping import part

    if rec.get("parts"):
        return list(rec["parts"])
    if rec["status"] != "refused":
        return []
    try:
        disclosure = convert(paths, Options(strict=False, self_check=False))
    except ConversionError:
        return []
    return [part(paths[0].name, disclosure).to_dict()]


WARM_UP = REPO / "examples" / "lulong-2023-budget.txt"


def warm_up() -> float:
    """Convert, write and validate the bundled example once, so that a disclosure's seconds
    do not include what every process does once (imports, the standard's schemas,
    codelists and rule catalogue); the seconds it took."""
    start = time.perf_counter()
    if WARM_UP.is_file():
        run_disclosure([WARM_UP], 0)  # records its own failures, never raises
    return round(time.perf_counter() - start, 3)

def sweep_task(files: list[str], memory_mb: int, identify: bool) -> Record:
    """The task of a worker process: one disclosure's record and, for a file converted
    alone, its part (``identified``)."""
    paths = [Path(f) for f in files]
    rec = run_disclosure(paths, memory_mb)
    rec["identified"] = []
    if identify:
        try:
            rec["identified"] = _identify(paths, rec)
        except Exception:
            rec["identified"] = []
    return rec


# --- the parent: tasks in worker processes (cnbudget.batch.isolation) ------------------------

@dataclass(slots=True)
class Task:
    key: str
    files: list[Path]
    identify: bool


def _finish(outcome: Outcome, timeout: float) -> Record:
    if outcome.result is not None:
        rec = outcome.result
        rec["seconds"]["warm_up"] = outcome.warm_up
    else:
        crash = dict(outcome.failure or {})
        reason = crash.pop("reason", "died")
        if reason == "exception":  # raised outside run_disclosure's own guard
            reason = crash["type"]
        crash["type"] = reason
        rec = {"status": "crashed", "seconds": {"work": outcome.seconds},
               "peak_rss_mb": outcome.peak_mb, "crash": crash, "identified": []}
    rec["seconds"]["wall"] = outcome.wall
    rec.setdefault("identified", [])
    return rec


def run_tasks(tasks: list[Task], jobs: int, timeout: float, memory_mb: int,
              done: Callable[[Task, Record], None]) -> dict[str, Record]:
    """Run every task in its own worker process, at most ``jobs`` at a time."""
    out: dict[str, Record] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_isolated, sweep_task,
                               {"files": [str(f) for f in t.files], "memory_mb": memory_mb,
                                "identify": t.identify},
                               timeout=timeout, memory_mb=memory_mb, warm_up=warm_up): t
                   for t in tasks}
        for future in as_completed(futures):
            task = futures[future]
            rec = _finish(future.result(), timeout)
            out[task.key] = rec
            done(task, rec)
    return out


# --- the corpus ------------------------------------------------------------------------------

def read_manifest(corpus: Path) -> dict[str, dict[str, str]]:
    """MANIFEST.md's rows by file name: publisher, province, year, kind, unit, family."""
    path = corpus / "MANIFEST.md"
    out: dict[str, dict[str, str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 8 or cells[0] in ("file", "") or set(cells[0]) <= {"-"}:
            continue
        family = cells[7].split(":", 1)[0].strip()
        out[cells[0]] = {"publisher": cells[1], "province": cells[2], "year": cells[3],
                         "kind": cells[4], "unit": cells[5], "pages": cells[6],
                         "family": "" if family in ("—", "-") else family}
    return out


def family_of(name: str, manifest: dict[str, dict[str, str]]) -> str:
    family = manifest.get(name, {}).get("family")
    if family:
        return family
    m = re.match(r"(.+?)-(?:19|20)\d\d(?:-|$)", Path(name).stem)
    return m.group(1) if m else Path(name).stem.split("-")[0]


def select(corpus: Path, only: str | None) -> list[Path]:
    files = sorted(p for p in corpus.iterdir()
                   if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not only:
        return files
    patterns = [p if any(ch in p for ch in "*?[") else f"*{p}*" for p in only.split(",")]
    return [f for f in files if any(fnmatch.fnmatch(f.name, p) for p in patterns)]


def manifest_groups(names: list[str], manifest: dict[str, dict[str, str]]
                    ) -> dict[str, frozenset[str]]:
    """Each file's disclosure according to MANIFEST.md: same publisher, year and kind (the
    kind before ·, so 部门预算·报表only and 部门预算·说明only are one)."""
    by_key: dict[tuple[str, str, str], set[str]] = {}
    keys: dict[str, tuple[str, str, str]] = {}
    for n in names:
        row = manifest.get(n)
        if row is None:
            continue
        key = (row["publisher"], row["year"], row["kind"].split("·")[0])
        keys[n] = key
        by_key.setdefault(key, set()).add(n)
    return {n: frozenset(by_key[keys[n]]) if n in keys else frozenset([n]) for n in names}


# --- summaries -------------------------------------------------------------------------------

_PAGE_SUFFIX = re.compile(r"_p\d+(?:_\d+)?(?=:|$)")


def place_kind(key: str) -> str:
    """x_table_p21 → x_table_pN (so that pages of many documents add up)."""
    head, sep, tail = key.partition(": ")
    return _PAGE_SUFFIX.sub("_pN", head) + sep + tail


def aggregate(records: list[Record]) -> Record:
    """Totals of a list of disclosure records (a family, or all)."""
    conv = [r for r in records if r["status"] == "converted"]
    identities: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    remainder: Counter[str] = Counter()
    detail: Counter[str] = Counter()
    typed = total = 0
    for r in records:
        identities.update(r.get("identities_by_rule", {}))
        errors.update(r.get("errors_by_rule", {}))
        warnings.update(r.get("warnings_by_rule", {}))
        amounts = r.get("amounts")
        if r["status"] == "converted" and amounts:
            typed += amounts["typed"]
            total += amounts["total"]
            for k, v in amounts["remainder"].items():
                remainder[place_kind(k)] += v
            for k, v in amounts["detail"].items():
                detail[place_kind(k)] += v
    work = [float(r["seconds"]["work"]) for r in records if "work" in r.get("seconds", {})]
    rss = [float(r["peak_rss_mb"]) for r in records if r.get("peak_rss_mb") is not None]
    return {
        "disclosures": len(records), "converted": len(conv),
        "refused": sum(1 for r in records if r["status"] == "refused"),
        "crashed": sum(1 for r in records if r["status"] == "crashed"),
        "identities_failing": sum(identities.values()),
        "read_checked": sum(1 for r in conv if "read_differences" in r),
        "read_differing": sum(1 for r in conv if r.get("read_differences")),
        "with_failing_identities": sum(1 for r in records if r.get("identities_by_rule")),
        "identities_by_rule": dict(identities.most_common()),
        "errors": sum(errors.values()),
        "with_errors": sum(1 for r in records if r.get("errors_by_rule")),
        "errors_by_rule": dict(errors.most_common()),
        "warnings": sum(warnings.values()), "warnings_by_rule": dict(warnings.most_common()),
        "amounts": {"typed": typed, "total": total, "share": typed / total if total else None,
                    "remainder": dict(remainder.most_common()),
                    "detail": dict(detail.most_common())},
        "seconds": {"median": round(statistics.median(work), 3) if work else None,
                    "max": round(max(work), 3) if work else None,
                    "sum": round(sum(work), 3)},
        "peak_rss_mb": max(rss) if rss else None,
    }


def summarize(records: list[Record]) -> tuple[dict[str, Record], Record]:
    families: dict[str, list[Record]] = {}
    for r in records:
        families.setdefault(r["family"], []).append(r)
    return ({f: aggregate(rs) for f, rs in sorted(families.items())}, aggregate(records))


# --- printing --------------------------------------------------------------------------------

def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, n: int, right: bool = False) -> str:
    fill = " " * max(0, n - width(text))
    return fill + text if right else text + fill


def percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"


def number(value: float | None, fmt: str = ".1f") -> str:
    return "-" if value is None else format(value, fmt)


COLUMNS = [("disc", 5), ("conv", 5), ("ref", 4), ("crash", 6), ("id-fail", 8), ("ERROR", 6),
           ("WARN", 6), ("typed", 7), ("s med", 7), ("s max", 7), ("MB", 6)]


def table_row(name: str, a: Record, name_width: int) -> str:
    cells = [str(a["disclosures"]), str(a["converted"]), str(a["refused"]), str(a["crashed"]),
             str(a["identities_failing"]), str(a["errors"]), str(a["warnings"]),
             percent(a["amounts"]["share"]), number(a["seconds"]["median"]),
             number(a["seconds"]["max"]), number(a["peak_rss_mb"], ".0f")]
    return pad(name, name_width) + "".join(pad(c, w, right=True)
                                           for c, (_, w) in zip(cells, COLUMNS, strict=True))


def reason_key(text: str) -> str:
    """A refusal's message without the file's path and the numbers, to count alike ones."""
    text = re.sub(r"(?:/[^\s:]+/)?[^\s/:]+\.(?:pdf|xlsx|xlsm|xls|txt)\b", "FILE", text)
    text = re.sub(r"\d+(?:[.,]\d+)*", "N", text)
    return re.sub(r"^FILE:\s*", "", text)[:110]


def top(counter: dict[str, int], n: int) -> str:
    items = list(Counter(counter).most_common(n))
    more = len(counter) - len(items)
    return ", ".join(f"{k} {v}" for k, v in items) + (f", … {more} more" if more > 0 else "")


def render(data: Record) -> str:
    families: dict[str, Record] = data["families"]
    total: Record = data["total"]
    records: list[Record] = data["disclosures"]
    opts = data["options"]
    out: list[str] = [
        f"Corpus sweep of {opts['corpus']}: {data['files']} files, {total['disclosures']} "
        f"disclosures; jobs {opts['jobs']}, timeout {opts['timeout']:g} s, memory limit "
        f"{opts['memory_mb']} MB; cnbudget {data['cnbudget']} at {data['commit']}", ""]
    name_width = max([width(f) for f in families] + [6]) + 2
    out.append(pad("family", name_width) + "".join(pad(c, w, right=True) for c, w in COLUMNS))
    out.extend(table_row(f, a, name_width) for f, a in families.items())
    out.append(table_row("all", total, name_width))
    out.append("")
    out.append("disc: disclosures; conv: converted and validated; ref: refused by the "
               "converter; crash: exception, timeout or memory limit; id-fail: failing "
               "self-check identities; ERROR/WARN: validator findings; typed: amounts in "
               "typed fields of the standard ÷ all printed table amounts; s: seconds per "
               "disclosure (convert+write+validate); MB: peak RSS of a worker.")

    refused: dict[str, list[str]] = {}
    for r in records:
        if r["status"] == "refused":
            refused.setdefault(reason_key(r["reason"]), []).append(r["id"])
    out += ["", f"Refused ({total['refused']}):"]
    for reason, ids in sorted(refused.items(), key=lambda kv: -len(kv[1])):
        out.append(f"  {len(ids):>3}  {reason}")
        out.append(f"       {', '.join(ids[:6])}{' …' if len(ids) > 6 else ''}")
    out += ["", f"Crashed ({total['crashed']}):"]
    for r in records:
        if r["status"] == "crashed":
            c = r["crash"]
            stage = f" in {c['stage']}" if c["stage"] != "?" else ""
            out.append(f"  {r['id']} [{r['family']}]: {c['type']}{stage}: "
                       f"{c['message'][:200]} @ {c['where']}")

    out += ["", f"cnbudget.read round trip (every cell read back as written): "
                f"{total.get('read_checked', 0) - total.get('read_differing', 0)} of "
                f"{total.get('read_checked', 0)} packages exact"]
    for r in records:
        if r.get("read_differences"):
            out.append(f"  {r['id']}: {'; '.join(r['read_differences'][:3])}")
    out += ["", f"Identities failing, by rule ({total['identities_failing']} in "
                f"{total['with_failing_identities']} disclosures):"]
    for f, a in families.items():
        if a["identities_by_rule"]:
            out.append(f"  {f}: {top(a['identities_by_rule'], 8)}")
    out += ["", f"Validator ERRORs, by rule ({total['errors']} in {total['with_errors']} "
                "disclosures):"]
    for f, a in families.items():
        if a["errors_by_rule"]:
            out.append(f"  {f}: {top(a['errors_by_rule'], 8)}")

    out += ["", "Non-typed table amounts, by family (amounts; place: printed title or "
                "header or reason):"]
    for f, a in [*families.items(), ("all", total)]:
        am = a["amounts"]
        if not am["total"]:
            continue
        out.append(f"  {f}: typed {am['typed']} of {am['total']} ({percent(am['share'])}); "
                   f"rest {am['total'] - am['typed']}: {top(am['remainder'], 6)}")
        if f != "all":
            for k, v in list(am["detail"].items())[:5]:
                out.append(f"      {v:>6}  {k[:100]}")

    grouped = [r for r in records if len(r["files"]) > 1]
    out += ["", f"Disclosures of several files ({len(grouped)}):"]
    out.extend(f"  {' + '.join(r['files'])}" for r in grouped)
    by_manifest = data.get("grouping_by_manifest", [])
    out += ["", f"Grouped by MANIFEST.md, content unreadable ({len(by_manifest)}):"]
    out.extend(f"  {n}" for n in by_manifest)
    notes = data.get("grouping_notes", [])
    out += ["", f"Grouping: content and MANIFEST.md disagree ({len(notes)}):"]
    out.extend(f"  {n}" for n in notes)
    return "\n".join(out)


# --- comparing two runs ----------------------------------------------------------------------

RANK = {"converted": 2, "refused": 1, "crashed": 0}


def _share(r: Record) -> float | None:
    amounts = r.get("amounts") or {}
    share = amounts.get("share")
    return float(share) if share is not None else None


def worse(old: Record, new: Record) -> list[str]:
    """Why disclosure ``new`` is worse than ``old`` (empty when it is not)."""
    why: list[str] = []
    if RANK[new["status"]] < RANK[old["status"]]:
        why.append(f"{old['status']} → {new['status']}")
    for key, label in (("identities_by_rule", "identities failing"),
                       ("errors_by_rule", "ERRORs")):
        a, b = sum(old.get(key, {}).values()), sum(new.get(key, {}).values())
        if b > a:
            why.append(f"{label} {a} → {b}")
    a_share, b_share = _share(old), _share(new)
    if a_share is not None and b_share is not None and b_share < a_share - 1e-9:
        why.append(f"typed {percent(a_share)} → {percent(b_share)}")
    return why


def compare(old: Record, new: Record) -> str:
    out = [f"Compared with {old.get('commit')} ({old.get('created')}):"]
    fields = [("converted", "conv"), ("crashed", "crash"), ("identities_failing", "id-fail"),
              ("errors", "ERROR")]
    name_width = max([width(f) for f in new["families"]] + [6]) + 2
    out.append(pad("family", name_width) + "".join(pad(label, 17, right=True)
                                                   for _, label in fields)
               + pad("typed", 22, right=True))
    rows = [*[(f, new["families"][f], old["families"].get(f)) for f in new["families"]],
            *[(f, None, a) for f, a in old["families"].items() if f not in new["families"]],
            ("all", new["total"], old["total"])]
    for name, a, b in rows:
        cells = []
        for key, _ in fields:
            x = b[key] if b else 0
            y = a[key] if a else 0
            cells.append(pad(f"{x}→{y} ({y - x:+d})" if x != y else str(y), 17, right=True))
        s0 = b["amounts"]["share"] if b else None
        s1 = a["amounts"]["share"] if a else None
        delta = f" ({100 * (s1 - s0):+.1f})" if s0 is not None and s1 is not None \
            and abs(s1 - s0) >= 0.0005 else ""
        cells.append(pad(f"{percent(s0)}→{percent(s1)}{delta}", 22, right=True))
        out.append(pad(name, name_width) + "".join(cells))
    before = {r["id"]: r for r in old["disclosures"]}
    after = {r["id"]: r for r in new["disclosures"]}
    got_worse = [(i, worse(before[i], after[i])) for i in sorted(after) if i in before]
    got_worse = [(i, w) for i, w in got_worse if w]
    out += ["", f"Disclosures that got worse ({len(got_worse)}):"]
    out.extend(f"  {i}: {'; '.join(w)}" for i, w in got_worse)
    new_ids, gone = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    if new_ids:
        out.append(f"new disclosures: {', '.join(new_ids)}")
    if gone:
        out.append(f"disclosures no longer in the run: {', '.join(gone)}")
    return "\n".join(out)


# --- the sweep -------------------------------------------------------------------------------

def _git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def _progress(total: int) -> Callable[[Task, Record], None]:
    count = 0

    def done(task: Task, rec: Record) -> None:
        nonlocal count
        count += 1
        what = rec["status"]
        if what == "crashed":
            what += f" ({rec['crash']['type']})"
        print(f"[{count}/{total}] {task.key}: {what}, {rec['seconds'].get('work', 0):.1f} s, "
              f"{rec.get('peak_rss_mb')} MB", file=sys.stderr, flush=True)

    return done


def complete_groups(groups: list[list[str]], parts: dict[str, Part],
                    manifest: dict[str, dict[str, str]]) -> tuple[list[list[str]], list[str]]:
    """A file whose department or year could not be read (its conversion alone is refused
    for it: a 报表 file without the year, a 说明 without the department) joins the files
    MANIFEST.md gives the same publisher, year and kind, where those are alone too."""
    expected = manifest_groups([n for g in groups for n in g], manifest)
    alone = {g[0] for g in groups if len(g) == 1}
    member_of: dict[str, str] = {}
    merged: dict[str, list[str]] = {}
    notes: list[str] = []
    for name in [g[0] for g in groups if len(g) == 1]:
        if parts[name].key is not None or name in member_of:
            continue
        partners = [n for n in expected[name] if n in alone and n not in member_of]
        if len(partners) < 2:
            continue
        partners.sort(key=lambda n: (not (parts[n].tables or "说明" not in
                                          manifest.get(n, {}).get("kind", "")), n))
        for n in partners:
            member_of[n] = partners[0]
        merged[partners[0]] = partners
        notes.append(f"by MANIFEST.md: {' + '.join(partners)} ({name} alone names no "
                     "department or year that could be read)")
    out: list[list[str]] = []
    for g in groups:
        first = member_of.get(g[0])
        if first is None:
            out.append(g)
        elif first in merged:
            out.append(merged.pop(first))
    return out, notes


def grouping_notes(groups: list[list[str]], manifest: dict[str, dict[str, str]]
                   ) -> list[str]:
    names = [n for g in groups for n in g]
    expected = manifest_groups(names, manifest)
    notes: list[str] = []
    for g in groups:
        said = set().union(*(expected[n] for n in g)) & set(names)
        if said != set(g):
            notes.append(f"content: {' + '.join(g)}; MANIFEST.md: {' + '.join(sorted(said))}")
    return notes


def sweep(corpus: Path, files: list[Path], jobs: int, timeout: float, memory_mb: int
          ) -> Record:
    from cnbudget import __version__
    from cnbudget.converters.grouping import group

    manifest = read_manifest(corpus)
    started = time.monotonic()
    alone = run_tasks([Task(f.name, [f], True) for f in files], jobs, timeout, memory_mb,
                      _progress(len(files)))
    from cnbudget.converters.grouping import Part

    parts: list[Part] = []
    for f in files:
        known = [p for p in alone[f.name]["identified"] if p["file"] == f.name]
        p = known[0] if known else {"file": f.name, "department": None, "fiscal_year": None,
                                    "document_kind": None, "tables": False}
        parts.append(Part(**p))
    by_part = {p.file: p for p in parts}
    groups, manifest_notes = complete_groups(group(parts), by_part, manifest)
    by_name = {f.name: f for f in files}
    several = [Task(g[0], [by_name[n] for n in g], False) for g in groups if len(g) > 1]
    together = run_tasks(several, jobs, timeout, memory_mb, _progress(len(several)))
    records: list[Record] = []
    for g in groups:
        rec = dict(together[g[0]] if len(g) > 1 else alone[g[0]])
        rec.pop("identified", None)
        rec.pop("parts", None)
        rec = {"id": by_name[g[0]].stem, "files": g, "family": family_of(g[0], manifest),
               "manifest": [manifest.get(n, {}) for n in g],
               "identified": [by_part[n].to_dict() for n in g], **rec}
        records.append(rec)
    records.sort(key=lambda r: (r["family"], r["id"]))
    families, total = summarize(records)
    return {
        "format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "commit": _git_commit(), "cnbudget": __version__, "python": platform.python_version(),
        "options": {"corpus": str(corpus), "jobs": jobs, "timeout": timeout,
                    "memory_mb": memory_mb},
        "files": len(files), "seconds": round(time.monotonic() - started, 1),
        "grouping_by_manifest": manifest_notes,
        "grouping_notes": grouping_notes(groups, manifest),
        "families": families, "total": total, "disclosures": records,
    }


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS,
                        help="folder of documents (default ../shared/corpus)")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the "
                        "summary (default benchmarks/results/corpus-latest.json)")
    parser.add_argument("--compare", type=Path, help="a previous summary to compare with")
    parser.add_argument("--only", help="file names to sweep: a glob or a part of the name; "
                        "several separated by commas (both files of a pair must match)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes at a time")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per task (default 120)")
    parser.add_argument("--memory-mb", type=int, default=2000,
                        help="address-space limit of a worker, MB (default 2000)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"corpus folder {corpus} is absent; nothing to sweep (skipped)")
        return 0
    files = select(corpus, args.only)
    if not files:
        print(f"no document in {corpus} matches {args.only!r}")
        return 1
    data = sweep(corpus, files, max(1, args.jobs), args.timeout, args.memory_mb)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                         encoding="utf-8")
    print(render(data))
    if args.compare is not None:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        print()
        print(compare(old, data))
    print(f"\nsummary written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
