"""Render a package of the standard as a disclosure PDF (the inverse of the PDF converter).

``render_pdf(disclosure, path, settings=RenderSettings(...))``. Needs the optional
extra ``render`` (reportlab).
"""

from cnbudget.render.document import render_pdf
from cnbudget.render.settings import RenderSettings

__all__ = ["RenderSettings", "render_pdf"]
