"""PDF front end: see :func:`cnbudget.converters.pdf.reader.read_pdf`."""

from cnbudget.converters.pdf.reader import read_pdf

__all__ = ["read_pdf"]
