"""Benchmark: the PDF converter against pdfplumber's extract_tables on the corpus.

    python benchmarks/convert_pdf.py [CORPUS_DIR]

For every budget PDF in ../shared/corpus (skipped when absent): pages per second of a full
conversion (cnbudget) and of ``pdfplumber`` ``page.extract_tables()`` on the same pages,
their ratio, and peak memory. Memory is measured in a fresh child process per run
(``resource.getrusage`` max RSS, which includes PDFium's native allocations, plus the
Python heap peak from ``tracemalloc``) for the whole of the longest document and for a
10-page prefix of it, to show whether memory grows with page count. A document whose
full conversion fails is timed on ``read_pdf`` + ``stitch`` and marked so.
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


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else CORPUS
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
