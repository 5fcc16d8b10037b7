"""What a reviewer names in a finding: the printed title of a table, the heading of the
narrative's section, the page — never only an internal id."""

from __future__ import annotations

from cnbudget.model import Row
from cnbudget.validation.context import Context


def table_title(ctx: Context, resource: str) -> str:
    """The table's printed title, else its resource name."""
    table = ctx.disclosure.tables.get(resource)
    title = table.printed_title if table is not None else None
    return title or resource


def section_heading(ctx: Context, figure: Row) -> str:
    """The heading of the narrative section a stated figure (or a section row) belongs to."""
    table = ctx.disclosure.tables.get("text_sections")
    wanted = str(figure.get("section_id") or "")
    if table is None or not wanted:
        return "说明"
    for row in table.rows:
        if str(row.get("section_id") or "") == wanted:
            return str(row.get("heading") or "说明").strip() or "说明"
    return "说明"
