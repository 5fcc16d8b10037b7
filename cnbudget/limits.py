"""Bounded cost: the limits on every step of a conversion whose cost grows with its input.

A disclosure PDF of a few hundred KB must convert in seconds and a few hundred MB, whatever
its pages draw. Each step that loops over something a document can make arbitrarily many
of (page objects, path segments, clipping paths, characters, ruling lines, grid cells, the
readings of a list as a tree of subtotals) stops at a limit here. Reaching a limit never
fails the conversion: the step goes on with what it has read (the rest of the page's
rulings is ignored, the page is read as text only …) and the conversion report gets a
:class:`LimitReached` record: the limit's code, the page or table, the limit and the count
seen. The limits are far above anything the corpus of real disclosures needs, so a document
that reaches one is malformed or machine-made, and its record says which part of it was not
read in full.

Not bounded here: PDFium's own work when it loads a page. It expands every use of a form
XObject into page objects before any of this code runs, so a few KB of forms that draw
each other ten times over, seven deep, cost it tens of seconds and GBs; only a limit on
the process (``ulimit -v``) contains that.

Limits that refuse a whole file (:data:`MAX_PAGES`) raise a ``ConversionError`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnbudget.place import Place

MAX_PAGES = 500
"""Longest PDF read (pages). Disclosures run to tens of pages, the longest in the corpus to
about 150; a file past this limit is refused up front rather than read for minutes."""

# The largest value of each quantity in the corpus (145 PDFs, 6,095 pages) is quoted as
# "corpus: N"; each limit is at least ten times that. A page at a limit costs under a
# second of CPU (measured: 50,000 tiny objects 0.7 s, 50,000 characters 0.4 s).

MAX_PAGE_OBJECTS = 50_000
"""Page objects visited on one page, those inside form XObjects included (each use of a
form counts its objects again). Corpus: 4,583. Past the limit the page's remaining
drawings are not read for rulings (its text is read in full)."""

MAX_FORM_DEPTH = 16
"""Form XObjects nested in one another. Corpus: 1 (a page drawing a form). Deeper forms are
not entered: their drawings give no rulings (their text is still read)."""

MAX_PATH_SEGMENTS = 100_000
"""Path segments (moves, lines, curves) read for rulings on one page, those of thin boxes
(read from their bounds) not counted. Corpus: 10,693 in all paths of a page. Past the limit
the page's remaining paths are not read."""

MAX_CLIP_PATHS = 64
"""Paths whose intersection clips one text object (each ``W n`` of other than a rectangle
adds one). Corpus: 3. Text under more is read as printed, as if unclipped."""

MAX_CLIP_SEGMENTS = 100_000
"""Clipping-path segments read on one page to tell which characters the clips hide (each
clip shape read once). Corpus: 2,715. Past the limit the page's clips not yet read count
as hiding nothing."""

MAX_PAGE_CHARS = 50_000
"""Characters of one page's text layer read. Corpus: 4,414 (PDFium's count, with the spaces
it makes up between words). The characters past the limit are not read."""

MAX_RULING_LINES = 5_000
"""Ruling lines of one page, after joining collinear pieces. Corpus: 104. Past the limit the
page is read as text only (no tables)."""

MAX_LINE_PAIRS = 250_000
"""Horizontal × vertical ruling lines of one page: finding the tables compares each pair.
Corpus: 1,104. Past the limit the page is read as text only."""

MAX_GRID_CELLS = 50_000
"""Cells (rows × columns) of one ruled table. Corpus: 1,001. A larger grid is not built: its
characters are read as text lines."""

MAX_PAGE_TABLES = 50
"""Ruled tables of one page; each is matched against every character left on the page.
Corpus: 5. The tables past the limit (top to bottom) are not built: their characters are
read as text lines."""

MAX_TREE_ROWS = 400
"""Rows of a procurement list the self-check reads as a tree of subtotals (its search goes
one call deeper per row, within Python's recursion limit). Corpus: 283. A longer list whose
合计 is not the plain sum of its rows is not judged."""

MAX_TREE_STATES = 10_000
"""Dead ends the self-check's tree search may meet on one procurement table (all its
amount columns together) when it reads the rows as a tree of subtotals (label_total rule):
the readings can grow exponentially with the rows. The corpus's trees are found without
one (276 rows at most); past the limit the 合计 is not judged against a tree."""


MESSAGES: dict[str, str] = {
    "page_objects": "more than {limit} page objects (form XObjects included); the drawings "
                    "past them were not read for rulings",
    "form_depth": "form XObjects nested more than {limit} deep; the deeper forms were not "
                  "read for rulings",
    "path_segments": "more than {limit} path segments; the paths past them were not read for "
                     "rulings",
    "clip_paths": "a clipping area of {count} paths (limit {limit}); the characters it clips "
                  "were read as printed",
    "clip_segments": "more than {limit} clipping-path segments; the characters under the "
                     "remaining clips were read as printed",
    "page_chars": "{count} characters (limit {limit}); the characters past the limit were not "
                  "read",
    "ruling_lines": "{count} ruling lines (limit {limit}); the page was read as text only",
    "line_pairs": "{count} pairs of horizontal and vertical ruling lines (limit {limit}); the "
                  "page was read as text only",
    "grid_cells": "a ruled table of {count} cells (limit {limit}); its text was read as lines",
    "page_tables": "{count} ruled tables (limit {limit}); the text of those past the limit was "
                   "read as lines",
    "tree_rows": "{count} rows (limit {limit}) were not read as a tree of subtotals; the 合计 "
                 "was not checked against such a tree",
    "tree_states": "more than {limit} dead ends reading the rows as a tree of subtotals; the "
                   "合计 was not checked against such a tree",
}
"""The report's message template of each limit that is reported (not refused), by code:
``{count}`` is what was seen, ``{limit}`` the limit."""


@dataclass(frozen=True, slots=True)
class LimitReached:
    """A limit reached while converting: a record of the conversion report.

    ``count`` is what was seen: the full count where it is known cheaply, else the count at
    which the step stopped (one more than the limit)."""

    code: str
    """A key of :data:`MESSAGES`, e.g. ``page_objects``."""
    limit: int
    """The limit in force (the constant of this module)."""
    count: int
    place: Place | None = None
    """The file and page, when the limit is met while reading a page."""
    where: str | None = None
    """The resource and field, when the limit is met past reading (in the self-check)."""

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(count=self.count, limit=self.limit)

    def to_dict(self) -> dict[str, object]:
        place = self.place
        return {"code": self.code, "where": place.describe() if place else self.where,
                "page": place.page if place else None, "limit": self.limit,
                "count": self.count, "message": self.message}
