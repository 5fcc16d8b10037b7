"""Benchmark: the PDF converter against pdfplumber's extract_tables on the corpus.

    python benchmarks/convert_pdf.py [CORPUS_DIR]
    python benchmarks/convert_pdf.py --whole-process [--only PATTERN] [--runs N] [CORPUS_DIR]

For every budget PDF in ../shared/corpus (skipped when absent): pages per second of a full
conversion (cnbudget) and of ``pdfplumber`` ``page.extract_tables()`` on the same pages,
their ratio, and peak memory. Memory is measured in a fresh child process per run
(``resource.getrusage`` max RSS, which includes PDFium's native allocations, plus the
Python heap peak from ``tracemalloc``) for the whole of the longest document and for a
10-page prefix of it, to show whether memory grows with page count. A document whose
full conversion fails is timed on ``read_pdf`` + ``stitch`` and marked so.

``--whole-process`` times what a user waits for instead: ``cnbudget convert FILE -o DIR``
as a subprocess (interpreter start, imports, conversion with the self-check, writing the
package) against a subprocess that imports pdfplumber and runs ``extract_tables()`` on
every page, per document (median of ``--runs``), their ratio and the median ratio; and the
seconds of ``cnbudget --version`` (median of 10 runs) beside those of ``python -c pass``;
each also in CPU seconds (user + system of the process tree), the steadier measure on a
shared machine. Each command runs once untimed first, and every child runs with its
bytecode cached (see ``benchmarks/procenv.py``: this environment may set
``PYTHONDONTWRITEBYTECODE``, which a user's installation does not).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from procenv import NOTE, child_env, warm_up  # noqa: E402


def cnbudget_run(path: Path, self_check: bool = False) -> tuple[float, str]:
    """Seconds for one conversion of ``path``; what was timed."""
    from cnbudget.converters import Options, convert
    from cnbudget.converters.pdf import read_pdf
    from cnbudget.converters.stitch import stitch
    start = time.perf_counter()
    try:
        convert([path], Options(self_check=self_check, strict=False))
        return time.perf_counter() - start, "convert"
    except Exception:
        start = time.perf_counter()
        stitch(read_pdf(path).blocks)
        return time.perf_counter() - start, "read+stitch"


def plumber_run(path: Path) -> float:
    import pdfplumber

    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
    return time.perf_counter() - start


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def prefix(path: Path, pages: int, out: Path) -> Path:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path)
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, list(range(min(pages, len(src)))))
    dst.save(out)
    return out


def memory_child(path: str) -> None:
    """Run in a child: convert once, print peak RSS and Python heap peak (MiB) as JSON."""
    tracemalloc.start()
    _, what = cnbudget_run(Path(path))
    heap = tracemalloc.get_traced_memory()[1] / 2**20
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rss_mib": round(rss, 1), "heap_mib": round(heap, 1), "what": what}))


def memory(path: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--memory", str(path)], check=True,
                         capture_output=True, text=True, cwd=REPO)
    data: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


PLUMBER_SCRIPT = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
        page.close()
"""


def _timed(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + system of the process and of
    the children it waited for) of ``runs`` runs of ``cmd``. On a shared, loaded machine
    the CPU seconds are the steadier measure of the work done."""
    import statistics

    env = child_env()
    times: list[float] = []
    cpus: list[float] = []
    warm_up(cmd)
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, cwd=REPO, env=env)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in ok:
            raise RuntimeError(f"{' '.join(cmd)}: exit {done.returncode}: "
                               f"{done.stderr.decode(errors='replace')[-300:]}")
    return statistics.median(times), statistics.median(cpus)


CLI = [sys.executable, "-c", "import sys; from cnbudget.cli.main import main; "
       "sys.argv[0] = 'cnbudget'; main()"]


def version_seconds(runs: int = 10) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of ``cnbudget --version`` and of ``python -c pass``."""
    return (_timed([*CLI, "--version"], runs), _timed([sys.executable, "-c", "pass"], runs))


def whole_process(files: list[Path], runs: int) -> int:
    import os
    import statistics

    (ours_v, ours_cpu), (bare, bare_cpu) = version_seconds()
    print(f"cnbudget --version: {ours_v:.3f} s, CPU {ours_cpu:.3f} s (median of 10; python -c "
          f"pass: {bare:.3f} s, CPU {bare_cpu:.3f} s); load average {os.getloadavg()[0]:.1f}")
    print(NOTE)
    print("Whole process, median of", runs, "runs: `cnbudget convert FILE -o DIR` (self-check "
          "on, package written) vs a python process running pdfplumber extract_tables() on "
          "every page; wall seconds and CPU seconds.")
    print(f"{'document':<52}{'pages':>6}{'cnbudget s':>11}{'plumber s':>11}{'ratio':>8}"
          f"{'cnb CPU':>9}{'plb CPU':>9}{'CPU ratio':>10}")
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(files):
            target = Path(tmp) / f"p{i}"
            ours, ours_c = _timed([*CLI, "convert", str(path), "-o", str(target),
                                   "--overwrite"], runs, ok=(0, 2))
            plumber, plumber_c = _timed([sys.executable, "-c", PLUMBER_SCRIPT, str(path)], runs)
            ratios.append(plumber / ours)
            cpu_ratios.append(plumber_c / ours_c)
            print(f"{path.name:<52}{page_count(path):>6}{ours:>11.2f}{plumber:>11.2f}"
                  f"{plumber / ours:>7.2f}x{ours_c:>9.2f}{plumber_c:>9.2f}"
                  f"{plumber_c / ours_c:>9.2f}x")
    if ratios:
        print(f"median ratio (pdfplumber s / cnbudget s) over {len(ratios)} documents: "
              f"{statistics.median(ratios):.2f}x wall, {statistics.median(cpu_ratios):.2f}x CPU"
              f"; load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def main(argv: list[str]) -> int:
    import argparse
    import fnmatch

    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--whole-process", action="store_true")
    parser.add_argument("--only", help="file names: a glob or part of the name, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if args.whole_process:
        if not corpus.is_dir():
            print(f"corpus folder {corpus} is absent; nothing to benchmark (skipped)")
            return 0
        pdfs = sorted(corpus.glob("*.pdf"))
        if args.only:
            pats = [p if any(c in p for c in "*?[") else f"*{p}*" for p in args.only.split(",")]
            pdfs = [f for f in pdfs if any(fnmatch.fnmatch(f.name, p) for p in pats)]
        return whole_process(pdfs, max(1, args.runs))
    return classic(corpus)


def classic(corpus: Path) -> int:
    if not corpus.is_dir():
        print(f"corpus folder {corpus} is absent; nothing to benchmark (skipped)")
        return 0
    files = sorted(corpus.glob("*.pdf"))
    print("cnbudget: full conversion (self-check off; 'checked' with the self-check the CLI "
          "runs by default), best of 3 after a warm-up run.\npdfplumber: extract_tables() on "
          "every page, best of 2 after importing it. Seconds per document; p/s = pages/second.")
    print(f"{'document':<52}{'pages':>6}{'cnbudget s':>11}{'cnbudget p/s':>14}"
          f"{'checked p/s':>13}{'plumber p/s':>13}{'ratio':>8}  timed")
    import pdfplumber  # noqa: F401  (imported before timing: its import is not its speed)

    total_pages, total_ours, total_checked, total_plumber = 0, 0.0, 0.0, 0.0
    ratios: list[tuple[float, str]] = []
    for path in files:
        pages = page_count(path)
        cnbudget_run(path)  # warm caches (schema, fonts) once per document
        ours, what = min(cnbudget_run(path) for _ in range(3))
        checked = min(cnbudget_run(path, self_check=True)[0] for _ in range(3))
        plumber = min(plumber_run(path) for _ in range(2))
        total_pages += pages
        total_ours += ours
        total_checked += checked
        total_plumber += plumber
        ratios.append((plumber / ours, path.name))
        print(f"{path.name:<52}{pages:>6}{ours:>11.3f}{pages / ours:>14.1f}"
              f"{pages / checked:>13.1f}"
              f"{pages / plumber:>13.1f}{plumber / ours:>7.1f}x  {what}")
    print(f"{'all':<52}{total_pages:>6}{total_ours:>11.3f}{total_pages / total_ours:>14.1f}"
          f"{total_pages / total_checked:>13.1f}{total_pages / total_plumber:>13.1f}"
          f"{total_plumber / total_ours:>7.1f}x")
    low, name = min(ratios)
    print(f"lowest ratio {low:.1f}x ({name}); documents under 5x: "
          f"{sum(1 for r, _ in ratios if r < 5)} of {len(ratios)}")
    longest = max(files, key=page_count)
    with tempfile.TemporaryDirectory() as tmp:
        short = prefix(longest, 10, Path(tmp) / "prefix.pdf")
        small, large = memory(short), memory(longest)
    print(f"peak memory, {longest.name}: 10-page prefix {small} | all "
          f"{page_count(longest)} pages {large}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory_child(sys.argv[2])
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
