"""Mutation campaign: does the validator catch a changed printed amount?

    python benchmarks/mutations.py [DIR] [--packages N] [--seed S] [--per-package M]
                                   [--cache DIR] [--json OUT.json]

DIR defaults to ../shared/corpus relative to the repository root (nothing to do when it is
absent). ``--packages`` documents (default 24) are chosen round-robin across the layout
families of MANIFEST.md (documents that print tables: a 说明-only file has no amounts to
change) and converted once with the library (the converted disclosures are cached, pickled,
in ``--cache``, keyed by file name and the hash of the converter, model and schema
tables/codelists, so a changed converter converts again).

For each package, ``--per-package`` printed amounts (default 60, sampled with ``--seed``
among the non-blank number cells of its standard tables) are changed one at a time, each in
three ways:

- ``unit``: by one unit of its last printed decimal (up or down, at random);
- ``digit``: one digit replaced by another (a typist's slip; a leading digit stays non-zero);
- ``swap``: two adjacent different digits swapped (a typist's slip).

Each mutated disclosure is validated in process with the rules that read the changed cell
(recorded per rule while validating the unmutated package, by wrapping its rows) among the
families that read amounts (arithmetic, cross_table, text, yoy: the others look at codes,
names and structure). The package's tolerance is decided again from its evidence, the
unchanged rules' evidence re-used; when the decision changes, every rule of those families
runs. The mutation is *caught* when an ERROR appears that the unmutated package does not
have (same rule, place, expected and actual value).

An amount *takes part in an identity* when an arithmetic or cross-table rule reads its cell
while validating the unmutated package. A
document is *held to exact arithmetic* when the validator's own tolerance decision for it
(:mod:`cnbudget.validation.identity`, from the package's evidence) is ``exact``.

Printed: the share caught per kind of change, per table, for amounts in an identity and for
exact documents, and overall; the seconds per validation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus as sweep  # noqa: E402

FAMILIES = frozenset({"arithmetic", "cross_table", "text", "yoy"})
IDENTITY_FAMILIES = frozenset({"arithmetic", "cross_table"})
KINDS = ("unit", "digit", "swap")


def _source_hash() -> str:
    h = hashlib.sha256()
    # what the conversion depends on: the converters, the model and the standard's tables
    for base in ("cnbudget/converters", "schema/tables", "schema/codelists"):
        for p in sorted((ROOT / base).rglob("*")):
            if p.is_file() and p.suffix != ".pyc":
                h.update(p.read_bytes())
    h.update((ROOT / "cnbudget" / "model.py").read_bytes())
    return h.hexdigest()[:12]


def choose(corpus: Path, n: int) -> list[Path]:
    """``n`` table-printing documents, round-robin across layout families."""
    manifest = sweep.read_manifest(corpus)
    by_family: dict[str, list[Path]] = defaultdict(list)
    for f in sweep.select(corpus, None):
        if "text" in f.stem or "template" in f.stem:
            continue
        by_family[sweep.family_of(f.name, manifest)].append(f)
    out: list[Path] = []
    queues = [list(v) for _, v in sorted(by_family.items())]
    while len(out) < n and any(queues):
        for q in queues:
            if q and len(out) < n:
                out.append(q.pop(0))
    return out


def load(path: Path, cache: Path, key: str) -> Any:
    """The converted disclosure of ``path`` (None when the converter refuses it)."""
    from cnbudget.converters import ConversionError, Options, convert

    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"{path.name}.{key}.pickle"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    try:
        disclosure = convert([path], Options())
    except ConversionError:
        disclosure = None
    cached.write_bytes(pickle.dumps(disclosure))
    return disclosure


# -- the mutations --------------------------------------------------------------------------

def unit_change(text: str, rng: random.Random) -> str | None:
    from decimal import Decimal

    places = len(text.split(".", 1)[1]) if "." in text else 0
    step = Decimal(10) ** -places
    value = Decimal(text) + (step if rng.random() < 0.5 else -step)
    if value < 0:
        value = Decimal(text) + step
    return format(value.quantize(step), "f")


def digit_change(text: str, rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not spots:
        return None
    i = rng.choice(spots)
    leading = i == 0 and len([c for c in text.split(".")[0] if c.isdigit()]) > 1
    choices = [d for d in "0123456789" if d != text[i] and not (leading and d == "0")]
    return text[:i] + rng.choice(choices) + text[i + 1:]


def swap_change(text: str, rng: random.Random) -> str | None:
    spots = [i for i in range(len(text) - 1)
             if text[i].isdigit() and text[i + 1].isdigit() and text[i] != text[i + 1]
             and not (i == 0 and text[i + 1] == "0")]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


MUTATORS = {"unit": unit_change, "digit": digit_change, "swap": swap_change}


# -- reading the cells the identity rules read ------------------------------------------------

class _Watched(dict[str, Any]):
    """A row that records which of its fields were read."""

    __slots__ = ("_cell", "_seen")

    def __init__(self, data: dict[str, Any], cell: tuple[str, int], seen: set[Any]) -> None:
        super().__init__(data)
        self._cell = cell
        self._seen = seen

    def get(self, key: str, default: Any = None) -> Any:
        self._seen.add((*self._cell, key))
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self._seen.add((*self._cell, key))
        return super().__getitem__(key)


def number_cells(disclosure: Any) -> list[tuple[str, int, str]]:
    from cnbudget import standard

    out: list[tuple[str, int, str]] = []
    names = set(standard.table_names())
    for name, table in disclosure.tables.items():
        if name not in names or name in ("stated_figures", "provenance"):
            continue
        fields = [str(f["name"]) for f in standard.table_schema(name)["fields"]
                  if f.get("type") in ("number", "integer")
                  and f["name"] not in ("position", "line")]
        for i, row in enumerate(table.rows):
            for f in fields:
                text = str(row.get(f) or "").strip()
                if text and text.replace(".", "", 1).isdigit():
                    out.append((name, i, f))
    return out


def _codes(families: frozenset[str]) -> list[str]:
    from cnbudget.validation.runner import catalogue

    return [spec.code for spec in catalogue() if spec.family in families]


def readers(disclosure: Any, policy: Any) -> dict[tuple[str, int, str], set[str]]:
    """Which rules read each cell while validating the unmutated package."""
    from cnbudget.validation.runner import run_rules

    out: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    saved = {name: table.rows for name, table in disclosure.tables.items()}
    try:
        for code in _codes(FAMILIES):
            seen: set[Any] = set()
            for name, table in disclosure.tables.items():
                table.rows = [_Watched(r, (name, i), seen) for i, r in enumerate(saved[name])]
            run_rules(disclosure, codes={code}, tolerance=policy)
            for cell in seen:
                out[cell].add(code)
    finally:
        for name, rows in saved.items():
            disclosure.tables[name].rows = rows
    return out


def error_keys(result: Any) -> set[tuple[Any, ...]]:
    from cnbudget.validation.findings import Severity

    return {(f.code, f.location.resource, f.location.position, f.location.side,
             f.location.field, f.expected, f.actual)
            for f in result.findings if f.severity is Severity.ERROR}


class Baseline:
    """The unmutated package: its errors, its tolerance evidence per rule, who reads what."""

    def __init__(self, disclosure: Any) -> None:
        from cnbudget.validation import identity
        from cnbudget.validation.context import Context
        from cnbudget.validation.runner import rule_evidence, run_rules

        self.disclosure = disclosure
        self.evidence = rule_evidence(Context(disclosure))
        self.policy = identity.decide(identity.Evidence.total(self.evidence.values()))
        self.errors = error_keys(run_rules(disclosure, families=set(FAMILIES),
                                           tolerance=self.policy))
        self.readers = readers(disclosure, self.policy)

    def validate(self, codes: set[str]) -> tuple[bool, str, int]:
        """Whether the (mutated) package has an ERROR the baseline has not, validating only
        ``codes`` (the rules that read the changed cell) unless the tolerance decision
        changes; the tolerance mode and the count of comparisons within rounding."""
        from cnbudget.validation import identity
        from cnbudget.validation.context import Context
        from cnbudget.validation.runner import rule_evidence, run_rules

        d = self.disclosure
        fresh = rule_evidence(Context(d), codes & set(self.evidence))
        kept = [e for c, e in self.evidence.items() if c not in fresh]
        policy = identity.decide(identity.Evidence.total([*kept, *fresh.values()]))
        if policy.mode != self.policy.mode:
            found = error_keys(run_rules(d, families=set(FAMILIES), tolerance=policy))
            return bool(found - self.errors), policy.mode, policy.evidence.rounding
        found = error_keys(run_rules(d, codes=codes, tolerance=policy))
        return bool(found - self.errors), policy.mode, policy.evidence.rounding


def campaign(disclosures: list[tuple[str, Any]], per_package: int, seed: int
             ) -> Iterator[dict[str, Any]]:
    identity_codes = set(_codes(IDENTITY_FAMILIES))
    for name, disclosure in disclosures:
        rng = random.Random(f"{seed}:{name}")
        base = Baseline(disclosure)
        cells = number_cells(disclosure)
        for resource, i, f in rng.sample(cells, min(per_package, len(cells))):
            row = disclosure.tables[resource].rows[i]
            original = row[f]
            codes = base.readers.get((resource, i, f), set())
            for kind in KINDS:
                changed = MUTATORS[kind](str(original).strip(), rng)
                if changed is None or changed == str(original).strip():
                    continue
                row[f] = changed
                try:
                    start = time.perf_counter()
                    caught, mode_after, rounding_after = (
                        base.validate(codes) if codes else (False, base.policy.mode, 0))
                    seconds = time.perf_counter() - start
                finally:
                    row[f] = original
                yield {"package": name, "resource": resource, "field": f, "kind": kind,
                       "from": str(original), "to": changed, "mode": base.policy.mode,
                       "identity": bool(codes & identity_codes), "caught": caught,
                       "seconds": seconds, "rules": len(codes), "mode_after": mode_after,
                       "rounding_after": rounding_after}


def share(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    if not rows:
        return "   -   (0)"
    caught = sum(1 for r in rows if r["caught"])
    return f"{100 * caught / len(rows):6.2f}% ({caught}/{len(rows)})"


def render(results: list[dict[str, Any]], packages: list[tuple[str, str]]) -> str:
    lines = [f"packages: {len(packages)}; tolerance mode: "
             + ", ".join(f"{m} {sum(1 for _, x in packages if x == m)}"
                         for m in sorted({x for _, x in packages})),
             f"mutations: {len(results)}", ""]
    groups = {"all amounts": results,
              "amounts in an identity": [r for r in results if r["identity"]],
              "amounts in no identity": [r for r in results if not r["identity"]],
              "exact documents": [r for r in results if r["mode"] == "exact"],
              "exact documents, in an identity": [r for r in results
                                                  if r["mode"] == "exact" and r["identity"]]}
    lines.append(f"{'':34}" + "".join(f"{k:>22}" for k in (*KINDS, "slips", "all")))
    for label, rows in groups.items():
        cols = [share(r for r in rows if r["kind"] == k) for k in KINDS]
        cols.append(share(r for r in rows if r["kind"] != "unit"))
        cols.append(share(rows))
        lines.append(f"{label:34}" + "".join(f"{c:>22}" for c in cols))
    lines += ["", "per table (amounts in an identity):"]
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        if r["identity"]:
            by_table[r["resource"]].append(r)
    for table, rows in sorted(by_table.items()):
        cols = [share(r for r in rows if r["kind"] == k) for k in KINDS]
        lines.append(f"  {table:32}" + "".join(f"{c:>22}" for c in cols))
    missed = [r for r in results if r["identity"] and not r["caught"] and r["kind"] != "unit"]
    if missed:
        lines += ["", "typist's slips in an identity not caught (first 15):"]
        lines += [f"  {r['package']} {r['resource']}.{r['field']} {r['from']}→{r['to']}"
                  f" ({r['kind']}, {r['mode']})" for r in missed[:15]]
    secs = sorted(r["seconds"] for r in results)
    if secs:
        lines += ["", f"seconds per validation: median {secs[len(secs) // 2]:.3f}, "
                      f"max {secs[-1]:.3f}"]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--packages", type=int, default=24)
    ap.add_argument("--per-package", type=int, default=60)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cnbudget-mutations-cache"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--convert-only", action="store_true")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus, nothing to do")
        return 0
    key = _source_hash()
    disclosures: list[tuple[str, Any]] = []
    for path in choose(args.corpus, args.packages * 2):
        if len(disclosures) >= args.packages:
            break
        d = load(path, args.cache, key)
        if d is not None and number_cells(d):
            disclosures.append((path.name, d))
            print(f"converted {path.name}", file=sys.stderr)
    if args.convert_only:
        return 0
    start = time.perf_counter()
    results = list(campaign(disclosures, args.per_package, args.seed))
    from cnbudget.validation.context import Context
    from cnbudget.validation.runner import tolerance_policy

    modes = [(name, tolerance_policy(Context(d)).mode) for name, d in disclosures]
    print(render(results, modes))
    print(f"wall: {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"packages": modes, "results": results},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
