"""Page images of a source PDF for people: PNGs rendered with PDFium (pypdfium2).

The converter replaces PDFium's font lookup, for its whole process, by a box font
(:mod:`cnbudget.converters.pdf.fonts`), so that reading never depends on the fonts a
machine has. Images are for people and must show the characters: they are rendered in a
child process of their own (``python -m cnbudget.review.page_images``), where that handler
is never installed and PDFium uses the system's fonts; the child is kept for the next call
(a batch worker makes many reports), and only the regions of a page that a report shows
are rendered (:func:`render_crops`). On a machine without any CJK font
(a fresh CI stage) the child installs the box font itself: non-embedded Chinese text then
shows as boxes, and the images still render.

Bounded: at most :data:`MAX_PAGES` pages per call, scale between :data:`MIN_SCALE` and
:data:`MAX_SCALE`, at most :data:`MAX_PIXELS` pixels per image (the scale is lowered for a
larger page), and a time limit on the child process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_PAGES = 200
"""Pages rendered per call; disclosures run to tens of pages."""
MIN_SCALE = 0.25
MAX_SCALE = 4.0
DEFAULT_SCALE = 2.0
"""2 pixels per PDF point (144 dpi): figures of a 9 pt table stay legible in a crop."""
MAX_PIXELS = 12_000_000
"""Pixels of one page image (an A3 page at scale 2 has about 4.9 million)."""
TIMEOUT = 300.0
"""Seconds the rendering child may take for one call."""
FONTS_ENV = "CNBUDGET_PAGE_FONTS"
"""``system`` (the default: the system's fonts, boxes when no CJK font is found) or
``box`` (always the shipped box font, as on a machine without CJK fonts)."""
_CJK_FILE = re.compile(r"cjk|wqy|wenquanyi|sim|song|hei|kai|ming|droid.*fallback|han|ukai|uming",
                       re.IGNORECASE)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
              "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts")


class PageImageError(Exception):
    """The page images could not be made; the message names the file and why."""


@dataclass(frozen=True, slots=True)
class PageImage:
    page: int
    """1-based page number."""
    path: Path
    width_px: int
    height_px: int
    width_pt: float
    height_pt: float

    @property
    def scale(self) -> float:
        """Pixels per PDF point."""
        return self.width_px / self.width_pt if self.width_pt else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "path": str(self.path), "width_px": self.width_px,
                "height_px": self.height_px, "width_pt": self.width_pt,
                "height_pt": self.height_pt}


def render_pages(pdf: Path, out_dir: Path, pages: Iterable[int] | None = None, *,
                 scale: float = DEFAULT_SCALE, prefix: str = "page",
                 timeout: float = TIMEOUT) -> dict[int, PageImage]:
    """Render ``pages`` (1-based; all when None, at most :data:`MAX_PAGES`) of ``pdf`` to
    ``out_dir/<prefix>-<n>.png`` in a child process; return the images by page number.
    Pages that do not exist are left out. Raises :class:`PageImageError`."""
    pdf = Path(pdf)
    if not pdf.is_file():
        raise PageImageError(f"{pdf}: no such file")
    scale = min(max(float(scale), MIN_SCALE), MAX_SCALE)
    wanted = None if pages is None else sorted({int(p) for p in pages if int(p) >= 1})
    if wanted is not None and not wanted:
        return {}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    request = {"pdf": str(pdf), "out": str(out_dir), "pages": wanted, "scale": scale,
               "prefix": prefix}
    answer = _run_child(pdf, request, timeout)
    return {int(d["page"]): PageImage(int(d["page"]), Path(d["path"]), int(d["width_px"]),
                                      int(d["height_px"]), float(d["width_pt"]),
                                      float(d["height_pt"]))
            for d in answer["images"]}


@dataclass(frozen=True, slots=True)
class Outline:
    """A rectangle drawn on a crop: a box in PDF points from the page's top left, its
    colour (RGB), its line width and how far it stands out of the box, in pixels."""
    box: tuple[float, float, float, float]
    color: tuple[int, int, int]
    width: int = 2
    grow: int = 0


@dataclass(frozen=True, slots=True)
class CropRequest:
    """A region of a page to render: ``clip`` in PDF points from the page's top left
    (None: the whole page, at most ``max_width`` × ``max_height`` pixels), the outlines to
    draw on it, at most ``max_width`` pixels wide."""
    page: int
    clip: tuple[float, float, float, float] | None
    outlines: tuple[Outline, ...] = ()
    max_width: int = 1400
    max_height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "clip": list(self.clip) if self.clip else None,
                "outlines": [{"box": list(o.box), "color": list(o.color), "width": o.width,
                              "grow": o.grow} for o in self.outlines],
                "max_width": self.max_width, "max_height": self.max_height}


class _Renderer:
    """The rendering child, kept for the next call: one process per (process, interpreter,
    import path, fonts setting), started on first use, asked one JSON line at a time. A child
    that fails, times out or dies is ended and the next call starts a fresh one; the child
    ends by itself when this process closes its end of the pipe (exit, kill)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.key: tuple[str, ...] | None = None
        self.lock = threading.Lock()

    def _start(self, key: tuple[str, ...], env: dict[str, str]) -> subprocess.Popen[bytes]:
        self.stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cnbudget.review.page_images", "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.key = key
        return self.proc

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.stdin is not None:
                proc.stdin.close()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def ask(self, pdf: Path, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        key = (str(os.getpid()), sys.executable, env["PYTHONPATH"], env.get(FONTS_ENV, ""))
        with self.lock:
            if self.key is not None and self.key[0] != key[0]:
                self.proc, self.key = None, None  # a forked copy: the child is the parent's
            proc = self.proc
            if proc is None or proc.poll() is not None or self.key != key:
                proc = self._start(key, env)
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps(request).encode() + b"\n")
                proc.stdin.flush()
                line = _read_line(proc.stdout, timeout)
            except TimeoutError:
                self.stop()
                raise PageImageError(f"{pdf}: rendering page images took more than "
                                     f"{timeout:.0f} s; stopped") from None
            except OSError as exc:
                self.stop()
                raise PageImageError(f"{pdf}: page images could not be rendered: the "
                                     f"rendering process ended ({exc})") from None
            if not line:
                self.stop()
                raise PageImageError(f"{pdf}: page images could not be rendered: the "
                                     "rendering process ended")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise PageImageError(f"{pdf}: page images could not be rendered: "
                                 f"{answer['error']}")
        return answer


def _read_line(stream: Any, timeout: float) -> bytes:
    """One line from a pipe, waiting at most ``timeout`` seconds in all (TimeoutError)."""
    import selectors
    import time

    fd = stream.fileno()
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                raise TimeoutError
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)


_RENDERER = _Renderer()


def _run_child(pdf: Path, request: dict[str, Any], timeout: float) -> dict[str, Any]:
    return _RENDERER.ask(pdf, request, timeout)


def render_crops(pdf: Path, requests: list[CropRequest], *, scale: float = DEFAULT_SCALE,
                 timeout: float = TIMEOUT) -> list[bytes | None]:
    """PNG images of regions of pages of ``pdf`` with rectangles drawn on them, rendered in
    a child process (system fonts, as :func:`render_pages`); one per request, in order:
    None for a page that does not exist or a region off the page. Only the region is
    rendered (PDFium's clip), at ``scale`` pixels per point or less (at most
    ``max_width`` pixels wide, :data:`MAX_PIXELS` per page). At most :data:`MAX_PAGES`
    distinct pages per call (requests on further pages get None). Raises
    :class:`PageImageError`."""
    import base64

    pdf = Path(pdf)
    if not pdf.is_file():
        raise PageImageError(f"{pdf}: no such file")
    if not requests:
        return []
    scale = min(max(float(scale), MIN_SCALE), MAX_SCALE)
    answer = _run_child(pdf, {"mode": "crops", "pdf": str(pdf), "scale": scale,
                              "crops": [r.to_dict() for r in requests]}, timeout)
    return [base64.b64decode(c) if c is not None else None for c in answer["crops"]]


def system_has_cjk_font() -> bool:
    """Whether the system offers a CJK font to PDFium (fontconfig, else the font folders)."""
    fc = shutil.which("fc-list")
    if fc:
        try:
            out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout
            return bool(out.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    for d in _FONT_DIRS:
        base = Path(d).expanduser()
        if base.is_dir():
            for i, f in enumerate(base.rglob("*")):
                if i > 20_000:
                    break
                if f.suffix.lower() in {".ttf", ".ttc", ".otf"} and _CJK_FILE.search(f.name):
                    return True
    return False


def _pages_child(doc: Any, request: dict[str, Any]) -> dict[str, Any]:
    """Runs in the child process only: whole pages to PNG files."""
    out = Path(request["out"])
    scale = float(request["scale"])
    n = len(doc)
    pages = request["pages"] or list(range(1, n + 1))
    pages = [p for p in pages if 1 <= p <= n][:MAX_PAGES]
    images = []
    for p in pages:
        page = doc[p - 1]
        w, h = page.get_size()
        s = scale
        if w * h * s * s > MAX_PIXELS:
            s = (MAX_PIXELS / (w * h)) ** 0.5
        bitmap = page.render(scale=s, may_draw_forms=True)
        image = bitmap.to_pil()
        target = out / f"{request['prefix']}-{p}.png"
        tmp = target.with_name(f".{target.name}.tmp")
        image.save(tmp, format="PNG", optimize=False)
        os.replace(tmp, target)
        images.append({"page": p, "path": str(target), "width_px": image.width,
                       "height_px": image.height, "width_pt": w, "height_pt": h})
        page.close()
    return {"pages": n, "images": images}


def _crop_child(doc: Any, request: dict[str, Any]) -> dict[str, Any]:
    """Runs in the child process only: each requested region rendered alone, outlined,
    PNG-encoded (base64)."""
    import base64
    import io

    from PIL import ImageDraw

    n = len(doc)
    scale = float(request["scale"])
    pages_seen: set[int] = set()
    out: list[str | None] = []
    for c in request["crops"]:
        p = int(c["page"])
        if not 1 <= p <= n or (p not in pages_seen and len(pages_seen) >= MAX_PAGES):
            out.append(None)
            continue
        pages_seen.add(p)
        page = doc[p - 1]
        try:
            w, h = page.get_size()
            s = scale
            if w * h * s * s > MAX_PIXELS:
                s = (MAX_PIXELS / (w * h)) ** 0.5
            if c["clip"] is None:
                x0, y0, x1, y1 = 0.0, 0.0, w, h
                if c.get("max_height"):
                    s = min(s, float(c["max_height"]) / h)
            else:
                x0, y0 = max(0.0, float(c["clip"][0])), max(0.0, float(c["clip"][1]))
                x1, y1 = min(w, float(c["clip"][2])), min(h, float(c["clip"][3]))
            if x1 - x0 < 1 or y1 - y0 < 1:
                out.append(None)  # the region lies off the page
                continue
            s = max(min(s, float(c["max_width"]) / (x1 - x0)), 0.01)
            bitmap = page.render(scale=s, crop=(x0, h - y1, w - x1, y0), may_draw_forms=True)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
        draw = ImageDraw.Draw(image)
        for o in c["outlines"]:
            b, g = o["box"], int(o["grow"])
            draw.rectangle([(b[0] - x0) * s - g, (b[1] - y0) * s - g,
                            (b[2] - x0) * s + g, (b[3] - y0) * s + g],
                           outline=tuple(o["color"]), width=int(o["width"]))
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=6)
        out.append(base64.b64encode(buf.getvalue()).decode())
    return {"pages": n, "crops": out}


def _open_child(request: dict[str, Any]) -> dict[str, Any]:
    """Runs in the child process only: no converter code has touched PDFium here."""
    import pypdfium2 as pdfium

    _child_fonts()
    try:
        doc = pdfium.PdfDocument(str(Path(request["pdf"])))
    except pdfium.PdfiumError as exc:
        raise _ChildError(f"not a readable PDF ({exc})") from None
    try:
        if request.get("mode") == "crops":
            return _crop_child(doc, request)
        return _pages_child(doc, request)
    finally:
        doc.close()


class _ChildError(Exception):
    """A request the child cannot do; its message is the answer's ``error``."""


_FONTS_DONE: list[bool] = []


def _child_fonts() -> None:
    """Once per child: the box font when no CJK font is found (boxes rather than
    nothing) or when asked for."""
    if not _FONTS_DONE:
        if os.environ.get(FONTS_ENV) == "box" or not system_has_cjk_font():
            from cnbudget.converters.pdf import fonts

            fonts.install()
        _FONTS_DONE.append(True)


def _serve() -> None:
    """The child's loop: one JSON request a line on stdin, one JSON answer a line on
    stdout, until stdin closes."""
    for line in sys.stdin.buffer:
        try:
            answer = _open_child(json.loads(line))
        except _ChildError as exc:
            answer = {"error": str(exc)}
        except Exception as exc:  # one bad request costs that request only
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
