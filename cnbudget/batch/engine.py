"""A batch run: inputs → disclosures (grouped by content, or by a mapping file) → each
converted and validated in a limited worker process → outputs under one folder, resumably.

Output folder ``OUT``::

    packages/<id>/        the package of each converted disclosure
    reports/<id>.json     the validator's JSON report
    manifest.jsonl        one line per disclosure (see :data:`MANIFEST_FIELDS`)
    summary.csv, findings.csv, dataset/<resource>.parquet
    .cnbudget-batch/      work folder: extracted zips, grouping parts, staged results

Each disclosure's result is keyed by the SHA-256 of its inputs, the toolkit and standard
versions and the options (:func:`result_key`); a run into an ``OUT`` that already holds a
result with the same key (or a ``previous`` folder that does) reuses it. A disclosure's
package and report are moved into place atomically and the manifest is rewritten atomically
after each disclosure, so an interrupted run loses nothing finished.

:func:`process_disclosure` is the per-disclosure function: plain data in, plain data out, so
that any :class:`concurrent.futures.Executor` can run it (threads locally, dask.distributed
workers on a cluster); it runs the work itself in a spawned child under the limits.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cnbudget.atomic import write_file
from cnbudget.batch.inputs import Collected, Input, collect, match_mapping, read_mapping, slug
from cnbudget.batch.isolation import Outcome, Worker, run_isolated

Record = dict[str, Any]
WORK = ".cnbudget-batch"
MANIFEST = "manifest.jsonl"
MANIFEST_FIELDS = ("id", "inputs", "duplicates", "status", "reason", "region", "region_code",
                   "department", "fiscal_year", "document_kind", "counts", "seconds",
                   "peak_mb", "versions", "key", "package", "report", "limits")
STATUSES = ("ok", "invalid", "refused", "failed")


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run is asked to do; ``timeout`` and ``memory_mb`` bound each disclosure."""

    timeout: float = 300.0
    memory_mb: int = 2000
    config: Path | None = None
    tasks_per_worker: int = 20
    """Disclosures one worker process runs before a fresh one is spawned (1: a fresh
    process for every disclosure); a failure always ends the process."""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["config"] = str(self.config) if self.config else None
        return d


def versions() -> dict[str, str]:
    from cnbudget import __version__, standard

    return {"toolkit": __version__, "standard": standard.version()}


def result_key(shas: list[str], settings: Settings) -> str:
    """The key of a result: its inputs' SHA-256 (in order), the toolkit and standard
    versions and the options that change a result (the review configuration's content)."""
    config = hashlib.sha256(settings.config.read_bytes()).hexdigest() if settings.config \
        else None
    payload = {"inputs": shas, "versions": versions(), "options": {"config": config}}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# --- one disclosure -----------------------------------------------------------------------

_local = threading.local()
_workers: list[Worker] = []
_workers_lock = threading.Lock()


def _run(task: str, kwargs: dict[str, Any], timeout: float, memory_mb: int,
         tasks_per_worker: int) -> Outcome:
    """Run a task in this thread's reusable worker process (or a fresh one)."""
    if tasks_per_worker <= 1:
        return run_isolated(task, kwargs, timeout=timeout, memory_mb=memory_mb)
    worker: Worker | None = getattr(_local, "worker", None)
    if worker is None or worker.memory_mb != memory_mb or worker.max_tasks != tasks_per_worker:
        if worker is not None:
            worker.close()
        worker = Worker(memory_mb, tasks_per_worker)
        _local.worker = worker
        with _workers_lock:
            _workers.append(worker)
    return worker.run(task, kwargs, timeout=timeout)


def close_workers() -> None:
    """Stop the reusable worker processes of this process's threads."""
    with _workers_lock:
        for w in _workers:
            w.close()
        _workers.clear()


def _replace_folder(src: Path, target: Path) -> None:
    """Move folder ``src`` to ``target``, replacing it (renames only)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        target.rename(old)
        src.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        src.rename(target)


def _move_file(src: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, target)


def commit(record: Record, staging: Path, out: Path) -> Record:
    """Move a staged result into ``packages/<id>`` and ``reports/<id>.json``; a result
    without a package removes the disclosure's stale outputs of an earlier run."""
    ident = record["id"]
    package, report = out / "packages" / ident, out / "reports" / f"{ident}.json"
    if (staging / "package").is_dir():
        _replace_folder(staging / "package", package)
        record["package"] = f"packages/{ident}"
    else:
        shutil.rmtree(package, ignore_errors=True)
        record["package"] = None
    html = report.with_suffix(".html")
    if (staging / "report.html").is_file():
        _move_file(staging / "report.html", html)
    else:
        html.unlink(missing_ok=True)
    if (staging / "report.json").is_file():
        _move_file(staging / "report.json", report)
        record["report"] = f"reports/{ident}.json"
    else:
        report.unlink(missing_ok=True)
        record["report"] = None
    shutil.rmtree(staging, ignore_errors=True)
    return record


def process_disclosure(spec: Record, out: str, settings: Record, stage_only: bool = False
                       ) -> Record:
    """Convert and validate one disclosure in a spawned child under the limits and return its
    manifest record; never raises for what happens in the child (status failed, reason
    timeout, memory, died or exception). ``spec``: id, kind (document or package), files,
    inputs, duplicates, key. With ``stage_only`` the result stays staged under
    ``OUT/.cnbudget-batch/results/<key>`` (a file converted alone before grouping)."""
    root = Path(out)
    staging = root / WORK / "results" / spec["key"]
    tmp = staging.with_name(f".{spec['key']}.{uuid.uuid4().hex[:8]}")
    timeout, memory_mb = float(settings["timeout"]), int(settings["memory_mb"])
    outcome = _run("cnbudget.batch.work:work",
                   {"files": spec["files"], "kind": spec["kind"], "staging": str(tmp),
                    "config": settings.get("config"),
                    "shas": [i["sha256"] for i in spec["inputs"]],
                    "sources": str(root / WORK / "sources"),
                    # a file read alone to group it may join another: no HTML yet
                    "make_html": not stage_only},
                   timeout, memory_mb, int(settings.get("tasks_per_worker", 1)))
    record: Record = {"id": spec["id"], "inputs": spec["inputs"],
                      "duplicates": spec.get("duplicates", []), "status": "failed",
                      "reason": None, "region": None, "region_code": None,
                      "department": None, "fiscal_year": None, "document_kind": None,
                      "counts": {"error": 0, "warning": 0, "info": 0},
                      "seconds": outcome.seconds, "peak_mb": outcome.peak_mb,
                      "versions": versions(), "key": spec["key"], "package": None,
                      "report": None, "limits": {"timeout": timeout, "memory_mb": memory_mb}}
    part = None
    if outcome.result is not None:
        res = outcome.result
        part = res.get("part")
        record.update({k: res[k] for k in ("status", "reason", "region", "region_code",
                                            "department", "fiscal_year", "document_kind")
                       if k in res})
        record["counts"] = res.get("counts", record["counts"])
        if res.get("html") and "not installed" not in str(res["html"]):
            record["html_problem"] = res["html"]  # the HTML report could not be made
    else:
        failure = outcome.failure or {}
        reason = failure.get("reason", "died")
        record["reason"] = f"{reason}: {failure.get('message', '')}" + (
            f" @ {failure['where']}" if failure.get("where") not in (None, "?") else "")
        record["failure"] = reason
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "record.json").write_text(json.dumps({"record": record, "part": part},
                                                ensure_ascii=False), encoding="utf-8")
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
    tmp.rename(staging)
    if spec["kind"] == "document" and len(spec["files"]) == 1:
        # cached even when unreadable ({}: the file stays alone), so it is not read again
        save_part(root, spec["inputs"][0]["sha256"], part or {})
    if stage_only:
        return {**record, "part": part}
    return commit(record, staging, root)


def make_html(record: Record, out: str, settings: Record) -> Record:
    """The HTML report of a committed result that has none (a result staged before the
    grouping, or copied without it), made in a worker like the disclosure itself; the
    record, with ``html_problem`` when it could not be made."""
    root = Path(out)
    sources = [i["path"] for i in record.get("inputs", [])
               if str(i.get("path", "")).lower().endswith(".pdf") and Path(i["path"]).is_file()]
    outcome = _run("cnbudget.batch.work:html",
                   {"report": str(root / record["report"]),
                    "package": str(root / record["package"]) if record.get("package") else None,
                    "target": str(root / "reports" / f"{record['id']}.html"),
                    "sources": sources},
                   float(settings["timeout"]), int(settings["memory_mb"]),
                   int(settings.get("tasks_per_worker", 1)))
    problem = (outcome.result or {}).get("problem") if outcome.result is not None else \
        f"{(outcome.failure or {}).get('reason')}: {(outcome.failure or {}).get('message')}"
    if problem:
        record["html_problem"] = problem
    return record


def _needs_html(out: Path, rec: Record) -> bool:
    if not rec.get("report") or rec.get("html_problem"):
        return False
    html, report = out / "reports" / f"{rec['id']}.html", out / rec["report"]
    return not (html.is_file() and html.stat().st_mtime >= report.stat().st_mtime)


# --- grouping parts, cached by content ------------------------------------------------------

def _part_path(out: Path, sha: str) -> Path:
    return out / WORK / "parts" / f"{sha}-{versions()['toolkit']}.json"


def save_part(out: Path, sha: str, part: Record) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")

    write_file(_part_path(out, sha), write, overwrite=True)


def load_part(out: Path, sha: str) -> Record | None:
    try:
        data = json.loads(_part_path(out, sha).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# --- the manifest ---------------------------------------------------------------------------

def read_manifest(folder: Path) -> dict[str, Record]:
    """The records of an output folder by id (a damaged line is skipped)."""
    out: dict[str, Record] = {}
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("id"), str):
            out[rec["id"]] = rec
    return out


def write_manifest(out: Path, records: dict[str, Record]) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            for rec in sorted(records.values(), key=lambda r: r["id"]):
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")

    write_file(out / MANIFEST, write, overwrite=True)


# --- the plan -------------------------------------------------------------------------------

@dataclass(slots=True)
class Disclosure:
    id: str
    kind: str
    inputs: list[Input]
    key: str
    mapped: bool = False

    def spec(self) -> Record:
        dups = [d for i in self.inputs for d in i.duplicates]
        return {"id": self.id, "kind": self.kind, "files": [str(i.path) for i in self.inputs],
                "inputs": [i.to_dict() for i in self.inputs], "duplicates": dups,
                "key": self.key}


@dataclass(slots=True)
class Result:
    """What a run did."""

    out: Path
    records: dict[str, Record]
    disclosures: list[Disclosure]
    collected: Collected
    ran: list[str] = field(default_factory=list)
    """Ids converted and validated in this run."""
    reused: list[str] = field(default_factory=list)
    """Ids whose result was already in OUT (or in the previous folder)."""
    grouping: list[tuple[str, list[str], str]] = field(default_factory=list)
    """(id, input labels, how: content, mapping, package, alone)"""

    @property
    def exit_code(self) -> int:
        ok = all(r["status"] == "ok" for r in self.records.values())
        return 0 if ok and not self.collected.rejected else 1


Progress = Callable[[str, str, Record | None], None]
"""progress(phase, message, record): phase "plan" (a message), "start" (total in message),
"done" (a finished record)."""


def _done(rec: Record | None, root: Path, settings: Settings, key: str) -> bool:
    """Whether ``rec`` (from ``root``) is the result of ``key`` and its outputs exist."""
    if rec is None or rec.get("key") != key:
        return False
    if rec.get("status") == "failed":
        limits = rec.get("limits") or {}
        if limits.get("timeout") != settings.timeout or \
                limits.get("memory_mb") != settings.memory_mb:
            return False  # other limits: try again
    for name in ("package", "report"):
        if rec.get(name) and not (root / rec[name]).exists():
            return False
    return True


def _staged(work: Path, key: str, settings: Settings) -> Record | None:
    """A staged result of ``key`` on disk, when it is complete and was made under the same
    limits (or did not fail)."""
    try:
        data = json.loads((work / "results" / key / "record.json").read_text(encoding="utf-8"))
        rec = data["record"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(rec, dict) or rec.get("key") != key:
        return None
    if rec.get("status") == "failed" and rec.get("limits") != {
            "timeout": settings.timeout, "memory_mb": settings.memory_mb}:
        return None
    return rec


def _copy_previous(rec: Record, previous: Path, out: Path, ident: str) -> Record:
    """A previous folder's result, copied into ``out`` under ``ident`` (atomically)."""
    staging = out / WORK / "results" / f".copy-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    if rec.get("package"):
        shutil.copytree(previous / rec["package"], staging / "package")
    if rec.get("report"):
        shutil.copyfile(previous / rec["report"], staging / "report.json")
        html = (previous / rec["report"]).with_suffix(".html")
        if html.is_file():
            shutil.copyfile(html, staging / "report.html")  # newer than the report: kept
    return commit({**rec, "id": ident}, staging, out)


def run_batch(paths: list[Path], out: Path, *, settings: Settings | None = None,
              executor: Executor | None = None, jobs: int = 1,
              previous: Path | None = None, mapping: Path | None = None,
              progress: Progress | None = None) -> Result:
    """Convert and validate every disclosure of ``paths`` into ``out``. ``executor`` runs
    :func:`process_disclosure` (default: ``jobs`` threads, each driving one worker
    process)."""
    from cnbudget.converters.grouping import Part, group

    settings = settings or Settings()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    work = out / WORK
    work.mkdir(exist_ok=True)
    # read documents kept between a file's reading alone and its disclosure: this run's own
    # (never an earlier run's, which other code may have written)
    shutil.rmtree(work / "sources", ignore_errors=True)
    say: Progress = progress or (lambda *_: None)
    mapped = {} if mapping is None else read_mapping(mapping)
    collected = collect(paths, work, skip=out)
    mapped_inputs = match_mapping(mapped, mapping.parent, collected.inputs) if mapping else {}
    in_mapping = {i.sha256 for items in mapped_inputs.values() for i in items}
    records = read_manifest(out)
    prev = read_manifest(previous) if previous is not None else {}
    prev_by_key = {r["key"]: r for r in prev.values() if "key" in r}
    own_by_key = {r["key"]: r for r in records.values() if "key" in r}
    sdict = settings.to_dict()
    own = executor is None
    pool: Executor = executor or ThreadPoolExecutor(max_workers=max(1, jobs))
    result = Result(out, records, [], collected)
    try:
        # 1. each document not in the mapping: its grouping part, cached by content, or
        #    read by converting it alone (the result is staged: it is the disclosure's own
        #    when the file stays alone)
        docs = [i for i in collected.inputs if i.kind == "document"
                and i.sha256 not in in_mapping]
        parts: dict[str, Record | None] = {i.sha256: load_part(out, i.sha256) for i in docs}
        if previous is not None:
            for i in docs:
                if parts[i.sha256] is None and (p := load_part(previous, i.sha256)) is not None:
                    parts[i.sha256] = p
                    save_part(out, i.sha256, p)
        unknown = [i for i in docs if parts.get(i.sha256) is None]
        staged: dict[str, Record] = {}
        if unknown:
            say("plan", f"reading {len(unknown)} file(s) alone to group them", None)
            say("start", str(len(unknown)), None)
            futures: dict[Future[Record], Input] = {}
            for i in unknown:
                key = result_key([i.sha256], settings)
                spec = Disclosure(i.path.stem, "document", [i], key).spec()
                futures[pool.submit(process_disclosure, spec, str(out), sdict, True)] = i
            for fut in as_completed(futures):
                i = futures[fut]
                rec = fut.result()
                parts[i.sha256] = rec.pop("part", None) or {}
                staged[rec["key"]] = rec
                say("done", "", rec)
        # 2. disclosures
        used: set[str] = set()
        disclosures: list[Disclosure] = []
        for ident, items in mapped_inputs.items():
            used.add(ident)
            disclosures.append(Disclosure(ident, "document", items, result_key(
                [i.sha256 for i in items], settings), mapped=True))
            result.grouping.append((ident, [i.label for i in items], "mapping"))
        by_name: dict[str, Input] = {}
        plist: list[Part] = []
        for i in docs:
            p = parts.get(i.sha256) or {}
            by_name[i.label] = i
            plist.append(Part(file=i.label, department=p.get("department"),
                              fiscal_year=p.get("fiscal_year"),
                              document_kind=p.get("document_kind"),
                              tables=bool(p.get("tables"))))
        singles: list[tuple[list[Input], str]] = [
            ([by_name[n] for n in g], "content" if len(g) > 1 else "alone")
            for g in group(plist)]
        singles += [([i], "package") for i in collected.inputs if i.kind == "package"]
        for items, how in sorted(singles, key=lambda s: s[0][0].label):
            stem = items[0].path.stem if items[0].kind == "document" else items[0].path.name
            ident = slug(stem, used)
            disclosures.append(Disclosure(ident, items[0].kind, items, result_key(
                [i.sha256 for i in items], settings)))
            result.grouping.append((ident, [i.label for i in items], how))
        result.disclosures = disclosures
        say("plan", f"{len(disclosures)} disclosure(s):", None)
        for ident, labels, how in result.grouping:
            say("plan", f"  {ident}: {' + '.join(labels)} ({how})", None)
        for i in collected.inputs:
            for dup in i.duplicates:
                say("plan", f"duplicate: {dup} is identical to {i.label} (one input)", None)
        for label in collected.ignored:
            say("plan", f"ignored (not a document, package or zip): {label}", None)
        for rej in collected.rejected:
            say("plan", f"refused: {rej.reason}", None)
        # 3. work
        todo: list[Disclosure] = []
        for d in disclosures:
            mine = records.get(d.id)
            if _done(mine, out, settings, d.key):
                assert mine is not None
                spec = d.spec()  # the same content, perhaps other paths and duplicates
                mine.update(inputs=spec["inputs"], duplicates=spec["duplicates"])
                result.reused.append(d.id)
                continue
            other = own_by_key.get(d.key)  # the same content under another id
            if other is not None and other["id"] not in {x.id for x in disclosures} and \
                    _done(other, out, settings, d.key):
                records[d.id] = _copy_previous(other, out, out, d.id)
                result.reused.append(d.id)
                continue
            older = prev_by_key.get(d.key)
            if previous is not None and _done(older, previous, settings, d.key):
                assert older is not None
                records[d.id] = _copy_previous(older, previous, out, d.id)
                write_manifest(out, records)
                result.reused.append(d.id)
                continue
            if d.key not in staged and len(d.inputs) == 1 and not d.mapped:
                kept = _staged(work, d.key, settings)  # left by an interrupted run
                if kept is not None:
                    staged[d.key] = kept
            if d.key in staged and len(d.inputs) == 1 and not d.mapped:
                rec = {k: v for k, v in staged[d.key].items() if k != "part"}
                rec["id"] = d.id
                rec["duplicates"] = d.spec()["duplicates"]
                records[d.id] = commit(rec, work / "results" / d.key, out)
                write_manifest(out, records)
                result.ran.append(d.id)
                continue
            todo.append(d)
        say("start", str(len(todo)), None)
        pending = {pool.submit(process_disclosure, d.spec(), str(out), sdict): d for d in todo}
        for fut in as_completed(pending):
            d = pending[fut]
            rec = fut.result()
            records[d.id] = rec
            write_manifest(out, records)
            result.ran.append(d.id)
            say("done", "", rec)
        # 4. disclosures no longer among the inputs leave the manifest; staged results of
        #    files that joined a disclosure are dropped (their parts stay cached)
        current = {d.id for d in disclosures}
        for ident in [i for i in records if i not in current]:
            del records[ident]
            shutil.rmtree(out / "packages" / ident, ignore_errors=True)
            (out / "reports" / f"{ident}.json").unlink(missing_ok=True)
            (out / "reports" / f"{ident}.html").unlink(missing_ok=True)
        for rej in collected.rejected:
            ident = slug(Path(rej.label.rstrip("!")).name, used)
            records[ident] = {**_empty(ident), "status": "refused", "reason": rej.reason,
                              "inputs": [{"path": rej.label, "sha256": rej.sha256,
                                          "bytes": rej.bytes}]}
        write_manifest(out, records)
        # 5. a final account beside its department's budget of the same year: validated
        #    again with it (its 年初预算数 against the budget package, the execution per
        #    class); redone when either side changed, undone when the budget left the batch
        pairs, unpaired = budget_pairs(records)
        for ident, why in unpaired.items():
            say("plan", f"{ident}: {why}; not compared with a budget", None)
        redo = [(ident, pairs.get(ident)) for ident, rec in records.items()
                if rec.get("package") and rec.get("document_kind") in FINAL_BUDGET
                and rec.get("budget") != _budget_ref(records, pairs.get(ident))]
        if redo:
            say("plan", f"{len(redo)} final account(s) against their budget", None)
            futs = {pool.submit(against_budget, records[f], records.get(b or ""), str(out),
                                sdict): f for f, b in redo}
            for fut in as_completed(futs):
                records[futs[fut]] = fut.result()
            write_manifest(out, records)
        shutil.rmtree(work / "results", ignore_errors=True)
        shutil.rmtree(work / "sources", ignore_errors=True)
        import importlib.util

        if importlib.util.find_spec("cnbudget.review") is not None:
            missing = [r for r in records.values() if _needs_html(out, r)]
            if missing:
                say("plan", f"HTML reports of {len(missing)} disclosure(s)", None)
                for fut in as_completed([pool.submit(make_html, r, str(out), sdict)
                                         for r in missing]):
                    rec = fut.result()
                    records[rec["id"]] = rec
                write_manifest(out, records)
        from cnbudget.batch.outputs import write_outputs

        say("plan", "writing summary.csv, findings.csv and the dataset", None)
        write_outputs(out, records)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
            close_workers()
    return result


# --- a final account against its budget -----------------------------------------------------

FINAL_BUDGET = {"department_final_accounts": "department_budget",
                "unit_final_accounts": "unit_budget"}


def _who(rec: Record, kind: str | None) -> tuple[Any, ...] | None:
    dept = "".join(str(rec.get("department") or "").split())
    year = rec.get("fiscal_year")
    if not dept or not isinstance(year, int) or kind is None:
        return None
    return (kind, rec.get("region_code") or rec.get("region") or "", dept, year)


def budget_pairs(records: dict[str, Record]) -> tuple[dict[str, str], dict[str, str]]:
    """Final account id → the id of the budget of the same department (same region, same
    printed name), kind (department or unit) and fiscal year, among the converted
    disclosures; and the final accounts with more than one such budget (not paired)."""
    budgets: dict[tuple[Any, ...], list[str]] = {}
    for ident, rec in records.items():
        if rec.get("package") and rec.get("document_kind") in FINAL_BUDGET.values():
            key = _who(rec, rec.get("document_kind"))
            if key is not None:
                budgets.setdefault(key, []).append(ident)
    pairs: dict[str, str] = {}
    unpaired: dict[str, str] = {}
    for ident, rec in records.items():
        kind = FINAL_BUDGET.get(str(rec.get("document_kind")))
        key = _who(rec, kind) if rec.get("package") else None
        found = sorted(budgets.get(key, [])) if key is not None else []
        if len(found) == 1:
            pairs[ident] = found[0]
        elif len(found) > 1:
            unpaired[ident] = (f"{len(found)} budgets of its department and year "
                               f"({', '.join(found)})")
    return pairs, unpaired


def _budget_ref(records: dict[str, Record], ident: str | None) -> Record | None:
    if ident is None:
        return None
    return {"id": ident, "key": records[ident].get("key")}


def against_budget(final: Record, budget: Record | None, out: str, settings: Record
                   ) -> Record:
    """Validate a committed final account again, with its budget's package (or without
    one, when its budget left the batch), in a worker under the limits; its report is
    replaced atomically and its record gains ``budget`` (the budget's id and key), its new
    status and counts. A failure leaves the report as it was and says so in ``budget_problem``."""
    root = Path(out)
    outcome = _run("cnbudget.batch.work:against_budget",
                   {"package": str(root / final["package"]),
                    "budget": str(root / budget["package"]) if budget else None,
                    "report": str(root / "reports" / f"{final['id']}.json"),
                    "config": settings.get("config")},
                   float(settings["timeout"]), int(settings["memory_mb"]),
                   int(settings.get("tasks_per_worker", 1)))
    rec = dict(final)
    rec.pop("budget_problem", None)
    res = outcome.result
    if res is None or res.get("problem"):
        failure = outcome.failure or {}
        rec["budget_problem"] = (res or {}).get("problem") or \
            f"{failure.get('reason')}: {failure.get('message')}"
        return rec
    rec.update(status=res["status"], counts=res["counts"],
               budget={"id": budget["id"], "key": budget.get("key")} if budget else None)
    rec["report"] = f"reports/{final['id']}.json"
    return rec


def _empty(ident: str) -> Record:
    return {"id": ident, "inputs": [], "duplicates": [], "status": "refused", "reason": None,
            "region": None, "region_code": None, "department": None, "fiscal_year": None,
            "document_kind": None, "counts": {"error": 0, "warning": 0, "info": 0},
            "seconds": 0.0, "peak_mb": None, "versions": versions(), "key": None,
            "package": None, "report": None, "limits": None}
