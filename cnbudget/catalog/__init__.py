"""Catalogue records of packages (``cnbudget catalog``): DCAT-AP 3.0.1 (Turtle and
JSON-LD), schema.org Dataset JSON-LD, DataCite 4.5 JSON, CITATION.cff and the GB/T 21063.3
core metadata, for each package and for each department's packages over the years.

Output folder layout::

    DIR/dcat.ttl, DIR/dcat.jsonld            every dataset and series together
    DIR/<package>/dcat.ttl, dcat.jsonld      the package's dataset (and its series link)
    DIR/<package>/schema.jsonld              schema.org Dataset
    DIR/<package>/datacite.json              DataCite metadata
    DIR/<package>/CITATION.cff
    DIR/<package>/gbt21063.json, .csv        GB/T 21063.3 core metadata
    DIR/<package>/<package>.zip              the reproducible zip the checksums describe
    DIR/<package>/datapackage.json, *.csv    copies of the package's files

so DIR can be published as it is at the base URL.
    DIR/series/<key>/dcat.ttl, dcat.jsonld   a department's series (two or more years)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cnbudget.atomic import write_folder
from cnbudget.catalog.record import Record, load

__all__ = ["Record", "catalogue_files", "load", "schema_org", "write_catalog"]

JSONLD_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#", "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def schema_org(package: str | Path, base_url: str = "") -> dict[str, Any]:
    """The schema.org Dataset JSON-LD of a package folder, as a dict (for embedding)."""
    from cnbudget.catalog import schemaorg

    return schemaorg.dataset(load(Path(package),
                                  base_url or default_base(Path(package).resolve().parent)))


def catalogue_files(package: str | Path, base_url: str) -> dict[str, tuple[str, str, str]]:
    """The catalogue records of one package as file name → (text, link title, media type),
    for pages that publish them beside the package (``cnbudget site``)."""
    from cnbudget.catalog import cff, datacite, dcat, gbt21063, schemaorg

    r = load(Path(package), base_url)
    g = dcat._graph()
    dcat.add_dataset(g, r)
    return {
        "dcat.ttl": (g.serialize(format="turtle"), "DCAT-AP 3.0.1 (Turtle)", "text/turtle"),
        "dcat.jsonld": (g.serialize(format="json-ld", context=JSONLD_CONTEXT,
                                    auto_compact=True) + "\n",
                        "DCAT-AP 3.0.1 (JSON-LD)", "application/ld+json"),
        "schema.jsonld": (_json(schemaorg.dataset(r)), "schema.org Dataset",
                          "application/ld+json"),
        "datacite.json": (_json(datacite.metadata(r)), "DataCite 4.5", "application/json"),
        "CITATION.cff": (cff.text(r), "引用 / CITATION.cff", "application/x-yaml"),
        "gbt21063.json": (_json(gbt21063.record(r)), "GB/T 21063.3 核心元数据 / core metadata",
                          "application/json"),
    }


def default_base(folder: Path) -> str:
    """Without a base URL the records point at ``folder`` on disk (a ``file:`` URL)."""
    return Path(folder).resolve().as_uri() + "/"


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def records(packages: Iterable[Path], base_url: str, doi_prefix: str | None = None
            ) -> list[Record]:
    out = [load(Path(p), base_url, doi_prefix) for p in packages]
    seen: dict[str, Path] = {}
    for r in out:
        if r.id in seen:
            from cnbudget.package import PackageError

            raise PackageError(f"{r.folder}: package {r.id!r} given twice (also {seen[r.id]})")
        seen[r.id] = r.folder
    return out


def write_catalog(packages: Iterable[Path], target: Path, *, base_url: str | None = None,
                  overwrite: bool = False, doi_prefix: str | None = None) -> list[Record]:
    """Write the records of ``packages`` into folder ``target`` (atomically). With
    ``doi_prefix`` the DataCite record names the DOI to mint (``<prefix>/cnbudget.<name>``)
    and CITATION.cff cites it."""
    from cnbudget.catalog import cff, datacite, dcat, gbt21063, schemaorg

    recs = records(packages, base_url or default_base(Path(target)), doi_prefix)

    def dump(g: Any, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "dcat.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
        (folder / "dcat.jsonld").write_text(
            g.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True) + "\n",
            encoding="utf-8")

    def write(tmp: Path) -> None:
        dump(dcat.graph(recs), tmp)
        groups = dcat.series_groups(recs)
        in_series = {r.id: g for g in groups for r in g}
        for r in recs:
            folder = tmp / r.id
            g = dcat._graph()
            dcat.add_dataset(g, r)
            if r.id in in_series:
                dcat.add_series(g, in_series[r.id])
            dump(g, folder)
            (folder / "schema.jsonld").write_text(_json(schemaorg.dataset(r)), encoding="utf-8")
            (folder / "datacite.json").write_text(_json(datacite.metadata(r)), encoding="utf-8")
            (folder / "CITATION.cff").write_text(cff.text(r), encoding="utf-8")
            (folder / "gbt21063.json").write_text(_json(gbt21063.record(r)), encoding="utf-8")
            (folder / "gbt21063.csv").write_text(gbt21063.csv_text(r), encoding="utf-8")
            (folder / r.zip.path).write_bytes(r.zip_data)
            for f in r.files:
                (folder / f.path).parent.mkdir(parents=True, exist_ok=True)
                (folder / f.path).write_bytes((r.folder / f.path).read_bytes())
        for group in groups:
            g = dcat._graph()
            dcat.add_series(g, group)
            for r in group:
                dcat.add_dataset(g, r)
            dump(g, tmp / "series" / group[0].series_key)

    write_folder(Path(target), write, overwrite=overwrite)
    return recs
