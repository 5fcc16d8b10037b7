"""Batch inputs: unsafe zips are refused without writing outside the output folder, a
package folder is an input of its own, identical files are one input, a mapping file
overrides the grouping and names only inputs."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnbudget.batch.engine import Settings, read_manifest, run_batch
from cnbudget.batch.inputs import (
    InputError,
    MappingError,
    collect,
    extract_zip,
    match_mapping,
    read_mapping,
)
from cnbudget.cli.main import app

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "datapackages" / "130324-201-2023-budget"
SEED = REPO / "examples" / "lulong-2023-budget.txt"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/tmp/evil.txt",
                                  "..\\evil.txt"])
def test_unsafe_zip_is_refused_and_nothing_is_extracted(tmp_path: Path, name: str) -> None:
    archive = _zip(tmp_path / "in.zip", {"ok.txt": b"x", name: b"evil"})
    with pytest.raises(InputError, match="unsafe zip refused"):
        extract_zip(archive, tmp_path / "work" / "z")
    assert not (tmp_path / "work" / "z").exists()
    assert not (tmp_path / "evil.txt").exists()


def test_batch_refuses_a_zip_with_parent_members_and_writes_nothing_outside(
        tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    _zip(inputs / "submission.zip", {"docs/a.txt": b"hello", "../../escaped.txt": b"evil"})
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(app, ["batch", str(inputs), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "unsafe zip refused" in result.output and "'../../escaped.txt'" in result.output
    records = read_manifest(out)
    assert [r["status"] for r in records.values()] == ["refused"]
    assert "submission.zip" in next(iter(records.values()))["reason"]
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not list(tmp_path.rglob("a.txt"))  # nothing of the archive was extracted


def test_a_safe_zip_of_a_package_is_validated_and_pooled(tmp_path: Path) -> None:
    members = {f"pkg/{f.name}": f.read_bytes() for f in REFERENCE.iterdir() if f.is_file()}
    inputs = tmp_path / "in"
    inputs.mkdir()
    _zip(inputs / "packages.zip", members)
    out = tmp_path / "out"
    result = run_batch([inputs], out, settings=Settings(timeout=240), jobs=1)
    (record,) = result.records.values()
    assert record["status"] == "ok", record
    assert record["inputs"][0]["path"].endswith("packages.zip!/pkg")
    assert record["region_code"] == "130324" and record["fiscal_year"] == 2023
    assert (out / record["package"] / "datapackage.json").is_file()
    desc = json.loads((REFERENCE / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        assert (out / "dataset" / f"{res['name']}.parquet").is_file() or \
            (REFERENCE / res["path"]).read_text(encoding="utf-8").count("\n") <= 1


def test_identical_files_are_one_input(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copyfile(SEED, tmp_path / "a" / "one.txt")
    shutil.copyfile(SEED, tmp_path / "a" / "two.txt")
    (tmp_path / "a" / "notes.md").write_text("not a document")
    got = collect([tmp_path / "a"], tmp_path / "work")
    assert [i.path.name for i in got.inputs] == ["one.txt"]
    assert [Path(d).name for d in got.inputs[0].duplicates] == ["two.txt"]
    assert [Path(i).name for i in got.ignored] == ["notes.md"]


def test_mapping_names_inputs_only(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "one.txt")
    (tmp_path / "two.txt").write_text("其他", encoding="utf-8")
    got = collect([tmp_path], tmp_path / "work")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("lulong:\n  - one.txt\n  - two.txt\n", encoding="utf-8")
    matched = match_mapping(read_mapping(mapping), tmp_path, got.inputs)
    assert [i.path.name for i in matched["lulong"]] == ["one.txt", "two.txt"]
    mapping.write_text(json.dumps({"x": ["missing.txt"]}), encoding="utf-8")
    with pytest.raises(MappingError, match=r"missing\.txt"):
        match_mapping(read_mapping(mapping), tmp_path, got.inputs)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"x": "one.txt"}), encoding="utf-8")
    with pytest.raises(MappingError, match="list of files"):
        read_mapping(bad)
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps({"a": ["one.txt"], "b": ["one.txt"]}), encoding="utf-8")
    with pytest.raises(MappingError, match="in both"):
        match_mapping(read_mapping(twice), tmp_path, got.inputs)


def test_a_bad_mapping_file_stops_the_cli_before_any_work(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "one.txt")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"x": ["nowhere.pdf"]}), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "one.txt"), "-o", str(out),
                                      "--mapping", str(mapping)])
    assert result.exit_code == 2
    assert "nowhere.pdf" in result.output
    assert not (out / "manifest.jsonl").exists()


def test_the_output_folder_among_the_inputs_is_not_an_input(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "one.txt")
    (tmp_path / "out" / "packages" / "x").mkdir(parents=True)
    shutil.copyfile(REFERENCE / "datapackage.json",
                    tmp_path / "out" / "packages" / "x" / "datapackage.json")
    got = collect([tmp_path], tmp_path / "out" / ".work", skip=tmp_path / "out")
    assert [i.path.name for i in got.inputs] == ["one.txt"]
