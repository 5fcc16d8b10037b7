"""Harvest every classification code and printed title from the corpus.

Converts each document of the corpus (one at a time, in a child process with a time limit)
and records, for every row of a classified table, the code, the name printed beside it, the
fiscal year and where it was printed (file and page). The result is the evidence that
``tools/build_codelists.py`` merges with the official editions into the codelists:

    python tools/harvest_codes.py                    # -> tools/data/corpus_codes.csv
    python tools/harvest_codes.py CORPUS --out FILE    # another corpus or output
    python tools/harvest_codes.py --one FILE           # one document, rows on stdout (JSON lines)

The output is deterministic (sorted, de-duplicated, LF line endings): run it again on the
same corpus and converter and the file does not change.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "tools" / "data" / "corpus_codes.csv"
HEADER = ["codelist", "code", "printed_title", "fiscal_year", "source", "page"]
SUFFIXES = {".pdf", ".xlsx", ".xls", ".txt", ".docx", ".html", ".htm"}
TIMEOUT = 180.0
MAX_FILES = 3


def harvest_one(path: Path) -> list[dict[str, str]]:
    """The coded rows of one document (empty when it does not convert)."""
    from cnbudget.converters import ConversionError, convert
    from cnbudget.validation.codes import NAME_FIELD, coded_fields

    try:
        disclosure = convert([path])
    except ConversionError:
        return []
    year = disclosure.metadata.get("fiscal_year")
    pages: dict[tuple[str, int, str], int | None] = {}
    for p in disclosure.provenance:
        pages.setdefault((p.resource, p.position, p.field), p.place.page)
    out: list[dict[str, str]] = []
    for name, table in disclosure.tables.items():
        for field, codelist in coded_fields(name):
            for row in table.rows:
                code = str(row.get(field) or "").strip()
                if not code.isdigit():
                    continue
                title = next((str(row[f]).strip() for f in NAME_FIELD.get(field, ())
                              if row.get(f)), "")
                try:
                    position = int(row.get("position") or 0)
                except ValueError:
                    position = 0
                page = pages.get((name, position, field))
                if page is None and table.pages:
                    page = table.pages[0]
                out.append({"codelist": codelist, "code": code, "printed_title": title,
                            "fiscal_year": str(year or ""), "source": path.name,
                            "page": str(page or "")})
    return out


def _documents(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix.lower() in SUFFIXES)


def harvest(corpus: Path, timeout: float) -> tuple[list[dict[str, str]], list[str]]:
    rows: list[dict[str, str]] = []
    failed: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for doc in _documents(corpus):
        try:
            proc = subprocess.run([sys.executable, __file__, "--one", str(doc)], env=env,
                                  capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            failed.append(f"{doc.name}: no result within {timeout:.0f} s")
            continue
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["?"])[-1]
            failed.append(f"{doc.name}: {last}")
            continue
        rows.extend(json.loads(line) for line in proc.stdout.splitlines() if line.strip())
        print(f"{doc.name}: {sum(1 for r in rows if r['source'] == doc.name)} coded rows",
              file=sys.stderr)
    return rows, failed


def write_rows(rows: list[dict[str, str]], out: Path) -> None:
    """One line per (codelist, code, printed title, fiscal year, file), with the first page
    that prints it, for at most MAX_FILES files per code, title and year: sorted."""
    first: dict[tuple[str, ...], int] = {}
    for r in rows:
        key = tuple(r[h] for h in HEADER if h != "page")
        page = int(r["page"]) if str(r.get("page") or "").isdigit() else 0
        if key not in first or (page and (not first[key] or page < first[key])):
            first[key] = page
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    kept: dict[tuple[str, ...], int] = {}
    for key in sorted(first):
        # at most MAX_FILES documents per code, title and year: evidence, not an index
        group = key[:4]
        kept[group] = kept.get(group, 0) + 1
        if kept[group] > MAX_FILES:
            continue
        values = dict(zip([h for h in HEADER if h != "page"], key, strict=True))
        values["page"] = str(first[key] or "")
        writer.writerow([values[h] for h in HEADER])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--one", type=Path, help="harvest one document to stdout")
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    args = parser.parse_args(argv)
    if args.one is not None:
        for row in harvest_one(args.one):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such corpus directory", file=sys.stderr)
        return 2
    rows, failed = harvest(args.corpus, args.timeout)
    write_rows(rows, args.out)
    for f in failed:
        print(f"not harvested: {f}", file=sys.stderr)
    print(f"{len(rows)} coded rows from {len(_documents(args.corpus)) - len(failed)} documents"
          f" -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
