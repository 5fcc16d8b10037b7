"""Stage: metadata of the disclosure (year, kind, department, region, unit, source) from what
the document prints, overridable by conversion options."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnbudget import standard
from cnbudget.converters.grid import SourceDocument
from cnbudget.converters.mapping.common import UNIT_RE
from cnbudget.converters.normalize import compact
from cnbudget.converters.stitch import Segment, TableSegment, TextSegment
from cnbudget.converters.text.reader import PAGE_HEADER, TOC_LINE
from cnbudget.model import ConversionError

if TYPE_CHECKING:
    from cnbudget.converters.pipeline import Options

YEAR = re.compile(r"(20\d{2})\s*年")
BUDGET_YEAR = re.compile(r"预算年度\s*[:：]?\s*(20\d{2})")
KINDS = [("单位决算", "unit_final_accounts"), ("部门决算", "department_final_accounts"),
         ("单位预算", "unit_budget"), ("部门预算", "department_budget"),
         ("决算", "department_final_accounts"), ("预算", "department_budget")]
KIND_TITLES = {"department_budget": "部门预算", "unit_budget": "单位预算",
               "department_final_accounts": "部门决算", "unit_final_accounts": "单位决算"}
DEPT_LABEL = re.compile(r"(?:部门名称|单位名称|编制单位|编制部门|预算单位|部门（单位）|部门\(单位\)|"
                        r"部门|单位)\s*[:：]\s*(?P<name>[^\s:：]+?)(?=\s{2}|单位[:：]|金额单位|$)")
AS_OF = re.compile(r"(?:截止|截至)(?:时间|日期)?\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*"
                   r"[-月./]\s*(\d{1,2})")
CENTRAL = ("国家", "中央", "国务院", "中华人民共和国", "全国")


def _texts(docs: list[SourceDocument], limit: int | None = None) -> list[str]:
    out = [b.text for d in docs for b in d.blocks if b.kind == "text"]
    return out[:limit] if limit else out


def fiscal_year(docs: list[SourceDocument]) -> int:
    texts = _texts(docs)
    joined = "\n".join(texts)
    if m := BUDGET_YEAR.search(compact(joined)):
        return int(m.group(1))
    years = Counter(int(y) for t in texts[:80] for y in YEAR.findall(t))
    if not years:
        raise ConversionError(f"{docs[0].path}: the fiscal year is printed nowhere; pass "
                              "--year")
    return years.most_common(1)[0][0]


def document_kind(docs: list[SourceDocument]) -> str:
    for text in _texts(docs, 80):
        t = compact(text)
        for word, kind in KINDS:
            if word in t:
                return kind
    return "department_budget"


def department(docs: list[SourceDocument], segments: list[Segment]) -> tuple[str | None, str]:
    """(printed department code or None, department name)."""
    headers: Counter[tuple[str, str]] = Counter()
    labels: Counter[str] = Counter()
    for seg in segments:
        if isinstance(seg, TableSegment):
            for b in seg.meta:
                if m := PAGE_HEADER.match(b.text):
                    headers[(m.group("code"), compact(m.group("name")))] += 1
                if m := DEPT_LABEL.search(b.text):
                    labels[m.group("name")] += 1
    if headers:
        (code, name), _ = headers.most_common(1)[0]
        return code, name
    if labels:
        return None, labels.most_common(1)[0][0]
    for text in _texts(docs, 30):
        t = compact(text)
        m = re.match(r"^(.+?)(?:20\d{2})年", t)
        if m and len(m.group(1)) >= 3:
            return None, m.group(1)
    raise ConversionError(f"{docs[0].path}: the department is printed nowhere recognisable")


@cache
def _divisions() -> list[dict[str, str]]:
    return [r for r in standard.codelist("administrative_divisions").rows
            if r["title"] not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")]


def region(name: str, context: str) -> dict[str, Any]:
    """Region of a department from its name (and the document text to break ties)."""
    if name.startswith(CENTRAL):
        return {"region_code": "100000", "region_name": "中央", "region_level": "central",
                "province": None}
    rows = _divisions()
    by_code = {r["code"]: r for r in rows}
    found = [r for r in rows if r["title"] in name or _short(r["title"]) in name[:6]]
    if not found:
        found = [r for r in rows if r["title"] in context and r["level"] != "province"]
    if not found:
        raise ConversionError(f"the region of {name!r} is not named in the document; pass "
                              "--region-code")

    def ancestors(r: dict[str, str]) -> list[str]:
        out = []
        while r.get("parent") and r["parent"] in by_code:
            r = by_code[r["parent"]]
            out.append(r["title"])
        return out

    def score(r: dict[str, str]) -> tuple[int, int, int]:
        anc = ancestors(r)
        hits = sum(1 for a in anc if a in name or a in context or _short(a) in context)
        depth = {"province": 0, "prefecture": 1, "county": 2}.get(r["level"], 0)
        return (hits, len(r["title"]), depth)

    best = sorted(found, key=score, reverse=True)
    if len(best) > 1 and score(best[0]) == score(best[1]) and best[0]["title"] == \
            best[1]["title"]:
        raise ConversionError(f"the region of {name!r} is ambiguous ({best[0]['code']} or "
                              f"{best[1]['code']}); pass --region-code")
    r = best[0]
    province = r["title"] if r["level"] == "province" else (ancestors(r) or [None])[-1]
    return {"region_code": r["code"], "region_name": r["title"], "region_level": r["level"],
            "province": province}


def _short(title: str) -> str:
    for suffix in ("省", "市", "自治区", "特别行政区"):
        if title.endswith(suffix) and len(title) - len(suffix) >= 2:
            return title[: -len(suffix)]
    return title


def region_by_code(code: str) -> dict[str, Any]:
    if code == "100000":
        return {"region_code": code, "region_name": "中央", "region_level": "central",
                "province": None}
    row = standard.codelist("administrative_divisions").get(code)
    if row is None:
        raise ConversionError(f"--region-code {code}: not an administrative division code")
    return {"region_code": code, "region_name": row["title"], "region_level": row["level"],
            "province": None}


def main_unit(segments: list[Segment]) -> str:
    units: Counter[str] = Counter()
    for seg in segments:
        if isinstance(seg, TableSegment):
            for b in seg.meta:
                if m := UNIT_RE.search(compact(b.text)):
                    units[m.group(1) or m.group(2)] += 1
    return units.most_common(1)[0][0] if units else "万元"


def infer(docs: list[SourceDocument], segments: list[Segment],
          options: Options) -> dict[str, Any]:
    year = options.fiscal_year or fiscal_year(docs)
    kind = options.document_kind or document_kind(docs)
    code, name = department(docs, segments)
    code = options.department_code or code
    if not code:
        raise ConversionError(f"{docs[0].path}: no department code is printed for {name}; "
                              "pass --department-code")
    context = "\n".join(_texts(docs, 200))
    reg = region_by_code(options.region_code) if options.region_code else region(name, context)
    title = f"{name}{year}年{KIND_TITLES[kind]}"
    files = [{"name": Path(d.path).name, "sha256": d.sha256,
              "media_type": _media_type(d.path), "pages": d.pages} for d in docs]
    return {
        "title": title, "fiscal_year": year, "document_kind": kind,
        "publisher": {"department_name": name, "department_code": code, **reg},
        "unit": main_unit(segments),
        "source": {"title": _source_title(docs, segments) or title, "url": options.url,
                   "files": files},
    }


def _media_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".pdf": "application/pdf", ".txt": "text/plain",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xls": "application/vnd.ms-excel"}.get(suffix, "application/octet-stream")


def _source_title(docs: list[SourceDocument], segments: list[Segment]) -> str | None:
    for seg in segments:
        if isinstance(seg, TextSegment):
            for b in seg.blocks:
                t = compact(b.text)
                if b.kind == "text" and ("情况说明" in t or "公开" in t) and YEAR.search(b.text) \
                        and not TOC_LINE.match(b.text) and len(t) <= 60:
                    title = b.text.strip()
                    return title[:-2].strip() if title.endswith("目录") else title
    return None


def as_of_date(seg: TableSegment) -> str | None:
    for b in seg.meta:
        if m := AS_OF.search(b.text):
            y, mo, d = (int(x) for x in m.groups())
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def contents_missing(docs: list[SourceDocument], segments: list[Segment]) -> list[str]:
    """Entries of the table of contents that the document does not contain."""
    listed = [compact(m.group("title")) for d in docs for b in d.blocks
              if b.kind == "text" and (m := TOC_LINE.match(b.text))]
    present = {compact(s.printed_title) for s in segments if isinstance(s, TableSegment)}
    present.update(compact(b.text) for s in segments if isinstance(s, TextSegment)
                   for b in s.blocks if b.kind == "text" and not TOC_LINE.match(b.text))
    return [t for t in listed if t not in present]
