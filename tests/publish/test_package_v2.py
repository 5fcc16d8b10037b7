"""Descriptors are Data Package v2 that frictionless 5 reads and validates as v2, and the
package zip is reproducible: the same package gives the same bytes, whatever the files'
dates and permissions on disk."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from frictionless import Package, validate

import cnbudget
from cnbudget import standard
from cnbudget.package import PackageError, write_zip, zip_bytes

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "datapackages" / "130324-201-2023-budget"
EXPECTED = ROOT / "tests" / "fixtures" / "expected"
V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
PACKAGES = [REFERENCE, *sorted(p for p in EXPECTED.iterdir() if p.is_dir())]


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_descriptor_is_data_package_v2(folder: Path) -> None:
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["$schema"] == V2 == standard.datapackage_profile()
    assert desc["standard"]["profile"] == standard.profile_id()
    assert all(r["type"] == "table" for r in desc["resources"])
    assert desc["contributors"] == [{"title": desc["publisher"]["department_name"],
                                     "roles": ["publisher"]}]
    assert Package.effective_datapackage_version(desc, None) == "v2"


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_frictionless_reads_and_validates_every_package(folder: Path) -> None:
    """frictionless 5 validates each package (descriptor and data) as the v2 it declares."""
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_frictionless_validates_the_reference_as_v2(tmp_path: Path) -> None:
    report = validate(str(REFERENCE / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    # and still checks the data against the v2 descriptor's schemas: a non-number amount
    copy = tmp_path / "copy"
    shutil.copytree(REFERENCE, copy)
    text = (copy / "budget_summary.csv").read_text(encoding="utf-8")
    (copy / "budget_summary.csv").write_text(text.replace("686.71", "686.7l", 1),
                                             encoding="utf-8")
    bad = validate(str(copy / "datapackage.json"))
    assert not bad.valid
    assert ["type-error"] in bad.flatten(["type"])


def test_zip_is_reproducible(tmp_path: Path) -> None:
    first = zip_bytes(REFERENCE)
    copy = tmp_path / "copy"
    shutil.copytree(REFERENCE, copy)
    for i, f in enumerate(sorted(copy.iterdir())):
        os.utime(f, (1_000_000 + i, 2_000_000_000 - i))
        f.chmod(0o600 if i % 2 else 0o755)
    assert zip_bytes(copy) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert all(i.external_attr >> 16 == 0o100644 for i in infos)
        assert all(n.startswith("130324-201-2023-budget/") for n in names)
    target = write_zip(REFERENCE, tmp_path / "p.zip")
    assert target.read_bytes() == first
    with pytest.raises(FileExistsError):
        write_zip(REFERENCE, target)
    # the zip reads back as the package
    a, b = cnbudget.read(REFERENCE), cnbudget.read(target)
    assert all(a.tables[n].equals(b.tables[n]) for n in a.tables)
    # a change in any file changes the bytes
    (copy / "glossary.csv").write_text((copy / "glossary.csv").read_text(encoding="utf-8")
                                       + "\n", encoding="utf-8")
    assert zip_bytes(copy) != first
    (copy / "glossary.csv").unlink()
    with pytest.raises(PackageError, match=r"glossary.*missing"):
        zip_bytes(copy)
