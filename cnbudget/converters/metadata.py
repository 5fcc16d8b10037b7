"""Stage: metadata of the disclosure (year, kind, department, region, unit, source) from what
the document prints, overridable by conversion options."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnbudget import standard
from cnbudget.converters.grid import SourceDocument
from cnbudget.converters.mapping.common import UNIT_RE
from cnbudget.converters.normalize import canonical, compact
from cnbudget.converters.stitch import Segment, TableSegment, TextSegment
from cnbudget.converters.text.reader import PAGE_HEADER, TOC_LINE
from cnbudget.model import ConversionError, Problem

if TYPE_CHECKING:
    from cnbudget.converters.pipeline import Options

YEAR = re.compile(r"(20\d{2})\s*[（(]?\s*年")
BUDGET_YEAR = re.compile(r"预算年度\s*[:：]?\s*(20\d{2})")
KINDS = [("单位决算", "unit_final_accounts"), ("部门决算", "department_final_accounts"),
         ("单位预算", "unit_budget"), ("部门预算", "department_budget"),
         ("决算", "department_final_accounts"), ("预算", "department_budget")]
KIND_TITLES = {"department_budget": "部门预算", "unit_budget": "单位预算",
               "department_final_accounts": "部门决算", "unit_final_accounts": "单位决算"}
DEPT_LABEL = re.compile(r"(?:部门名称|单位名称|编制单位|编制部门|预算单位|部门（单位）|"
                        r"部门\(单位\)|部门|单位)\s*[:：]\s*(?P<name>[^\s:：]+?)(?=\s{2}|单位[:：]|金额单位|$)")
AS_OF = re.compile(r"(?:截止|截至)(?:时间|日期)?\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*"
                   r"[-月./]\s*(\d{1,2})")
UNIT_WORDS = {"万元", "元", "亿元", "千元"}
CENTRAL = ("国家", "中央", "国务院", "中华人民共和国", "全国")


def _texts(docs: list[SourceDocument], limit: int | None = None) -> list[str]:
    out = [b.text for d in docs for b in d.blocks if b.kind == "text"]
    return out[:limit] if limit else out


COVER_TITLE = re.compile(r"(20\d{2})\s*年度?[^。，；]{0,20}(?:预算|决算)")


def fiscal_year(docs: list[SourceDocument]) -> int:
    """The year a 预算年度 label names, else the year of the title on the first page
    ("上海市普陀区2023年区级部门预算"), else the year printed most often at the start (a
    narrative comparing with the previous year prints that year often too). With two
    files (报表 and 说明), the first page and the start of each file count: a 报表 file
    may print no year at all."""
    texts = _texts(docs)
    joined = "\n".join(texts)
    if m := BUDGET_YEAR.search(compact(joined)):
        return int(m.group(1))
    for doc in docs:
        first = [b for b in doc.blocks if b.kind == "text"]
        for b in first[:12]:
            if b.place.page != first[0].place.page:
                break
            t = compact(b.text)
            if len(t) <= 40 and (m := COVER_TITLE.search(t)):
                return int(m.group(1))
    years = Counter(int(y) for d in docs for t in _texts([d], 80) for y in YEAR.findall(t))
    if not years:
        # a 报表 file whose lines are all titles and table cells (Beijing 预算12表 prints its
        # year only in cells: "2026年年度目标"): the year its lines, else its cells, print
        # most often (a scan linear in the document)
        years = Counter(int(y) for t in _texts(docs) for y in YEAR.findall(t))
    if not years:
        years = Counter(int(y) for d in docs for b in d.blocks if b.kind == "row"
                        for c in b.cells for y in YEAR.findall(c.text))
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
                for m in DEPT_LABEL.finditer(b.text):
                    if m.group("name") not in UNIT_WORDS:
                        labels[m.group("name")] += 1
                        break
    if headers:
        (code, name), _ = headers.most_common(1)[0]
        return code, name
    if labels:
        return None, labels.most_common(1)[0][0]
    found = _grid_label(docs) or _cover_name(
        _texts(docs, 30), "\n".join(compact(x) for x in _texts(docs, 2000)))
    if found:
        return None, found
    raise ConversionError(f"{docs[0].path}: the department is printed nowhere recognisable")


GRID_LABELS = {"部门名称", "单位名称", "主管部门", "预算部门", "部门（单位）名称", "预算单位名称"}
_SUFFIX = re.compile(r"(?:[（(](?:汇总|本级|部门汇总|单位)[)）]|部门|单位)$")
_COVER_YEAR = re.compile(r"^(20\d{2})\s*[（(]?年度?[)）]?")


def _grid_label(docs: list[SourceDocument]) -> str | None:
    """The name beside a ``部门名称`` or ``主管部门`` label cell of a grid (BJ and XA
    performance tables)."""
    names: Counter[str] = Counter()
    for d in docs:
        for b in d.blocks:
            cells = [compact(t) for t in b.texts if compact(t)] if b.kind == "row" else []
            if len(cells) >= 2 and cells[0] in GRID_LABELS and 3 <= len(cells[1]) <= 40:
                names[cells[1]] += 1
    return names.most_common(1)[0][0] if names else None


def _cover_name(texts: list[str], elsewhere: str = "") -> str | None:
    """``X2026年部门预算`` on the cover, or ``X`` on the line above ``2026年…预算``; a name
    broken over two cover lines (“上海市普陀区规划和自然” / “资源局”) is joined when the
    document prints it whole elsewhere (``elsewhere``: its text blocks, compacted, one a
    line, so that the two cover lines themselves do not count)."""
    for i, text in enumerate(texts):
        t = compact(text)
        if _COVER_YEAR.fullmatch(t) and (name := _stacked_cover(texts[i + 1:i + 6])):
            return name
        m = re.match(r"^(.+?)(?:20\d{2})年", t)
        if m and len(m.group(1)) >= 3 and not t.startswith(("第", "目录")):
            name = m.group(1)
        elif _COVER_YEAR.match(t) and i > 0 and ("预算" in t or "决算" in t):
            name = _cover_lines(texts, i, elsewhere)
        else:
            continue
        name = _SUFFIX.sub("", name) if len(_SUFFIX.sub("", name)) >= 3 else name
        if 3 <= len(name) <= 40 and not re.search(r"[。，,；;：:]", name):
            return name
    return None


def _cover_lines(texts: list[str], i: int, elsewhere: str) -> str:
    """The name on the line(s) above the cover's year line ``texts[i]``: the line above,
    or the two lines above it joined when the document prints the joined name elsewhere
    (and the line above alone is not)."""
    name = compact(texts[i - 1])
    if i >= 2 and elsewhere:
        joined = compact(texts[i - 2]) + name
        if len(joined) <= 40 and not re.search(r"[\d。，,；;：:]", joined) \
                and joined in elsewhere:
            return joined
    return name


def _stacked_cover(texts: list[str]) -> str | None:
    """A cover printed as ``2026年度`` / name over one or more lines / ``单位预算``."""
    parts: list[str] = []
    for text in texts:
        t = compact(text)
        if t in KIND_TITLES.values():
            name = "".join(parts)
            return name if 3 <= len(name) <= 40 else None
        parts.append(t)
    return None


BRACKET_CODE = re.compile(r"^[\[【](\d{3,})[\]】]\s*(.+)$")


def _printed_code(docs: list[SourceDocument], name: str) -> str | None:
    """A department code printed in a cell as ``[292]国家信访局`` (performance tables)."""
    for d in docs:
        for b in d.blocks:
            if b.kind != "row":
                continue
            for c in b.cells:
                if ("[" in c.text or "【" in c.text) and (
                        m := BRACKET_CODE.match(compact(c.text))) and m.group(2) == name:
                    return m.group(1)
    return None


UNNAMED_DIVISIONS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@cache
def _divisions() -> tuple[tuple[dict[str, str], str], ...]:
    """(row, short title) of the named administrative divisions."""
    rows = standard.codelist("administrative_divisions").rows
    return tuple((r, _short(r["title"])) for r in rows if r["title"] not in UNNAMED_DIVISIONS)


@cache
def _division_by_code() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in standard.codelist("administrative_divisions").rows}


def region(name: str, context: str) -> dict[str, Any]:
    """Region of a department from its name (and the document text to break ties)."""
    if name.startswith(CENTRAL):
        return {"region_code": "100000", "region_name": "中央", "region_level": "central",
                "province": None}
    divisions = _divisions()
    by_code = _division_by_code()
    head = name[:6]
    found = [r for r, short in divisions if r["title"] in name or short in head]
    if not found:
        found = [r for r, _ in divisions if r["title"] in context and r["level"] != "province"]
    if not found:
        raise ConversionError(f"the region of {name!r} is not named in the document; pass "
                              "--region-code")

    def ancestors(r: dict[str, str]) -> list[str]:
        out = []
        while r.get("parent") and r["parent"] in by_code:
            r = by_code[r["parent"]]
            if r["title"] not in ("市辖区", "县"):
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
    chain = ancestors(r)
    province = r["title"] if r["level"] == "province" else (chain[-1] if chain else None)
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


def placeholder_code(name: str) -> str:
    """A stable stand-in for a department code the document does not print: ``x`` and the
    first 8 hex digits of the SHA-256 of the department name."""
    return "x" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def infer(docs: list[SourceDocument], segments: list[Segment],
          options: Options, problems: list[Problem]) -> dict[str, Any]:
    year = options.fiscal_year or fiscal_year(docs)
    kind = options.document_kind or document_kind(docs)
    code, name = department(docs, segments)
    code = options.department_code or code or _printed_code(docs, name)
    if not code:
        code = placeholder_code(name)
        problems.append(Problem("CNB-CNV-030", data={"name": name, "placeholder": code}))
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


COVER_END = ("预算", "决算", "公开", "情况说明", "目录")
NUMBERED = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|"
                      r"[（(][一二三四五六七八九十]+[)）])")


def _source_title(docs: list[SourceDocument], segments: list[Segment]) -> str | None:
    """The printed title of the publication: a line with the year on the first page of the
    narrative ending like a title ("上海市2026年市级单位预算"), else the first un-numbered
    line naming the 情况说明 or 公开 (never a section heading such as "一、2026年“三公”经费
    预算情况说明")."""
    texts = [b for seg in segments if isinstance(seg, TextSegment) for b in seg.blocks
             if b.kind == "text" and YEAR.search(b.text) and not TOC_LINE.match(b.text)
             and len(compact(b.text)) <= 60 and not NUMBERED.match(compact(b.text))]
    first = texts[0].place.page if texts else None
    cover = [b for b in texts if b.place.page == first and compact(b.text).endswith(COVER_END)]
    named = [b for b in texts if "情况说明" in compact(b.text) or "公开" in compact(b.text)]
    for b in cover[:1] or named[:1]:
        title = b.text.strip()
        title = title[:-2].strip() if title.endswith("目录") else title
        if b in cover and title[:1].isdigit():  # "杭州市气象局" / "2026 年度部门预算"
            lines = [x for seg in segments if isinstance(seg, TextSegment) for x in seg.blocks
                     if x.kind == "text" and x.place.page == b.place.page]
            before = lines[:lines.index(b)] if b in lines else []
            if before and 2 <= len(compact(before[-1].text)) <= 30:
                title = f"{before[-1].text.strip()}{title}"
        return title
    return None


def as_of_date(seg: TableSegment) -> str | None:
    for b in seg.meta:
        if m := AS_OF.search(b.text):
            y, mo, d = (int(x) for x in m.groups())
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def contents_missing(docs: list[SourceDocument], segments: list[Segment]) -> list[str]:
    """Entries of the table of contents that the document does not contain: a table title
    no table carries, or a section heading the running text never prints."""
    listed = [compact(m.group("title")) for d in docs for b in d.blocks
              if b.kind == "text" and (m := TOC_LINE.match(b.text))]
    present = {compact(s.printed_title) for s in segments if isinstance(s, TableSegment)}
    lines = [compact(b.text) for s in segments if isinstance(s, TextSegment)
             for b in s.blocks if b.kind == "text" and not TOC_LINE.match(b.text)]
    present.update(lines)
    running = canonical("".join(lines))
    missing = []
    for t in listed:
        if t in present or any(t in p or p in t for p in present if len(p) >= 4):
            continue
        if not t.endswith("表") and canonical(t) in running:
            continue
        missing.append(t)
    return missing
