"""Stage: narrative segments → text_sections, performance_goals and glossary.

Headings are short lines with list numbering (一、 第一部分 （一） 1、) or a label ending
in a colon; everything else is body text of the current section. Each section gets a topic
from the section_topics codelist where its heading names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from cnbudget import standard
from cnbudget.converters.grid import Block, Place
from cnbudget.converters.normalize import canonical, compact, strip_numbering
from cnbudget.model import Provenance, Row

_RANKS = [
    (re.compile(r"^第[一二三四五六七八九十]+部分"), 2),
    (re.compile(r"^[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 3),
    (re.compile(r"^\d+[、.．](?!\d)"), 4),
]
_NUMBER = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|"
                     r"[（(][一二三四五六七八九十]+[)）]|\d+[、.．](?!\d))\s*")
_TOC = re.compile(r"[.．…·]{3,}\s*\d+\s*$")
_MARKUP = re.compile(r"\*\*|^[-*]\s+")


@dataclass(slots=True)
class Section:
    section_id: str
    parent_id: str | None
    number: str | None
    heading: str
    rank: int
    page: int | None
    place: Place
    lines: list[str] = field(default_factory=list)
    topic: str = "other"


_DOC_TITLE = re.compile(r"20\d{2}\s*年.*(?:情况说明|公开目录|目录)$")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def heading_rank(text: str) -> int | None:
    t = compact(text)
    if not t or len(t) > 60 or "。" in t or _TOC.search(text):
        return None
    if _DOC_TITLE.search(t) and not _RANKS[0][0].match(t):  # 第三部分 …决算情况说明 is a part
        return 1
    if len(t) > 40:
        return None
    for pattern, rank in _RANKS:
        if pattern.match(t):
            rest = _NUMBER.sub("", t)
            return rank if rest and len(rest) <= 32 and not rest.endswith("：不公开") else None
    if t.endswith(("：", ":")) and len(t) <= 8:
        return 5
    return None


def ordinal(number: str | None) -> int | None:
    """The value of a printed list number: 一、 → 1, （三） → 3, 2、 → 2, 第二部分 → 2."""
    if not number:
        return None
    core = re.sub(r"[第部分、.．（）()\s]", "", number)
    if core.isdigit():
        return int(core)
    if core in _NUMERALS:
        return _NUMERALS[core]
    if len(core) == 2 and core[0] == "十" and core[1] in _NUMERALS:
        return 10 + _NUMERALS[core[1]]
    return None


@cache
def _topics() -> list[tuple[str, str]]:
    pairs = []
    for r in standard.codelist("section_topics").rows:
        for alias in [r["title"], *r["aliases"].split("|")]:
            if alias:
                pairs.append((canonical(alias), r["code"]))
    return sorted(pairs, key=lambda p: -len(p[0]))


def topic_of(heading: str) -> str:
    key = canonical(heading).rstrip("：")
    for alias, code in _topics():
        if alias == key:
            return code
    for alias, code in _topics():
        if alias in key and len(alias) >= 4:
            return code
    return "other"


class SectionBuilder:
    """Accumulates sections from narrative blocks in document order."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self._stack: list[Section] = []
        self._counter = 0
        self._toc_page: int | None = None
        self._toc_section: Section | None = None
        self._toc: dict[str, int] = {}
        self._toc_parts: set[int] = set()  # the 第N部分 the contents list, their N
        self._tables_since_part = False  # tables were read since the last 第N部分 opened
        self._last_part: Section | None = None

    def current(self) -> Section | None:
        return self._stack[-1] if self._stack else None

    def open(self, text: str, rank: int, place: Place) -> Section:
        while self._stack and self._stack[-1].rank >= rank:
            self._stack.pop()
        parent = self._stack[-1] if self._stack else None
        self._counter += 1
        m = _NUMBER.match(compact(text))
        number = m.group(1) if m else None
        heading = _NUMBER.sub("", text.strip()).strip()
        sec = Section(f"s{self._counter}", parent.section_id if parent else None, number,
                      heading, rank, place.page, place)
        sec.topic = topic_of(heading)
        self.sections.append(sec)
        self._stack.append(sec)
        if rank == _RANKS[0][1]:
            self._tables_since_part = False
            self._last_part = sec
        return sec

    def add_tables(self) -> None:
        """Tables were read here, between two text segments (a part of their own:
        第二部分 …部门决算表 between 第一部分 and 第三部分, 普陀 决算)."""
        self._tables_since_part = True

    def add_block(self, b: Block) -> None:
        text = b.text if b.kind == "text" else "\t".join(b.texts)
        if b.kind == "text" and compact(text) == "目录":
            self._toc_section = self.open(text.strip(), 0, b.place)
            self._toc_page = b.place.page
            return
        if self._in_toc(b, text):
            self._toc.update(toc_keys(text))
            m = _RANKS[0][0].match(compact(text))
            if m and (n := ordinal(m.group(0))) is not None:
                self._toc_parts.add(n)
            cur = self.current()
            assert cur is not None
            cur.lines.append(text.strip())
            return
        rank = heading_rank(text) if b.kind == "text" else None
        if rank is not None and self._in_sequence(text, rank):
            self.open(text, rank, b.place)
            return
        if rank is None and b.kind == "text" and (listed := self._listed(text)):
            self.open(text, listed, b.place)
            return
        if self.current() is None:
            self.open("（前言）", 1, b.place)
        cur = self.current()
        assert cur is not None
        cur.lines.append(text.strip())

    def _in_toc(self, b: Block, text: str) -> bool:
        """A line of the table of contents: on the page of "目录" before any sentence, or
        a line with dot leader and page number on the pages after it."""
        if self._toc_page is None or b.kind != "text":
            return False
        if (b.place.page == self._toc_page and "。" not in text) or _TOC.search(text):
            return True
        self._toc_page = None  # the contents end: the next heading closes their section
        if self._toc_section is not None:
            self._toc_section.rank = 99
        return False

    def _listed(self, text: str) -> int | None:
        """An unnumbered heading the table of contents lists: "名词解释", or
        "上海市域外农场管理办公室主要职能" for the entry "一、单位主要职能" (SH unit family,
        whose running text prints its headings without the numbers). Its rank is the
        entry's."""
        t = compact(text)
        if not self._toc or len(t) > 40 or any(p in t for p in "。，；,;"):
            return None
        return next((rank for k, rank in self._toc.items()
                     if t == k or (t.endswith(k) and len(t) - len(k) <= 24)), None)

    def _in_sequence(self, text: str, rank: int) -> bool:
        """A numbered heading continues its siblings' numbering (or starts at 1); a long
        numbered list item such as "(六)负责…" is body text. A part (第N部分) may follow
        a gap where the parts between are placed elsewhere: listed in the contents, or
        the tables read since the part before."""
        m = _NUMBER.match(compact(text))
        n = ordinal(m.group(1)) if m else None
        if n is None or n == 1:
            return True
        stack = list(self._stack)
        while stack and stack[-1].rank > rank:
            stack.pop()
        prev = stack[-1] if stack and stack[-1].rank == rank else None
        before = ordinal(prev.number) if prev is not None else None
        if before == n - 1:
            return True
        if rank != _RANKS[0][1]:
            return False
        # a part's sections (一、…) close it: the part before is the last one opened
        before = ordinal(self._last_part.number) if self._last_part is not None else None
        if before is None or before >= n:
            return False
        # 第N部分 after a gap, once a part has opened (the contents' last lines, on the
        # page after "目录", are not parts): the parts between are placed elsewhere (the
        # contents list them, or one of them is the tables read since the part before)
        missing = [k for k in range(before + 1, n) if k not in self._toc_parts]
        return not missing or (len(missing) == 1 and self._tables_since_part)

    def rows(self) -> list[Row]:
        out = []
        for pos, s in enumerate(self.sections, start=1):
            out.append({"section_id": s.section_id, "parent_id": s.parent_id, "position": pos,
                        "number": s.number, "heading": s.heading, "topic": s.topic,
                        "text": "\n".join(s.lines) or None, "page": s.page})
        return out

    def provenance(self) -> list[Provenance]:
        return [Provenance("text_sections", pos, "heading", s.place, s.heading)
                for pos, s in enumerate(self.sections, start=1)]


def toc_keys(line: str) -> dict[str, int]:
    """The keys an entry of the table of contents names its heading by: the entry without
    its number and page, and without a leading 单位/部门 ("单位主要职能" → "主要职能").
    Table titles (…表) are left to the tables."""
    entry = compact(re.sub(r"[.．…·]{3,}\s*\d+\s*$", "", line))
    core = _NUMBER.sub("", entry)
    if len(core) < 4 or re.sub(r"[（(][^（()）]*[)）]$", "", core).endswith("表"):
        return {}
    rank = next((r for pattern, r in _RANKS if pattern.match(entry)), 1)
    keys = {core: rank}
    for prefix in ("单位", "部门"):
        if core.startswith(prefix) and len(core) - len(prefix) >= 4:
            keys[core[len(prefix):]] = rank
    return keys


def glossary_rows(section: Section) -> list[Row]:
    """名词解释 entries: "1、**术语**：解释"."""
    rows: list[Row] = []
    for line in section.lines:
        plain = _MARKUP.sub("", line.strip()).replace("**", "")
        body = _NUMBER.sub("", plain)
        if "：" in body[:40]:
            term, definition = body.split("：", 1)
        elif ":" in body[:40]:
            term, definition = body.split(":", 1)
        else:
            if rows:
                rows[-1]["definition"] = f"{rows[-1]['definition']}\n{plain}"
            continue
        rows.append({"position": len(rows) + 1, "term": term.strip(),
                     "definition": definition.strip()})
    return rows


def goal_rows(sections: list[Section]) -> list[Row]:
    """Overall and per-item performance goals from the 绩效 sections."""
    rows: list[Row] = []
    for s in sections:
        key = canonical(s.heading)
        if "总体绩效目标" in key or (key in ("部门整体绩效目标",) and s.lines):
            if s.lines:
                rows.append(_goal("department", None, "\n".join(s.lines)))
        elif "分项绩效目标" in key or "专项资金绩效目标" in key:
            scope = "special_fund" if "专项资金" in key else "item"
            for line in s.lines:
                body = _NUMBER.sub("", compact(line) and line.strip())
                name, sep, text = body.partition("：")
                if not sep:
                    continue
                rows.append(_goal(scope, name.strip(), text.strip()))
    for pos, r in enumerate(rows, start=1):
        r["position"] = pos
        r["goal_id"] = f"g{pos}"
    return rows


def _goal(scope: str, name: str | None, text: str) -> Row:
    core = strip_numbering(compact(text)).rstrip("。.")
    withheld = {"不公开": "not_public", "涉密": "classified"}.get(core)
    return {"scope": scope, "name": name, "text": text, "withheld": withheld is not None,
            "withheld_reason": withheld}


_SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?")


def paragraphs(lines: list[str]) -> list[str]:
    """The section's paragraphs: printed lines joined back ("…其" + "中：人员经费…"). A
    paragraph ends with a line ending a sentence; a line opening with a list number
    ("（二）", "2.") starts one, and a heading printed alone ("第二部分 部门预算收支总体情况")
    is one."""
    out: list[str] = []
    last = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and not out[-1].endswith(_SENTENCE_END) and not _NUMBER.match(compact(line)) \
                and not (out[-1] == last and heading_rank(last) is not None):
            out[-1] = f"{out[-1]}{line}"
        else:
            out.append(line)
        last = line
    return out
