"""What every catalogue record of a package is made from: the descriptor, the files with their
sizes and SHA-256, the reproducible zip, the URLs under a base URL, and the wording of
schema/catalog/catalog.yaml filled in."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cnbudget import standard
from cnbudget.package import (
    PackageError,
    descriptor_path,
    read_descriptor,
    safe_resource_path,
    zip_bytes,
)


@cache
def wording() -> dict[str, Any]:
    """schema/catalog/catalog.yaml."""
    data: dict[str, Any] = yaml.safe_load(
        (standard.schema_dir() / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class FileInfo:
    """One file of the package as distributed."""

    path: str  # relative to the package folder (or the zip's name)
    media_type: str
    size: int
    sha256: str
    resource: str | None = None
    title: str | None = None


@dataclass
class Record:
    """A package ready to be described: ``base_url`` ends with ``/``; the package's files are
    published under ``base_url + id + "/"``."""

    folder: Path
    descriptor: dict[str, Any]
    base_url: str
    files: list[FileInfo]
    zip: FileInfo
    zip_data: bytes = field(repr=False)
    doi_prefix: str | None = None
    """A DataCite prefix (``10.NNNN``) to name the DOI to mint: ``<prefix>/cnbudget.<id>``."""

    @property
    def doi(self) -> str | None:
        return f"{self.doi_prefix}/cnbudget.{self.id}" if self.doi_prefix else None

    @property
    def id(self) -> str:
        return str(self.descriptor["name"])

    @property
    def year(self) -> int:
        return int(self.descriptor["fiscal_year"])

    @property
    def publisher(self) -> dict[str, Any]:
        pub: dict[str, Any] = self.descriptor["publisher"]
        return pub

    @property
    def landing(self) -> str:
        return f"{self.base_url}{self.id}/"

    def url(self, rel: str) -> str:
        return f"{self.landing}{rel}"

    @property
    def kind(self) -> dict[str, str]:
        row = standard.codelist("document_kinds").get(self.descriptor["document_kind"]) or {}
        return {"zh": row.get("title", self.descriptor["document_kind"]),
                "en": row.get("title_en", self.descriptor["document_kind"])}

    @property
    def series_key(self) -> str:
        """One department's packages of one kind over the years share this key."""
        pub = self.publisher
        return f"{pub['region_code']}-{pub['department_code']}-{self.descriptor['document_kind']}"

    def fill(self, text: str, **extra: Any) -> str:
        pub = self.publisher
        files = "、".join(f["name"] for f in self.descriptor["source"].get("files", []))
        values = {"department": pub["department_name"], "region": pub.get("region_name", ""),
                  "province": pub.get("province") or "", "region_code": pub["region_code"],
                  "year": self.year, "kind_zh": self.kind["zh"], "kind_en": self.kind["en"],
                  "tables": sum(1 for f in self.files if f.resource and f.resource !=
                                "provenance"),
                  "unit": self.descriptor.get("unit", ""),
                  "source_title": self.descriptor["source"].get("title") or "", "files": files,
                  **extra}
        if values["province"] == values["region"]:
            values["province"] = ""
        values["place"] = ", ".join(v for v in (values["region"], values["province"]) if v)
        return " ".join(text.split()).format(**values)

    def text(self, key: str, lang: str, **extra: Any) -> str:
        return self.fill(wording()[key][lang], **extra)

    def keywords(self, lang: str) -> list[str]:
        return [self.fill(k) for k in wording()["keywords"][lang]]

    @property
    def issued(self) -> str:
        """The package's ``created`` date-time (ISO 8601, UTC)."""
        return str(self.descriptor["created"])

    @property
    def licence(self) -> dict[str, Any]:
        lic: dict[str, Any] = (self.descriptor.get("licenses") or [{}])[0]
        return lic

    def licence_label(self, lang: str) -> str:
        lic = self.licence
        labels = wording()["licence_labels"].get(lic.get("name"), {})
        return str(labels.get(lang) or lic.get("title") or lic.get("name") or "")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


DOI_PREFIX = re.compile(r"10\.[0-9]{4,9}")


def load(path: Path, base_url: str, doi_prefix: str | None = None) -> Record:
    """A package folder (or its datapackage.json) as a :class:`Record`."""
    if doi_prefix is not None and not DOI_PREFIX.fullmatch(doi_prefix):
        raise PackageError(f"DOI prefix {doi_prefix!r} is not of the form 10.NNNN")
    dpath = descriptor_path(Path(path))
    folder = dpath.parent
    desc = read_descriptor(dpath)
    for key in ("name", "fiscal_year", "publisher", "document_kind", "source", "created"):
        if key not in desc:
            raise PackageError(f"{dpath}: the descriptor has no {key!r}; not a package of "
                               "the standard")
    if not base_url.endswith("/"):
        base_url += "/"
    files = []
    data = dpath.read_bytes()
    files.append(FileInfo("datapackage.json", "application/json", len(data), _sha256(data)))
    for res in desc.get("resources", []):
        full = safe_resource_path(folder, res)
        if not full.is_file():
            raise PackageError(f"{dpath}: resource {res.get('name')!r} file "
                               f"{res.get('path')!r} is missing")
        data = full.read_bytes()
        files.append(FileInfo(str(res["path"]), str(res.get("mediatype") or "text/csv"),
                              len(data), _sha256(data), str(res["name"]), res.get("title")))
    zdata = zip_bytes(folder)
    zinfo = FileInfo(f"{desc['name']}.zip", "application/zip", len(zdata), _sha256(zdata))
    return Record(folder, desc, base_url, files, zinfo, zdata, doi_prefix)
