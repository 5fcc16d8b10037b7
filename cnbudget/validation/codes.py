"""Classification codes in the tables: which fields hold them, and name normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from cnbudget import standard
from cnbudget.model import Row, Table

NAME_FIELD = {"function_code": ("function_name", "item"), "economic_code": ("economic_name",),
              "government_economic_code": ("government_economic_name",)}
CLASSIFICATIONS = ("function_classification", "economic_classification",
                   "government_economic_classification")
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十]+[)）]|"
                   r"\d+[、.．])\s*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


@dataclass(frozen=True, slots=True)
class CodedRow:
    resource: str
    row: Row
    field: str
    code: str
    codelist: str

    @property
    def name_field(self) -> str | None:
        for f in NAME_FIELD.get(self.field, ()):
            if self.row.get(f):
                return f
        return None

    @property
    def name(self) -> str:
        f = self.name_field
        return str(self.row.get(f)) if f else ""


def coded_fields(name: str) -> list[tuple[str, str]]:
    if name not in standard.table_names():
        return []
    return [(str(f["name"]), str(f["x-codelist"])) for f in standard.table_schema(name)["fields"]
            if f.get("x-codelist") in CLASSIFICATIONS]


def coded_rows(tables: dict[str, Table]) -> Iterator[CodedRow]:
    for name, table in tables.items():
        for field, cl in coded_fields(name):
            for row in table.rows:
                code = str(row.get(field) or "").strip()
                if code:
                    yield CodedRow(name, row, field, code, cl)


def normalise_name(text: str) -> str:
    """Compare names after normalising full/half-width forms, quotes, spaces, numbering."""
    text = _ENUM.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", "", text)


def valid_in(entry: dict[str, str], year: int | None) -> bool:
    if year is None:
        return True
    start, end = entry.get("valid_from") or "", entry.get("valid_to") or ""
    return (not start or int(start) <= year) and (not end or year <= int(end))


def former_titles(entry: dict[str, str], year: int | None) -> list[str]:
    """The codelist's former titles of an entry still valid in ``year``.

    The ``former_titles`` column holds ``title@until_year`` entries separated by ``|``: the
    code bore that title up to and including ``until_year`` (a fiscal year with no year
    accepts them all).
    """
    out: list[str] = []
    for part in (entry.get("former_titles") or "").split("|"):
        title, _, until = part.strip().rpartition("@")
        if not title or not until.strip().isdigit():
            continue
        if year is None or year <= int(until):
            out.append(title.strip())
    return out


@dataclass(frozen=True, slots=True)
class RetiredTitle:
    codelist: str
    code: str
    title: str
    """The title the code bore up to ``until``."""
    until: int
    current: str


def retired_titles(codelist: str, year: int) -> list[RetiredTitle]:
    """Titles of ``codelist``'s codes that were no longer theirs in ``year`` (the
    ``former_titles`` column read as in :func:`former_titles`), longest first; a title that
    is still the current title of some code is left out."""
    entries = standard.codelist(codelist).rows
    current = {normalise_name(str(e.get("title") or "")) for e in entries}
    out: list[RetiredTitle] = []
    for entry in entries:
        for part in (entry.get("former_titles") or "").split("|"):
            title, _, until = part.strip().rpartition("@")
            title = title.strip()
            if (title and until.strip().isdigit() and int(until) < year
                    and normalise_name(title) not in current):
                out.append(RetiredTitle(codelist, str(entry["code"]), title, int(until),
                                        str(entry.get("title") or "")))
    return sorted(out, key=lambda r: -len(r.title))
# Printed-name variants that name the same 科目 (INFO, CNB-COD-010): 的 dropped or added,
# 及/与/和 interchanged, a bracketed qualifier dropped or added (资本性支出 for 资本性支出（一）),
# a trailing 支出/费 dropped (其他城乡社区公共设施 for …设施支出).
_VARIANT_DROP = re.compile(r"[的]")
_VARIANT_AND = re.compile(r"[及与、]")
_BRACKETED = re.compile(r"\([^()]*\)")
_TRAILING = re.compile(r"(?:支出|费用|费)$")


def variant_key(text: str) -> str:
    """The key under which printed-name variants of one 科目 title coincide."""
    text = normalise_name(text)
    text = _BRACKETED.sub("", text)
    text = _VARIANT_DROP.sub("", text)
    text = _VARIANT_AND.sub("和", text)
    return _TRAILING.sub("", text)


def all_former_titles(entry: dict[str, str]) -> list[tuple[str, int]]:
    """Every former title of an entry with the last year it was used."""
    out: list[tuple[str, int]] = []
    for part in (entry.get("former_titles") or "").split("|"):
        title, _, until = part.strip().rpartition("@")
        if title and until.strip().isdigit():
            out.append((title.strip(), int(until)))
    return out


def sibling_with_title(codelist: str, code: str, printed: str, year: int | None) -> str | None:
    """Another code under the same parent (a sibling 款 or 项, another 类) whose title the
    printed name is: the code and its name then contradict each other."""
    key = variant_key(printed)
    if not key:
        return None
    size = len(code)
    parent = "" if size == 3 else (code[:-2] if codelist == "function_classification"
                                   or size == 7 else code[:3])
    cl = standard.codelist(codelist)
    for entry in cl.rows:
        other = entry[cl.key]
        if other == code or len(other) != size or not other.startswith(parent):
            continue
        if valid_in(entry, year) and variant_key(entry.get("title", "")) == key:
            return str(other)
    return None


def name_agreement(entry: dict[str, str], printed: str, year: int | None) -> str:
    """How a printed name agrees with a codelist entry: ``same`` (the title of the year, or
    a former title within its years), ``variant`` (a printed-name variant, or a former
    title outside its years) or ``different``."""
    titles = [entry.get("title", ""), *former_titles(entry, year)]
    norm = normalise_name(printed)
    if norm in {normalise_name(t) for t in titles}:
        return "same"
    every = [entry.get("title", ""), *(t for t, _ in all_former_titles(entry))]
    if norm in {normalise_name(t) for t in every}:
        return "variant"
    key = variant_key(printed)
    if key and key in {variant_key(t) for t in every}:
        return "variant"
    return "different"
