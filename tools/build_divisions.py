"""Build schema/codelists/administrative_divisions.csv (GB/T 2260 行政区划代码).

Source: the adcodes data file shipped inside the PyPI package ``cpca``
(``cpca/resources/adcodes.csv``: 12-digit adcode, name, longitude, latitude).
Only the first six digits (the GB/T 2260 code) and the name are used.

Run from the repository root:

    python tools/build_divisions.py            # write
    python tools/build_divisions.py --check    # exit 1 when the committed file is stale

The output is deterministic: rows sorted by code, UTF-8, LF line endings.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "schema" / "codelists" / "administrative_divisions.csv"
HEADER = ["code", "title", "level", "parent", "valid_from", "valid_to", "description"]

# The cpca data file carries no date of its own, and its content matches no
# single GB/T 2260 edition exactly: it already has changes of early/mid 2016
# (e.g. 320813 洪泽区, 540500 山南市) but not those of late 2016 and later
# (e.g. 370114 章丘区, 500155 梁平区). valid_from is therefore left empty.
VALID_FROM = ""

# GB/T 2260 grouping codes that are not administrative units in their own right.
GROUPING_NAMES = {
    "市辖区": "GB/T 2260 归类代码“市辖区”（直辖市或地级市所辖各区的汇总码），非独立行政区",
    "县": "GB/T 2260 归类代码“县”（直辖市所辖各县的汇总码），非独立行政区",
    "省直辖县级行政区划": "GB/T 2260 归类代码，汇总省直辖的县级行政区，非独立行政区",
    "自治区直辖县级行政区划": "GB/T 2260 归类代码，汇总自治区直辖的县级行政区，非独立行政区",
}

# Convention of this standard, not part of GB/T 2260.
CENTRAL = {
    "code": "100000",
    "title": "中央",
    "level": "central",
    "parent": "",
    "valid_from": "",
    "valid_to": "",
    "description": "本标准约定：中央部门（中央本级）使用的区划代码，不属于 GB/T 2260 / "
    "convention of this standard for central government departments; not a GB/T 2260 code",
}

# Regions that the seed and the corpus documents need (code: expected title).
# If the cpca data lacked one of them it would have to be added explicitly
# below; at the time of writing all of them are present in the cpca data.
REQUIRED = {
    "130000": "河北省",
    "130300": "秦皇岛市",
    "130324": "卢龙县",
    "110000": "北京市",
    "310000": "上海市",
    "310107": "普陀区",
    "320000": "江苏省",
    "320500": "苏州市",
    "330100": "杭州市",
    "370600": "烟台市",
    "440100": "广州市",
    "440300": "深圳市",
    "430100": "长沙市",
    "350500": "泉州市",
    "500000": "重庆市",
    "610100": "西安市",
}

# Rows added by hand because the cpca data lacks them: {code: (title, description)}.
# Empty: every region of REQUIRED is in the cpca data.
MANUAL: dict[str, tuple[str, str]] = {}


def cpca_data_file() -> Path:
    import cpca

    path = Path(os.path.dirname(cpca.__file__)) / "resources" / "adcodes.csv"
    if not path.is_file():
        sys.exit(f"cpca data file not found: {path}")
    return path


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def main() -> int:
    src = cpca_data_file()
    names: dict[str, str] = {}
    with open(src, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            adcode = rec["adcode"].strip()
            if len(adcode) != 12 or not adcode.isdigit() or adcode[6:] != "000000":
                continue  # only province / prefecture / county rows are kept
            code = adcode[:6]
            name = rec["name"].strip()
            if code in names and names[code] != name:
                sys.exit(f"conflicting names for {code}: {names[code]} / {name}")
            names[code] = name

    for code, (title, _desc) in MANUAL.items():
        names.setdefault(code, title)

    missing = [f"{c} {t}" for c, t in REQUIRED.items() if names.get(c) != t]
    if missing:
        sys.exit("required regions missing or renamed: " + ", ".join(missing))

    rows = []
    for code in sorted(names):
        level = level_of(code)
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00" if code[:4] + "00" in names else code[:2] + "0000"
        if parent and parent not in names:
            sys.exit(f"parent {parent} of {code} not found")
        desc = MANUAL.get(code, ("", ""))[1] or GROUPING_NAMES.get(names[code], "")
        rows.append(
            {
                "code": code,
                "title": names[code],
                "level": level,
                "parent": parent,
                "valid_from": VALID_FROM,
                "valid_to": "",
                "description": desc,
            }
        )
    rows.append(CENTRAL)
    rows.sort(key=lambda r: r["code"])

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if "--check" in sys.argv[1:]:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        if current != buffer.getvalue():
            print(f"{OUT.relative_to(REPO)} is stale: run python tools/build_divisions.py")
            return 1
        print(f"{OUT.relative_to(REPO)} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(buffer.getvalue(), encoding="utf-8", newline="")

    counts: dict[str, int] = {}
    for r in rows:
        counts[r["level"]] = counts.get(r["level"], 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"wrote {OUT.relative_to(REPO)}: {len(rows)} rows ({summary}) from {src}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
