"""The rendering child is kept between calls, replaced when it dies or overruns its time,
and renders only the requested region of a page at the requested size, with the cells
outlined where the provenance box says."""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from cnbudget.review import page_images
from cnbudget.review.page_images import CropRequest, Outline, PageImageError, render_crops
from tests.review.outtree import EXAMPLE

RED = (210, 0, 30)


def _size(pdf: Path, page: int) -> tuple[float, float]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        w, h = doc[page - 1].get_size()
        return float(w), float(h)
    finally:
        doc.close()


def test_a_crop_is_the_region_at_the_scale_with_the_box_outlined() -> None:
    w, h = _size(EXAMPLE, 2)
    clip = (100.0, 100.0, 300.0, 160.0)
    box = (150.0, 120.0, 250.0, 140.0)
    wide, whole, off, missing = render_crops(EXAMPLE, [
        CropRequest(2, clip, (Outline(box, RED, 4, 2),)),
        CropRequest(2, None, (), 600, 1200),
        CropRequest(2, (w + 10, 0.0, w + 200, 50.0)),
        CropRequest(999, clip)], scale=2.0)
    assert off is None and missing is None  # off the page; no such page
    assert wide is not None and whole is not None
    with Image.open(io.BytesIO(wide)) as img:
        assert abs(img.width - 400) <= 2 and abs(img.height - 120) <= 2  # 2 px per point
        rgb = img.convert("RGB")
        # the outline: red on the box's left edge ((150 - 100) * 2 px in), none far from it
        assert rgb.getpixel((100, 60)) == RED
        assert rgb.getpixel((20, 10)) != RED
    with Image.open(io.BytesIO(whole)) as img:
        assert img.width <= 600 and img.height <= 1200
        assert abs(img.width / img.height - w / h) < 0.01


def test_the_child_is_kept_and_replaced_when_it_dies() -> None:
    request = [CropRequest(2, (100.0, 100.0, 300.0, 160.0))]
    assert render_crops(EXAMPLE, request)[0]
    proc = page_images._RENDERER.proc
    assert proc is not None
    assert render_crops(EXAMPLE, request)[0]
    assert page_images._RENDERER.proc is proc  # the same child answered twice
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert render_crops(EXAMPLE, request)[0]  # a fresh child answers
    assert page_images._RENDERER.proc is not proc


def test_a_call_past_its_time_stops_the_child(tmp_path: Path) -> None:
    request = [CropRequest(p, None, (), 600, 1200) for p in range(1, 200)]
    with pytest.raises(PageImageError, match="took more than"):
        render_crops(EXAMPLE, request * 20, timeout=0.01)
    assert page_images._RENDERER.proc is None
    assert render_crops(EXAMPLE, request[:1])[0]
