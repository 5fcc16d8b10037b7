"""In-memory form of one disclosure package, shared by converters, validator and writers.

Values are kept as the strings that go into the CSV files: amounts as the published decimal
text (``"29.70"`` stays ``"29.70"``), never floats. :func:`decimal_or_none` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from cnbudget.limits import LimitReached
from cnbudget.place import Place

Row = dict[str, Any]


class ConversionError(Exception):
    """The input could not be converted; the message names the file and the place."""


class DamagedInputError(ConversionError):
    """The input is damaged as a whole (lost rows, a truncated file): never kept as an
    unmapped extension, always refused. A cell that does not read is no such damage: it
    is reported as a :class:`Problem` and the rest maps."""


class MappingError(ConversionError):
    """A table whose columns do not map to its resource: the pipeline keeps it cell by cell
    as printed and reports it (CNB-CNV-010); never a refusal of the document."""

    def __init__(self, reason: str, place: Place, detail: str = "") -> None:
        super().__init__(f"{place.describe()}: {reason}" + (f": {detail}" if detail else ""))
        self.reason = reason
        """Why, in a few words (``no column for function_name``)."""
        self.place = place
        self.detail = detail
        """What was seen (the printed headers), for a person."""


@dataclass(slots=True)
class Table:
    """One resource of a package."""

    name: str
    rows: list[Row] = field(default_factory=list)
    printed_title: str | None = None
    unit: str | None = None
    pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    published_empty: bool = False
    not_published: bool = False
    """A required table the document does not print at all: kept as an empty resource so the
    package stays complete; the validator reports it (CNB-STR-001)."""
    as_of: str | None = None
    extension: dict[str, Any] | None = None
    title: str | None = None
    schema: dict[str, Any] | None = None
    """Only for extension resources: their own Table Schema."""


@dataclass(frozen=True, slots=True)
class Provenance:
    resource: str
    position: int
    field: str
    place: Place
    printed: str
    side: str | None = None
    row_key: str | None = None
    """The row's other key where position alone is not unique (project_id of indicators)."""


@dataclass(slots=True)
class Unplaced:
    """A value found inside a recognised table region that could not be placed."""

    text: str
    place: Place
    reason: str


@dataclass(slots=True)
class Problem:
    """One problem of a conversion, as a record: a code of the catalogue
    (schema/rules/conversion.yaml), where it was met, the table, the printed text and the
    values of the catalogue's message template. Rendered to prose only for a person
    (:meth:`message`)."""

    code: str
    place: Place | None = None
    table: str | None = None
    """The standard resource concerned (``income_summary``)."""
    title: str | None = None
    """The table's printed title."""
    text: str | None = None
    """The printed text concerned (a cell's text)."""
    data: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        from cnbudget import standard

        spec = standard.conversion_problems()[self.code]
        values = {"where": self.place.describe() if self.place else "", "table": self.table,
                  "title": self.title, "text": self.text, **self.data}
        return str(spec["message"][lang].format(**values))

    def __str__(self) -> str:
        return self.message()


def source_problem(message: str) -> Problem:
    """A front end's problem met reading a source, given in words (CNB-CNV-090)."""
    return Problem("CNB-CNV-090", data={"message": message})


@dataclass(slots=True)
class IdentityCheck:
    table: str
    identity: str
    holds: bool
    detail: str


@dataclass(slots=True)
class ConversionReport:
    source_files: list[str] = field(default_factory=list)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checks: list[IdentityCheck] = field(default_factory=list)
    limits: list[LimitReached] = field(default_factory=list)
    """Cost limits reached (:mod:`cnbudget.limits`): parts not read or not checked in full."""

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


@dataclass(slots=True)
class Disclosure:
    """One disclosure: metadata, resources, provenance and the conversion report."""

    metadata: dict[str, Any]
    tables: dict[str, Table] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    report: ConversionReport = field(default_factory=ConversionReport)

    def table(self, name: str) -> Table:
        if name not in self.tables:
            self.tables[name] = Table(name)
        return self.tables[name]

    @property
    def package_name(self) -> str:
        pub = self.metadata["publisher"]
        kind = {
            "department_budget": "budget",
            "unit_budget": "unit-budget",
            "department_final_accounts": "final-accounts",
            "unit_final_accounts": "unit-final-accounts",
        }[self.metadata["document_kind"]]
        year = self.metadata["fiscal_year"]
        return f"{pub['region_code']}-{pub['department_code']}-{year}-{kind}"


def decimal_or_none(value: Any) -> Decimal | None:
    """Read an amount as stored ("" or None → None)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def decimals_of(value: Any) -> int:
    """Number of printed decimals of a stored amount (``"29.70"`` → 2)."""
    text = str(value or "")
    return len(text.split(".", 1)[1]) if "." in text else 0
