"""Re-read a golden package's figures from the PDF pages, without cnbudget.

Every amount (and code) cell named in the golden's provenance.csv is read again with
pypdfium2 from its box on its page (pages printed rotated by 90° mapped back) and compared
with the value in the resource's CSV; ``--render DIR`` also writes the pages the tables
came from as PNG for viewing. Run it in a process that does not import cnbudget.converters
(whose font handler draws non-embedded CJK as boxes). See tests/fixtures/CHECKED.md.

usage: python tools/check_golden_figures.py STEM [--render DIR]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "fixtures" / "expected"
CORPUS = ROOT.parent / "shared" / "corpus"
TEXT_RESOURCES = {"x_extra_columns", "stated_figures", "text_sections", "glossary"}
NUMBER = re.compile(r"-?[\d,]+(?:\.\d+)?")


def _dec(text: str) -> Decimal | None:
    s = re.sub(r"[\s,，]", "", text or "")
    try:
        return Decimal(s) if s not in ("", "-", "—", "--") else None
    except InvalidOperation:
        return None


class Pages:
    def __init__(self) -> None:
        self.docs: dict[str, pdfium.PdfDocument] = {}

    def doc(self, source: str) -> pdfium.PdfDocument:
        if source not in self.docs:
            self.docs[source] = pdfium.PdfDocument(str(CORPUS / source))
        return self.docs[source]

    def text_in(self, source: str, page: int, box: tuple[float, float, float, float]) -> str:
        pg = self.doc(source)[page - 1]
        _, h = pg.get_size()
        x0, top, x1, bottom = box
        tp = pg.get_textpage()
        if pg.get_rotation() == 90:  # displayed (x, y down) = (pdf y, pdf x)
            return str(tp.get_text_bounded(left=top + 0.5, bottom=x0 + 0.5,
                                           right=bottom - 0.5, top=x1 - 0.5))
        return str(tp.get_text_bounded(left=x0 + 0.5, bottom=h - bottom + 0.5,
                                       right=x1 - 0.5, top=h - top - 0.5))


def check(stem: str, render: Path | None) -> int:
    folder = EXPECTED / stem
    rows: dict[str, list[dict[str, str]]] = {}
    for p in folder.glob("*.csv"):
        if p.name != "provenance.csv":
            with p.open(encoding="utf-8") as f:
                rows[p.stem] = list(csv.DictReader(f))
    pages = Pages()
    checked: Counter[str] = Counter()
    bad: list[tuple[str, ...]] = []
    used: defaultdict[str, set[int]] = defaultdict(set)
    with (folder / "provenance.csv").open(encoding="utf-8") as f:
        for pr in csv.DictReader(f):
            res, field = pr["resource"], pr["field"]
            if not pr["page"] or not pr["x0"] or res in TEXT_RESOURCES or res not in rows:
                continue
            used[pr["source"]].add(int(pr["page"]))
            cand = [r for r in rows[res] if r.get("position") == pr["position"]
                    and (not pr["side"] or r.get("side") == pr["side"])
                    and (not pr["row_key"] or r.get("project_id") == pr["row_key"])]
            if not cand or field not in cand[0]:
                continue
            value = cand[0][field]
            v = _dec(value)
            if v is None or not NUMBER.fullmatch(value.strip()):
                continue
            box = (float(pr["x0"]), float(pr["top"]), float(pr["x1"]), float(pr["bottom"]))
            text = pages.text_in(pr["source"], int(pr["page"]), box)
            checked[res] += 1
            digits = re.sub(r"\D", "", text)
            if field.endswith("_code") and digits and value.endswith(digits):
                continue  # a code composed of printed 类/款/项 parts
            if v not in [_dec(m) for m in NUMBER.findall(text.replace(" ", ""))]:
                bad.append((res, pr["position"], pr["side"], field, value, text.strip()[:40],
                            pr["page"]))
    print(f"{stem}: {sum(checked.values())} figures re-read from their boxes, "
          f"{len(bad)} mismatches")
    for res, n in sorted(checked.items()):
        print(f"  {res}: {n}")
    for b in bad:
        print("  mismatch:", b)
    if render is not None:
        render.mkdir(parents=True, exist_ok=True)
        for source, nums in used.items():
            for n in sorted(nums):
                img = pages.doc(source)[n - 1].render(scale=1.4).to_pil()
                img.save(render / f"{Path(source).stem}-p{n:03d}.png")
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stem")
    ap.add_argument("--render", type=Path, default=None)
    args = ap.parse_args()
    raise SystemExit(check(args.stem, args.render))


if __name__ == "__main__":
    main()
