"""The pooled dataset of a batch: ``dataset/<resource>.parquet``, every row of every package's
resource with a ``package_id`` column and the package's metadata (fiscal_year, region_code,
department, document_kind). Types come from the packages' Table Schemas: ``number`` as an
exact decimal (``decimal128(38, s)``, ``s`` the most decimals printed in the column across
the packages), ``integer`` as int64, ``boolean`` as bool, everything else (codes included)
as strings, exactly as written in the package's CSV. A field typed differently by two
packages is a string.

:func:`write_dataset` is the one function that writes it. With pandas installed every
resource is pooled by :mod:`cnbudget.reader` — the reading ``cnbudget.read_many`` gives an
analyst (``PackageSet.table``, ``write_parquet``: the same types, lists as ``list<string>``,
the reader's metadata columns region_name, department_code and amount_unit besides). Only a
resource the reader cannot pool (a field typed differently by two packages) is written from
the package CSVs and descriptors with pyarrow alone, that field as a string
(:func:`write_dataset_arrow`'s reading), and so is every resource without pandas.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cnbudget.atomic import write_folder

META_COLUMNS = ("package_id", "fiscal_year", "region_code", "department", "document_kind")


def _read_package(folder: Path) -> tuple[dict[str, Any], dict[str, tuple[list[dict[str, Any]],
                                                                          list[dict[str, str]]]]]:
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[list[dict[str, Any]], list[dict[str, str]]]] = {}
    for res in desc.get("resources", []):
        schema = res.get("schema")
        path = res.get("path")
        if not isinstance(schema, dict) or not isinstance(path, str):
            continue
        with (folder / path).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        out[res["name"]] = (list(schema.get("fields", [])), rows)
    return desc, out


def _scale(text: str) -> int | None:
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    exp = d.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else None


def write_dataset(target: Path, packages: list[tuple[str, Path]]) -> list[Path]:
    """Pool ``packages`` ((package_id, folder) pairs) into ``target``/<resource>.parquet;
    the folder is replaced atomically; the files written."""
    import importlib.util

    if importlib.util.find_spec("pandas") is None:
        return write_dataset_arrow(target, packages)
    from cnbudget import reader
    from cnbudget.package import PackageError

    pkgs = []
    try:
        for ident, folder in packages:
            p = reader.read(folder)
            p.descriptor = {**p.descriptor, "name": ident}  # package_id: the batch's id
            pkgs.append(p)
    except PackageError:  # a package the reader refuses whole: pyarrow reads what it can
        return write_dataset_arrow(target, packages)
    pooled = reader.PackageSet(pkgs)
    frames: dict[str, Any] = {}
    apart: list[str] = []  # resources the reader cannot pool: typed by pyarrow alone
    for name in pooled.names:
        try:
            frames[name] = pooled.table(name)
        except PackageError:
            apart.append(name)
    arrow = _arrow_tables(packages, only=set(apart)) if apart else {}
    written: list[Path] = []

    def write(tmp: Path) -> None:
        import pyarrow.parquet as pq

        for path in reader.write_parquet(frames, tmp):
            written.append(target / path.name)
        for name, table in arrow.items():
            pq.write_table(table, tmp / f"{name}.parquet")
            written.append(target / f"{name}.parquet")

    write_folder(target, write, overwrite=True)
    return sorted(written)


def write_dataset_arrow(target: Path, packages: list[tuple[str, Path]]) -> list[Path]:
    """:func:`write_dataset` without pandas: the package CSVs typed by their descriptors,
    pooled with pyarrow; a field typed differently by two packages is a string."""
    import pyarrow.parquet as pq

    tables = _arrow_tables(packages)
    written: list[Path] = []

    def write(tmp: Path) -> None:
        for name, table in tables.items():
            pq.write_table(table, tmp / f"{name}.parquet")
            written.append(target / f"{name}.parquet")

    write_folder(target, write, overwrite=True)
    return written


def _arrow_tables(packages: list[tuple[str, Path]], only: set[str] | None = None
                  ) -> dict[str, Any]:
    """Each resource (of ``only`` when given) pooled as a pyarrow table."""
    import pyarrow as pa

    metas: dict[str, dict[str, Any]] = {}
    resources: dict[str, list[tuple[str, list[dict[str, Any]], list[dict[str, str]]]]] = {}
    for ident, folder in packages:
        desc, res = _read_package(folder)
        pub = desc.get("publisher") if isinstance(desc.get("publisher"), dict) else {}
        year = desc.get("fiscal_year")
        metas[ident] = {"package_id": ident,
                        "fiscal_year": year if isinstance(year, int) else None,
                        "region_code": (pub or {}).get("region_code"),
                        "department": (pub or {}).get("department_name"),
                        "document_kind": desc.get("document_kind")}
        for name, (fields, rows) in res.items():
            if only is None or name in only:
                resources.setdefault(name, []).append((ident, fields, rows))

    tables: dict[str, Any] = {}
    for name, parts in sorted(resources.items()):
        order: list[str] = []
        types: dict[str, str] = {}
        for _, fields, _rows in parts:
            for f in fields:
                n, t = f["name"], f.get("type", "string")
                if n not in types:
                    order.append(n)
                    types[n] = t
                elif types[n] != t:
                    types[n] = "string"
        # exact decimals: the scale is the most decimals printed; a value that is no
        # decimal makes the column a string (nothing is dropped or rounded)
        scales: dict[str, int] = {}
        for n in order:
            if types[n] != "number":
                continue
            scale = 0
            for _, _f, rows in parts:
                for row in rows:
                    v = row.get(n)
                    if v in (None, ""):
                        continue
                    s = _scale(v)
                    if s is None:
                        types[n] = "string"
                        break
                    scale = max(scale, s)
                if types[n] != "number":
                    break
            if types[n] == "number":
                if scale > 18:
                    types[n] = "string"
                else:
                    scales[n] = scale
        for n in order:
            check = _CHECKS.get(types[n])
            if check is not None and not all(
                    check(row[n]) for _, _f, rows in parts for row in rows
                    if row.get(n) not in (None, "")):
                types[n] = "string"
        columns: dict[str, list[Any]] = {c: [] for c in (*META_COLUMNS, *order)}
        for ident, _f, rows in parts:
            meta = metas[ident]
            for row in rows:
                for c in META_COLUMNS:
                    columns[c].append(meta[c])
                for n in order:
                    v = row.get(n)
                    columns[n].append(_value(v, types[n]))
        fields_pa = [pa.field("package_id", pa.string(), nullable=False),
                     pa.field("fiscal_year", pa.int64()), pa.field("region_code", pa.string()),
                     pa.field("department", pa.string()),
                     pa.field("document_kind", pa.string())]
        for n in order:
            fields_pa.append(pa.field(n, _arrow_type(pa, types[n], scales.get(n, 0))))
        schema = pa.schema(fields_pa)
        tables[name] = pa.table({c: pa.array(columns[c], type=schema.field(c).type)
                                 for c in schema.names}, schema=schema)
    return tables


def _value(v: str | None, kind: str) -> Any:
    if v is None or v == "":
        return None
    if kind == "number":
        return Decimal(v)
    if kind == "integer":
        return int(v)
    if kind == "boolean":
        return v.strip().lower() == "true"
    return v


def _is_int(v: str) -> bool:
    try:
        int(v)
    except ValueError:
        return False
    return True


_CHECKS = {"integer": _is_int, "boolean": lambda v: v.strip().lower() in ("true", "false")}


def _arrow_type(pa: Any, kind: str, scale: int) -> Any:
    if kind == "number":
        return pa.decimal128(38, scale)
    if kind == "integer":
        return pa.int64()
    if kind == "boolean":
        return pa.bool_()
    return pa.string()
