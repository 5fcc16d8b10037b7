"""Which files are one disclosure: some publishers print the tables (报表) and the
explanatory text (说明) of one department's budget as two files.

Files are grouped by what they print, read from each file converted on its own: the
department's name (a leading 中共 / 中国共产党 aside: the text of 中共江苏省委办公厅 calls it
江苏省委办公厅), the fiscal year and the document kind. Files with the same three form
one disclosure when at most one of them prints tables of the standard (a tables file with
its text file, or a text file alone); two files that both print tables are two
disclosures even under the same name (a department and one of its units, or the same
document twice), and so is a file whose department or year could not be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cnbudget import standard
from cnbudget.converters.normalize import compact
from cnbudget.model import Disclosure

_PARTY = re.compile(r"^(?:中国共产党|中共)(?=.{3})")


def name_key(department: str) -> str:
    """A department's name as compared across its files."""
    return _PARTY.sub("", compact(department))


@dataclass(frozen=True, slots=True)
class Part:
    """One file converted on its own: whose disclosure it is and whether it prints tables."""

    file: str
    department: str | None
    fiscal_year: int | None
    document_kind: str | None
    tables: bool
    """Prints at least one table of the standard with rows."""

    @property
    def key(self) -> tuple[str, int, str] | None:
        if not self.department or self.fiscal_year is None or not self.document_kind:
            return None
        return name_key(self.department), self.fiscal_year, self.document_kind

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "department": self.department,
                "fiscal_year": self.fiscal_year, "document_kind": self.document_kind,
                "tables": self.tables}


def part(file: str, disclosure: Disclosure) -> Part:
    """What one file, converted alone into ``disclosure``, says about its disclosure."""
    meta = disclosure.metadata
    pub = meta.get("publisher") if isinstance(meta.get("publisher"), dict) else None
    year = meta.get("fiscal_year")
    known = set(standard.table_names())
    tables = any(t.rows and not t.not_published for name, t in disclosure.tables.items()
                 if name in known and standard.table_schema(name).get("x-kind") == "table")
    return Part(file=file, department=(pub or {}).get("department_name"),
                fiscal_year=year if isinstance(year, int) else None,
                document_kind=meta.get("document_kind"), tables=tables)


def group(parts: list[Part]) -> list[list[str]]:
    """The files of each disclosure, in the order of their first file in ``parts``; within a
    disclosure the file that prints tables comes first."""
    by_key: dict[tuple[str, int, str], list[Part]] = {}
    for p in parts:
        if p.key is not None:
            by_key.setdefault(p.key, []).append(p)
    out: list[list[str]] = []
    for p in parts:
        same = by_key.get(p.key) if p.key is not None else None
        if not same or sum(1 for q in same if q.tables) > 1:
            out.append([p.file])
        elif p is same[0]:
            out.append([q.file for q in sorted(same, key=lambda q: not q.tables)])
    return out
