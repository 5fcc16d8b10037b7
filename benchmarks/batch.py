"""Benchmark: disclosures per hour of ``cnbudget batch`` (``--jobs 2`` and serial
``--jobs 1``) against ``cnbudget validate FOLDER`` on the same documents.

    python benchmarks/batch.py [CORPUS_DIR] [--only PATTERN] [--timeout S]

The corpus (../shared/corpus, skipped when absent) or the files matching ``--only`` (a glob
or part of the name; several separated by commas) are copied into a temporary folder. Each
command runs as a subprocess into a fresh output folder and is timed whole (interpreter
start to exit). ``batch`` groups the files of one disclosure (a 报表 with its 说明) and
reads each file alone first to do so (a pair is converted three times: each file alone,
then together), runs each disclosure in a limited worker process and writes, besides the
packages and reports, the HTML reports with page crops (when cnbudget.review is installed),
the dashboard and the pooled parquet dataset; ``validate FOLDER`` converts every document
on its own, in one process, without limits, and writes JSON and plain HTML reports.
Disclosures per hour: the disclosures of the batch's
manifest (for ``validate``: its reports) per hour of wall time. Every child runs with its
bytecode cached (``benchmarks/procenv.py``), after an untimed ``cnbudget convert`` of the
first document has written that cache and the toolkit's cache of the parsed standard.
Peak memory: the largest and the median ``peak_mb`` of the batch's workers (RSS of one
worker process); for ``validate``, the peak RSS of its one process.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procenv import NOTE, child_env, warm_up

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls", ".txt")
CLI = [sys.executable, "-c", "import sys; from cnbudget.cli.main import main; "
       "sys.argv[0] = 'cnbudget'; main()"]


def select(corpus: Path, only: str | None) -> list[Path]:
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not only:
        return files
    pats = [p if any(c in p for c in "*?[") else f"*{p}*" for p in only.split(",")]
    return [f for f in files if any(fnmatch.fnmatch(f.name, p) for p in pats)]


def timed(cmd: list[str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, int, float]:
    """Wall seconds, the largest peak RSS (MB) of any child process so far, exit code (one
    of ``ok``, else the benchmark stops), CPU seconds (user + system of the process tree:
    the command, its workers and their children, all waited for)."""
    env = child_env()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=REPO, env=env)
    seconds = time.perf_counter() - start
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = end.ru_maxrss
    cpu = end.ru_utime - usage.ru_utime + end.ru_stime - usage.ru_stime
    if done.returncode not in ok:
        sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"{' '.join(cmd[3:])}: exit {done.returncode}")
    return seconds, max(before, after) / 1024, done.returncode, cpu


def batch_run(folder: Path, out: Path, jobs: int, timeout: float) -> dict[str, Any]:
    seconds, _, _, cpu = timed([*CLI, "batch", str(folder), "-o", str(out), "--jobs", str(jobs),
                           "--timeout", str(timeout)])
    records = [json.loads(line) for line in
               (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    peaks = [float(r["peak_mb"]) for r in records if r.get("peak_mb") is not None]
    statuses: dict[str, int] = {}
    for r in records:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {"seconds": seconds, "cpu_seconds": cpu, "disclosures": len(records),
            "statuses": statuses,
            "peak_mb_max": max(peaks) if peaks else None,
            "peak_mb_median": statistics.median(peaks) if peaks else None}


def validate_run(folder: Path, out: Path) -> dict[str, Any]:
    # exit 2: a document could not be converted (a 报表 that prints no year): still a report
    seconds, rss, _, cpu = timed([*CLI, "validate", str(folder), "--out", str(out)],
                                 ok=(0, 1, 2))
    reports = list(out.glob("*.json"))
    return {"seconds": seconds, "cpu_seconds": cpu, "disclosures": len(reports),
            "peak_mb_max": rss}


def per_hour(r: dict[str, Any]) -> float:
    return float(r["disclosures"]) * 3600 / float(r["seconds"])


def per_cpu_hour(r: dict[str, Any]) -> float:
    return float(r["disclosures"]) * 3600 / max(float(r["cpu_seconds"]), 1e-9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--only", help="file names: a glob or part of the name, comma-separated")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to benchmark (skipped)")
        return 0
    files = select(args.corpus, args.only)
    if not files:
        print(f"no document matches {args.only!r}")
        return 1
    with tempfile.TemporaryDirectory(prefix="cnbudget-bench-batch-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for f in files:
            shutil.copyfile(f, folder / f.name)
        warm_up([*CLI, "convert", str(folder / files[0].name), "-o", str(Path(tmp) / "warm"),
                 "--overwrite"])
        # validate first: the peak RSS of children is the largest of all so far
        runs = {"validate FOLDER": validate_run(folder, Path(tmp) / "outv")}
        runs["batch --jobs 1"] = batch_run(folder, Path(tmp) / "out1", 1, args.timeout)
        runs["batch --jobs 2"] = batch_run(folder, Path(tmp) / "out2", 2, args.timeout)
    print(f"{len(files)} files; cpu count {os.cpu_count()}; load average "
          f"{os.getloadavg()[0]:.1f} at the end")
    print(f"{'command':<18}{'disclosures':>12}{'seconds':>9}{'per hour':>10}"
          f"{'CPU s':>8}{'per CPU-hour':>13}{'peak MB max':>13}{'peak MB med':>13}")
    for name, r in runs.items():
        med = r.get("peak_mb_median")
        print(f"{name:<18}{r['disclosures']:>12}{r['seconds']:>9.1f}{per_hour(r):>10.0f}"
              f"{r['cpu_seconds']:>8.1f}{per_cpu_hour(r):>13.0f}"
              f"{r['peak_mb_max'] or 0:>13.0f}{med if med is not None else '-':>13}")
    print(NOTE)
    print("per CPU-hour: disclosures per hour of one core's CPU time (the whole process "
          "tree); on a loaded, shared machine the steadier measure of the work done")
    j2, j1, val = (per_hour(runs[k]) for k in ("batch --jobs 2", "batch --jobs 1",
                                               "validate FOLDER"))
    print(f"ratios (disclosures per hour): jobs 2 / jobs 1 = {j2 / j1:.2f}; "
          f"jobs 2 / validate = {j2 / val:.2f}; jobs 1 / validate = {j1 / val:.2f}")
    print("batch statuses:", runs["batch --jobs 2"]["statuses"])
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
