"""Bounded cost (cnbudget.limits): each guard of the PDF front end trips on a constructed PDF
that makes too many of what it counts, the conversion still returns what it could read, and
the limit is recorded (code, page, limit, count seen). Counted quantities only: no timing.

Most tests lower the limit under test (monkeypatch) so that the PDF stays small; one test
draws more tiny objects than the real limit."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import typer
from typer.testing import CliRunner

from cnbudget import limits
from cnbudget.cli import convert as convert_cmd
from cnbudget.converters.pdf import read_pdf
from cnbudget.converters.pdf.extract import read_page
from cnbudget.limits import LimitReached

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "lulong-2023-budget.pdf"

FONT = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
TEXT = b"BT /F1 12 Tf 72 800 Td (Budget) Tj ET\n"


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf(content: bytes, xobjects: list[bytes] | None = None) -> bytes:
    """A one-page PDF (A4) drawing ``content``; ``xobjects`` are form streams named /X0 …
    (objects 5 …), which may draw one another."""
    forms = xobjects or []
    names = b" ".join(b"/X%d %d 0 R" % (k, 5 + k) for k in range(len(forms)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << " + FONT + b" /XObject << " + names + b" >> >> >>",
               _stream(b"", content), *forms]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _form(data: bytes, resources: bytes = b"") -> bytes:
    return _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << "
                   + FONT + b" " + resources + b" >>", data)


def _grid(rows: int, cols: int, x0: float = 50, y0: float = 700, size: float = 12) -> bytes:
    """Stroked ruling lines of a ``rows`` × ``cols`` grid with its top-left at (x0, y0)."""
    x1, y1 = x0 + cols * size, y0 - rows * size
    lines = [b"%.1f %.1f m %.1f %.1f l S" % (x0, y0 - r * size, x1, y0 - r * size)
             for r in range(rows + 1)]
    lines += [b"%.1f %.1f m %.1f %.1f l S" % (x0 + c * size, y0, x0 + c * size, y1)
              for c in range(cols + 1)]
    return b"0 0 0 RG 0.5 w\n" + b"\n".join(lines) + b"\n"


def _dots(count: int) -> bytes:
    """``count`` filled 0.5 × 0.5 squares: tiny objects, no ruling among them."""
    return b"".join(b"%d %d 0.5 0.5 re f\n" % (20 + k % 550, 20 + k // 550 % 700)
                    for k in range(count))


def _read(tmp_path: Path, data: bytes) -> tuple[list[LimitReached], list[str], int]:
    """Read the PDF: its limit records, its text blocks and its number of table rows."""
    path = tmp_path / "made.pdf"
    path.write_bytes(data)
    doc = read_pdf(path)
    texts = [b.text for b in doc.blocks if b.kind == "text"]
    return doc.limits, texts, sum(b.kind == "row" for b in doc.blocks)


def _only(records: list[LimitReached], code: str) -> LimitReached:
    assert [r.code for r in records] == [code], records
    record = records[0]
    assert record.place is not None and record.place.page == 1
    assert record.place.source == "made.pdf"
    return record


def test_more_tiny_objects_than_the_real_limit(tmp_path: Path) -> None:
    # the real limit: one page of many tiny objects is walked up to it, and no further
    records, texts, rows = _read(tmp_path, _pdf(TEXT + _dots(limits.MAX_PAGE_OBJECTS + 50)))
    record = _only(records, "page_objects")
    assert record.limit == limits.MAX_PAGE_OBJECTS
    assert record.count == limits.MAX_PAGE_OBJECTS + 1  # the walk stopped at the first past
    assert texts == ["Budget"] and rows == 0


def test_page_objects_limit_keeps_the_rulings_before_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PAGE_OBJECTS", 2_000)
    table = _grid(2, 2) + b"BT /F1 8 Tf 53 690 Td (7.5) Tj ET\n"
    records, texts, rows = _read(tmp_path, _pdf(TEXT + table + _dots(3_000)))
    assert _only(records, "page_objects").count == 2_001
    assert rows == 2 and texts == ["Budget"]  # the grid drawn first is still read
    records, _, rows = _read(tmp_path, _pdf(TEXT + table + _dots(1_000)))
    assert records == [] and rows == 2


def test_form_uses_count_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a small file whose forms draw each other 10 times over: 10,000 paths for PDFium
    monkeypatch.setattr(limits, "MAX_PAGE_OBJECTS", 5_000)
    forms = [_form(b"q /X%d Do Q\n" % (k + 1) * 10, b"/XObject << /X%d %d 0 R >>" % (k + 1, 6 + k))
             for k in range(4)] + [_form(b"10 10 m 12 10 l S\n")]
    records, texts, _ = _read(tmp_path, _pdf(TEXT + b"/X0 Do\n", forms))
    assert _only(records, "page_objects").count == 5_001
    assert texts == ["Budget"]


def test_forms_nested_too_deep_are_not_entered(tmp_path: Path) -> None:
    def chain(depth: int) -> list[bytes]:
        # X0 draws X1 … draws X(depth - 1), which draws a grid with a number in it
        inner = _grid(2, 2) + b"BT /F1 8 Tf 53 690 Td (7.5) Tj ET\n"
        return [_form(b"/X%d Do\n" % (k + 1), b"/XObject << /X%d %d 0 R >>" % (k + 1, 6 + k))
                for k in range(depth - 1)] + [_form(inner)]

    records, _, rows = _read(tmp_path, _pdf(TEXT + b"/X0 Do\n", chain(limits.MAX_FORM_DEPTH)))
    assert records == [] and rows == 2  # a grid MAX_FORM_DEPTH forms deep is read
    records, texts, rows = _read(tmp_path,
                                 _pdf(TEXT + b"/X0 Do\n", chain(limits.MAX_FORM_DEPTH + 4)))
    record = _only(records, "form_depth")
    assert (record.limit, record.count) == (limits.MAX_FORM_DEPTH, limits.MAX_FORM_DEPTH + 1)
    assert rows == 0 and texts == ["Budget", "7.5"]  # its text is still read


def test_path_segments_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PATH_SEGMENTS", 1_000)
    # one stroked zigzag of 3,000 segments (not a thin box: read segment by segment)
    zigzag = b"100 100 m " + b" ".join(b"%d %d l" % (100 + k % 2 * 300, 100 + k // 2)
                                        for k in range(3_000)) + b" S\n"
    records, texts, _ = _read(tmp_path, _pdf(TEXT + zigzag))
    assert _only(records, "path_segments").count == 3_001
    assert texts == ["Budget"]


def _clipped_text(clips: int, first: int = 0) -> bytes:
    """Text under the intersection of ``clips`` slanted quadrilaterals (not rectangles,
    which PDFium merges into one); ``first`` also moves the text (PDFium reads text printed
    twice at one place once)."""
    quads = b"".join(b"%d 600 m 400 650 l 400 842 l %d 842 l h W n\n" % (50 + k, 50 + k)
                     for k in range(first, first + clips))
    return b"q " + quads + b"BT /F1 12 Tf %d %d Td (Clipped) Tj ET Q\n" % (
        80 + first % 4 * 70, 780 - first // 4 * 15)


def test_clip_paths_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CLIP_PATHS", 10)
    records, texts, _ = _read(tmp_path, _pdf(TEXT + _clipped_text(30)))
    assert _only(records, "clip_paths").count == 30
    assert texts == ["Budget", "Clipped"]  # the text is read as printed
    records, texts, _ = _read(tmp_path, _pdf(TEXT + _clipped_text(5)))
    assert records == [] and texts == ["Budget", "Clipped"]


def test_clip_segments_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CLIP_SEGMENTS", 100)
    # 40 text objects, each under a clip of its own shape (5 segments each)
    content = b"".join(_clipped_text(1, k) for k in range(40))
    records, texts, _ = _read(tmp_path, _pdf(TEXT + content))
    record = _only(records, "clip_segments")
    assert record.limit == 100 and record.count > 100
    assert texts[0] == "Budget" and len(texts) > 1


def test_page_chars_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PAGE_CHARS", 100)
    lines = b"".join(b"BT /F1 10 Tf 72 %d Td (%s) Tj ET\n" % (780 - 14 * k, b"x" * 30)
                     for k in range(10))
    pdf = pdfium.PdfDocument(_pdf(lines))
    try:
        content = read_page(pdf, 0)
    finally:
        pdf.close()
    assert len(content.chars) <= 100
    [record] = content.limits
    assert (record.code, record.limit) == ("page_chars", 100) and record.count >= 300
    records, texts, _ = _read(tmp_path, _pdf(lines))
    assert _only(records, "page_chars").count == record.count
    assert sum(len(t) for t in texts) <= 100


def test_ruling_lines_and_line_pairs_limits(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    page = TEXT + _grid(20, 20) + b"BT /F1 8 Tf 53 690 Td (7.5) Tj ET\n"  # 21 + 21 lines
    records, _, rows = _read(tmp_path, _pdf(page))
    assert records == [] and rows == 20
    monkeypatch.setattr(limits, "MAX_LINE_PAIRS", 400)
    records, texts, rows = _read(tmp_path, _pdf(page))
    assert _only(records, "line_pairs").count == 21 * 21
    assert rows == 0 and texts == ["Budget", "7.5"]  # read as text only
    monkeypatch.setattr(limits, "MAX_RULING_LINES", 40)
    records, texts, rows = _read(tmp_path, _pdf(page))
    assert _only(records, "ruling_lines").count == 42
    assert rows == 0 and texts == ["Budget", "7.5"]


def test_grid_cells_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_GRID_CELLS", 50)
    small = _grid(2, 2, 50, 780) + b"BT /F1 8 Tf 53 770 Td (1.0) Tj ET\n"
    large = _grid(9, 9, 50, 700) + b"BT /F1 8 Tf 53 690 Td (7.5) Tj ET\n"
    records, texts, rows = _read(tmp_path, _pdf(small + large))
    assert _only(records, "grid_cells").count == 81
    assert rows == 2  # the small table is built
    assert texts == ["7.5"]  # the large one's text is read as a line


def test_page_tables_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PAGE_TABLES", 2)
    tables = b"".join(_grid(1, 2, 50, 780 - 60 * k) +
                      b"BT /F1 8 Tf 53 %d Td (%d) Tj ET\n" % (770 - 60 * k, k + 1)
                      for k in range(4))
    records, texts, rows = _read(tmp_path, _pdf(tables))
    assert _only(records, "page_tables").count == 4
    assert rows == 2 and texts == ["3", "4"]  # the top two tables are built


def test_limit_on_the_conversion_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disclosure (the bundled example) with 3,000 dots added to its first page through
    PDFium's page-object API: the conversion completes, its tables are those of the
    example, and the report carries the limit as data."""
    monkeypatch.setattr(limits, "MAX_PAGE_OBJECTS", 2_000)
    pdf = pdfium.PdfDocument(EXAMPLE)
    try:
        page = pdf[0]
        for k in range(3_000):
            dot = pdfium_c.FPDFPageObj_CreateNewRect(20 + k % 500, 20 + k // 500, 0.5, 0.5)
            pdfium_c.FPDFPath_SetDrawMode(dot, pdfium_c.FPDF_FILLMODE_WINDING, False)
            pdfium_c.FPDFPage_InsertObject(page, dot)
        assert pdfium_c.FPDFPage_GenerateContent(page)
        page.close()
        pdf.save(tmp_path / "dots.pdf")
    finally:
        pdf.close()
    app = typer.Typer()
    app.command()(convert_cmd.convert)
    runner = CliRunner()
    result = runner.invoke(app, [str(tmp_path / "dots.pdf"), "-o", str(tmp_path / "out"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["limits"] == [{
        "code": "page_objects", "where": "dots.pdf, page 1", "page": 1, "limit": 2_000,
        "count": 2_001, "message": "more than 2000 page objects (form XObjects included); the "
                                   "drawings past them were not read for rulings"}]
    assert json.loads((tmp_path / "out" / "conversion_report.json").read_text(
        encoding="utf-8"))["limits"] == report["limits"]
    plain = runner.invoke(app, [str(EXAMPLE), "-o", str(tmp_path / "plain"), "--json"])
    assert json.loads(plain.output)["limits"] == []
    assert json.loads(plain.output)["tables"] == report["tables"]


def test_grid_walls_are_looked_up_not_scanned() -> None:
    """A table of 2 rows and 3,000 dashed columns (6,000 pieces): the walls of each grid
    line are found among the pieces near it, not by a scan of all of them per grid line
    (quadratic: 18 million comparisons); the grid is the one the scan gives."""
    from cnbudget.converters.pdf import ruling
    from cnbudget.converters.pdf.extract import Segment

    hs = [Segment(True, y, 0.0, 3_000 * 4.0) for y in (0.0, 10.0, 20.0)]
    vs = [Segment(False, 4.0 * k, start, start + 9.0) for k in range(3_001)
          for start in (0.5, 10.5)]
    near = ruling._near(vs)
    xs, ys = ruling.grid_edges([*hs, *vs])
    assert len(xs) == 3_001 and len(ys) == 3
    assert sum(len(near(x)) for x in xs) == len(vs)  # each piece found at its own line only
    grid = ruling.build_grid([*hs, *vs])
    assert (grid.rows, grid.cols) == (2, 3_000)
    scanned = [ruling._covered(vs, x, ys) for x in xs[1:-1:500]]
    assert scanned == [ruling._covered(near(x), x, ys) for x in xs[1:-1:500]]
    assert all(grid.owner[(r, c)] == (r, c) for r in range(2) for c in range(3_000))
