"""``cnbudget batch`` on a tree of real documents: a Beijing 说明 + 报表 pair is one
disclosure, the Lulong text extraction another, a broken PDF is refused, a duplicate is one
input; a re-run redoes nothing, a changed file only its disclosure; the dask engine gives
the same statuses and the same dataset rows."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnbudget.batch.engine import Settings, read_manifest, run_batch
from cnbudget.cli.main import app

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
PAIR = ("bj-xinfang-ban-2026-budget-tables.pdf", "bj-xinfang-ban-2026-budget-text.pdf")
SEED = REPO / "examples" / "lulong-2023-budget.txt"
SETTINGS = Settings(timeout=240, memory_mb=2000)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    root = tmp_path_factory.mktemp("batch") / "in"
    (root / "beijing").mkdir(parents=True)
    for name in PAIR:
        shutil.copyfile(CORPUS / name, root / "beijing" / name)
    (root / "hebei").mkdir()
    shutil.copyfile(SEED, root / "hebei" / SEED.name)
    shutil.copyfile(SEED, root / "hebei" / "copy-of-lulong.txt")  # a duplicate
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    return root


@pytest.fixture(scope="module")
def first(tree: Path) -> tuple[Path, str]:
    out = tree.parent / "out"
    result = CliRunner().invoke(app, ["batch", str(tree), "-o", str(out), "--jobs", "2",
                                      "--timeout", "240"])
    return out, result.output


def _statuses(out: Path) -> dict[str, str]:
    return {i: r["status"] for i, r in read_manifest(out).items()}


def test_disclosures_grouped_by_content_and_statuses(first: tuple[Path, str]) -> None:
    out, output = first
    records = read_manifest(out)
    assert set(records) == {"bj-xinfang-ban-2026-budget-tables", "broken",
                            "copy-of-lulong"}, output
    pair = records["bj-xinfang-ban-2026-budget-tables"]
    assert [Path(i["path"]).name for i in pair["inputs"]] == list(PAIR)  # tables first
    assert "(content)" in output and "duplicate:" in output
    lulong = records["copy-of-lulong"]
    assert [Path(d).name for d in lulong["duplicates"]] == [SEED.name]
    assert records["broken"]["status"] == "refused"
    assert "broken.pdf" in records["broken"]["reason"]
    for r in (pair, lulong):
        assert r["status"] in ("ok", "invalid")
        assert (out / r["package"] / "datapackage.json").is_file()
        report = json.loads((out / r["report"]).read_text(encoding="utf-8"))
        assert report["summary"]["error"] == r["counts"]["error"]
        assert r["status"] == ("invalid" if r["counts"]["error"] else "ok")
        assert r["versions"]["toolkit"] and len(r["key"]) == 64
    assert lulong["region_code"] == "130324" and lulong["fiscal_year"] == 2023
    assert pair["department"] == "北京市信访办公室" and pair["region_code"] == "110000"
    # the pair's package holds the tables and the 说明's text
    with (out / pair["package"] / "text_sections.csv").open(encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) > 3
    # every finding of every report is a row of findings.csv
    with (out / "findings.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in (pair, lulong):
        n = len(json.loads((out / r["report"]).read_text(encoding="utf-8"))["findings"])
        assert sum(1 for row in rows if row["package_id"] == r["id"]) == n
    with (out / "summary.csv").open(encoding="utf-8") as fh:
        assert {row["id"]: row["status"] for row in csv.DictReader(fh)} == _statuses(out)
    if importlib.util.find_spec("cnbudget.review") is not None:  # the HTML review
        assert (out / "summary.html").is_file()
        for r in (pair, lulong):
            assert (out / "reports" / f"{r['id']}.html").is_file()


def test_dataset_pools_every_row_with_exact_amounts(first: tuple[Path, str]) -> None:
    import duckdb
    import pandas as pd
    import pyarrow.parquet as pq

    out, _ = first
    records = read_manifest(out)
    table = pq.read_table(out / "dataset" / "budget_summary.parquet")
    assert str(table.schema.field("amount").type).startswith("decimal128(38,")
    assert str(table.schema.field("function_code").type) == "string"
    frame = pd.read_parquet(out / "dataset" / "budget_summary.parquet")
    for ident in ("bj-xinfang-ban-2026-budget-tables", "copy-of-lulong"):
        with (out / records[ident]["package"] / "budget_summary.csv").open(
                encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        mine = frame[frame["package_id"] == ident]
        assert len(mine) == len(rows)
        assert sum(Decimal(r["amount"]) for r in rows if r["amount"]) == \
            sum(a for a in mine["amount"] if a is not None)
        assert set(mine["region_code"]) == {records[ident]["region_code"]}
    counted = duckdb.sql(f"select package_id, count(*) from "
                         f"'{out / 'dataset' / 'budget_summary.parquet'}' group by 1"
                         ).fetchall()
    assert dict(counted) == frame.groupby("package_id").size().to_dict()
    # the dataset is what cnbudget.read_many gives an analyst, resource by resource
    from cnbudget import reader

    pkgs = []
    for ident, r in sorted(records.items()):
        if r.get("package") and r.get("status") in ("ok", "invalid"):
            p = reader.read(out / r["package"])
            p.descriptor = {**p.descriptor, "name": ident}
            pkgs.append(p)
    pooled = reader.PackageSet(pkgs)
    written = sorted(p.stem for p in (out / "dataset").glob("*.parquet"))
    assert written == sorted(pooled.names)
    for name in written:
        got = pq.read_table(out / "dataset" / f"{name}.parquet")
        want = reader.to_arrow(pooled.table(name))
        assert got.schema.names == want.schema.names, name
        assert got.to_pylist() == want.to_pylist(), name


def test_rerun_redoes_nothing_and_a_changed_file_only_its_disclosure(
        tree: Path, first: tuple[Path, str]) -> None:
    out, _ = first
    before = read_manifest(out)
    again = run_batch([tree], out, settings=SETTINGS, jobs=2)
    assert again.ran == [] and sorted(again.reused) == sorted(before)
    assert read_manifest(out) == before
    seed = tree / "hebei" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = run_batch([tree], out, settings=SETTINGS, jobs=2)
    after = read_manifest(out)
    # the copy is no longer identical: a second Lulong disclosure, the only one done
    assert changed.ran == ["lulong-2023-budget"]
    assert after["copy-of-lulong"]["key"] == before["copy-of-lulong"]["key"]
    assert after["copy-of-lulong"]["duplicates"] == []
    assert after["bj-xinfang-ban-2026-budget-tables"] == \
        before["bj-xinfang-ban-2026-budget-tables"]
    assert after["broken"] == before["broken"]
    seed.write_text(seed.read_text(encoding="utf-8")[:-1], encoding="utf-8")


def test_dask_engine_gives_the_same_statuses_and_rows(tree: Path,
                                                      first: tuple[Path, str]) -> None:
    pytest.importorskip("distributed")
    import pyarrow.parquet as pq

    out, _ = first
    local = run_batch([tree], out, settings=SETTINGS, jobs=2)  # the tree as it is now
    other = tree.parent / "out-dask"
    # the files' grouping parts (read by the local run) are given to the dask run, so that
    # it converts each disclosure once: the grouping is not what is compared here
    shutil.copytree(out / ".cnbudget-batch" / "parts", other / ".cnbudget-batch" / "parts")
    result = CliRunner().invoke(app, ["batch", str(tree), "-o", str(other), "--jobs", "2",
                                      "--engine", "dask", "--timeout", "240"])
    assert result.exit_code == 1, result.output  # the broken file is refused
    assert _statuses(other) == _statuses(local.out)
    for name in ("budget_summary", "text_sections"):
        a = pq.read_table(out / "dataset" / f"{name}.parquet").to_pylist()
        b = pq.read_table(other / "dataset" / f"{name}.parquet").to_pylist()
        assert a == b


def test_previous_folder_is_reused(tree: Path, first: tuple[Path, str]) -> None:
    out, _ = first
    run_batch([tree], out, settings=SETTINGS, jobs=2)
    fresh = tree.parent / "out-previous"
    result = run_batch([tree], fresh, settings=SETTINGS, jobs=2, previous=out)
    assert result.ran == []
    assert _statuses(fresh) == _statuses(out)
    assert (fresh / "packages" / "bj-xinfang-ban-2026-budget-tables" /
            "datapackage.json").is_file()


def test_dataset_pools_apart_only_a_resource_typed_differently(tmp_path: Path) -> None:
    """Two packages typing one field of one resource differently: that resource alone is
    pooled by pyarrow (the field as a string); every other is the reader's."""
    import pyarrow.parquet as pq

    from cnbudget import reader
    from cnbudget.batch.dataset import write_dataset

    reference = Path(__file__).resolve().parents[2] / "datapackages" / "130324-201-2023-budget"
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(reference, a)
    shutil.copytree(reference, b)
    desc = json.loads((b / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "budget_summary")
    next(f for f in res["schema"]["fields"] if f["name"] == "line")["type"] = "string"
    (b / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    files = write_dataset(tmp_path / "dataset", [("a", a), ("b", b)])
    assert sorted(f.stem for f in files) == sorted(reader.read(a).resources)
    apart = pq.read_table(tmp_path / "dataset" / "budget_summary.parquet")
    assert str(apart.schema.field("line").type) == "string"
    assert "amount_unit" not in apart.schema.names  # pyarrow's reading
    assert str(apart.schema.field("amount").type).startswith("decimal128(38,")
    lines = [r["line"] for r in csv.DictReader((a / "budget_summary.csv").open(
        encoding="utf-8"))]
    assert apart.column("line").to_pylist() == [v or None for v in lines * 2]
    pkgs = [reader.read(a), reader.read(b)]
    for p, ident in zip(pkgs, ("a", "b"), strict=True):
        p.descriptor = {**p.descriptor, "name": ident}
    pooled = reader.PackageSet(pkgs)
    others = [n for n in pooled.names if n != "budget_summary"]
    assert "general_budget_expenditure" in others
    for name in others:
        got = pq.read_table(tmp_path / "dataset" / f"{name}.parquet")
        assert got.to_pylist() == reader.to_arrow(pooled.table(name)).to_pylist(), name
