"""Stage 0 against a plain reading: the fast character reader (bulk text, plain-pointer
bindings, clip lookups shared by path storage) reads exactly what PDFium's public
per-character API gives, one call at a time and without any cache."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pr
import pytest

from cnbudget.converters.pdf.extract import display_matrix, read_chars, text_clipped
from tests.converters.corpus import corpus_file

corpus = corpus_file


def clip_box(obj: object) -> tuple[float, float, float, float] | None:
    """Intersection of the bounding boxes of every path of the object's clip, read in full."""
    clip = pr.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    box = None
    for k in range(pr.FPDFClipPath_CountPaths(clip)):
        points = []
        for j in range(pr.FPDFClipPath_CountPathSegments(clip, k)):
            pr.FPDFPathSegment_GetPoint(pr.FPDFClipPath_GetPathSegment(clip, k, j), x, y)
            points.append((x.value, y.value))
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            b = (min(xs), min(ys), max(xs), max(ys))
            box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]),
                                         min(box[2], b[2]), min(box[3], b[3]))
    return box


def plain_reading(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
                  ) -> tuple[list[tuple[str, float, float, float, float]], str]:
    """(text, left, bottom, right, top) in PDF space of printed characters; hidden text."""
    rect = pr.FS_RECTF()
    shown, hidden = [], []
    for i in range(pr.FPDFText_CountChars(textpage)):
        code = pr.FPDFText_GetUnicode(textpage, i)
        if pr.FPDFText_IsGenerated(textpage, i) == 1 or code <= 32 or code in (0xFFFE, 0x3000) \
                or 0xD800 <= code <= 0xDFFF:
            continue
        if not pr.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        obj = pr.FPDFText_GetTextObject(textpage, i)
        clip = clip_box(obj) if obj else None
        cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
        if clip is not None and not (clip[0] - 1 <= cx <= clip[2] + 1
                                     and clip[1] - 1 <= cy <= clip[3] + 1):
            hidden.append(chr(code))
            continue
        shown.append((chr(code), rect.left, rect.bottom, rect.right, rect.top))
    return shown, "".join(hidden)


@pytest.mark.parametrize("name", [
    "sh-putuo-caizhengju-2025-budget.pdf",   # print-area clips hide overflowing narrative
    "bj-xinfang-ban-2026-budget-tables.pdf",  # a clip per character object
    "js-shengwei-bangongting-2019-budget-tables.pdf",  # a cell clip hides one character
    "js-shengwei-bangongting-2019-budget-text.pdf",  # no clips at all
    "cn-guojia-xinfangju-2026-budget.pdf",  # clips on two pages only
])
def test_fast_reader_equals_plain_per_character_reading(name: str) -> None:
    pdf = pdfium.PdfDocument(corpus(name))
    hidden_total = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                w, h = pr.FPDF_GetPageWidthF(page), pr.FPDF_GetPageHeightF(page)
                m = display_matrix(page, w, h)
                chars, hidden = read_chars(textpage, m)
                shortcut = read_chars(textpage, m, text_clipped(page))
                shown, expected_hidden = plain_reading(page, textpage)
            finally:
                textpage.close()
                page.close()
            assert hidden == expected_hidden, f"page {index + 1}"
            assert shortcut == (chars, hidden), f"page {index + 1}: text_clipped is wrong"
            assert [c.text for c in chars] == [s[0] for s in shown], f"page {index + 1}"
            for c, (_, left, bottom, right, top) in zip(chars, shown, strict=True):
                xs = (m[0] * left + m[2] * bottom + m[4], m[0] * right + m[2] * top + m[4])
                ys = (m[1] * left + m[3] * bottom + m[5], m[1] * right + m[3] * top + m[5])
                assert (c.x0, c.x1, c.top, c.bottom) == pytest.approx(
                    (min(xs), max(xs), min(ys), max(ys)), abs=1e-6), f"page {index + 1}"
                assert (c.cx, c.cy) == pytest.approx(((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2))
            hidden_total += len(hidden)
    finally:
        pdf.close()
    if name.startswith(("sh-putuo", "bj-xinfang", "js-shengwei-bangongting-2019-budget-tables")):
        assert hidden_total > 0, "the document's clipped overflow should have been found"
