"""Stage 0: raw page content from PDFium: characters and ruling segments.

Everything returned is in display space: points, origin at the top-left of the page as
it is shown (page rotation and crop box applied).
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pr

Matrix = tuple[float, float, float, float, float, float]
"""Affine ``(a, b, c, d, e, f)``: x' = a*x + c*y + e, y' = b*x + d*y + f."""

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
THIN = 3.0
"""A path box thinner than this (points) is a ruling line by itself."""
AXIS_TOL = 0.8
"""How far a segment may lean and still count as horizontal / vertical."""
MIN_SEGMENT = 2.0
"""Segments shorter than this are ignored (dots, glyph pieces)."""
WHITE = 245
"""Paths whose colour components are all at least this are invisible on paper."""


@dataclass(frozen=True, slots=True)
class Char:
    """One printed character with its box in display space."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Segment:
    """An axis-aligned ruling line: ``pos`` is y for horizontal, x for vertical."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass(slots=True)
class PageContent:
    """What one page holds, before any interpretation."""

    number: int
    width: float
    height: float
    rotation: int
    chars: list[Char] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    images: int = 0
    clipped: str = ""
    """Characters of the text layer that the page's clipping hides (not printed)."""


def mul(m: Matrix, n: Matrix) -> Matrix:
    """Matrix product: apply ``m`` first, then ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def display_matrix(page: pdfium.PdfPage, width: float, height: float) -> Matrix:
    """PDF user space → display space, found by asking PDFium to map three points."""
    scale = 64.0
    sx, sy = round(width * scale), round(height * scale)
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def dev(x: float, y: float) -> tuple[float, float]:
        pr.FPDF_PageToDevice(page, 0, 0, sx, sy, 0, x, y, dx, dy)
        return dx.value / scale, dy.value / scale

    ox, oy = dev(0.0, 0.0)
    ax, ay = dev(100.0, 0.0)
    bx, by = dev(0.0, 100.0)
    return ((ax - ox) / 100, (ay - oy) / 100, (bx - ox) / 100, (by - oy) / 100, ox, oy)


def _box(m: Matrix, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
    x1, y1 = apply(m, left, bottom)
    x2, y2 = apply(m, right, top)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def read_chars(textpage: pdfium.PdfTextPage, m: Matrix) -> tuple[list[Char], str]:
    """All non-generated, printable characters with their loose (font) boxes, and the text
    of the characters that lie outside their clipping path (hidden on the printed page:
    the overflow of a tall spreadsheet cell cut at a page break)."""
    rect = pr.FS_RECTF()
    out: list[Char] = []
    hidden: list[str] = []
    clips: dict[int | None, tuple[float, float, float, float] | None] = {}
    shapes: dict[tuple[float, ...], tuple[float, float, float, float] | None] = {}
    for i in range(pr.FPDFText_CountChars(textpage)):
        code = pr.FPDFText_GetUnicode(textpage, i)
        if code <= 32 or code == 0xFFFE or 0xD800 <= code <= 0xDFFF or code == 0x3000:
            continue
        if pr.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        if not pr.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        obj = pr.FPDFText_GetTextObject(textpage, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key not in clips:
            clips[key] = _clip_box(obj, shapes) if obj else None
        clip = clips[key]
        cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
        if clip is not None and not (clip[0] - 1 <= cx <= clip[2] + 1
                                     and clip[1] - 1 <= cy <= clip[3] + 1):
            hidden.append(chr(code))
            continue
        x0, y0, x1, y1 = _box(m, rect.left, rect.bottom, rect.right, rect.top)
        out.append(Char(chr(code), x0, y0, x1, y1))
    return out, "".join(hidden)


def _clip_box(obj: ctypes.c_void_p, shapes: dict[tuple[float, ...], tuple[float, float, float,
              float] | None]) -> tuple[float, float, float, float] | None:
    """Bounding box (page space) of the intersection of an object's clipping paths.

    Text objects of one page mostly share a few clip shapes (a cell, the page): a shape is
    recognised by its path and segment counts and its first point, and read in full once."""
    clip = pr.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    paths = pr.FPDFClipPath_CountPaths(clip)
    signature: list[float] = [paths]
    for k in range(paths):
        count = pr.FPDFClipPath_CountPathSegments(clip, k)
        signature.append(count)
        if count:
            pr.FPDFPathSegment_GetPoint(pr.FPDFClipPath_GetPathSegment(clip, k, 0), x, y)
            signature += [round(x.value, 2), round(y.value, 2)]
            if count > 2:
                pr.FPDFPathSegment_GetPoint(pr.FPDFClipPath_GetPathSegment(clip, k, 2), x, y)
                signature += [round(x.value, 2), round(y.value, 2)]
    key = tuple(signature)
    if key in shapes:
        return shapes[key]
    box: tuple[float, float, float, float] | None = None
    for k in range(paths):
        xs: list[float] = []
        ys: list[float] = []
        for j in range(pr.FPDFClipPath_CountPathSegments(clip, k)):
            seg = pr.FPDFClipPath_GetPathSegment(clip, k, j)
            pr.FPDFPathSegment_GetPoint(seg, x, y)
            xs.append(x.value)
            ys.append(y.value)
        if not xs:
            continue
        b = (min(xs), min(ys), max(xs), max(ys))
        box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]),
                                     min(box[2], b[2]), min(box[3], b[3]))
    shapes[key] = box
    return box


def _objects(page: pdfium.PdfPage) -> Iterator[tuple[ctypes.c_void_p, Matrix]]:
    """Page objects, descending into form XObjects, with the matrix of their container."""
    stack: list[tuple[ctypes.c_void_p, Matrix]] = []
    for i in range(pr.FPDFPage_CountObjects(page) - 1, -1, -1):
        stack.append((pr.FPDFPage_GetObject(page, i), IDENTITY))
    fm = pr.FS_MATRIX()
    while stack:
        obj, outer = stack.pop()
        if pr.FPDFPageObj_GetType(obj) == pr.FPDF_PAGEOBJ_FORM:
            pr.FPDFPageObj_GetMatrix(obj, fm)
            inner = mul((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), outer)
            for j in range(pr.FPDFFormObj_CountObjects(obj) - 1, -1, -1):
                stack.append((pr.FPDFFormObj_GetObject(obj, j), inner))
        else:
            yield obj, outer


def _segment(x0: float, y0: float, x1: float, y1: float) -> Segment | None:
    """An axis-aligned segment from a thin box or a line, or None."""
    w, h = abs(x1 - x0), abs(y1 - y0)
    if w >= MIN_SEGMENT and h <= max(AXIS_TOL, THIN if w > 4 * h else 0):
        return Segment(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    if h >= MIN_SEGMENT and w <= max(AXIS_TOL, THIN if h > 4 * w else 0):
        return Segment(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))
    return None


def _path_points(obj: ctypes.c_void_p, m: Matrix) -> list[list[tuple[float, float]]]:
    """The path's subpaths as point lists in display space (curves flattened to ends)."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pr.FPDFPath_CountSegments(obj)):
        seg = pr.FPDFPath_GetPathSegment(obj, i)
        pr.FPDFPathSegment_GetPoint(seg, x, y)
        pt = apply(m, x.value, y.value)
        if pr.FPDFPathSegment_GetType(seg) == pr.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([pt])
        else:
            subpaths[-1].append(pt)
        if pr.FPDFPathSegment_GetClose(seg):
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _visible(
    obj: ctypes.c_void_p, fill: bool, stroke: bool, rgba: tuple[ctypes.c_uint, ...]
) -> bool:
    """Whether the path paints something other than white (Excel exports draw white grids)."""
    r, g, b, a = rgba
    if fill:
        pr.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        if a.value > 0 and min(r.value, g.value, b.value) < WHITE:
            return True
    if stroke:
        pr.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
        if a.value > 0 and min(r.value, g.value, b.value) < WHITE:
            return True
    return False


def read_segments(page: pdfium.PdfPage, m: Matrix) -> tuple[list[Segment], int]:
    """Ruling segments from path objects (thin filled boxes and stroked lines); image count."""
    out: list[Segment] = []
    images = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    om = pr.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = tuple(ctypes.c_uint() for _ in range(4))
    for obj, outer in _objects(page):
        kind = pr.FPDFPageObj_GetType(obj)
        if kind == pr.FPDF_PAGEOBJ_IMAGE:
            images += 1
        if kind != pr.FPDF_PAGEOBJ_PATH:
            continue
        pr.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not _visible(obj, bool(fill.value), bool(stroke.value), rgba):
            continue
        full = mul(outer, m)
        pr.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        bx = _box(full, left.value, bottom.value, right.value, top.value)
        if min(bx[2] - bx[0], bx[3] - bx[1]) < THIN:
            seg = _segment(*bx)
            if seg is not None:
                out.append(seg)
            continue
        pr.FPDFPageObj_GetMatrix(obj, om)
        pm = mul((om.a, om.b, om.c, om.d, om.e, om.f), full)
        for pts in _path_points(obj, pm):
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            if min(max(xs) - min(xs), max(ys) - min(ys)) < THIN:
                seg = _segment(min(xs), min(ys), max(xs), max(ys))
                if seg is not None:
                    out.append(seg)
            elif stroke.value:
                for (ax, ay), (bx2, by2) in itertools.pairwise(pts):
                    seg = _segment(ax, ay, bx2, by2)
                    if seg is not None:
                        out.append(seg)
    return out, images


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageContent:
    """Characters and ruling segments of page ``index`` (0-based); releases the page."""
    page = pdf[index]
    try:
        width = pr.FPDF_GetPageWidthF(page)
        height = pr.FPDF_GetPageHeightF(page)
        m = display_matrix(page, width, height)
        textpage = page.get_textpage()
        try:
            chars, clipped = read_chars(textpage, m)
        finally:
            textpage.close()
        segments, images = read_segments(page, m)
        return PageContent(index + 1, width, height, page.get_rotation(), chars, segments,
                           images, clipped)
    finally:
        page.close()
