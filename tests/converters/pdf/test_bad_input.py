"""Bad PDF input: each case fails with a message naming the file, exit code 2 from
``cnbudget convert``, and no output folder (not even a partial one)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cnbudget.cli import convert as convert_cmd
from cnbudget.converters.pdf import read_pdf
from cnbudget.converters.pdf.reader import MAX_PAGES
from cnbudget.model import ConversionError

reportlab = pytest.importorskip("reportlab")
from reportlab.lib import pdfencrypt  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

app = typer.Typer()
app.command()(convert_cmd.convert)


def _pdf(pages: int, encrypt: pdfencrypt.StandardEncryption | None = None) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=True, encrypt=encrypt)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _convert(tmp_path: Path, source: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out" / "pkg"
    result = CliRunner().invoke(app, [str(source), "-o", str(out)])
    return result.exit_code, result.output, out


def _assert_refused(tmp_path: Path, source: Path, words: str) -> None:
    code, output, out = _convert(tmp_path, source)
    assert code == 2, output
    assert str(source) in output and words in output, output
    assert not out.exists() and not out.parent.exists()


def test_zero_byte_file(tmp_path: Path) -> None:
    source = tmp_path / "empty.pdf"
    source.write_bytes(b"")
    _assert_refused(tmp_path, source, "empty")


def test_not_a_pdf_named_pdf(tmp_path: Path) -> None:
    source = tmp_path / "notes.pdf"
    source.write_text("这不是 PDF 文件\n" * 20, encoding="utf-8")
    _assert_refused(tmp_path, source, "not a PDF")


def test_encrypted_pdf(tmp_path: Path) -> None:
    source = tmp_path / "locked.pdf"
    source.write_bytes(_pdf(2, pdfencrypt.StandardEncryption("secret", canPrint=1)))
    _assert_refused(tmp_path, source, "encrypted")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _pdf(20)
    source = tmp_path / "cut.pdf"
    source.write_bytes(data[: len(data) // 2])
    _assert_refused(tmp_path, source, "truncated")


def test_thousand_pages_refused_quickly_with_the_limit(tmp_path: Path) -> None:
    source = tmp_path / "long.pdf"
    source.write_bytes(_pdf(1000))
    start = time.perf_counter()
    _assert_refused(tmp_path, source, f"at most {MAX_PAGES} pages")
    assert time.perf_counter() - start < 5
    with pytest.raises(ConversionError, match="1000 pages"):
        read_pdf(source)


def test_page_limit_is_a_parameter(tmp_path: Path) -> None:
    source = tmp_path / "short.pdf"
    source.write_bytes(_pdf(3))
    with pytest.raises(ConversionError, match="at most 2 pages"):
        read_pdf(source, max_pages=2)
    assert read_pdf(source, max_pages=3).pages == 3
