"""A file read alone for the grouping is not read again for its disclosure: a PDF that may
join another leaves what was read in the batch's sources folder, the pair's conversion takes
it from there, and the package is the same as one converted from the files themselves; a
refused file's lenient part comes from what was read, not from a second reading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cnbudget.batch import work as batch_work
from cnbudget.batch.inputs import sha256_file
from cnbudget.converters import convert
from cnbudget.package import write_package

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
PAIR = ("bj-xinfang-ban-2026-budget-tables.pdf", "bj-xinfang-ban-2026-budget-text.pdf")


def _package(folder: Path) -> dict[str, str]:
    """Every file of a package by name, the descriptor without its creation time."""
    out = {}
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            text = f.read_text(encoding="utf-8")
            if f.name == "datapackage.json":
                data = json.loads(text)
                data.pop("created", None)
                text = json.dumps(data, sort_keys=True)
            out[f.relative_to(folder).as_posix()] = text
    return out


@pytest.fixture(scope="module")
def pair() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return [CORPUS / n for n in PAIR]


def test_a_pair_reads_each_file_once(pair: list[Path], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "sources"
    shas = [sha256_file(p) for p in pair]
    for i, p in enumerate(pair):  # each file alone, as the grouping reads it
        rec = batch_work.work([str(p)], "document", str(tmp_path / f"alone-{i}"), None,
                              make_html=False, shas=[shas[i]], sources=str(sources))
        assert rec["part"]["department"], rec
        assert (sources / f"{shas[i]}.pickle").is_file()
    reads: list[Path] = []
    from cnbudget import converters

    real = converters.read_source

    def counting(path: Path) -> object:
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(converters, "read_source", counting)
    rec = batch_work.work([str(p) for p in pair], "document", str(tmp_path / "pair"), None,
                          make_html=False, shas=shas, sources=str(sources))
    assert reads == [], "the pair's PDFs were read again"
    assert rec["status"] in ("ok", "invalid"), rec
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    write_package(convert(pair), fresh)
    assert _package(tmp_path / "pair" / "package") == _package(fresh)


def test_a_refused_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    # a blank 决算 template: refused strictly, its part read leniently
    src = CORPUS / "template-2024-final-accounts.pdf"
    if not src.is_file():
        pytest.skip(f"{src.name} is absent")
    doc = tmp_path / src.name
    shutil.copyfile(src, doc)
    from cnbudget import converters

    real = converters.read_source
    reads: list[Path] = []

    def counting(path: Path) -> object:
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(converters, "read_source", counting)
    rec = batch_work.work([str(doc)], "document", str(tmp_path / "out"), None,
                          make_html=False, shas=[sha256_file(doc)],
                          sources=str(tmp_path / "sources"))
    assert rec["status"] == "refused" and "blank template" in rec["reason"], rec
    assert reads == [doc], reads
    monkeypatch.undo()
    # the part read from what was read is the part of a fresh lenient reading
    assert rec["part"] == batch_work._lenient_part([doc])
