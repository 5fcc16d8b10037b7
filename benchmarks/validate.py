"""Benchmark: all rules of the catalogue vs frictionless's structural validation alone, on
the reference package, N times each, in the same run.

    python benchmarks/validate.py [N] [PACKAGE]

Prints the time per run of: (a) cnbudget's semantic rules (every family but structure) on
the loaded package, (b) all rules including the structure family (which itself calls
frictionless per resource), (c) ``frictionless.validate`` of the package; and the ratios.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import frictionless

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cnbudget.converters  # noqa: E402, F401  (import order: converters before model)
from cnbudget.validation.api import ALL_FAMILIES  # noqa: E402
from cnbudget.validation.loading import load  # noqa: E402
from cnbudget.validation.runner import run_rules  # noqa: E402


def _time(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else (
        ROOT / "datapackages" / "130324-201-2023-budget")
    semantic = set(ALL_FAMILIES) - {"structure"}

    def rules_only() -> None:
        loaded = load(path)
        run_rules(loaded.disclosure, families=semantic, files=loaded.files)

    def all_rules() -> None:
        loaded = load(path)
        run_rules(loaded.disclosure, files=loaded.files)

    def fl() -> None:
        frictionless.validate(str(path / "datapackage.json"))

    fl()
    all_rules()  # warm caches (catalogue, codelists, schemas)
    t_sem, t_all, t_fl = _time(rules_only, n), _time(all_rules, n), _time(fl, n)
    print(f"package: {path}  runs: {n}")
    print(f"cnbudget semantic rules (load + {len(semantic)} families): {t_sem * 1000:8.1f} ms")
    print(f"cnbudget all rules incl. structure (frictionless inside): {t_all * 1000:8.1f} ms")
    print(f"frictionless.validate (structural only):                  {t_fl * 1000:8.1f} ms")
    print(f"ratio semantic / frictionless: {t_sem / t_fl:.2f}")
    print(f"ratio all / frictionless:      {t_all / t_fl:.2f}")


if __name__ == "__main__":
    main()
