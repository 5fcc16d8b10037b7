"""The committed reference package is exactly what the toolkit makes from the seed."""

from __future__ import annotations

import difflib
import json

from cnbudget.converters import Options, convert
from cnbudget.package import write_package

from ..conftest import REFERENCE, SEED

REGENERATE = ("python -c \"from pathlib import Path; from cnbudget.converters import convert; "
              "from cnbudget.package import write_package; write_package(convert([Path("
              "'examples/lulong-2023-budget.txt')]), Path('datapackages/130324-201-2023-budget'),"
              " overwrite=True)\"")


def test_reference_package_equals_a_fresh_conversion(tmp_path):
    fresh = write_package(convert([SEED], Options()), tmp_path / "pkg")
    committed = sorted(p.name for p in REFERENCE.iterdir())
    assert sorted(p.name for p in fresh.iterdir()) == committed
    for name in committed:
        old = (REFERENCE / name).read_text(encoding="utf-8")
        new = (fresh / name).read_text(encoding="utf-8")
        if name == "datapackage.json":
            old_d, new_d = json.loads(old), json.loads(new)
            old_d.pop("created"), new_d.pop("created")
            old = json.dumps(old_d, ensure_ascii=False, indent=1)
            new = json.dumps(new_d, ensure_ascii=False, indent=1)
        if old != new:
            diff = "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(),
                                                  f"committed/{name}", f"fresh/{name}",
                                                  lineterm="", n=1))
            raise AssertionError(f"{name} is stale; regenerate with:\n{REGENERATE}\n{diff[:4000]}")
