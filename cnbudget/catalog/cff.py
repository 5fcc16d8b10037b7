"""CITATION.cff (Citation File Format 1.2.0) of a package: a dataset whose author is the
publishing department, with the source files and the standard as references."""

from __future__ import annotations

from typing import Any

import yaml

from cnbudget import standard
from cnbudget.catalog.record import Record


def citation(record: Record) -> dict[str, Any]:
    pub = record.publisher
    refs: list[dict[str, Any]] = []
    for f in record.descriptor["source"].get("files", []):
        ref: dict[str, Any] = {"type": "report", "title": record.descriptor["source"].get(
            "title") or f["name"], "authors": [{"name": pub["department_name"]}],
            "year": record.year, "notes": f"{f['name']}, SHA-256 {f['sha256']}"}
        if record.descriptor["source"].get("url"):
            ref["url"] = record.descriptor["source"]["url"]
        refs.append(ref)
    refs.append({"type": "standard", "title": standard.standard()["title"],
                 "authors": [{"name": "cnbudget contributors"}],
                 "version": standard.version(), "url": standard.profile_id()})
    return {
        "cff-version": "1.2.0",
        "message": "If you use this data package, please cite it as below, together with "
                   "the source disclosure.",
        "type": "dataset",
        "title": record.text("title", "zh"),
        "abstract": record.text("description", "en"),
        "authors": [{"name": pub["department_name"]}],
        "version": str(record.descriptor.get("version", "1.0.0")),
        "date-released": record.issued[:10],
        "identifiers": [*([{"type": "doi", "value": record.doi}] if record.doi else []),
                        {"type": "url", "value": record.landing,
                         "description": f"cnbudget package {record.id}"}],
        **({"doi": record.doi} if record.doi else {}),
        "url": record.landing,
        "keywords": [*record.keywords("zh"), *record.keywords("en")],
        "references": refs,
    }


def text(record: Record) -> str:
    return yaml.safe_dump(citation(record), allow_unicode=True, sort_keys=False, width=100)
