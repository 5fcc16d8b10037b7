"""``cnbudget annotate``: the source PDF with every finding marked on its page.

Each finding whose place is a box on a page gets a square annotation round the cited cell
(red; the other printed cells of its row in orange, as in the HTML report) whose note is the
rule code and the message in Chinese and English; a finding with a page but no box gets a
note icon in the page's top-left margin. In front of the document come index pages listing
every finding (also those without a page) with its page in the annotated file. Annotations
are added with PDFium (``FPDFPage_CreateAnnot``), the index is drawn with reportlab (the
``render`` extra) in its built-in ``STSong-Light`` font (not embedded: a viewer shows it with
its own CJK font). The file is written atomically and never replaces an existing one
without ``overwrite``.
"""

from __future__ import annotations

import ctypes
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnbudget.atomic import write_file
from cnbudget.review.report_html import (
    Box,
    finding_boxes,
    load_provenance,
    match_sources,
)

MAX_ANNOTATIONS = 5000
RED = (210, 0, 30)
ORANGE = (230, 140, 0)


class AnnotateError(Exception):
    """The annotated PDF cannot be made; the message names the file and why."""


@dataclass(slots=True)
class Mark:
    number: int
    finding: dict[str, Any]
    source: str | None
    page: int | None
    main: Box | None
    row: list[Box]


def _findings(package: Path, report: Path | None) -> list[dict[str, Any]]:
    if report is not None:
        try:
            data = json.loads(Path(report).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AnnotateError(f"{report}: not a readable validation report ({exc})") from None
        if not isinstance(data, dict):
            raise AnnotateError(f"{report}: not a validation report")
        return list(data.get("findings") or [])
    from cnbudget.validation.api import validate
    from cnbudget.validation.report_json import report_dict

    v = validate(package)
    if v.result is None:
        raise AnnotateError(f"{package}: could not be validated: {v.error}")
    return list(report_dict(v)["findings"])


def _text(f: dict[str, Any]) -> tuple[str, str]:
    msg = f.get("message") or {}
    return str(msg.get("zh") or ""), str(msg.get("en") or "")


def _utf16(text: str) -> Any:
    """A NUL-terminated UTF-16LE string as PDFium's FPDF_WIDESTRING."""
    data = (text + "\0").encode("utf-16-le")
    buf = ctypes.create_string_buffer(data, len(data))
    return ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), buf


def _add_annot(pdfium_raw: Any, page: Any, height: float, box: Box, colour: tuple[int, ...],
               title: str, contents: str, width: float, subtype: int) -> None:
    raw = pdfium_raw
    annot = raw.FPDFPage_CreateAnnot(page.raw, subtype)
    if not annot:
        return
    try:
        rect = raw.FS_RECTF(box[0], height - box[1], box[2], height - box[3])
        raw.FPDFAnnot_SetRect(annot, rect)
        raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *colour, 255)
        if subtype == raw.FPDF_ANNOT_SQUARE:
            raw.FPDFAnnot_SetBorder(annot, 0.0, 0.0, width)
        for key, value in ((b"T", title), (b"Contents", contents)):
            ptr, _keep = _utf16(value)
            raw.FPDFAnnot_SetStringValue(annot, key, ptr)
        raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)
    finally:
        raw.FPDFPage_CloseAnnot(annot)


def _index_pdf(marks: list[Mark], offsets: dict[str, int], offset: int, title: str) -> bytes:
    """Index pages (reportlab): every finding with its page in the annotated file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    w, h = A4
    margin, size, lead = 40.0, 8.5, 11.0
    y = h - margin

    def line(text: str, x: float, sz: float = size) -> None:
        nonlocal y
        if y < margin:
            c.showPage()
            y = h - margin
        c.setFont(font, sz)
        c.drawString(x, y, text)
        y -= lead if sz <= size else sz * 1.5

    def wrapped(text: str, x: float) -> None:
        limit = w - margin - x
        cur = ""
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, font, size) > limit:
                line(cur, x)
                cur = ""
            cur += ch
        if cur:
            line(cur, x)

    line(f"问题索引 / Index of findings — {title}"[:90], margin, 13)
    line(f"{len(marks)} 条问题；页码为本文件的页码 / {len(marks)} findings; pages are pages of "
         "this file", margin)
    y -= 4
    for m in marks:
        f = m.finding
        where = "—"
        if m.page is not None and m.source in offsets:
            at = m.page + offsets[m.source] + offset
            where = f"第 {at} 页 / p.{at}"
        zh, en = _text(f)
        loc = f.get("location") or {}
        place = " ".join(str(p) for p in (loc.get("resource"), loc.get("position"),
                                          loc.get("field")) if p not in (None, ""))
        line(f"{m.number}. {f.get('code')} [{f.get('severity')}] {where}  {place}"[:140], margin)
        wrapped(zh, margin + 14)
        wrapped(en, margin + 14)
        y -= 3
    c.showPage()
    c.save()
    return buf.getvalue()


def annotate_pdf(package: Path, output: Path, *, sources: list[Path] | None = None,
                 report: Path | None = None, overwrite: bool = False) -> Path:
    """Write ``output``: the package's source PDF(s) with every finding marked, an index
    of findings in front. Findings come from ``report`` (a validation report) or a fresh
    validation of ``package``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        import reportlab  # noqa: F401
    except ImportError:
        raise AnnotateError("the index of findings needs reportlab: pip install "
                            "'cnbudget[render]'") from None
    package = Path(package)
    if package.name == "datapackage.json":
        package = package.parent
    if not (package / "datapackage.json").is_file():
        raise AnnotateError(f"{package}: no datapackage.json here")
    if Path(output).exists() and not overwrite:
        raise FileExistsError(f"{output} exists; pass --overwrite to replace it")
    desc = json.loads((package / "datapackage.json").read_text("utf-8"))
    recorded = [str(f.get("name")) for f in (desc.get("source") or {}).get("files") or []
                if str(f.get("name", "")).lower().endswith(".pdf")]
    if not recorded:
        raise AnnotateError(f"{package}: the package was not converted from a PDF (its "
                            "sources: " + ", ".join(str(f.get("name")) for f in (
                                desc.get("source") or {}).get("files") or []) + ")")
    pdfs = match_sources(package, sources)
    missing = [n for n in recorded if n not in pdfs]
    if missing:
        given = ", ".join(str(s) for s in sources or []) or "none given"
        raise AnnotateError(f"{package}: source PDF {', '.join(missing)} not found (give it "
                            f"with --source; its SHA-256 must match the package's; given: "
                            f"{given})")
    prov = load_provenance(package)
    marks = []
    for i, f in enumerate(_findings(package, report)[:MAX_ANNOTATIONS], 1):
        loc = f.get("location") or {}
        main, row = finding_boxes(f, prov)
        page_no = loc.get("page")
        src = loc.get("source") if loc.get("source") in pdfs else None
        marks.append(Mark(i, f, src, int(page_no) if src and page_no is not None else None,
                          main, row))
    out = pdfium.PdfDocument.new()
    offsets: dict[str, int] = {}
    docs = []
    try:
        for name in recorded:
            try:
                doc = pdfium.PdfDocument(str(pdfs[name]))
            except pdfium.PdfiumError as exc:
                raise AnnotateError(f"{pdfs[name]}: not a readable PDF ({exc})") from None
            docs.append(doc)
            offsets[name] = len(out)
            out.import_pages(doc)
        for m in marks:
            if m.page is None or m.source is None:
                continue
            n = offsets[m.source] + m.page - 1
            if not 0 <= n < len(out) or (m.page > len(out)):
                m.page = None
                continue
            page = out[n]
            height = page.get_height()
            zh, en = _text(m.finding)
            title = f"{m.number}. {m.finding.get('code')} [{m.finding.get('severity')}]"
            if m.main is not None:
                for b in m.row:
                    _add_annot(raw, page, height, b, ORANGE, title, f"{zh}\n{en}", 1.0,
                               raw.FPDF_ANNOT_SQUARE)
                _add_annot(raw, page, height, (m.main[0] - 1, m.main[1] - 1, m.main[2] + 1,
                                               m.main[3] + 1), RED, title, f"{zh}\n{en}", 2.0,
                           raw.FPDF_ANNOT_SQUARE)
            else:
                _add_annot(raw, page, height, (4, 4, 24, 24), RED, title, f"{zh}\n{en}", 1.0,
                           raw.FPDF_ANNOT_TEXT)
            page.close()
        title = str(desc.get("title") or desc.get("name") or package.name)
        k = 1
        for _ in range(3):  # the index's length decides the page numbers it prints
            index = pdfium.PdfDocument(_index_pdf(marks, offsets, k, title))
            if len(index) == k:
                break
            k = len(index)
            index.close()
        out.import_pages(index, index=0)
        index.close()

        def write(tmp: Path) -> None:
            out.save(str(tmp))

        return write_file(Path(output), write, overwrite=overwrite)
    finally:
        out.close()
        for d in docs:
            d.close()
