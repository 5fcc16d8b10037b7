"""Stage: blocks → segments. Finds tables by their titles, drops repeated page headers and
header rows on continuation pages, and keeps running text as narrative segments."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from cnbudget import standard
from cnbudget.converters.grid import Block, Cell, Place
from cnbudget.converters.normalize import canonical, compact, looks_like_amount
from cnbudget.converters.text.reader import PAGE_HEADER

GRID_KINDS = {"table", "list"}
_TABLE_NUMBER = re.compile(
    r"^(?:(?:附表|表)[0-9一二三四五六七八九十]+(?:[\-－][0-9]+)?[:：、.．]?"
    r"|(?:预算|公开|部门预算|单位预算|部门|单位)[0-9]+表[:：、.．]?"
    r"|[0-9一二三四五六七八九十]+[、.．])"
)
_TRAILING_NUMBER = re.compile(r"[（(](?:预算|公开|附)?表?[0-9一二三四五六七八九十\-－]+表?[)）]$")
_TRAILING_BASIS = re.compile(r"[（(]按?[^（()）]{0,10}(?:分类|科目)[^（()）]{0,4}"
                             r"(?:[-－—]?不含上年结转)?[)）]$")
_TRAILING_SCOPE = re.compile(r"[（(](?:不含上年结转|不含上)[)）]?$")
"""A scope note after the title (西安 2021-2022: "…培训费表（不含上年结转）", cut after 上 where
the title is wrapped): the table is the one its title names."""
_OPEN_BASIS = re.compile(r"[（(]按[^（()）]{0,10}(?:功|经)[^（()）]{0,8}$")
"""A basis wrapped onto the title's next line (西安 2021 表5: "…支出明细表（按支出功能分类科"
then "目-不含上年结转）"): the first line is the title, its basis as far as printed."""
_QUALIFIERS = ("基本", "项目", "人员", "公用")
"""Words that make ``基本支出总表`` another table than ``支出总表``."""
_SENTENCE = re.compile(r"[。；，,;]")
_LABEL = re.compile(r"^(?:部门|单位)?(?:预算|公开)?(?:附)?表[0-9一二三四五六七八九十\-－]+[:：]?$"
                    r"|^(?:部门|单位)?(?:预算|公开)[0-9]+表$")
"""A table number printed alone on its line (``表1``, ``公开表2``, ``预算01表``)."""
_LEAD_IN = re.compile(r"(?:下表|如下)[:：]?$")
PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d(?:\s?\d){0,3}\s*(?:页)?"
                         r"(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?[-—–\s]*$")
"""A printed page number (``-18-``, ``第 3 页``, ``— 1 0 —`` with its digits spaced, ``第7页，
共45页`` with the page count, as 西安 2019 prints it under every table page)."""
TOTAL_WORDS = {"合计", "总计", "小计", "本年合计"}
_COLNUM_WORDS = {"**", "*", "栏次", "档次", "栏号", "甲", "乙", "丙", "丁"}
_NOTE = re.compile(r"^[（(]?(?:注|备注|说明)\s*[:：]?|^[（(]?注[0-9一二三]")
"""A note line, also in parentheses (``（注：…没有使用政府性基金预算拨款安排的支出。）``)."""
_META = re.compile(
    r"^(?:单位|金额单位|预算年度|编制单位|部门|部门名称|单位名称|截止时间|截止日期|时间)\s*[:：]"
    r"|^(?:单位|金额单位)\s*[:：]?\s*(?:万元|元)$|^(?:万元|元)$|^\d{4}\s*年?$"
)


@cache
def title_index() -> list[tuple[str, str]]:
    """(compacted alias, resource) for every table the stitcher can find, longest first."""
    pairs: set[tuple[str, str]] = set()
    for name in standard.table_names():
        ts = standard.table_schema(name)
        if ts.get("x-kind") not in GRID_KINDS or name == "performance_indicators":
            continue
        for alias in [ts["title"], *ts.get("x-title-aliases", [])]:
            pairs.add((_quotes(compact(alias)), name))
    return sorted(pairs, key=lambda p: (-len(p[0]), p[1]))


_QUOTES = str.maketrans({'"': "“", "\u201d": "“", "\uff02": "“"})


def _quotes(text: str) -> str:
    """One double quote for titles: 湖州 prints 一般公共预算"三公"经费支出表 with ASCII quotes."""
    return text.translate(_QUOTES)


def identify_title(text: str) -> tuple[str, str] | None:
    """Return (resource, printed title) when the line is a table title."""
    line = compact(text)
    if not line or _SENTENCE.search(line) or len(line) > 80:
        return None
    core = _quotes(_TRAILING_SCOPE.sub("", _TRAILING_NUMBER.sub("", _TABLE_NUMBER.sub("", line))))
    basis = m.group(0) if (m := _TRAILING_BASIS.search(core) or _OPEN_BASIS.search(core)) \
        else ""
    core = core[:len(core) - len(basis)]
    for alias, name in title_index():
        if alias in core:
            rest = len(core) - len(alias)
            before = core[:core.rfind(alias)]
            if not _fits_basis(name, basis, alias) or (
                    before.endswith(_QUALIFIERS) and not alias.startswith(_QUALIFIERS)) or (
                    before.endswith(_not_after(name))):
                continue
            if name == "performance_projects":
                if core.endswith(alias):
                    return name, line
                continue
            if rest <= 30 and (core.endswith(alias) or core.endswith(alias + "表")):
                return name, line
    return None


_BASIS_WORDS = {"economic": "经济", "function": "功能"}


def _fits_basis(resource: str, basis: str, alias: str = "") -> bool:
    """``（按经济分类）`` after a title of a table by function is another table. A table
    declaring ``x-title-basis-required`` (its titles are those of a table by the other
    classification, e.g. 一般公共预算支出表（按经济分类）) is found only by a title naming its
    classification, in the qualifier or in the title itself."""
    kind = standard.classification(resource)
    if "经济" in basis or basis.endswith("经"):  # or wrapped after 经 (西安 2021)
        return kind != "function"
    if "功能" in basis or basis.endswith("功"):
        return kind != "economic"
    if standard.table_schema(resource).get("x-title-basis-required"):
        return _BASIS_WORDS.get(kind or "", "-") in alias
    return True


def _not_after(resource: str) -> tuple[str, ...]:
    """Words that, printed before a title alias, make it another table
    (``x-title-not-after``: 财政拨款基本支出预算表 is not a 基本支出预算表 of all funds)."""
    return tuple(standard.table_schema(resource).get("x-title-not-after", ())) or ("\0",)


def is_colnum_row(texts: list[str]) -> bool:
    vals = [compact(t) for t in texts if compact(t)]
    if len(vals) < 2 or not all(v in _COLNUM_WORDS or v.isdigit() for v in vals):
        return False
    nums = [int(v) for v in vals if v.isdigit()]
    return any(v in _COLNUM_WORDS for v in vals) or nums == list(
        range(nums[0], nums[0] + len(nums)))


def is_data_row(texts: list[str]) -> bool:
    """A row that carries data rather than header words."""
    first = compact(texts[0]) if texts else ""
    if first.isdigit() and len(first) <= 4 and not is_colnum_row(texts):
        return True
    if canonical(first) in TOTAL_WORDS and all(not compact(t) or looks_like_amount(t)
                                               for t in texts[1:]):
        return True
    return any(looks_like_amount(t) and ("." in t or "," in t) for t in texts)


def is_note(text: str) -> bool:
    return bool(_NOTE.match(compact(text)))


def is_meta(text: str) -> bool:
    return bool(_META.match(compact(text)))


@dataclass(slots=True)
class TableSegment:
    resource: str
    printed_title: str
    title_place: Place
    meta: list[Block] = field(default_factory=list)
    header: list[Block] = field(default_factory=list)
    colnums: Block | None = None
    rows: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    chunks: int = 1
    repeated_headers: int = 0
    title_block: Block | None = None
    stray: list[Block] = field(default_factory=list)
    """Text lines printed inside the table's frame between its rows (cells the text layer
    did not give as cells): reported as unplaced, never read as running text."""

    @property
    def pages(self) -> list[int]:
        pages = {self.title_place.page}
        pages.update(b.place.page for b in self.rows)
        return sorted(p for p in pages if p is not None)


@dataclass(slots=True)
class TextSegment:
    blocks: list[Block] = field(default_factory=list)


Segment = TableSegment | TextSegment


@dataclass(slots=True)
class _State:
    segments: list[Segment] = field(default_factory=list)
    table: TableSegment | None = None
    expect_header: bool = False
    header_done: bool = False
    in_repeat: bool = False
    chunk_rows: int = 0
    """Rows seen since the current chunk (page) of the table began."""
    closed: TableSegment | None = None
    """The table just closed by a text line, while only labels and page numbers follow."""
    after_close: int = 0
    """How many of those lines went to the narrative."""

    def text(self) -> TextSegment:
        if not self.segments or not isinstance(self.segments[-1], TextSegment):
            self.segments.append(TextSegment())
        last = self.segments[-1]
        assert isinstance(last, TextSegment)
        return last


def stitch(blocks: list[Block]) -> list[Segment]:
    st = _State()
    furniture = running_headers(blocks)
    for b in blocks:
        if b.kind == "text" and (b.place.source, b.text) in furniture:
            continue
        if b.kind == "text":
            _on_text(st, b)
        else:
            _on_row(st, b)
    return rejoin(_demote_bare_titles(st.segments))


def running_headers(blocks: list[Block]) -> set[tuple[str, str]]:
    """(source, text) of a line printed first on most pages of a source (``苏州市审计局2026
    年度部门预算公开``): page furniture, neither a title nor a label nor running text. A
    department header line (code and name, as in the Hebei layout) is table meta, kept."""
    first: dict[tuple[str, int], Block] = {}
    for b in blocks:
        if b.place.page is not None:
            first.setdefault((b.place.source, b.place.page), b)
    pages = Counter(source for source, _ in first)
    counts = Counter((b.place.source, b.text) for b in first.values() if b.kind == "text")
    return {key for key, n in counts.items() if n >= 3 and n >= 0.4 * pages[key[0]]
            and not identify_title(key[1]) and not _LABEL.match(compact(key[1]))
            and not PAGE_NUMBER.match(key[1]) and not PAGE_HEADER.match(key[1])}


def _demote_bare_titles(segments: list[Segment]) -> list[Segment]:
    """A title followed by no grid and no note is a line of a contents list or of the text:
    give it (and the lines taken for its unit line) back to the narrative."""
    out: list[Segment] = []
    for seg in segments:
        if isinstance(seg, TableSegment) and seg.title_block is not None and not (
                seg.header or seg.rows or seg.notes or seg.colnums):
            seg = TextSegment([seg.title_block, *seg.meta])
        if isinstance(seg, TextSegment) and out and isinstance(out[-1], TextSegment):
            out[-1].blocks.extend(seg.blocks)
        else:
            out.append(seg)
    return out


def _glued_title(b: Block) -> tuple[Block, Block] | None:
    """A note line with the next table's title glued to its end by the text layer
    (``注：本表反映部门本年度各项收入情况。支出决算表``): the note and the title."""
    if not is_note(b.text):
        return None
    head, dot, tail = b.text.rpartition("。")
    if not dot or not compact(tail) or not identify_title(tail):
        return None
    return replace(b, text=head + dot), replace(b, text=tail.strip())


WRAPPED_TAIL = 6
"""Most characters of a title's last line wrapped alone onto the next printed line
(江苏 2017 "…会议费、培训费支出预" / "算表")."""


def _wrapped_title(st: _State, b: Block) -> Block | None:
    """The line just given to the narrative joined with ``b`` when neither is a title but
    both together are: a title wrapped over two printed lines of one page (江苏 2017
    "十一、一般公共预算“三公”经费、会议费、培训费支出预" / "算表"). The joined line is
    placed at the first line's place, its box grown over both."""
    tail = compact(b.text)
    if not tail or len(tail) > WRAPPED_TAIL or _SENTENCE.search(tail) or not st.segments:
        return None
    text = st.segments[-1]
    if not isinstance(text, TextSegment) or not text.blocks:
        return None
    prev = text.blocks[-1]
    if prev.kind != "text" or prev.place.source != b.place.source \
            or prev.place.page != b.place.page or identify_title(prev.text):
        return None
    joined = prev.text.rstrip() + b.text.strip()
    if not identify_title(joined):
        return None
    box = prev.place.bbox
    if box is not None and b.place.bbox is not None:
        other = b.place.bbox
        box = (min(box[0], other[0]), min(box[1], other[1]),
               max(box[2], other[2]), max(box[3], other[3]))
    text.blocks.pop()
    st.after_close = max(0, st.after_close - 1)
    if not text.blocks:
        st.segments.pop()
    return replace(prev, text=joined, place=replace(prev.place, bbox=box))


def _on_text(st: _State, b: Block) -> None:
    if (parts := _glued_title(b)) is not None:
        for part in parts:
            _on_text(st, part)
        return
    found = identify_title(b.text)
    if not found and st.table is None and (joined := _wrapped_title(st, b)) is not None:
        b, found = joined, identify_title(joined.text)
    t = st.table
    if found:
        name, printed = found
        if t is None and _reopen(st, name, printed):
            t = st.table
        if t is not None and t.resource == name and compact(printed) == compact(t.printed_title):
            t.chunks += 1  # the title repeated on a continuation page
            st.expect_header, st.in_repeat, st.chunk_rows = True, True, 0
            return
        st.closed = None
        st.table = TableSegment(name, printed, b.place, title_block=b)
        st.segments.append(st.table)
        st.expect_header, st.header_done, st.in_repeat = True, False, False
        st.chunk_rows = 0
        return
    if t is None:
        st.text().blocks.append(b)
        st.after_close += 1
        if st.closed is not None and not is_page_label(b):
            st.closed = None
        return
    if PAGE_NUMBER.match(b.text) and b.place.page is not None and b.place.bbox is not None:
        return  # a printed page number between two chunks of a table
    if is_note(b.text) or (t.notes and not is_meta(b.text) and len(compact(b.text)) < 200
                           and b.place.page == t.notes[-1].place.page and _continues(t, b)):
        t.notes.append(b)
        st.expect_header = False
        return
    waiting = st.expect_header and st.chunk_rows == 0 and _short_line(t, b)
    if waiting or is_meta(b.text) or _is_page_header(t, b):
        if t.rows and st.chunk_rows and _is_page_header(t, b):
            t.chunks += 1
            st.expect_header, st.in_repeat, st.chunk_rows = True, True, 0
        t.meta.append(b)
        return
    st.table = None
    st.text().blocks.append(b)
    st.closed, st.after_close = (t, 1) if is_page_label(b) else (None, 0)


def _short_line(t: TableSegment, b: Block) -> bool:
    """A line between a title and its grid (a label, a unit line, a subtitle), not text."""
    line = compact(b.text)
    seen = [t.title_place.page, *t.pages, *(m.place.page for m in t.meta if m.place.page)]
    near = (b.place.page is None or t.title_place.page is None
            or b.place.page - max(p for p in seen if p is not None) <= 1)
    if near and _LEAD_IN.search(line) and not t.meta:
        return True  # 详细情况见下表：
    return near and len(line) <= 40 and not _SENTENCE.search(line)


def is_page_label(b: Block) -> bool:
    """A table number label or a page number alone on its line."""
    return bool(_LABEL.match(compact(b.text)) or PAGE_NUMBER.match(b.text))


def _reopen(st: _State, name: str, printed: str) -> bool:
    """The same title (after only a table number label or a page number) on the next page:
    a continuation of the table just closed, with its title repeated."""
    t = st.closed
    st.closed = None
    if t is None or t.resource != name or compact(printed) != compact(t.printed_title):
        return False
    text = st.segments[-1]
    if not (isinstance(text, TextSegment) and len(text.blocks) == st.after_close
            and len(st.segments) >= 2 and st.segments[-2] is t):
        return False
    st.segments.pop()
    t.meta.extend(b for b in text.blocks if not PAGE_NUMBER.match(b.text))
    st.table = t
    return True


def _continues(t: TableSegment, b: Block) -> bool:
    """A note wrapped over two lines: the previous note line does not end a sentence."""
    last = compact(t.notes[-1].text).rstrip("）)")
    return bool(last) and last[-1] not in "。.；;"


def _is_page_header(t: TableSegment, b: Block) -> bool:
    if not t.meta:
        return False
    first = compact(t.meta[0].text)
    line = compact(b.text)
    return len(first) >= 4 and line[:6] == first[:6]


def _on_row(st: _State, b: Block) -> None:
    t = st.table
    st.closed = None
    if t is None:
        st.text().blocks.append(b)
        return
    texts = b.texts
    st.chunk_rows += 1
    if st.expect_header:
        if st.header_done and st.in_repeat:
            if is_colnum_row(texts):
                st.expect_header = False
                return
            if any(same_row(texts, h.texts) for h in t.header):
                t.repeated_headers += 1
                return
            st.expect_header = False  # continuation page without a repeated header
        elif not st.header_done:
            kind = standard.table_schema(t.resource).get("x-kind")
            if t.resource == "performance_projects" or (kind == "list" and t.header):
                st.header_done, st.expect_header = True, False
                t.rows.append(b)
                return
            if is_colnum_row(texts):
                t.colnums, st.header_done, st.expect_header = b, True, False
                return
            if not t.header or not is_data_row(texts):
                t.header.append(b)
                return
            st.header_done, st.expect_header = True, False
    if st.header_done and (any(same_row(texts, h.texts) for h in t.header) or (
            is_colnum_row(texts) and any(compact(x) in _COLNUM_WORDS for x in texts))):
        t.repeated_headers += 1  # the header, or its 栏次 row, repeated on a later page
        return
    t.rows.append(aligned(t, b))


EDGE = 3.0
"""Points by which the boxes of one printed column may differ from page to page."""


def _reference(t: TableSegment) -> Block | None:
    """The row whose cells give the table's columns: the last row read, else the header."""
    for b in (t.rows[-1:] or t.header[-1:]):
        if b.cells and all(c.place.bbox is not None for c in b.cells):
            return b
    return None


def _column_of(cell: Cell, ref: Block) -> int | None:
    box = cell.place.bbox
    assert box is not None
    for k, c in enumerate(ref.cells):
        r = c.place.bbox
        if r is not None and abs(box[0] - r[0]) <= EDGE and abs(box[2] - r[2]) <= EDGE:
            return k
    return None


def aligned(t: TableSegment, b: Block) -> Block:
    """A row with fewer cells than its table, each cell standing exactly in one of the
    table's columns (a continuation page whose spanning left cells the text layer did not
    give as cells): every cell put under its column, the others blank."""
    ref = _reference(t)
    if ref is None or len(b.cells) >= len(ref.cells) or not b.cells or any(
            c.place.bbox is None for c in b.cells):
        return b
    cols = [_column_of(c, ref) for c in b.cells]
    if None in cols or cols != sorted(set(cols)):  # type: ignore[type-var]
        return b
    box = b.place.bbox or b.cells[0].place.bbox
    assert box is not None
    cells = []
    for k, r in enumerate(ref.cells):
        rb = r.place.bbox
        assert rb is not None
        cells.append(Cell("", k, Place(b.place.source, b.place.page,
                                       bbox=(rb[0], box[1], rb[2], box[3]))))
    for c, col in zip(b.cells, cols, strict=True):
        assert col is not None
        cells[col] = Cell(c.text, col, c.place)
    return replace(b, cells=cells)


def same_columns(t: TableSegment, b: Block) -> bool:
    """The row prints the table's columns: as many cells, each in the same place."""
    ref = _reference(t)
    if ref is None or len(b.cells) != len(ref.cells):
        return False
    return all(c.place.bbox is not None and _column_of(c, ref) == k
               for k, c in enumerate(b.cells))


STRAY_SHARE = 0.6
"""A text line inside a table's frame is at most this share of the frame's width (running
text after a table spans the page)."""


def _frame(t: TableSegment) -> tuple[float, float] | None:
    ref = _reference(t)
    if ref is None:
        return None
    boxes = [c.place.bbox for c in ref.cells if c.place.bbox is not None]
    return min(x[0] for x in boxes), max(x[2] for x in boxes)


def _inside(t: TableSegment, b: Block) -> bool:
    """The line stands among the table's rows on a page where the table has rows: inside
    the frame's width (and narrower than running text), and between the top of the
    page's first row and the bottom of its last, or starting inside the last row (the
    text of a cell the page's end cuts, as in the Beijing project tables)."""
    frame = _frame(t)
    box = b.place.bbox
    if frame is None or box is None:
        return False
    tops, bottoms = [], []
    for r in reversed(t.rows):
        if r.place.page != b.place.page:
            break
        for c in r.cells:
            if c.place.bbox is not None and c.text.strip():
                tops.append(c.place.bbox[1])
                bottoms.append(c.place.bbox[3])
    if not tops:
        return False
    left, right = frame
    # a cell's text cut by the page's end starts inside the last row and runs past it
    return left - EDGE <= box[0] and box[2] <= right + EDGE and \
        box[2] - box[0] <= STRAY_SHARE * (right - left) and \
        min(tops) - EDGE <= box[1] and (box[3] <= max(bottoms) + EDGE or box[1] < max(bottoms))


def _printed_header(t: TableSegment) -> list[Block]:
    """The table's header rows; a performance list keeps its header among its rows (its
    mapper reads it there), so its first rows are the header a continuation page repeats."""
    if t.header or t.resource != "performance_projects":
        return t.header
    return t.rows[:2]


def _in_one_column(t: TableSegment, b: Block, last_page: int | None) -> bool:
    """A text line standing inside one column of the table, on the page of its last row or
    the next: the text of a cell spanning several rows (a project's name or goal) that the
    text layer gave as lines. It joins the table only when rows of the table follow."""
    ref = _reference(t)
    box = b.place.bbox
    if ref is None or box is None or b.place.page is None or last_page is None or \
            not 0 <= b.place.page - last_page <= 1:
        return False
    if any(c.place.bbox is not None and c.place.bbox[0] - EDGE <= box[0]
           and box[2] <= c.place.bbox[2] + EDGE for c in ref.cells):
        return True
    # or across the blank cells leading the last row: the spanning cells of a project
    # (name, amounts, goal) whose lines the text layer joined into one
    span = [c.place.bbox for c in ref.cells[:next(
        (k for k, c in enumerate(ref.cells) if c.text.strip()), 0)]]
    return bool(span) and all(x is not None for x in span) and \
        span[0][0] - EDGE <= box[0] and box[2] <= span[-1][2] + EDGE  # type: ignore[index]


def _same_lefts(t: TableSegment, b: Block) -> bool:
    """The row's cells begin where the table's columns begin, one cell a column (a repeated
    header with a cell spanning two columns, a row whose text layer merged two cells)."""
    ref = _reference(t)
    if ref is None or len(b.cells) != len(ref.cells):
        return False
    return all(c.place.bbox is not None and r.place.bbox is not None
               and abs(c.place.bbox[0] - r.place.bbox[0]) <= EDGE
               for c, r in zip(b.cells, ref.cells, strict=True))


def rejoin(segments: list[Segment]) -> list[Segment]:
    """Rows on after a table that text closed (page numbers, unit lines, or lines printed
    inside the table's frame between its rows) join it when they print the table's
    columns: a continuation page without a title is no new table."""
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if isinstance(seg, TextSegment) and isinstance(prev, TableSegment) and prev.rows:
            seg = _take_continuation(prev, seg)
            if not seg.blocks:
                continue
        out.append(seg)
    return out


def _take_continuation(t: TableSegment, seg: TextSegment) -> TextSegment:
    last_page: int | None = t.rows[-1].place.page
    taken = 0
    inside: set[int] = set()
    for i, b in enumerate(seg.blocks):
        if b.kind == "row":
            page = b.place.page
            if page is None or last_page is None or not 0 <= page - last_page <= 1:
                break
            if not (same_columns(t, b) or aligned(t, b) is not b or _same_lefts(t, b)
                    or any(same_row(b.texts, h.texts) for h in _printed_header(t))):
                break
            taken = i + 1
            last_page = page
            continue
        if _inside(t, b):
            inside.add(i)
        elif not (PAGE_NUMBER.match(b.text) or is_page_label(b) or is_meta(b.text)
                  or _in_one_column(t, b, last_page)):
            break
    if not taken:
        return seg
    start = 0
    while start < taken:  # page by page: a page whose cell lines do not all fit stays out
        page = seg.blocks[start].place.page
        end = start
        while end < taken and seg.blocks[end].place.page == page:
            end += 1
        if not _take_page(t, seg.blocks, range(start, end), inside):
            return TextSegment(seg.blocks[start:])
        start = end
    return TextSegment(seg.blocks[taken:])


def _take_page(t: TableSegment, blocks: list[Block], indices: range, inside: set[int]) -> bool:
    """The rows and lines of one page of a continuation join the table; the lines printed
    in the table's cells fill them (:func:`_fill_cells`), lines among the rows that fill no
    cell are stray. False, and the table as before, when a line taken only for standing in
    the table's columns fills no cell."""
    saved = (list(t.rows), len(t.meta), t.repeated_headers, len(t.stray))
    lines: list[int] = []
    for i in indices:
        b = blocks[i]
        if b.kind == "row":
            if any(same_row(b.texts, h.texts) for h in t.header):
                t.repeated_headers += 1
            else:
                t.rows.append(aligned(t, b))
        elif is_meta(b.text):
            t.meta.append(b)
        elif not (PAGE_NUMBER.match(b.text) or is_page_label(b)):
            lines.append(i)
    for i in lines:  # once the page's rows are read
        if _fill_cells(t, blocks[i]):
            continue
        if i not in inside and not _inside(t, blocks[i]):  # _inside: with the page's rows
            t.rows, t.repeated_headers = saved[0], saved[2]
            del t.meta[saved[1]:]
            del t.stray[saved[3]:]
            return False
        t.stray.append(blocks[i])
    return True


_GAP = re.compile(r"\s{2,}")


def _fill_cells(t: TableSegment, b: Block) -> bool:
    """A text line printed in the table's columns on a page where the table has rows, but
    outside every cell the text layer gave (the Beijing project lists rule their project
    columns by verticals only, so a project's name, amounts and goal, spanning its rows and
    pages, come as lines): its text goes to the cell it continues — the nearest row above
    with text in that column on the page, else the page's first row. A line crossing
    several columns is split at its wide gaps, one part a column, only when the parts are
    as many as the columns. False when the line stands below the page's rows or does not
    fit the columns."""
    box = b.place.bbox
    ref = _reference(t)
    if box is None or ref is None:
        return False
    on_page = [n for n, r in enumerate(t.rows) if r.place.page == b.place.page
               and r.place.bbox is not None]
    if not on_page or box[3] > max(t.rows[n].place.bbox[3]  # type: ignore[index]
                                   for n in on_page) + EDGE:
        return False
    crossed = [k for k, c in enumerate(ref.cells) if (cb := c.place.bbox) is not None
               and cb[0] < box[2] - EDGE and box[0] < cb[2] - EDGE]
    parts = [p for p in _GAP.split(b.text.strip()) if p]
    if len(crossed) == 1:
        parts = [" ".join(parts)]
    if not crossed or len(parts) != len(crossed):
        return False
    above = [n for n in on_page if t.rows[n].place.bbox[1] <= box[1] + EDGE  # type: ignore[index]
             and any(k < len(t.rows[n].cells) and t.rows[n].cells[k].text.strip()
                     for k in crossed)]
    n = above[-1] if above else on_page[0]
    row = t.rows[n]
    if len(row.cells) != len(ref.cells):
        return False
    cells = list(row.cells)
    for k, part in zip(crossed, parts, strict=True):
        old = cells[k].text.strip()
        cells[k] = Cell(f"{old} {part}" if old else part, cells[k].col, cells[k].place)
    t.rows[n] = replace(row, cells=cells)
    return True


def same_row(a: list[str], b: list[str]) -> bool:
    """The rows print the same labels in their non-blank cells (canonical form)."""
    left = [x for x in a if x.strip()]
    right = [x for x in b if x.strip()]
    return len(left) == len(right) and all(
        canonical(x) == canonical(y) for x, y in zip(left, right, strict=True))
