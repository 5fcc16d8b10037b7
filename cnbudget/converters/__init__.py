"""Converters: front ends that read a source into blocks, and the shared pipeline.

The pipeline (:mod:`cnbudget.converters.pipeline`, most of the package's import time)
loads on first use: a process that only groups files (``cnbudget batch``'s parent, with
:mod:`cnbudget.converters.grouping`) or reads one front end does not import it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnbudget.converters.grid import SourceDocument
from cnbudget.model import ConversionError, Disclosure

if TYPE_CHECKING:
    from cnbudget.converters.pipeline import Options, convert_documents  # noqa: F401

__all__ = ["ConversionError", "Options", "convert", "convert_sources", "read_source"]


def __getattr__(name: str) -> Any:
    if name in ("Options", "convert_documents"):
        from cnbudget.converters import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_source(path: Path) -> SourceDocument:
    """Pick the front end by the file's content and suffix."""
    path = Path(path)
    if not path.exists():
        raise ConversionError(f"{path}: no such file")
    if path.is_dir():
        raise ConversionError(f"{path}: a folder, not a document")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ConversionError(f"{path}: cannot be read ({exc.strerror})") from None
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        from cnbudget.converters.pdf import read_pdf

        return read_pdf(path)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        from cnbudget.converters.excel import read_workbook

        return read_workbook(path)
    from cnbudget.converters.text.reader import read_text

    return read_text(path)


def convert(paths: list[Path], options: Options | None = None) -> Disclosure:
    """Convert the file(s) of one disclosure into a :class:`Disclosure`."""
    if not paths:
        raise ConversionError("no input files")
    return convert_sources([read_source(Path(p)) for p in paths], options)


def convert_sources(docs: list[SourceDocument], options: Options | None = None) -> Disclosure:
    """Convert the source(s) of one disclosure, already read by :func:`read_source` (the
    batch reads a file once and keeps what it read for the disclosure it joins)."""
    if not docs:
        raise ConversionError("no input files")
    from cnbudget.converters.pipeline import Options, convert_documents

    options = options or Options()
    # a front end whose source carries resources beyond its blocks (a workbook's data
    # sheets) completes the disclosure after the pipeline, before the self-check
    finishers = [f for d in docs if (f := getattr(d, "complete", None)) is not None]
    if not finishers:
        return convert_documents(docs, options)
    disclosure = convert_documents(docs, replace(options, self_check=False))
    for finish in finishers:
        finish(disclosure)
    if options.self_check:
        from cnbudget.converters import selfcheck

        selfcheck.run(disclosure)
    return disclosure
