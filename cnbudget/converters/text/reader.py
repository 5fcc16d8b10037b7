"""Front end for text extracted from a disclosure PDF (tab-separated table cells).

Stages: :func:`load_text` (bytes → checked text) → :func:`to_blocks` (lines → blocks) →
:func:`assign_pages` (page numbers from the table of contents and the repeated page
headers). The result is a :class:`SourceDocument` for the shared pipeline.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from cnbudget.converters.grid import Block, Cell, Place, SourceDocument
from cnbudget.converters.normalize import compact
from cnbudget.model import ConversionError

TOC_LINE = re.compile(r"^(?P<title>.+?)\s*[.．…·]{3,}\s*(?P<page>\d+)\s*$")
TAB = re.compile(r"[ ]*\t[\t ]*")
PAGE_HEADER = re.compile(r"^(?P<code>\d{3,})\s+(?P<name>\S.*)$")


def load_text(path: Path) -> tuple[str, str]:
    """Read and check the file; return (text, sha256). Bad input raises ConversionError."""
    if not path.exists():
        raise ConversionError(f"{path}: no such file")
    if not path.is_file():
        raise ConversionError(f"{path}: not a file")
    data = path.read_bytes()
    if not data.strip():
        raise ConversionError(f"{path}: the file is empty")
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise ConversionError(f"{path}: a binary file, not text extracted from a disclosure "
                              f"(NUL byte at offset {nul})")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            error = exc
    else:
        raise ConversionError(f"{path}: not UTF-8 or GB18030 text (byte {error.start})")
    return text, hashlib.sha256(data).hexdigest()


def to_blocks(text: str, source: str) -> list[Block]:
    """One block per non-empty line: a line with tabs is a table row, others are text."""
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        place = Place(source=source, page=None, line=number)
        if "\t" in line and not TOC_LINE.match(line):
            cells = [Cell(t.strip(), i, place) for i, t in enumerate(line.split("\t"))]
            blocks.append(Block("row", place, cells=cells))
        else:
            # a tab inside a text line (a contents entry) is a wide gap: written as two
            # spaces, the way the PDF front end writes one
            blocks.append(Block("text", place, text=TAB.sub("  ", line.strip())))
    return blocks


def table_of_contents(blocks: list[Block]) -> dict[str, int]:
    """Compacted title → printed page, from dotted-leader lines."""
    toc: dict[str, int] = {}
    for b in blocks:
        if b.kind == "text" and (m := TOC_LINE.match(b.text)):
            toc.setdefault(compact(m.group("title")), int(m.group("page")))
    return toc


def assign_pages(blocks: list[Block]) -> tuple[list[Block], dict[int, str]]:
    """Infer page numbers: a heading listed in the contents starts its page; within a table,
    each repeated page header (department code and name) starts the next page."""
    toc = table_of_contents(blocks)
    header_prefix: str | None = None
    page: int | None = None
    after_heading = False
    out: list[Block] = []
    for b in blocks:
        if b.kind == "text" and not TOC_LINE.match(b.text):
            key = compact(b.text)
            if key in toc:
                page, after_heading = toc[key], True
            elif (m := PAGE_HEADER.match(b.text)) and page is not None:
                prefix = m.group("code") + compact(m.group("name"))[:6]
                if header_prefix is None:
                    header_prefix = prefix
                if prefix == header_prefix:
                    if not after_heading:
                        page += 1
                    after_heading = False
        elif b.kind == "row":
            after_heading = False
        out.append(_with_page(b, page))
    labels = {p: f"{p} (from the table of contents)" for p in sorted(set(toc.values()))}
    return out, labels


def _with_page(b: Block, page: int | None) -> Block:
    place = replace(b.place, page=page)
    cells = [replace(c, place=place) for c in b.cells]
    return Block(b.kind, place, text=b.text, cells=cells)


def read_text(path: Path) -> SourceDocument:
    text, digest = load_text(path)
    blocks = to_blocks(text, path.name)
    if not any(b.kind == "row" for b in blocks):
        raise ConversionError(f"{path}: no table rows (tab-separated cells) found; is this the "
                              "text of a budget disclosure?")
    blocks, labels = assign_pages(blocks)
    pages = max((b.place.page or 0) for b in blocks) or None
    return SourceDocument(path=str(path), sha256=digest, pages=pages, blocks=blocks,
                          page_labels=labels)
