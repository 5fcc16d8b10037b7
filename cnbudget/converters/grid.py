"""The intermediate form every front end produces: blocks of a source, in reading order.

A front end (text extraction, PDF, workbook) turns its source into a flat sequence of
:class:`Block` objects: lines of running text and rows of table cells, each with the
place it came from. Everything after that (finding tables by title, stitching page
chunks, mapping columns to fields, reading the narrative) is shared and lives in
:mod:`cnbudget.converters.stitch` and :mod:`cnbudget.converters.mapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cnbudget.limits import LimitReached
from cnbudget.place import BBox, Place

__all__ = ["BBox", "Block", "Cell", "Place", "SourceDocument"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell of a table row. ``text`` is as printed, wraps joined with a space."""

    text: str
    col: int
    place: Place


@dataclass(slots=True)
class Block:
    """A line of text or a row of a table, in reading order.

    ``kind == "text"``: ``text`` holds the line. ``kind == "row"``: ``cells`` holds the
    row's cells, one per printed column (empty cells present with ``text == ""``), so
    that column positions are comparable between rows of one table chunk.
    """

    kind: Literal["text", "row"]
    place: Place
    text: str = ""
    cells: list[Cell] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_blank(self) -> bool:
        if self.kind == "text":
            return not self.text.strip()
        return all(not c.text.strip() for c in self.cells)


@dataclass(slots=True)
class SourceDocument:
    """What a front end hands to the shared pipeline."""

    path: str
    sha256: str
    pages: int | None
    blocks: list[Block]
    page_labels: dict[int, str] = field(default_factory=dict)
    """Printed page numbers where the source shows them (for text sources: inferred)."""
    problems: list[str] = field(default_factory=list)
    """Pages or parts the front end could not read (e.g. no text layer), as messages."""
    limits: list[LimitReached] = field(default_factory=list)
    """Cost limits the front end reached (:mod:`cnbudget.limits`), with their places."""
