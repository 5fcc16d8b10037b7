"""Pages a reader cannot read, from the converter's conversion report: text the PDF clips
away (characters of the text layer outside the clipping area: the printed page cuts them
off) and blank pages inside the document (not its first or last page).

params: problem (clipped | blank). The report's source problems (CNB-CNV-090) are matched
by the wording the PDF front end uses (cnbudget/converters/pdf/reader.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, Hit, RuleSpec

PATTERNS = {
    "clipped": re.compile(r"page (?P<page>\d+): (?P<count>\d+) characters of the text layer "
                          r"lie outside the clipping area.*?: (?P<text>.*)$", re.S),
    "blank": re.compile(r"page (?P<page>\d+) of (?P<pages>\d+): blank"),
}


def _messages(ctx: Context) -> tuple[list[str], list[str]] | None:
    """The conversion report's source problems and source files (None: no report)."""
    report = ctx.disclosure.report
    if report is not None and (report.source_files or report.problems or report.tables):
        return ([str(p.data.get("message") or "") for p in report.problems
                 if p.code == "CNB-CNV-090"], list(report.source_files))
    if ctx.files is None:
        return None
    path = ctx.files.base / "conversion_report.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    msgs = [str((p.get("data") or {}).get("message") or p.get("message") or "")
            for p in data.get("problems") or [] if p.get("code") == "CNB-CNV-090"]
    return msgs, [str(s) for s in data.get("source_files") or []]


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    kind = str(rule.param("problem"))
    found = _messages(ctx)
    if found is None:
        raise CouldNotRun("the package has no conversion report")
    messages, sources = found
    if sources and not any(s.lower().endswith(".pdf") for s in sources):
        raise CouldNotRun("no PDF among the sources: pages are not known")
    pattern = PATTERNS[kind]
    for message in messages:
        m = pattern.search(message)
        if m is None:
            continue
        page = m.group("page")
        if kind == "blank" and page in ("1", m.group("pages")):
            continue
        hit = Hit(label=f"p{page}", values={
            "page": page, "count": m.groupdict().get("count") or "",
            "text": (m.groupdict().get("text") or "").strip("'\" ")[:60],
            "source": sources[0] if len(sources) == 1 else ", ".join(sources)})
        yield Check(None, False, f"page {page}", hit)
    yield Check(None, True, "conversion report read")
