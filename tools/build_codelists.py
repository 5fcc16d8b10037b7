"""Rebuild the classification codelists from the official editions and the corpus.

Three lists, by fiscal year 2018–2027: schema/codelists/function_classification.csv (支出功能
分类 类/款/项), economic_classification.csv (部门预算支出经济分类 301–399) and
government_economic_classification.csv (政府预算支出经济分类 501–599). Each entry has a
title, its valid_from/valid_to years, its former titles (``title@until_year``) and the
source of the entry (``source`` column, ``; ``-separated):

- ``official:<edition> 政府收支分类科目 (from memory)`` — taken from knowledge of the
  published edition (the committed lists and tools/data/official_changes.yaml), not checked
  line by line against a printed copy;
- ``corpus:<file>#p<page>`` — printed so in the corpus (tools/data/corpus_codes.csv, made
  by tools/harvest_codes.py); at most three pages are named per entry.

What the corpus adds: a well-formed code the list lacks whose parent the list holds, printed
by at least two documents (title: the name most documents print; valid from the first fiscal
year printing it, which may be later than the edition that created it); an earlier
valid_from where documents of an earlier year print the code under the same title (never
before 2018; documents before 2018 follow the pre-reform lists and are not used). A code
printed under another title is never renamed from the corpus alone:
that needs an entry in official_changes.yaml.

    python tools/harvest_codes.py            # once, with the corpus at ../shared/corpus
    python tools/build_codelists.py          # write the three lists
    python tools/build_codelists.py --check  # exit 1 when a committed list is stale

Deterministic: sorted by code, UTF-8, LF line endings.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cnbudget.validation.codes import normalise_name, variant_key  # noqa: E402

CODELISTS = REPO / "schema" / "codelists"
HARVEST = REPO / "tools" / "data" / "corpus_codes.csv"
OFFICIAL = REPO / "tools" / "data" / "official_changes.yaml"
LISTS = ("function_classification", "economic_classification",
         "government_economic_classification")
HEADER = ["code", "title", "former_titles", "level", "parent", "valid_from", "valid_to",
          "description", "source"]
FIRST_YEAR, LAST_YEAR = 2018, 2027
MAX_PAGES = 3
MIN_FILES = 2  # a code the lists lack is added when two documents print it
LENGTHS = {"function_classification": (3, 5, 7), "economic_classification": (3, 5),
           "government_economic_classification": (3, 5)}
CLASS_RANGE = {"function_classification": (201, 299), "economic_classification": (301, 399),
               "government_economic_classification": (501, 599)}
MEMORY = "official:{edition} 政府收支分类科目 (from memory)"


def parent_of(code: str, name: str) -> str:
    if len(code) == 3:
        return ""
    return code[:-2] if name == "function_classification" else code[:3]


def read_list(name: str) -> dict[str, dict[str, str]]:
    with (CODELISTS / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: {h: r.get(h) or "" for h in HEADER} for r in csv.DictReader(fh)}


def read_harvest(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _sources(entry: dict[str, str]) -> list[str]:
    return [s.strip() for s in entry.get("source", "").split(";") if s.strip()]


def _add_source(entry: dict[str, str], source: str) -> None:
    have = _sources(entry)
    if source not in have:
        entry["source"] = "; ".join([*have, source])


def base_sources(name: str, entries: dict[str, dict[str, str]]) -> None:
    """Drop the corpus sources (the harvest gives them afresh) and the entries that came
    from the corpus alone (re-added below while the corpus still prints them); an entry with
    no source left is from knowledge of the edition: say so."""
    for code in list(entries):
        entry = entries[code]
        had = _sources(entry)
        kept = [s for s in had if not s.startswith("corpus:")]
        if had and not kept:
            del entries[code]
            continue
        edition = "2019" if name == "function_classification" else "2018"
        entry["source"] = "; ".join(kept or [MEMORY.format(edition=edition)])


def apply_official(name: str, entries: dict[str, dict[str, str]], spec: dict[str, Any]) -> None:
    classes = set(spec.get("valid_from_2018_except_classes") or [])
    # an addition created by a later edition keeps its year (2080209 老龄事务, 2024)
    later = {str(a["code"]) for a in spec.get("additions") or [] if int(a["valid_from"]) > 2018}
    if "valid_from_2018_except_classes" in spec:
        for code, entry in entries.items():
            if code[:3] not in classes and code not in later and entry["valid_from"] and \
                    int(entry["valid_from"]) > 2018:
                entry["valid_from"] = "2018"
                _add_source(entry, MEMORY.format(edition=2018))
    for r in spec.get("renames") or []:
        entry = entries[str(r["code"])]
        entry["title"] = str(r["title"])
        formers = [f for f in entry["former_titles"].split("|") if f]
        mark = f"{r['former']}@{r['until']}"
        if mark not in formers and str(r["former"]) != str(r["title"]):
            formers.append(mark)
        entry["former_titles"] = "|".join(formers)
        if r.get("valid_from"):  # the code existed before, under its former title
            entry["valid_from"] = str(r["valid_from"])
        _add_source(entry, MEMORY.format(edition=r["edition"]))
    for a in spec.get("additions") or []:
        code = str(a["code"])
        entry = entries.get(code) or {h: "" for h in HEADER}
        entry.update(code=code, title=entry["title"] or str(a["title"]),
                     level=str({3: 1, 5: 2, 7: 3}[len(code)]), parent=str(a["parent"]))
        if not entry["valid_from"] or int(entry["valid_from"]) > int(a["valid_from"]):
            entry["valid_from"] = str(a["valid_from"])
        _add_source(entry, MEMORY.format(edition=a["edition"]))
        entries[code] = entry


def _title_of(printed: str) -> str:
    return normalise_name(printed)


def apply_corpus(name: str, entries: dict[str, dict[str, str]],
                 rows: list[dict[str, str]]) -> dict[str, int]:
    """Merge the harvested codes; returns counts of what it did."""
    stats: Counter[str] = Counter()
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    lo, hi = CLASS_RANGE[name]
    for r in rows:
        code = r["code"]
        if r["codelist"] != name or len(code) not in LENGTHS[name] or not code.isdigit():
            continue
        if not lo <= int(code[:3]) <= hi or not r["printed_title"].strip():
            continue
        if not r["fiscal_year"].isdigit() or int(r["fiscal_year"]) < FIRST_YEAR:
            continue  # before the 2018 reform of the economic lists: another edition
        by_code[code].append(r)
    # parents first, so that a new 款 lets its new 项 in
    for code in sorted(by_code, key=lambda c: (len(c), c)):
        printed = by_code[code]
        entry = entries.get(code)
        if entry is None:
            parent = parent_of(code, name)
            if parent and parent not in entries:
                stats["skipped (parent unknown)"] += 1
                continue
            if not parent:
                stats["skipped (unknown class)"] += 1
                continue
            if len({r["source"] for r in printed}) < MIN_FILES:
                stats["skipped (printed in one document only)"] += 1
                continue
            titles = Counter(_title_of(r["printed_title"]) for r in printed)
            title = sorted(titles.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            years = [int(r["fiscal_year"]) for r in printed if r["fiscal_year"].isdigit()]
            entry = {h: "" for h in HEADER}
            entry.update(code=code, title=title, level=str(LENGTHS[name].index(len(code)) + 1),
                         parent=parent, valid_from=str(max(FIRST_YEAR, min(years or [2026]))))
            entries[code] = entry
            stats["added from the corpus"] += 1
        same = [r for r in printed
                if variant_key(r["printed_title"]) in {variant_key(entry["title"]), *(
                    variant_key(f.rpartition("@")[0]) for f in entry["former_titles"].split("|")
                    if f)}]
        years = [int(r["fiscal_year"]) for r in same if r["fiscal_year"].isdigit()]
        if years and entry["valid_from"] and min(years) < int(entry["valid_from"]):
            entry["valid_from"] = str(max(FIRST_YEAR, min(years)))
            stats["valid_from moved earlier"] += 1
        pages = sorted({(r["source"], r["page"]) for r in (same or printed)})
        for source, page in pages[:MAX_PAGES]:
            _add_source(entry, f"corpus:{source}#p{page}" if page else f"corpus:{source}")
        if pages:
            stats["corroborated by the corpus"] += 1
    return dict(stats)


def render(entries: dict[str, dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for code in sorted(entries, key=lambda c: (c[:3], c.ljust(7, "0"), len(c))):
        writer.writerow([entries[code].get(h, "") for h in HEADER])
    return buf.getvalue()


def build(harvest: Path) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    official = yaml.safe_load(OFFICIAL.read_text(encoding="utf-8")) or {}
    rows = read_harvest(harvest)
    out: dict[str, str] = {}
    stats: dict[str, dict[str, int]] = {}
    for name in LISTS:
        entries = read_list(name)
        base_sources(name, entries)
        apply_official(name, entries, official.get(name) or {})
        stats[name] = apply_corpus(name, entries, rows)
        out[name] = render(entries)
    return out, stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--harvest", type=Path, default=HARVEST)
    parser.add_argument("--check", action="store_true", help="exit 1 when a list is stale")
    args = parser.parse_args(argv)
    if not args.harvest.is_file():
        print(f"{args.harvest}: no harvest; run tools/harvest_codes.py first", file=sys.stderr)
        return 2
    texts, stats = build(args.harvest)
    stale = []
    for name, text in texts.items():
        path = CODELISTS / f"{name}.csv"
        if path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not args.check:
                tmp = path.with_suffix(".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(path)
        print(f"{name}: {text.count(chr(10)) - 1} entries; {stats[name]}", file=sys.stderr)
    if args.check and stale:
        print(f"stale: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
