"""Writers of a package in other forms: a workbook laid out like the official tables, plain
CSV files, and the blank workbook template generated from the standard."""

from __future__ import annotations

from cnbudget.export.csvs import export_csv
from cnbudget.export.layout import ExportError
from cnbudget.export.template import build_template, write_template
from cnbudget.export.workbook import build_workbook, export_workbook

__all__ = ["ExportError", "build_template", "build_workbook", "export_csv", "export_workbook",
           "write_template"]
