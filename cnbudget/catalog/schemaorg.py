"""schema.org Dataset JSON-LD as Google Dataset Search reads it (name, description of 50 to
5,000 characters, url, identifier, license, creator, publisher, spatialCoverage,
temporalCoverage, variableMeasured, distribution as DataDownload, isBasedOn the sources)."""

from __future__ import annotations

from typing import Any

from cnbudget import standard
from cnbudget.catalog.record import Record

DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 5000


def _organization(record: Record) -> dict[str, Any]:
    pub = record.publisher
    return {"@type": "GovernmentOrganization", "name": pub["department_name"],
            "identifier": f"{pub['region_code']}-{pub['department_code']}",
            "areaServed": pub.get("region_name") or pub["region_code"]}


def _variables(record: Record) -> list[dict[str, Any]]:
    out = []
    for res in record.descriptor["resources"]:
        name = res["name"]
        if name not in standard.table_names():
            continue
        amounts = {f["name"] for f in standard.table_schema(name)["fields"] if f.get("x-amount")}
        for f in res["schema"]["fields"]:
            if f["name"] in amounts:
                out.append({"@type": "PropertyValue", "propertyID": f"{name}.{f['name']}",
                            "name": f"{res['title']}：{f.get('title', f['name'])}",
                            "unitText": res.get("unit") or record.descriptor.get("unit")})
    return out


def dataset(record: Record) -> dict[str, Any]:
    """The package's schema.org Dataset as a JSON-LD dict (for a page's
    ``<script type="application/ld+json">``)."""
    description = f"{record.text('description', 'zh')} {record.text('description', 'en')}"
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        description = description[:DESCRIPTION_MAX - 1] + "…"
    pub = record.publisher
    lic = record.licence
    licence: dict[str, Any] | str = lic["path"] if str(lic.get("path", "")).startswith(
        "http") else {"@type": "CreativeWork", "name": record.licence_label("en"),
                      "alternateName": record.licence_label("zh")}
    sources = []
    for f in record.descriptor["source"].get("files", []):
        src: dict[str, Any] = {"@type": "DigitalDocument", "name": f["name"],
                               "encodingFormat": f.get("media_type"), "sha256": f["sha256"]}
        if record.descriptor["source"].get("url"):
            src["url"] = record.descriptor["source"]["url"]
        sources.append(src)
    downloads = [{"@type": "DataDownload", "name": f"{record.id}.zip",
                  "contentUrl": record.url(record.zip.path), "encodingFormat": "application/zip",
                  "contentSize": f"{record.zip.size} B", "sha256": record.zip.sha256}]
    downloads += [{"@type": "DataDownload", "name": f.resource or f.path,
                   "contentUrl": record.url(f.path), "encodingFormat": f.media_type,
                   "contentSize": f"{f.size} B", "sha256": f.sha256}
                  for f in record.files if f.resource]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"{record.landing}#dataset",
        "name": record.text("title", "zh"),
        "alternateName": record.text("title", "en"),
        "description": description,
        "url": record.landing,
        "identifier": record.id,
        "version": str(record.descriptor.get("version", "1.0.0")),
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
        "keywords": [*record.keywords("zh"), *record.keywords("en")],
        "license": licence,
        "creator": _organization(record),
        "publisher": _organization(record),
        "datePublished": record.issued,
        "spatialCoverage": {"@type": "AdministrativeArea",
                            "name": pub.get("region_name") or pub["region_code"],
                            "identifier": {"@type": "PropertyValue",
                                           "propertyID": "GB/T 2260",
                                           "value": pub["region_code"]},
                            **({"containedInPlace": {"@type": "AdministrativeArea",
                                                     "name": pub["province"]}}
                               if pub.get("province") and pub.get("province") !=
                               pub.get("region_name") else {})},
        "temporalCoverage": f"{record.year}-01-01/{record.year}-12-31",
        "variableMeasured": _variables(record),
        "measurementTechnique": "cnbudget conversion of the published disclosure",
        "distribution": downloads,
        "isBasedOn": sources,
        "conformsTo": {"@type": "CreativeWork", "name": standard.standard()["title"],
                       "url": standard.profile_id()},
    }
