"""Golden packages of corpus documents, hand-checked against the rendered pages: converting
the corpus file must give exactly the committed package (CSVs, and the descriptor without
its ``created`` stamp). Regenerate one with::

    python -m tests.converters.test_corpus_expected <stem>   (then check it against the pages)
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import pytest

from cnbudget.converters import Options, convert
from cnbudget.package import write_package
from tests.converters.corpus import files

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
STEMS = sorted(p.name for p in EXPECTED.iterdir()) if EXPECTED.exists() else []


def _descriptor(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("created", None)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def _texts(folder: Path) -> dict[str, str]:
    out = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.csv"))}
    out["datapackage.json"] = _descriptor(folder / "datapackage.json")
    return out


def produce(stem: str, target: Path) -> Path:
    disclosure = convert(files(stem), Options(self_check=False))
    return write_package(disclosure, target, overwrite=True)


@pytest.mark.parametrize("stem", STEMS)
def test_corpus_package_equals_expected(stem: str, tmp_path: Path) -> None:
    got = _texts(produce(stem, tmp_path / stem))
    want = _texts(EXPECTED / stem)
    assert sorted(got) == sorted(want), f"{stem}: files differ"
    diffs = []
    for name in want:
        if got[name] != want[name]:
            diffs.extend(difflib.unified_diff(want[name].splitlines(), got[name].splitlines(),
                                              f"expected/{name}", f"converted/{name}",
                                              lineterm="", n=1))
    assert not diffs, f"{stem}: converted package differs from the expected one:\n" + \
        "\n".join(diffs[:80])


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        out = produce(arg, EXPECTED / arg)
        (out / "conversion_report.json").unlink()
        print(f"wrote {out}")
