"""Nothing silently lost: every number printed in the rows of a recognised table of a corpus
PDF is in the package with its page, or in the conversion report as unplaced.

"In the package with its page" means one of:
- a provenance entry (file, page, box, printed text) of a value in a standard resource or
  an extension resource that records its places there;
- a row of an extension resource that carries its own ``page`` (``x_extra_columns``, the
  cell-by-cell ``x_table_*`` resources).

Numbers are counted per (file, page, printed text), so a value printed twice on a page must
be accounted for twice; a value printed over several cells (a code in 类 | 款 | 项 columns)
accounts for each part. Not counted: printed row numbers (行次/栏次/序号 columns).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cnbudget.converters import Options, convert
from cnbudget.converters.normalize import looks_like_amount
from cnbudget.converters.pdf import read_pdf
from cnbudget.converters.stitch import TableSegment, stitch
from tests.converters.corpus import DISCLOSURES, files

ROW_NUMBER_COLUMNS = {"行次", "栏次", "序号"}


def norm(text: str) -> str:
    return re.sub(r"[\s,，]", "", text)


# A known defect, not a passing case: strict, so the test fails again once it is fixed.
KNOWN_LOSSES: dict[str, str] = {}


@pytest.mark.parametrize("stem", [
    pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_LOSSES[s], strict=True))
    if s in KNOWN_LOSSES else s for s in sorted(DISCLOSURES)])
def test_every_printed_number_is_placed_or_reported(stem: str) -> None:
    paths = files(stem)
    disclosure = convert(paths, Options(self_check=False))
    placed: Counter[tuple[str | None, int | None, str]] = Counter()
    for p in disclosure.provenance:
        parts = p.printed.split(" | ")  # a value printed over several cells (类 | 款 | 项)
        for text in parts if len(parts) > 1 else [p.printed]:
            placed[(p.place.source, p.place.page, norm(text))] += 1
    for u in disclosure.report.unplaced:
        placed[(u.place.source, u.place.page, norm(u.text))] += 1
    by_page: Counter[tuple[int | None, str]] = Counter()  # extension rows carry a page only
    for name, table in disclosure.tables.items():
        if name.startswith("x_"):
            for row in table.rows:
                for key, value in row.items():
                    if isinstance(value, str) and key not in ("resource", "header"):
                        by_page[(row.get("page"), norm(value))] += 1

    printed: Counter[tuple[str | None, int | None, str]] = Counter()
    for path in paths:
        for seg in stitch(read_pdf(path).blocks):
            if not isinstance(seg, TableSegment):
                continue
            skip = {i for b in [*seg.header, *seg.rows] for i, t in enumerate(b.texts)
                    if norm(t) in ROW_NUMBER_COLUMNS}
            for block in seg.rows:
                for cell in block.cells:
                    text = norm(cell.text)
                    if cell.col in skip or not any(ch.isdigit() for ch in text) \
                            or not looks_like_amount(text):
                        continue
                    printed[(cell.place.source, cell.place.page, text)] += 1
    assert sum(printed.values()) > 20, "the document's tables should print numbers"
    lost = {k: n - placed[k] - by_page[(k[1], k[2])] for k, n in printed.items()
            if n > placed[k] + by_page[(k[1], k[2])]}
    assert not lost, f"{sum(lost.values())} printed numbers neither placed nor reported: " \
                     f"{sorted(lost.items(), key=str)[:10]}"
