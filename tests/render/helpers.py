"""Comparing packages as data: every table resource row for row, metadata without the
fields that name the source (file, hash, pages) or the moment of conversion."""

from __future__ import annotations

from typing import Any

from cnbudget.model import Disclosure

PAGE_FIELDS = {"page"}
"""Columns that locate a row in the source (provenance, not data): they differ between a
text extraction and a rendered PDF by design."""
TABLE_ATTRS = ("printed_title", "unit", "notes", "published_empty", "as_of")


def rows_of(d: Disclosure, name: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in PAGE_FIELDS} for r in d.tables[name].rows]


def table_differences(got: Disclosure, want: Disclosure) -> list[str]:
    out: list[str] = []
    if sorted(got.tables) != sorted(want.tables):
        out.append(f"resources: {sorted(got.tables)} != {sorted(want.tables)}")
    for name in sorted(set(got.tables) & set(want.tables)):
        a, b = rows_of(got, name), rows_of(want, name)
        if len(a) != len(b):
            out.append(f"{name}: {len(a)} rows, want {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                diff = {k: (x.get(k), y.get(k)) for k in set(x) | set(y) if x.get(k) != y.get(k)}
                out.append(f"{name} row {i + 1}: (got, want) {diff}")
        for attr in TABLE_ATTRS:
            ga, wa = getattr(got.tables[name], attr), getattr(want.tables[name], attr)
            if ga != wa:
                out.append(f"{name}.{attr}: {ga!r} != {wa!r}")
    return out


def metadata_of(d: Disclosure) -> dict[str, Any]:
    return {k: v for k, v in d.metadata.items() if k not in ("source", "created")}
