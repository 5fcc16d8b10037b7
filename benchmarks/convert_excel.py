"""Benchmark of the workbook readers, in one run: time to read each sheet's values with
openpyxl (streaming, the values and number formats the front end needs), openpyxl (full
load, which also gives merged ranges), python-calamine (values, merged ranges), the
front end's structural XML scan, and the whole front end (read_workbook).

    python benchmarks/convert_excel.py [WORKBOOK ...] [--rows 2000] [--sheets 10]

Without arguments it builds a synthetic workbook (sheets of the export layout with
``--rows`` data rows each) and also times the Shanghai templates from ../shared/corpus
when present. Prints milliseconds per sheet (median of 5 runs).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import python_calamine as pc

import cnbudget.converters  # noqa: F401  (import order)
from cnbudget.converters.excel import read_workbook
from cnbudget.converters.excel.scan import scan_sheet, workbook_sheets

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def synthetic(path: Path, sheets: int, rows: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    for s in range(sheets):
        ws = wb.create_sheet(f"表{s + 1}")
        ws.append([f"部门预算支出总表{s + 1}"])
        ws.append(["单位：万元"])
        ws.append(["序号", "科目编码", "科目名称", "合计", "基本支出", "项目支出"])
        for r in range(rows):
            ws.append([r + 1, f"{2010101 + r}", f"项目{r}", Decimal("1234.56") + r,
                       Decimal("1000.00"), Decimal("234.56") + r])
    wb.save(path)
    return path


def openpyxl_stream(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    _ = cell.number_format
                    n += 1
    wb.close()
    return n


def openpyxl_full(path: Path) -> int:
    wb = openpyxl.load_workbook(path, data_only=True)
    n = sum(len(ws.merged_cells.ranges) + ws.max_row for ws in wb.worksheets)
    wb.close()
    return n


def calamine(path: Path) -> int:
    wb = pc.CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        n += sum(1 for row in sheet.to_python() for v in row if v != "")
        n += len(sheet.merged_cell_ranges or [])
    wb.close()
    return n


def scan(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(len(scan_sheet(zf, r.part).merges) for r in workbook_sheets(zf))


def front_end(path: Path) -> int:
    return len(read_workbook(path).blocks)


def timed(fn: Callable[[Path], int], path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(path: Path) -> None:
    sheets = len(pc.CalamineWorkbook.from_path(str(path)).sheet_names)
    print(f"\n{path.name}: {sheets} sheets, {path.stat().st_size:,} bytes")
    for label, fn in [("openpyxl read-only (values+formats)", openpyxl_stream),
                      ("openpyxl full load (+merged)", openpyxl_full),
                      ("python-calamine (values+merged)", calamine),
                      ("cnbudget XML structure scan", scan),
                      ("cnbudget read_workbook (all)", front_end)]:
        t = timed(fn, path)
        print(f"  {label:<38} {t * 1000 / sheets:8.2f} ms/sheet  ({t * 1000:8.1f} ms total)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbooks", nargs="*", type=Path)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--sheets", type=int, default=10)
    args = ap.parse_args()
    paths = list(args.workbooks)
    with tempfile.TemporaryDirectory() as tmp:
        if not paths:
            paths.append(synthetic(Path(tmp) / "synthetic.xlsx", args.sheets, args.rows))
            paths += [p for p in sorted(CORPUS.glob("*.xlsx"))]
        for p in paths:
            report(p)


if __name__ == "__main__":
    main()
