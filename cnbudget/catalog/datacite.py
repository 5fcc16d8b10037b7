"""DataCite metadata (schema 4.5, the JSON form of the DataCite REST API) of a package.

The package name is given as an alternate identifier, with the landing URL. With a DOI
prefix (``cnbudget catalog --doi-prefix 10.NNNN``) the record names the DOI to register,
``<prefix>/cnbudget.<name>`` (``doi``, ``prefix``, ``suffix``): POSTed to the DataCite REST
API as the ``attributes`` of a ``dois`` resource it creates that DOI as a draft. Without
one, DataCite is left to choose the DOI when the record is registered."""

from __future__ import annotations

from typing import Any

from cnbudget import standard
from cnbudget.catalog.record import Record

SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"


def _source_identifier(record: Record, f: dict[str, Any]) -> dict[str, Any]:
    url = record.descriptor["source"].get("url")
    if url:
        return {"relatedIdentifier": url, "relatedIdentifierType": "URL",
                "relationType": "IsDerivedFrom", "resourceTypeGeneral": "Text"}
    # no published address: the file is named by its hash (a URN of the hash draft)
    return {"relatedIdentifier": f"urn:hash::sha256:{f['sha256']}",
            "relatedIdentifierType": "URN", "relationType": "IsDerivedFrom",
            "resourceTypeGeneral": "Text"}


def metadata(record: Record) -> dict[str, Any]:
    pub = record.publisher
    creator = {"name": pub["department_name"], "nameType": "Organizational", "lang": "zh"}
    subjects = [{"subject": k, "lang": "zh"} for k in record.keywords("zh")]
    subjects += [{"subject": k, "lang": "en"} for k in record.keywords("en")]
    subjects.append({"subject": "Economy and finance", "subjectScheme": "EU data theme",
                     "schemeUri": "http://publications.europa.eu/resource/authority/data-theme",
                     "valueUri": "http://publications.europa.eu/resource/authority/data-theme/ECON"})
    related = [_source_identifier(record, f)
               for f in record.descriptor["source"].get("files", [])]
    related.append({"relatedIdentifier": standard.profile_id(),
                    "relatedIdentifierType": "URL", "relationType": "Requires",
                    "resourceTypeGeneral": "Standard"})
    doi = {"doi": record.doi, "prefix": record.doi_prefix,
           "suffix": record.doi.split("/", 1)[1]} if record.doi else {}
    return {
        **doi,
        "url": record.landing,
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": record.kind["en"]},
        "creators": [creator],
        "titles": [{"title": record.text("title", "zh"), "lang": "zh"},
                   {"title": record.text("title", "en"), "lang": "en",
                    "titleType": "TranslatedTitle"}],
        "publisher": {"name": pub["department_name"], "lang": "zh"},
        "publicationYear": record.issued[:4],
        "subjects": subjects,
        "dates": [{"date": record.issued[:10], "dateType": "Issued"},
                  {"date": f"{record.year}-01-01/{record.year}-12-31", "dateType": "Other",
                   "dateInformation": "fiscal year covered"}],
        "language": "zh",
        "alternateIdentifiers": [{"alternateIdentifier": record.id,
                                  "alternateIdentifierType": "cnbudget package name"}],
        "relatedIdentifiers": related,
        "sizes": [f"{record.zip.size} bytes"],
        "formats": ["application/zip", "text/csv"],
        "version": str(record.descriptor.get("version", "1.0.0")),
        "rightsList": [{"rights": record.licence_label("en"), "lang": "en"},
                       {"rights": record.licence_label("zh"), "lang": "zh"}],
        "descriptions": [{"description": record.text("description", "zh"), "lang": "zh",
                          "descriptionType": "Abstract"},
                         {"description": record.text("description", "en"), "lang": "en",
                          "descriptionType": "Abstract"}],
        "geoLocations": [{"geoLocationPlace": f"{pub.get('province') or ''}"
                          f"{pub.get('region_name') or ''} ({pub['region_code']})"}],
        "schemaVersion": SCHEMA_VERSION,
    }
