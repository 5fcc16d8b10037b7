"""Stage 5: text lines → paragraphs. A PDF breaks running text at the print width; the
package stores each paragraph as one line (as a text extraction or a workbook gives it).

A text line continues the one before it when that line is *full* (starts near the left
edge of the page's text column, ends within :data:`FULL_EMS` character heights of its
right edge) and the line itself is *not indented* (starts within :data:`INDENT_EMS` of
the column's left edge), both are set in the same type size, and nothing but line
spacing separates them (a gap no wider than the page's usual one between its lines, see
:func:`_leading`: double-spaced pages too) — on one page, or the last line of a page and
the first of the next. A centred chapter heading wrapped onto a second, centred line is
joined as well. Contents entries and lines starting like a chapter heading (一、 第一部分) are
never joined. Chinese running text
indents each paragraph's first line, so a new paragraph is never glued on; headings,
titles, table meta lines and contents entries are short, so nothing is glued to them.
The wrapped parts are joined by :func:`cnbudget.converters.pdf.lines.join_wrapped`.
"""

from __future__ import annotations

import re
from itertools import pairwise

from cnbudget.converters.grid import Block, Place
from cnbudget.converters.pdf.lines import join_wrapped

FULL_EMS = 2.0
INDENT_EMS = 0.8
FIRST_INDENT_EMS = 3.0
"""A full line starts at most this far from the left edge (a paragraph's first-line indent);
a centred title spanning the column is not a paragraph line."""
MIN_COLUMN_EMS = 15.0
"""A page's text column must be at least this wide (in character heights) for any of
its lines to count as full."""
CONTENTS_ENTRY = re.compile(r"[.．…·]{3,}\s*\d*\s*$")
"""A contents entry (dotted leader, with or without its page number: 普陀 财政局 2025 p.2)
fills its line but ends a paragraph."""
HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
"""A line starting like a chapter heading starts a paragraph even where it is not indented."""
LEADING = 1.0
"""Largest gap between two lines of one paragraph, in character heights, on a page whose
lines are set closer than that (single-spaced)."""
MAX_LEADING = 2.0
"""Largest gap between two lines of one paragraph on any page (a double-spaced page sets
its lines about one character height apart: 15 pt lines every 31 pt)."""
MIN_LEADING_PAIRS = 3
"""A page's own line gap is read from at least this many pairs of a full line and an
unindented one; a page with fewer takes the document's (普陀 规划资源 p.2, p.28), and a
document with fewer :data:`LEADING` (a short page of one-line paragraphs, 普陀 财政局 2025
p.5, is not joined)."""
LEADING_SLACK = 0.25
"""How far (in character heights) a paragraph's line gap may exceed the page's usual one."""
CENTRE_EMS = 1.0
"""A centred heading wrapped onto a second line: both lines' centres within this."""


def _column(blocks: list[Block]) -> dict[int, tuple[float, float]]:
    """Left and right edge of the text lines on each page."""
    out: dict[int, tuple[float, float]] = {}
    for b in blocks:
        page, bbox = b.place.page, b.place.bbox
        if b.kind != "text" or bbox is None or page is None:
            continue
        x0, _, x1, _ = bbox
        left, right = out.get(page, (x0, x1))
        out[page] = (min(left, x0), max(right, x1))
    return out


def _leading(blocks: list[Block], cols: dict[int, tuple[float, float]]) -> dict[int, float]:
    """The largest line gap (in character heights) inside a paragraph on each page: the
    page's usual gap between a full line and the unindented line after it, in one size
    (the upper quartile: such pairs are nearly all one paragraph's lines, a page may set
    two paragraphs at two spacings, 普陀 规划资源 p.28; the odd unindented paragraph
    break does not count) plus :data:`LEADING_SLACK`,
    at least :data:`LEADING`, at most :data:`MAX_LEADING`, read from at least
    :data:`MIN_LEADING_PAIRS` such pairs (else the document's). A double-spaced page
    joins its wrapped lines; a single-spaced one keeps the fixed bound."""
    gaps: dict[int, list[float]] = {}
    for prev, cur in pairwise(blocks):
        a, b, page = prev.place.bbox, cur.place.bbox, prev.place.page
        if prev.kind != "text" or cur.kind != "text" or a is None or b is None or \
                page is None or page != cur.place.page:
            continue
        h = max(a[3] - a[1], 1.0)
        left, right = cols[page]
        if abs(max(b[3] - b[1], 1.0) - h) > 0.1 * h or right - a[2] > FULL_EMS * h or \
                b[0] - left > INDENT_EMS * h:
            continue
        gap = (b[1] - a[3]) / h
        if 0 <= gap <= MAX_LEADING:
            gaps.setdefault(page, []).append(gap)
    whole = _bound([x for g in gaps.values() for x in g], LEADING)
    return {page: _bound(gaps.get(page, []), whole) for page in cols}


def _bound(gaps: list[float], default: float) -> float:
    if len(gaps) < MIN_LEADING_PAIRS:
        return default
    usual = sorted(gaps)[3 * len(gaps) // 4]
    return min(MAX_LEADING, max(LEADING, usual + LEADING_SLACK))


def _continues(prev: Block, cur: Block, cols: dict[int, tuple[float, float]],
               last_on_page: bool, first_on_page: bool,
               leading: dict[int, float] | None = None) -> bool:
    if prev.kind != "text" or cur.kind != "text":
        return False
    page, bbox = prev.place.page, prev.place.bbox
    cur_page, cur_bbox = cur.place.page, cur.place.bbox
    if bbox is None or cur_bbox is None or page is None or cur_page is None:
        return False
    h = max(bbox[3] - bbox[1], 1.0)
    if abs(max(cur_bbox[3] - cur_bbox[1], 1.0) - h) > 0.1 * h:
        return False
    left, right = cols[page]
    if right - left < MIN_COLUMN_EMS * h:
        return False
    near = page == cur_page and cur_bbox[1] - bbox[3] <= (leading or {}).get(page, LEADING) * h
    if near and _centred_heading(prev, cur, bbox, cur_bbox, h, (left, right)):
        return True
    if right - bbox[2] > FULL_EMS * h or bbox[0] - left > FIRST_INDENT_EMS * h:
        return False
    if cur_bbox[0] - cols[cur_page][0] > INDENT_EMS * h:
        return False
    if page == cur_page:
        if not near:
            return False
    elif not (cur_page == page + 1 and last_on_page and first_on_page):
        return False
    # the text last: the geometry above rules out most pairs more cheaply
    return not (CONTENTS_ENTRY.search(prev.text) or HEADING_START.match(cur.text))


def _centred_heading(prev: Block, cur: Block, bbox: tuple[float, float, float, float],
                     cur_bbox: tuple[float, float, float, float], h: float,
                     column: tuple[float, float]) -> bool:
    """``cur`` is the second line of a centred chapter heading wrapped at its width
    ("第三部分 上海市普陀区规划和自然资源局2024年度部门决算" / "情况说明", 普陀 p.20;
    "第三部分 江苏省高级人民法院2018" / "年度预算情况说明", 江苏高院 p.16): the first
    starts like a chapter heading, spans at least half the text column and is centred on
    it; the second is shorter (starts visibly right of the first: two left-aligned
    headings of one width are two headings), shares its centre and is no sentence (no 。)."""
    left, right = column
    centre = (bbox[0] + bbox[2]) / 2
    return bool(HEADING_START.match(prev.text)) and 2 * (bbox[2] - bbox[0]) >= right - left \
        and abs(centre - (left + right) / 2) <= CENTRE_EMS * h \
        and cur_bbox[0] - bbox[0] >= 2 * CENTRE_EMS * h \
        and abs((cur_bbox[0] + cur_bbox[2]) / 2 - centre) <= CENTRE_EMS * h \
        and "。" not in prev.text + cur.text and not HEADING_START.match(cur.text) \
        and not CONTENTS_ENTRY.search(prev.text)  # 普陀 财政局 2025 p.2: two entries


def join_paragraphs(blocks: list[Block]) -> list[Block]:
    """Blocks with each paragraph's wrapped lines joined into its first line's block.

    A paragraph's lines are joined once it is complete (joining each line onto the text so
    far would copy that text once per line: quadratic in a long paragraph's length)."""
    cols = _column(blocks)
    leading = _leading(blocks, cols)
    out: list[Block] = []
    parts: list[str] = []  # the lines of out[-1]'s paragraph so far
    for i, b in enumerate(blocks):
        if out:
            new_page = blocks[i - 1].place.page != b.place.page
            # out[-1] ends with blocks[i - 1]: its last line decides
            if _continues(blocks[i - 1], b, cols, new_page, new_page, leading):
                out[-1] = _joined(out[-1], b)
                parts.append(b.text)
                continue
            _set_text(out[-1], parts)
        out.append(b)
        parts = [b.text]
    if out:
        _set_text(out[-1], parts)
    return out


def _set_text(block: Block, parts: list[str]) -> None:
    if len(parts) > 1:  # a paragraph of one line keeps its text as it is
        block.text = join_wrapped(parts)


def _joined(prev: Block, cur: Block) -> Block:
    """``prev`` grown by ``cur``'s box; the text is set by :func:`_set_text`."""
    text = prev.text
    place, bbox = prev.place, prev.place.bbox
    if bbox is not None and cur.place.bbox is not None and cur.place.page == place.page:
        x0, top, x1, bottom = cur.place.bbox
        bbox = (min(bbox[0], x0), min(bbox[1], top), max(bbox[2], x1), max(bbox[3], bottom))
        # dataclasses.replace(place, bbox=bbox), without its overhead
        place = Place(place.source, place.page, place.line, bbox, place.sheet, place.cell)
    return Block("text", place, text)
