from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.review.outtree import EXAMPLE, build


@pytest.fixture(scope="session")
def out_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """A batch output folder (example, example with markup, small corpus documents when
    ../shared/corpus is present, one refused input) with its dashboard."""
    from cnbudget.review.dashboard import write_dashboard

    out = tmp_path_factory.mktemp("out") / "OUT"
    records = build(out)
    write_dashboard(out)
    return out, records


@pytest.fixture(scope="session")
def site(out_tree: tuple[Path, list[dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory
         ) -> Path:
    from cnbudget.review.site import build_site

    out, records = out_tree
    packages = [out / r["package"] for r in records if r.get("package")][:3]
    sources = sorted({Path(i["path"]) for r in records if r.get("package")
                      for i in r["inputs"]})
    assert EXAMPLE in sources
    target = tmp_path_factory.mktemp("site") / "site"
    build_site(packages, target, sources=sources)
    return target
