"""The user cache of the standard's parsed YAML files (cnbudget.parsecache): what it returns
is exactly what PyYAML parses, types and key order included; an edited file is parsed
again; a damaged entry or a folder that cannot be written costs only the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from cnbudget import parsecache, standard

REPO = Path(__file__).resolve().parents[2]


def _parsed(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNBUDGET_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "standard"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@pytest.mark.parametrize("name", ["catalogue.yaml", "conversion.yaml", "severity_policy.yaml"])
def test_the_standards_yaml_comes_back_from_the_cache_exactly(cache: Path, name: str) -> None:
    path = standard.schema_dir() / "rules" / name
    first = parsecache.load(path)
    assert len(_entries(cache)) == 1
    again = parsecache.load(path)
    assert parsecache.same(first, _parsed(path))
    assert parsecache.same(again, _parsed(path))


def test_the_catalogues_integer_key_stays_an_integer(cache: Path) -> None:
    """rules[103].example.data has the key 853 (an int): JSON alone would make it "853"."""
    path = standard.schema_dir() / "rules" / "catalogue.yaml"
    parsecache.load(path)
    data = parsecache.load(path)  # from the entry
    keys = [k for rule in data["rules"] for k in (rule.get("example") or {}).get("data") or {}
            if isinstance((rule.get("example") or {}).get("data"), dict)]
    assert 853 in keys and "853" not in keys


def test_types_and_tags_survive(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "t.yaml"
    src.write_text("a: 1\nb: 1.0\nc: true\nd: null\ne: 2024-01-02\n7: seven\n"
                   "\"\\0map\": [x]\nf: .nan\ng: {1: {2: [3, 4.5, false]}}\n", encoding="utf-8")
    parsecache.load(src)
    data = parsecache.load(src)
    assert parsecache.same(data, _parsed(src))
    assert type(data["a"]) is int and type(data["b"]) is float and data["c"] is True
    assert data["e"] == date(2024, 1, 2) and data[7] == "seven" and data["\0map"] == ["x"]
    assert list(data) == list(_parsed(src))  # type: ignore[call-overload]


def test_same_is_strict() -> None:
    assert not parsecache.same({"a": 1}, {"a": 1.0})
    assert not parsecache.same({"a": 1}, {"a": True})
    assert not parsecache.same({1: "x"}, {"1": "x"})
    assert not parsecache.same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert parsecache.same([float("nan")], [float("nan")])


def test_an_edited_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "t.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.load(src) == {"a": 1}
    src.write_text("a: 2\n", encoding="utf-8")
    assert parsecache.load(src) == {"a": 2}
    assert len(_entries(cache)) == 2


def test_a_damaged_entry_is_ignored_and_rewritten(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "t.yaml"
    src.write_text("a: [1, 2]\n", encoding="utf-8")
    parsecache.load(src)
    (entry,) = _entries(cache)
    entry.write_text('{"format": 1, "sha256": "0"}\n{"a": "forged"}', encoding="utf-8")
    assert parsecache.load(src) == {"a": [1, 2]}
    entry.write_text("not json", encoding="utf-8")
    assert parsecache.load(src) == {"a": [1, 2]}
    assert parsecache.load(src) == {"a": [1, 2]}
    assert "forged" not in entry.read_text(encoding="utf-8")


def test_an_unwritable_cache_falls_back_to_parsing(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")  # a file where the folder should be
    monkeypatch.setenv("CNBUDGET_CACHE_DIR", str(blocker))
    src = tmp_path / "t.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.load(src) == {"a": 1}
    monkeypatch.setenv("CNBUDGET_CACHE_DIR", "")  # off
    assert parsecache.cache_dir() is None
    assert parsecache.load(src) == {"a": 1}


def test_data_json_cannot_keep_is_not_cached(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "t.yaml"
    src.write_text("a: !!binary aGVsbG8=\n", encoding="utf-8")  # bytes
    assert parsecache.load(src) == {"a": b"hello"}
    assert _entries(cache) == []


def test_a_cached_process_does_not_import_yaml(cache: Path) -> None:
    code = ("import sys; from cnbudget import standard; standard.rules(); "
            "standard.conversion_problems(); standard.severity_policy(); "
            "print('yaml' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO, check=True).stdout.strip() for _ in range(2)]
    assert out == ["True", "False"]


def test_codelist_rows_come_back_from_the_cache_exactly(cache: Path) -> None:
    import csv

    path = standard.schema_dir() / "codelists" / "administrative_divisions.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        expected = [dict(r) for r in csv.DictReader(fh)]
    first = parsecache.load_csv(path)
    assert len(_entries(cache)) == 1
    assert parsecache.same(first, expected)
    assert parsecache.same(parsecache.load_csv(path), expected)
