"""cnbudget catalog: the DCAT-AP records conform to the DCAT-AP 3.0.1 SHACL shapes (and a
record missing a title does not), the DataCite record validates against DataCite's 4.5 JSON
schema, the schema.org record has what Google Dataset Search reads, CITATION.cff is valid,
the GB/T 21063.3 mapping is complete, and every checksum is that of the file published."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cnbudget.catalog import dcat, gbt21063, schemaorg, write_catalog
from cnbudget.catalog.record import load
from cnbudget.cli.main import app
from cnbudget.converters import Options, convert
from cnbudget.package import PackageError, write_package
from tests.converters.corpus import files

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "datapackages" / "130324-201-2023-budget"
SHAPES = ROOT.parent / "shared" / "standards" / "dcat-ap-3.0.1" / "dcat-ap-SHACL.ttl"
BASE = "https://data.example.org/cnbudget/"


def _shacl(graph: Any) -> tuple[bool, str]:
    if not SHAPES.exists():
        pytest.skip(f"DCAT-AP shapes {SHAPES} absent")
    import pyshacl
    from rdflib import Graph

    conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES))
    return bool(conforms), str(text)


@pytest.fixture(scope="module")
def beijing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Beijing's 信访办 2026 budget: 报表 and 说明 published as two files, converted together."""
    paths = files("bj-xinfang-ban-2026-budget-tables")
    assert len(paths) == 2
    disclosure = convert(paths, Options(self_check=False))
    return write_package(disclosure, tmp_path_factory.mktemp("bj") / disclosure.package_name)


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A series built from the reference package: copies with the fiscal year (and the name,
    which carries it) changed to 2021, 2022 and 2023; the data are the reference's."""
    out = []
    base = tmp_path_factory.mktemp("series")
    for year in (2021, 2022, 2023):
        name = f"130324-201-{year}-budget"
        target = base / name
        shutil.copytree(REFERENCE, target)
        desc = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
        desc["name"], desc["fiscal_year"] = name, year
        (target / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False),
                                                 encoding="utf-8")
        out.append(target)
    return out


def test_reference_dataset_conforms_to_dcat_ap() -> None:
    record = load(REFERENCE, BASE)
    g = dcat.graph([record])
    conforms, text = _shacl(g)
    assert conforms, text
    ds = dcat.dataset_iri(record)
    from rdflib.namespace import DCAT, DCTERMS

    dists = list(g.objects(ds, DCAT.distribution))
    assert len(dists) == len(record.descriptor["resources"]) + 1  # one per resource + zip
    langs = {o.language for o in g.objects(ds, DCTERMS.title)}
    assert langs == {"zh", "en"}
    # a record missing its title is caught: the shapes are really applied
    g.remove((ds, DCTERMS.title, None))
    conforms, text = _shacl(g)
    assert not conforms and "title" in text


def test_dataset_has_every_property_the_issue_names() -> None:
    """The shapes require few of them: each property of the record is checked here, with
    its value taken from the package (and each checksum and size from the file)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

    from cnbudget import standard

    record = load(REFERENCE, BASE)
    g = dcat.graph([record])
    ds = dcat.dataset_iri(record)
    pub = record.publisher

    def langs(prop: URIRef) -> set[str | None]:
        return {o.language for o in g.objects(ds, prop)}

    assert langs(DCTERMS.title) == langs(DCTERMS.description) == {"zh", "en"}
    agent = g.value(ds, DCTERMS.publisher)
    assert (agent, RDF.type, FOAF.Agent) in g
    assert str(g.value(agent, FOAF.name)) == pub["department_name"]
    spatial = g.value(ds, DCTERMS.spatial)
    assert str(g.value(spatial, DCTERMS.identifier)) == pub["region_code"]
    period = g.value(ds, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) == f"{record.year}-01-01"
    assert str(g.value(period, DCAT.endDate)) == f"{record.year}-12-31"
    assert g.value(ds, DCAT.theme) is not None
    assert {k.language for k in g.objects(ds, DCAT.keyword)} == {"zh", "en"}
    assert URIRef(standard.profile_id()) in set(g.objects(ds, DCTERMS.conformsTo))
    assert g.value(ds, DCTERMS.identifier) == Literal(record.id)
    assert g.value(ds, DCTERMS.issued) is not None and g.value(ds, DCTERMS.modified) is not None
    assert g.value(ds, DCAT.contactPoint) is not None
    files = {record.url(f.path): f for f in [*record.files, record.zip]}
    dists = list(g.objects(ds, DCAT.distribution))
    assert len(dists) == len(record.descriptor["resources"]) + 1
    for d in dists:
        url = str(g.value(d, DCAT.downloadURL))
        assert str(g.value(d, DCAT.accessURL)) == url and url.startswith(BASE)
        info = files[url]
        assert str(g.value(d, DCAT.mediaType)).endswith(info.media_type)
        assert int(g.value(d, DCAT.byteSize)) == info.size
        checksum = g.value(d, dcat.SPDX.checksum)
        assert g.value(checksum, dcat.SPDX.algorithm) == dcat.SHA256
        assert str(g.value(checksum, dcat.SPDX.checksumValue)) == info.sha256
        assert g.value(d, DCTERMS.license) is not None
    zip_url = record.url(record.zip.path)
    assert zip_url in {str(g.value(d, DCAT.downloadURL)) for d in dists}
    assert hashlib.sha256(record.zip_data).hexdigest() == files[zip_url].sha256


def test_two_file_disclosure_conforms(beijing: Path) -> None:
    record = load(beijing, BASE)
    assert len(record.descriptor["source"]["files"]) == 2
    conforms, text = _shacl(dcat.graph([record]))
    assert conforms, text


def test_series_of_three_years_conforms(three_years: list[Path]) -> None:
    from rdflib.namespace import RDF

    records = [load(p, BASE) for p in three_years]
    g = dcat.graph(records)
    DCAT = dcat.DCAT3  # inSeries, first, last are DCAT 3 terms
    conforms, text = _shacl(g)
    assert conforms, text
    series = list(g.subjects(RDF.type, DCAT.DatasetSeries))
    assert len(series) == 1
    members = set(g.subjects(DCAT.inSeries, series[0]))
    assert members == {dcat.dataset_iri(r) for r in records}
    assert g.value(series[0], DCAT.first) == dcat.dataset_iri(records[0])
    assert g.value(series[0], DCAT.last) == dcat.dataset_iri(records[2])


def test_catalog_cli_writes_every_record_and_checksums_match(three_years: list[Path],
                                                             tmp_path: Path) -> None:
    out = tmp_path / "cat"
    result = CliRunner().invoke(app, ["catalog", *map(str, three_years), "-o", str(out),
                                      "--base-url", BASE.rstrip("/"), "--doi-prefix", "10.5281"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / three_years[0].name / "datacite.json").read_text(
        encoding="utf-8"))["doi"] == f"10.5281/cnbudget.{three_years[0].name}"
    assert "3 datasets, 1 series" in result.output
    for p in three_years:
        folder = out / p.name
        for name in ("dcat.ttl", "dcat.jsonld", "schema.jsonld", "datacite.json",
                     "CITATION.cff", "gbt21063.json", "gbt21063.csv", f"{p.name}.zip"):
            assert (folder / name).is_file(), name
        zdata = (folder / f"{p.name}.zip").read_bytes()
        sch = json.loads((folder / "schema.jsonld").read_text(encoding="utf-8"))
        zdist = sch["distribution"][0]
        assert zdist["contentUrl"] == f"{BASE}{p.name}/{p.name}.zip"
        assert zdist["sha256"] == hashlib.sha256(zdata).hexdigest()
        for d in sch["distribution"][1:]:
            rel = d["contentUrl"].removeprefix(f"{BASE}{p.name}/")
            assert (folder / rel).read_bytes() == (p / rel).read_bytes()  # published copy
            assert d["sha256"] == hashlib.sha256((folder / rel).read_bytes()).hexdigest()
    assert (out / "series" / "130324-201-department_budget" / "dcat.ttl").is_file()
    from rdflib import Graph

    g = Graph().parse(out / "dcat.jsonld", format="json-ld")
    assert len(g) == len(Graph().parse(out / "dcat.ttl"))
    # the output is not overwritten unless asked, and a bad package is named
    again = CliRunner().invoke(app, ["catalog", str(three_years[0]), "-o", str(out)])
    assert again.exit_code == 2 and "exists" in again.output
    missing = CliRunner().invoke(app, ["catalog", str(tmp_path / "nope"), "-o",
                                       str(tmp_path / "c2")])
    assert missing.exit_code == 2 and "nope" in missing.output
    assert not (tmp_path / "c2").exists()


def test_default_urls_point_into_the_output_folder(tmp_path: Path) -> None:
    from urllib.parse import unquote, urlparse

    out = tmp_path / "cat"
    write_catalog([REFERENCE], out)
    sch = json.loads((out / REFERENCE.name / "schema.jsonld").read_text(encoding="utf-8"))
    for d in sch["distribution"]:
        url = urlparse(d["contentUrl"])
        assert url.scheme == "file"
        data = Path(unquote(url.path)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == d["sha256"]


def test_schema_org_has_what_dataset_search_reads(beijing: Path) -> None:
    for folder in (REFERENCE, beijing):
        record = load(folder, BASE)
        d = schemaorg.dataset(record)
        assert d["@type"] == "Dataset" and d["@context"] == "https://schema.org/"
        for key in ("name", "description", "url", "identifier", "license", "creator",
                    "publisher", "spatialCoverage", "temporalCoverage", "variableMeasured",
                    "distribution", "isBasedOn"):
            assert d[key], key
        assert 50 <= len(d["description"]) <= 5000
        assert d["temporalCoverage"] == f"{record.year}-01-01/{record.year}-12-31"
        assert d["spatialCoverage"]["identifier"]["value"] == record.publisher["region_code"]
        assert all(x["@type"] == "DataDownload" and x["contentUrl"].startswith(BASE)
                   and x["encodingFormat"] for x in d["distribution"])
        assert [s["sha256"] for s in d["isBasedOn"]] == \
            [f["sha256"] for f in record.descriptor["source"]["files"]]
        units = {v["unitText"] for v in d["variableMeasured"]}
        assert units == {record.descriptor["unit"]} or units <= {"元", "万元"}


def test_datacite_record_validates_against_datacite_4_5(beijing: Path) -> None:
    import importlib.resources

    import jsonschema

    from cnbudget.catalog import datacite

    schema = json.loads((importlib.resources.files("datacite") / "schemas" /
                         "datacite-v4.5.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema,
                                                format_checker=jsonschema.FormatChecker())
    for folder in (REFERENCE, beijing):
        record = load(folder, BASE)
        meta = datacite.metadata(record)
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(meta)]
        assert not errors, errors
        assert meta["types"]["resourceTypeGeneral"] == "Dataset"
        sources = [r for r in meta["relatedIdentifiers"] if r["relationType"] == "IsDerivedFrom"]
        assert len(sources) == len(record.descriptor["source"]["files"])
    # the schema catches a record without creators
    bad = dict(meta)
    del bad["creators"]
    assert list(validator.iter_errors(bad))
    # with the publisher's DataCite prefix the record names the DOI to mint
    assert "doi" not in meta
    minted = datacite.metadata(load(REFERENCE, BASE, "10.5281"))
    assert minted["doi"] == "10.5281/cnbudget.130324-201-2023-budget"
    assert (minted["prefix"], minted["suffix"]) == ("10.5281", "cnbudget.130324-201-2023-budget")
    assert not [e.message for e in validator.iter_errors(minted)]
    with pytest.raises(PackageError, match="DOI prefix"):
        load(REFERENCE, BASE, "5281")


def test_gbt21063_mapping_is_complete_and_filled() -> None:
    m = gbt21063.mapping()
    ids = [e["id"] for e in m["elements"]]
    assert sorted(ids) == sorted(gbt21063.VALUES)
    assert sum(e["obligation"] == "M" for e in m["elements"]) == 6
    assert sum(e["obligation"] == "O" for e in m["elements"]) == 6
    names = {e["name"] for e in m["elements"]}
    assert {"信息资源名称", "信息资源摘要", "信息资源提供方", "信息资源分类", "信息资源标识符",
            "元数据标识符", "在线资源链接地址", "服务信息", "元数据维护方",
            "元数据更新日期"} <= names
    record = load(REFERENCE, BASE)
    out = gbt21063.record(record)
    assert all(e["value"] for e in out["elements"])
    values = {e["id"]: e["value"] for e in out["elements"]}
    assert values["resource_identifier"] == "130324-201-2023-budget"
    assert values["online_resource"] == f"{BASE}130324-201-2023-budget/130324-201-2023-budget.zip"
    lines = gbt21063.csv_text(record).splitlines()
    assert len(lines) == 1 + len(ids)
    # what the mapping cannot give is said with the value: a GB/T 21063.4 class and a
    # GB/T 21063.5 identifier are the catalogue's to assign; what is verified is in `basis`
    notes = {e["id"]: e.get("note", "") for e in out["elements"]}
    assert "GB/T 21063.4" in notes["resource_category"]
    assert "GB/T 21063.5" in notes["resource_identifier"]
    assert "not verified" in out["basis"] and "6 mandatory, 6 optional" in out["basis"]
    assert sum(1 for n in notes.values() if n) == 3
    assert gbt21063.csv_text(record).splitlines()[0].split(",")[4] == "name_seen_in"


def test_gbt21063_names_seen_are_in_their_sources() -> None:
    # an element's name_seen_in names a source whose `shows` prints that name (a source that
    # was consulted, with its address); the export carries the sources and which name is seen
    m = gbt21063.mapping()
    sources = {s["id"]: s for s in m["sources"]}
    assert all(s["urls"] and all(u.startswith("http") for u in s["urls"])
               for s in sources.values())
    seen = 0
    for e in m["elements"]:
        for sid in e["name_seen_in"]:
            assert e["name"] in sources[sid]["shows"], (e["id"], sid)
            seen += 1
    assert seen == 8  # DB37/T 2885-2016's table of contents: 8 of the 12 names
    out = gbt21063.record(load(REFERENCE, BASE))
    assert [s["id"] for s in out["sources"]] == list(sources)
    assert [e["name_seen_in"] for e in out["elements"]] == \
        [e["name_seen_in"] for e in m["elements"]]


def _cffconvert(tmp: Path) -> Path:
    """cffconvert 2.0.0 in a throwaway venv (it pins jsonschema<4, which this project cannot
    take); skipped when the package index cannot be reached."""
    env = tmp / "venv"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    proc = subprocess.run([py, "-m", "pip", "install", "-q", "cffconvert==2.0.0"],
                          capture_output=True, text=True, timeout=240)
    if proc.returncode:
        pytest.skip(f"cffconvert 2.0.0 not installable here: {proc.stderr[-300:]}")
    return env / "bin" / "cffconvert"


def test_citation_cff_is_valid_for_cffconvert(tmp_path: Path) -> None:
    from cnbudget.catalog import cff

    record = load(REFERENCE, BASE)
    text = cff.text(record)
    data = yaml.safe_load(text)
    assert data["cff-version"] == "1.2.0" and data["type"] == "dataset"
    assert data["authors"] == [{"name": record.publisher["department_name"]}]
    target = tmp_path / "CITATION.cff"
    target.write_text(text, encoding="utf-8")
    tool = _cffconvert(tmp_path)
    ok = subprocess.run([tool, "--validate", "-i", target], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    with_doi = tmp_path / "doi.cff"
    with_doi.write_text(cff.text(load(REFERENCE, BASE, "10.5281")), encoding="utf-8")
    assert yaml.safe_load(with_doi.read_text(encoding="utf-8"))["doi"] == \
        "10.5281/cnbudget.130324-201-2023-budget"
    ok = subprocess.run([tool, "--validate", "-i", with_doi], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.cff"
    broken.write_text(text.replace("type: dataset", "type: spreadsheet"), encoding="utf-8")
    bad = subprocess.run([tool, "--validate", "-i", broken], capture_output=True, text=True)
    assert bad.returncode != 0


def test_record_refuses_a_folder_that_is_not_a_package(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(PackageError, match="no 'fiscal_year'"):
        write_catalog([tmp_path], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_import_cli_does_not_import_rdflib() -> None:
    code = "import sys, cnbudget.cli.catalog; assert 'rdflib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_gbt21063_docs_page_lists_every_element() -> None:
    page = (ROOT / "docs" / "guides" / "catalog.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines()
            if line.startswith("| ") and (" | M | " in line or " | O | " in line)]
    for e in gbt21063.mapping()["elements"]:
        row = f"| {e['name']} | {e['name_en']} | {e['obligation']} | {e['source']} |"
        seen = ", ".join(e["name_seen_in"]) or "—"
        assert any(r.startswith(row) and r.endswith(f"| {seen} |") for r in rows), \
            f"docs/guides/catalog.md: {e['name']}"
    assert len(rows) == len(gbt21063.mapping()["elements"])
