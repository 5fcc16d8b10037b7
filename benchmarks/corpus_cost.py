"""Benchmark: the cost of converting each corpus document, each in its own bounded process.

    python benchmarks/corpus_cost.py [CORPUS_DIR] [--json OUT] [--only SUBSTRING]

For every PDF in ../shared/corpus (skipped when absent): ``cnbudget convert`` (with its
self-check, as a user runs it) in a child process under an address-space limit
(``prlimit --as``) and a wall-clock limit (``timeout``), measured by ``/usr/bin/time -v``.
Prints wall seconds, CPU seconds (user + system: what the document costs, whatever else
the machine is doing), peak resident memory, the outcome and, for a crash, the last line of
its traceback; the documents over :data:`SLOW` CPU seconds or :data:`HEAVY` MB are listed at
the end, with the crashes. The limits keep one runaway document from taking down the
machine: a document that reaches them is reported as ``timeout`` or ``memory``, not waited
for. Exit status 2 is a refused document (``ConversionError``: the message is shown), not a
crash.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
MEMORY_LIMIT = 2_500_000_000
"""Address space of one conversion (bytes)."""
TIME_LIMIT = 60
"""Wall seconds of one conversion."""
SLOW = 5.0
"""Documents that take more CPU time than this (seconds) are listed."""
HEAVY = 300
"""Documents whose peak resident memory exceeds this (MB) are listed."""


def run_one(path: Path, out: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # timeout inside time: a document stopped at the time limit still has its peak memory
    cmd = ["prlimit", f"--as={MEMORY_LIMIT}", "/usr/bin/time", "-v", "timeout", str(TIME_LIMIT),
           sys.executable, "-c", "from cnbudget.cli.main import main; main()", "convert",
           str(path), "-o",
           str(out), "--overwrite"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    err = proc.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)",
                     err)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = sum(float(t) for t in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    seconds = (int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
               if wall else float(TIME_LIMIT))
    # /usr/bin/time exits with the status of what it ran; timeout(1) exits 124
    status = proc.returncode
    program = [line for line in err.split("\tCommand being timed:")[0].strip().splitlines()
               if not line.startswith("Command exited with non-zero status")]
    if status == 124:
        outcome, detail = "timeout", f"over {TIME_LIMIT} s"
    elif status == 0:
        outcome, detail = "ok", ""
    elif status == 2 and any(line.startswith("error:") for line in program):
        outcome = "refused"
        detail = next(line for line in program if line.startswith("error:"))[:200]
    else:
        memory = "MemoryError" in err or "std::bad_alloc" in err
        outcome = "memory" if memory else "crash"
        detail = (program[-1] if program else f"exit status {status}")[:200]
    return {"file": path.name, "seconds": round(seconds, 2), "cpu": round(cpu, 2),
            "rss_mb": round(int(rss.group(1)) / 1024) if rss else None,
            "outcome": outcome, "status": status, "detail": detail}


def main(argv: list[str]) -> int:
    args = list(argv)
    out_json = None
    only = ""
    if "--json" in args:
        i = args.index("--json")
        out_json = Path(args[i + 1])
        del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1]
        del args[i:i + 2]
    corpus = Path(args[0]) if args else CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: nothing to measure")
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(corpus.glob("*.pdf")):
            if only not in path.name:
                continue
            r = run_one(path, Path(tmp) / "out")
            results.append(r)
            print(f"{r['seconds']:7.2f} s {r['cpu']:7.2f} cpu {r['rss_mb'] or 0:6} MB  "
                  f"{r['outcome']:<8} "
                  f"{r['file']}  {r['detail']}", flush=True)
    if out_json:
        out_json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    notable = [r for r in results if float(str(r["cpu"])) > SLOW
               or (r["rss_mb"] or 0) > HEAVY  # type: ignore[operator]
               or r["outcome"] in ("timeout", "memory", "crash")]
    print(f"\n{len(results)} documents; over {SLOW:g} s or {HEAVY} MB, or crashed:")
    for r in notable:
        print(f"  {r['file']}: {r['seconds']} s ({r['cpu']} s cpu), {r['rss_mb']} MB, "
              f"{r['outcome']} {r['detail']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
