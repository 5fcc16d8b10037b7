"""The order in which a package's parts are printed.

Where the package has provenance, parts are printed in the order the source printed
them (page, then line or position on the page); parts without provenance (empty tables,
packages built by hand) follow the part printed before them in the standard's order:
the nine tables, then the sections, with 机构设置, the performance tables, 政府采购 and
固定资产 after the section they belong to (a 决算's 综合评价得分情况表 after the
performance sections).
"""

from __future__ import annotations

from dataclasses import dataclass

from cnbudget.model import Disclosure, Row
from cnbudget.render.layouts import TABLE_ORDER

ANCHORS = {"organizations": {"organization"}, "performance": {"performance"},
           "procurement": {"procurement"}, "fixed_assets": {"assets"},
           "evaluation_scores": {"performance"}}


@dataclass(frozen=True, slots=True)
class Part:
    kind: str
    """"section", "table" (a resource printed as one table) or "performance"."""
    name: str
    """Section id or resource name."""


def _key(page: int | None, line: int | None, top: float | None) -> tuple[float, float, float]:
    return (page or 0, line or 0, top if top is not None else 0.0)


def _provenance_keys(d: Disclosure) -> dict[Part, tuple[float, float, float]]:
    sections = d.tables.get("text_sections")
    ids = {int(r["position"]): str(r["section_id"]) for r in (sections.rows if sections else [])}
    keys: dict[Part, tuple[float, float, float]] = {}
    for p in d.provenance:
        if p.resource == "text_sections":
            sid = ids.get(int(p.position))
            if sid is None:
                continue
            part = Part("section", sid)
        elif p.resource in ("performance_projects", "performance_indicators"):
            part = Part("performance", "")
        elif p.resource in TABLE_ORDER or p.resource in ANCHORS:
            part = Part("table", p.resource)
        else:
            continue
        bbox = p.place.bbox
        key = _key(p.place.page, p.place.line, bbox[1] if bbox else None)
        if part not in keys or key < keys[part]:
            keys[part] = key
    return keys


def _topics(rows: list[Row]) -> dict[str, set[str]]:
    """Section id → its topic and the topics of its ancestors."""
    by_id = {str(r["section_id"]): r for r in rows}
    out: dict[str, set[str]] = {}
    for sid, r in by_id.items():
        topics: set[str] = set()
        cur: Row | None = r
        while cur is not None:
            topics.add(str(cur.get("topic") or ""))
            parent = cur.get("parent_id")
            cur = by_id.get(str(parent)) if parent else None
        out[sid] = topics
    return out


def canonical_order(d: Disclosure) -> list[Part]:
    parts = [Part("table", n) for n in TABLE_ORDER if n in d.tables]
    sections = d.tables["text_sections"].rows if "text_sections" in d.tables else []
    present = {n for n in ANCHORS if n in d.tables}
    if "performance_projects" in d.tables:
        present.add("performance")
    topics = _topics(sections)
    last: dict[str, int] = {}
    seq: list[Part] = []
    for r in sections:
        sid = str(r["section_id"])
        seq.append(Part("section", sid))
        for anchor, wanted in ANCHORS.items():
            if topics[sid] & wanted:
                last[anchor] = len(seq)
    inserts = sorted(((last.get(a, len(seq)), i, a) for i, a in enumerate(ANCHORS)
                      if a in present), reverse=True)
    for at, _, anchor in inserts:
        seq.insert(at, Part("performance" if anchor == "performance" else "table",
                            "" if anchor == "performance" else anchor))
    return parts + seq


def document_order(d: Disclosure) -> list[Part]:
    canonical = canonical_order(d)
    keys = _provenance_keys(d)
    ranked: list[tuple[tuple[float, float, float], int, Part]] = []
    prev = (-1.0, 0.0, 0.0)
    for i, part in enumerate(canonical):
        prev = keys.get(part, prev)
        ranked.append((prev, i, part))
    return [p for _, _, p in sorted(ranked)]
