"""Stage 0: raw page content from PDFium: characters and ruling segments.

Everything returned is in display space: points, origin at the top-left of the page as
it is shown (page rotation and crop box applied).
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pr

from cnbudget import limits
from cnbudget.converters.pdf import fonts
from cnbudget.limits import LimitReached

Matrix = tuple[float, float, float, float, float, float]
"""Affine ``(a, b, c, d, e, f)``: x' = a*x + c*y + e, y' = b*x + d*y + f."""

Box = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` in page space."""

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
THIN = 3.0
"""A path box thinner than this (points) is a ruling line by itself."""
AXIS_TOL = 0.8
"""How far a segment may lean and still count as horizontal / vertical."""
MIN_SEGMENT = 2.0
"""Segments shorter than this are ignored (dots, glyph pieces)."""
WHITE = 245
"""Paths whose colour components are all at least this are invisible on paper."""


@dataclass(slots=True)
class Char:
    """One printed character with its box in display space.

    The centre (``cx``, ``cy``) is stored with the box: every later stage locates a
    character by it, many times over. Only :func:`read_chars` makes characters."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    cx: float
    cy: float


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
    limits: list[LimitReached] = field(default_factory=list)
    """Cost limits reached on the page (:mod:`cnbudget.limits`), without their place."""


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


class _Fast:
    """The PDFium functions of the per-character loop, re-declared with plain pointer types.

    pypdfium2's bindings type every handle as a ctypes pointer object; building and
    converting those objects costs more than the calls themselves, and this loop runs once
    per printed character. The functions are the same ones pypdfium2 loaded; only their
    Python-side signatures differ (handles go in and come out as ints)."""

    def __init__(self) -> None:
        vp, i32, fp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)

        def bind(fn: Any, restype: Any, *args: Any) -> Any:
            return ctypes.CFUNCTYPE(restype, *args)(_address(fn))

        self.count_chars = bind(pr.FPDFText_CountChars, i32, vp)
        self.get_text = bind(pr.FPDFText_GetText, i32, vp, i32, i32, vp)
        self.get_unicode = bind(pr.FPDFText_GetUnicode, ctypes.c_uint, vp, i32)
        self.loose_box = bind(pr.FPDFText_GetLooseCharBox, i32, vp, i32, vp)
        self.text_object = bind(pr.FPDFText_GetTextObject, vp, vp, i32)
        self.clip_path = bind(pr.FPDFPageObj_GetClipPath, vp, vp)
        self.count_paths = bind(pr.FPDFClipPath_CountPaths, i32, vp)
        self.count_segments = bind(pr.FPDFClipPath_CountPathSegments, i32, vp, i32)
        self.segment = bind(pr.FPDFClipPath_GetPathSegment, vp, vp, i32, i32)
        self.point = bind(pr.FPDFPathSegment_GetPoint, i32, vp, fp, fp)
        self.count_objects = bind(pr.FPDFPage_CountObjects, i32, vp)
        self.page_object = bind(pr.FPDFPage_GetObject, vp, vp, i32)
        self.object_type = bind(pr.FPDFPageObj_GetType, i32, vp)
        self.count_form_objects = bind(pr.FPDFFormObj_CountObjects, i32, vp)
        self.form_object = bind(pr.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong)


_UNSEEN = object()


def _address(handle: Any) -> int:
    """The address behind a ctypes pointer or function (0 for NULL)."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


@functools.cache
def _fast() -> _Fast:
    return _Fast()


def _page_text(api: _Fast, tp: int, count: int) -> str:
    """The text page's characters, one per character index.

    One bulk call when PDFium's text has exactly one unit per character (it leaves out
    control characters, which would shift the indices); one call per character otherwise."""
    if count:
        buf = ctypes.create_string_buffer(count * 2 + 2)
        written = api.get_text(tp, 0, count, buf)
        text = buf.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
        if len(text) == count:
            return text
    return "".join(chr(api.get_unicode(tp, i)) for i in range(count))


CLIP_SLACK = 0.5
"""Points by which a character's centre may lie outside its clipping path and still count as
printed. A character with more than half of its box clipped away is hidden: 西安 2019 表1
centres a header wider than its cell, and the 支 of 支出经济分类科目 (centre 437.77, its cell's
clip from 438.67) would otherwise end the 预算数 label of the column before."""

_RECT = struct.Struct("4f")
"""FS_RECTF as PDFium writes it: left, top, right, bottom."""


def text_clipped(page: pdfium.PdfPage) -> bool:
    """Whether any text object of the page (form XObjects included) has a clipping path.

    On a page where none has, no character can be hidden by one, and the per-character
    lookup of text objects and clips is skipped."""
    api = _fast()
    # bounded like _objects: a page past its limits is taken as clipped, so that the
    # per-character lookup (linear in the characters) decides
    seen = 0

    def clipped(objects: Iterator[int], depth: int) -> bool:
        nonlocal seen
        for obj in objects:
            if seen == limits.MAX_PAGE_OBJECTS:
                return True
            seen += 1
            kind = api.object_type(obj)
            if kind == pr.FPDF_PAGEOBJ_TEXT:
                clip = api.clip_path(obj)
                if clip and api.count_paths(clip) > 0:
                    return True
            elif kind == pr.FPDF_PAGEOBJ_FORM and (depth >= limits.MAX_FORM_DEPTH or clipped(
                    (api.form_object(obj, j) for j in range(api.count_form_objects(obj))),
                    depth + 1)):
                return True
        return False

    handle = _address(page.raw)
    return clipped((api.page_object(handle, i) for i in range(api.count_objects(handle))), 0)


def read_chars(textpage: pdfium.PdfTextPage, m: Matrix, clipped: bool = True,
               reached: list[LimitReached] | None = None) -> tuple[list[Char], str]:
    """All printable characters with their loose (font) boxes, and the text of the
    characters that lie outside their clipping path (hidden on the printed page: the
    overflow of a tall spreadsheet cell cut at a page break). ``clipped=False`` (see
    :func:`text_clipped`) says the page has no clipping paths on text.

    Characters PDFium generates (spaces and line breaks between runs) are dropped by the
    code filter with the other blanks. Only the first :data:`cnbudget.limits.MAX_PAGE_CHARS`
    characters are read; limits reached are appended to ``reached``."""
    api = _fast()
    tp = _address(textpage.raw)
    count = api.count_chars(tp)
    if reached is None:
        reached = []
    if count > limits.MAX_PAGE_CHARS:  # bounded cost: the rest of the page is not read
        reached.append(LimitReached("page_chars", limits.MAX_PAGE_CHARS, count))
        count = limits.MAX_PAGE_CHARS
    text = _page_text(api, tp, count)
    buf = (ctypes.c_float * 4)()
    rect = ctypes.addressof(buf)
    unpack = _RECT.unpack_from
    loose_box, text_object, clip_path = api.loose_box, api.text_object, api.clip_path
    a, b, c, d, e, f = m
    out: list[Char] = []
    hidden: list[str] = []
    clips = _Clips(api, reached)
    last: int | None = -1
    clip: Box | None = None
    for i, ch in enumerate(text):
        code = ord(ch)
        if code <= 32 or code == 0xFFFE or 0xD800 <= code <= 0xDFFF or code == 0x3000:
            continue
        if not loose_box(tp, i, rect):
            continue
        left, top, right, bottom = unpack(buf)
        if clipped:
            obj = text_object(tp, i)
            if obj != last:  # the characters of one text object come one after another
                last = obj
                handle = clip_path(obj) if obj else None
                clip = clips.box(handle) if handle else None
        if clip is not None:
            cx, cy = (left + right) / 2, (top + bottom) / 2
            s = CLIP_SLACK
            if not (clip[0] - s <= cx <= clip[2] + s and clip[1] - s <= cy <= clip[3] + s):
                hidden.append(ch)
                continue
        x1, y1 = a * left + c * bottom + e, b * left + d * bottom + f
        x2, y2 = a * right + c * top + e, b * right + d * top + f
        if x1 > x2:
            x1, x2 = x2, x1
        if y1 > y2:
            y1, y2 = y2, y1
        out.append(Char(ch, x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2))
    return out, "".join(hidden)


class _Clips:
    """Bounding boxes (page space) of the intersection of objects' clipping paths, for one
    page.

    Objects drawn under one clipping state share its path storage, so the handles of each
    path's first point (addresses into that storage) identify the clip in one call per
    path. PDFium documents those handles as valid until the page is closed, and the page
    stays loaded while it is read, so equal addresses are the same paths. A clip first
    met under other addresses is recognised by its shape (path and segment counts and two
    corner points) and read in full once per shape.

    Bounded cost: a clip of more than :data:`cnbudget.limits.MAX_CLIP_PATHS` paths, and
    every clip first met after :data:`cnbudget.limits.MAX_CLIP_SEGMENTS` segments were read
    on the page, count as hiding nothing (None); the first of each is put on ``reached``."""

    def __init__(self, api: _Fast, reached: list[LimitReached]) -> None:
        self.api = api
        self.reached = reached
        self.segments = 0
        """Clip path segments read so far on the page."""
        self.shared: dict[tuple[int, ...], Box | None] = {}
        self.shapes: dict[tuple[float, ...], Box | None] = {}
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.px, self.py = ctypes.byref(self.x), ctypes.byref(self.y)

    def box(self, clip: int) -> Box | None:
        api = self.api
        paths = api.count_paths(clip)
        if paths > limits.MAX_CLIP_PATHS:
            self._reach("clip_paths", limits.MAX_CLIP_PATHS, paths)
            return None
        if paths == 2:
            key: tuple[int, ...] = (api.segment(clip, 0, 0), api.segment(clip, 1, 0))
        else:
            key = tuple(api.segment(clip, k, 0) or 0 for k in range(paths))
        found = self.shared.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self.shared[key] = self._read(clip, paths)
        return found  # type: ignore[return-value]

    def _reach(self, code: str, limit: int, count: int) -> None:
        if not any(r.code == code for r in self.reached):  # once per page
            self.reached.append(LimitReached(code, limit, count))

    def _read(self, clip: int, paths: int) -> Box | None:
        api, x, y, px, py = self.api, self.x, self.y, self.px, self.py
        signature: list[float] = [paths]
        total = 0
        for k in range(paths):
            count = api.count_segments(clip, k)
            total += count
            signature.append(count)
            for j in (0, 2) if count > 2 else (0,) if count else ():
                api.point(api.segment(clip, k, j), px, py)
                signature += [x.value, y.value]
        shape = tuple(signature)
        if shape in self.shapes:
            return self.shapes[shape]
        self.segments += total
        if self.segments > limits.MAX_CLIP_SEGMENTS:
            self._reach("clip_segments", limits.MAX_CLIP_SEGMENTS, self.segments)
            return None
        box: Box | None = None
        for k in range(paths):
            xs: list[float] = []
            ys: list[float] = []
            for j in range(api.count_segments(clip, k)):
                api.point(api.segment(clip, k, j), px, py)
                xs.append(x.value)
                ys.append(y.value)
            if not xs:
                continue
            b = (min(xs), min(ys), max(xs), max(ys))
            box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]),
                                         min(box[2], b[2]), min(box[3], b[3]))
        self.shapes[shape] = box
        return box


def _objects(page: pdfium.PdfPage, reached: list[LimitReached]
             ) -> Iterator[tuple[ctypes.c_void_p, int, Matrix]]:
    """Page objects other than text, descending into form XObjects, in drawing order, with
    their type and the matrix of their container.

    Text objects (often one per character) are passed over by type alone, through the
    plain-pointer bindings; only the objects yielded get pypdfium2's typed handles.

    Bounded cost: the walk stops after :data:`cnbudget.limits.MAX_PAGE_OBJECTS` objects (a
    form's objects count once per use of the form) and does not enter forms nested deeper
    than :data:`cnbudget.limits.MAX_FORM_DEPTH`; each limit reached is put on ``reached``."""
    api = _fast()
    fm = pr.FS_MATRIX()
    handle = pr.FPDF_PAGEOBJECT
    seen = 0
    stopped = False

    def walk(objects: Iterator[int], outer: Matrix, depth: int
             ) -> Iterator[tuple[ctypes.c_void_p, int, Matrix]]:
        nonlocal seen, stopped
        for raw in objects:
            if seen == limits.MAX_PAGE_OBJECTS:  # one object more than the limit
                stopped = True
                return
            seen += 1
            kind = api.object_type(raw)
            if kind == pr.FPDF_PAGEOBJ_TEXT:
                continue
            obj = ctypes.cast(raw, handle)
            if kind == pr.FPDF_PAGEOBJ_FORM:
                if depth >= limits.MAX_FORM_DEPTH:
                    if not any(r.code == "form_depth" for r in reached):
                        reached.append(LimitReached("form_depth", limits.MAX_FORM_DEPTH,
                                                    depth + 1))
                    continue
                pr.FPDFPageObj_GetMatrix(obj, fm)
                inner = mul((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), outer)
                yield from walk((api.form_object(raw, j)
                                 for j in range(api.count_form_objects(raw))), inner, depth + 1)
            else:
                yield obj, kind, outer

    page_handle = _address(page.raw)
    yield from walk((api.page_object(page_handle, i)
                     for i in range(api.count_objects(page_handle))), IDENTITY, 0)
    if stopped:
        reached.append(LimitReached("page_objects", limits.MAX_PAGE_OBJECTS, seen + 1))


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


def read_segments(page: pdfium.PdfPage, m: Matrix, reached: list[LimitReached] | None = None
                  ) -> tuple[list[Segment], int]:
    """Ruling segments from path objects (thin filled boxes and stroked lines); image count.

    Bounded cost (see :func:`_objects`): no more than :data:`cnbudget.limits.MAX_PATH_SEGMENTS`
    path segments are read; limits reached are appended to ``reached``."""
    if reached is None:
        reached = []
    out: list[Segment] = []
    images = 0
    path_segments = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    om = pr.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = tuple(ctypes.c_uint() for _ in range(4))
    container: Matrix | None = None
    full = m
    for obj, kind, outer in _objects(page, reached):
        if kind == pr.FPDF_PAGEOBJ_IMAGE:
            images += 1
        if kind != pr.FPDF_PAGEOBJ_PATH:
            continue
        if outer is not container:  # the objects of one container share its matrix
            container, full = outer, mul(outer, m)
        pr.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        bx = _box(full, left.value, bottom.value, right.value, top.value)
        if bx[2] - bx[0] < MIN_SEGMENT and bx[3] - bx[1] < MIN_SEGMENT:
            continue  # a dot (no segment in it): skipped before the colour look-ups
        pr.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not _visible(obj, bool(fill.value), bool(stroke.value), rgba):
            continue
        if min(bx[2] - bx[0], bx[3] - bx[1]) < THIN:
            seg = _segment(*bx)
            if seg is not None:
                out.append(seg)
            continue
        path_segments += pr.FPDFPath_CountSegments(obj)
        if path_segments > limits.MAX_PATH_SEGMENTS:  # the rest of the page is not read
            reached.append(LimitReached("path_segments", limits.MAX_PATH_SEGMENTS,
                                        path_segments))
            break
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
    fonts.install()  # before the page's fonts load: the same characters on every machine
    page = pdf[index]
    try:
        width = pr.FPDF_GetPageWidthF(page)
        height = pr.FPDF_GetPageHeightF(page)
        m = display_matrix(page, width, height)
        reached: list[LimitReached] = []
        textpage = page.get_textpage()
        try:
            chars, clipped = read_chars(textpage, m, text_clipped(page), reached)
        finally:
            textpage.close()
        segments, images = read_segments(page, m, reached)
        return PageContent(index + 1, width, height, page.get_rotation(), chars, segments,
                           images, clipped, reached)
    finally:
        page.close()
