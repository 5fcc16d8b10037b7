"""Reading a PDF does not depend on the fonts installed: PDFium's font substitution is
answered by the shipped box font (cnbudget/converters/pdf/fonts.py), never by the system.

The bundled example names STSong-Light without embedding it. On a machine without CJK fonts,
PDFium's own substitution has no glyph for its characters and its text page leaves out
every text object made only of such characters: the wrapped 码 of 科目编码, 栏次, 序号, the
wrapped 费 of 其他社会保障缴费. Each reading runs in a fresh interpreter, since the font
handler is process-wide."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cnbudget.converters.pdf import fonts

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "lulong-2023-budget.pdf"

READ = """
import json, sys
import pypdfium2 as pdfium
from cnbudget.converters.pdf import extract, fonts
mode = sys.argv[2]
if mode in ("fontless", "fontless-then-converter"):
    class NoFonts(pdfium.PdfSysfontBase):
        # a machine with no font at all: nothing enumerated, nothing found
        def EnumFonts(self, _, mapper):
            return None
        def MapFont(self, *args):
            return None
        def GetFont(self, *args):
            return None
    NoFonts().setup()
if mode == "fontless":
    fonts.install = lambda: None  # the converter's handler left out
pdf = pdfium.PdfDocument(sys.argv[1])
pages = [extract.read_page(pdf, i) for i in range(len(pdf))]
print(json.dumps([[(c.text, round(c.x0, 2), round(c.top, 2), round(c.x1, 2),
                    round(c.bottom, 2)) for c in p.chars] for p in pages]))
"""


def read(path: Path, mode: str) -> list[list[list[object]]]:
    out = subprocess.run([sys.executable, "-c", READ, str(path), mode], capture_output=True,
                         text=True, check=True, cwd=REPO)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def page_text(page: list[list[object]]) -> str:
    return "".join(str(c[0]) for c in page)


@pytest.fixture(scope="module")
def ours() -> list[list[list[object]]]:
    return read(EXAMPLE, "converter")


def test_wrapped_characters_of_a_non_embedded_font_are_read(ours: list[list[list[object]]]
                                                           ) -> None:
    # page 10, 部门预算一般公共预算财政拨款基本支出表: header cells and a name wrapped in
    # their cells, each wrapped part a text object of its own
    text = page_text(ours[9])
    for part in ("序", "号", "码", "栏", "次"):
        assert part in text
    assert "其他社会保障缴费" in text
    fontless = page_text(read(EXAMPLE, "fontless")[9])
    # the oracle: without the shipped font, a machine without fonts loses them
    assert "码" not in fontless and "栏" not in fontless
    assert len(fontless) < len(text)


def test_the_reading_is_the_same_whatever_font_handler_was_there(
        ours: list[list[list[object]]]) -> None:
    """A process whose PDFium had another font lookup installed (here: one that finds no
    font at all, as on a bare machine) reads exactly what the converter reads anywhere:
    the converter's handler replaces it before any page is read."""
    assert read(EXAMPLE, "fontless-then-converter") == ours


@pytest.mark.parametrize(("charset", "face", "cjk"), [
    (134, b"STSong-Light", True),               # GB2312 character set
    (0, b"SimSun", True),
    (0, "宋体".encode("gbk"), True),
    (1, b"FangSong_GB2312", True),
    (1, b"ABCDEF+FZXBSJW--GB1-0", True),
    (0, b"Arial", False),
    (0, b"Times New Roman,Bold", False),
    (0, b"Helvetica", False),
])
def test_which_requests_get_the_box_font(charset: int, face: bytes, cjk: bool) -> None:
    assert fonts.wants_cjk(charset, face) is cjk


def test_the_shipped_font_is_what_the_tool_builds() -> None:
    """Compared table by table as fontTools reads them (the bytes may differ between
    fontTools versions; the font's content may not)."""
    ttlib = pytest.importorskip("fontTools.ttLib", reason="fonttools is a dev dependency")
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import build_fallback_font
    finally:
        sys.path.pop(0)

    def dump(data: bytes) -> str:
        out = io.StringIO()
        font = ttlib.TTFont(io.BytesIO(data))
        font["head"].checkSumAdjustment = 0
        font.saveXML(out, newlinestr="\n")
        return re.sub(r'<ttFont [^>]*>', "<ttFont>", out.getvalue())

    shipped = (REPO / "cnbudget" / "converters" / "pdf" / fonts.FONT_FILE).read_bytes()
    assert dump(build_fallback_font.build()) == dump(shipped), \
        "regenerate with: python tools/build_fallback_font.py"
