"""The free-text cells of a disclosure, for the metadata and residue rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cnbudget import standard
from cnbudget.model import Disclosure, Row

SKIP_RESOURCES = frozenset({"provenance"})
SKIP_FIELDS = frozenset({("stated_figures", "sentence"), ("stated_figures", "value_text")})


@dataclass(frozen=True, slots=True)
class TextCell:
    resource: str
    row: Row
    field: str
    text: str


def _text_fields(name: str) -> list[str]:
    if name not in standard.table_names():
        return []
    return [str(f["name"]) for f in standard.table_schema(name)["fields"]
            if f.get("type") == "string" and not f.get("x-codelist")
            and "enum" not in (f.get("constraints") or {})
            and not str(f["name"]).endswith(("_id", "_code", "_key"))]


def text_cells(disclosure: Disclosure) -> Iterator[TextCell]:
    for name, table in disclosure.tables.items():
        if name in SKIP_RESOURCES:
            continue
        fields = [f for f in _text_fields(name) if (name, f) not in SKIP_FIELDS]
        for row in table.rows:
            for f in fields:
                value = row.get(f)
                if value:
                    yield TextCell(name, row, f, str(value))
