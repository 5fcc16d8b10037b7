"""What a rule sees: the disclosure, its provenance index, units, and the package files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cnbudget.model import Disclosure, Row, Table
from cnbudget.place import Place
from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.rulebase import CouldNotRun, Hit

ROW_KEYS = {"performance_indicators": "project_id"}
"""Resources whose rows are identified by (key field, position); provenance.row_key holds
the key."""
LABEL_FIELDS = ("function_code", "economic_code", "item_key", "project_id", "item", "name",
                "term", "section_id", "figure_id", "function_name", "economic_name")


@dataclass(slots=True)
class LoadProblem:
    """A resource that could not be read as it should (encoding, size, CSV syntax)."""

    resource: str
    message: str
    fatal: bool = True


@dataclass(slots=True)
class PackageFiles:
    """The package as files, when the disclosure was read from a folder."""

    base: Path
    descriptor: dict[str, Any]
    problems: list[LoadProblem] = field(default_factory=list)
    truncated: dict[str, int] = field(default_factory=dict)
    """Resources whose rows were capped: name → number of rows read."""


class Context:
    def __init__(self, disclosure: Disclosure, previous: Disclosure | None = None,
                 files: PackageFiles | None = None, budget: Disclosure | None = None) -> None:
        self.disclosure = disclosure
        self.previous = previous
        self.budget = budget
        """The same department's budget of the year (``--budget``), for a final-accounts
        package."""
        self.files = files
        self._places: dict[tuple[str, int, str | None, str], Place | None] = {}
        self._row_places: dict[tuple[str, int, str | None], Place] = {}
        self._keyed: dict[tuple[str, str, int, str | None, str], Place] = {}
        self._keyed_rows: dict[tuple[str, str, int, str | None], Place] = {}
        for p in disclosure.provenance:
            if p.row_key:
                # Rows identified by (row_key, position): performance_indicators, whose
                # position restarts per project.
                self._keyed.setdefault((p.resource, p.row_key, p.position, p.side, p.field),
                                       p.place)
                self._keyed_rows.setdefault((p.resource, p.row_key, p.position, p.side),
                                            p.place)
            key = (p.resource, p.position, p.side, p.field)
            if key in self._places and self._places[key] != p.place:
                # Position alone does not identify the row: without a row key no place is
                # given rather than a wrong one.
                self._places[key] = None
            else:
                self._places[key] = p.place
            self._row_places.setdefault((p.resource, p.position, p.side), p.place)
        self._ambiguous = {(k[0], k[1], k[2]) for k, v in self._places.items() if v is None}
        self._table_places: dict[str, Place] = {}
        for p in disclosure.provenance:
            if p.resource not in self._table_places:
                self._table_places[p.resource] = Place(p.place.source, p.place.page,
                                                       sheet=p.place.sheet)

    # -- metadata ---------------------------------------------------------------------
    @property
    def metadata(self) -> dict[str, Any]:
        return self.disclosure.metadata

    @property
    def fiscal_year(self) -> int | None:
        year = self.metadata.get("fiscal_year")
        try:
            return int(year) if year is not None else None
        except (TypeError, ValueError):
            return None

    # -- tables -----------------------------------------------------------------------
    def table(self, name: str) -> Table | None:
        """The resource, or None when absent or marked not_published (the document does not
        print it: every rule sees it as absent; CNB-STR-001 reports it)."""
        table = self.disclosure.tables.get(name)
        return None if table is None or table.not_published else table

    def require(self, name: str) -> Table:
        table = self.table(name)
        if table is None:
            raise CouldNotRun(f"resource {name} is absent")
        return table

    def unit(self, name: str) -> str | None:
        table = self.disclosure.tables.get(name)
        unit = table.unit if table is not None else None
        return unit or self.metadata.get("unit")

    def factor(self, name: str) -> Decimal:
        unit = self.unit(name)
        f = amounts.factor(unit)
        if f is None:
            raise CouldNotRun(f"resource {name}: unknown amount unit {unit!r}")
        return f

    @staticmethod
    def position(row: Row) -> int | None:
        try:
            return int(row.get("position") or "")
        except ValueError:
            return None

    @staticmethod
    def label(row: Row) -> str | None:
        for key in LABEL_FIELDS:
            value = row.get(key)
            if value:
                return str(value)
        return None

    @staticmethod
    def amount(row: Row, fieldname: str) -> Decimal | None:
        """The cell as Decimal (blank → None); raises BadAmount for a non-number."""
        return amounts.parse(row.get(fieldname))

    def rows_where(self, name: str, **equal: str) -> Iterator[Row]:
        table = self.table(name)
        if table is None:
            return
        for row in table.rows:
            if all((row.get(k) or "") == v for k, v in equal.items()):
                yield row

    # -- locations ----------------------------------------------------------------------
    def place(self, resource: str, position: int | None, side: str | None,
              fieldname: str | None, row_key: str | None = None) -> Place | None:
        if position is None:
            # a finding about the whole table: where the table starts (source and page)
            return self._table_places.get(resource)
        if row_key:
            if fieldname is not None:
                hit = self._keyed.get((resource, row_key, position, side, fieldname))
                if hit is not None:
                    return hit
            keyed = self._keyed_rows.get((resource, row_key, position, side))
            if keyed is not None:
                return keyed
        if (resource, position, side) in self._ambiguous:
            return None
        if fieldname is not None:
            hit = self._places.get((resource, position, side, fieldname))
            if hit is not None:
                return hit
        return self._row_places.get((resource, position, side))

    @staticmethod
    def row_key(resource: str, row: Row) -> str | None:
        """The row's other key where position alone is not unique (see ROW_KEYS)."""
        keyfield = ROW_KEYS.get(resource)
        return str(row.get(keyfield) or "") or None if keyfield else None

    def hit(self, resource: str, row: Row | None, fieldname: str | None, **kw: Any) -> Hit:
        return Hit(resource=resource, position=self.position(row) if row else None,
                   side=(row.get("side") or None) if row else None, field=fieldname,
                   label=self.label(row) if row else None,
                   row_key=self.row_key(resource, row) if row else None, **kw)


__all__ = ["BadAmount", "Context", "LoadProblem", "PackageFiles"]
