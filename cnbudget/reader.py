"""Reading packages of the standard for analysis: ``cnbudget.read`` and ``cnbudget.read_many``.

A package is read from its folder, its ``datapackage.json`` or a zip of it. Values keep the
exactness of the CSV text:

* ``number`` fields (amounts and the other figures) become :class:`decimal.Decimal` in a
  column of object dtype: ``str(value)`` is the text printed in the CSV, never a float;
* ``integer`` fields become pandas' nullable ``Int64``; ``boolean`` fields ``boolean``;
* ``string`` fields (classification codes among them: ``"2010301"``, ``"01"``) stay
  ``str`` in object columns, leading zeros kept; ``date`` fields stay their ISO text;
  ``list`` fields become lists of strings;
* an empty cell is ``None`` (``pd.NA`` in the nullable columns).

Units are stated, not applied: ``package.units(resource)`` maps each amount field to its
unit (the resource's ``unit``, e.g. ``万元``), and each DataFrame carries the same in
``frame.attrs["units"]`` with the field types in ``frame.attrs["fields"]``.

pandas (and pyarrow for :func:`to_arrow`) are imported only when a table is asked for, so
``import cnbudget`` stays light; install them with the ``analysis`` extra.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from cnbudget import standard
from cnbudget.package import PackageError, read_descriptor, safe_resource_path

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

METADATA_COLUMNS = ("package_id", "fiscal_year", "region_code", "region_name",
                    "department_code", "department", "document_kind", "amount_unit")
"""Columns :func:`read_many` puts before each pooled table's own fields. ``amount_unit`` is
the unit of the row's amount fields (packages differ: 元 or 万元), empty for a resource
without amounts."""

MAX_ZIP_MEMBER = 512 * 1024 * 1024
"""Largest uncompressed member of a package zip read (bytes); a larger one is refused."""


def _need(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"cnbudget.read needs {module}: pip install 'cnbudget[analysis]'"
                          ) from exc


@dataclass
class Package:
    """One package read from disk: its descriptor, its resources and their typed tables."""

    source: Path
    descriptor: dict[str, Any]
    _texts: dict[str, str] = field(repr=False)
    conversion_report: dict[str, Any] | None = field(default=None, repr=False)
    _frames: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        """The package's name (``130324-201-2023-budget``)."""
        return str(self.descriptor.get("name", ""))

    @property
    def metadata(self) -> dict[str, Any]:
        """The descriptor without its resources."""
        return {k: v for k, v in self.descriptor.items() if k != "resources"}

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        """Each resource's descriptor (title, unit, pages, schema …) by name."""
        return {r["name"]: r for r in self.descriptor.get("resources", [])}

    @property
    def tables(self) -> _Tables:
        """The resources as pandas DataFrames by name (read on first use)."""
        return _Tables(self)

    @property
    def provenance(self) -> pd.DataFrame:
        """Where each value was printed (source file, page, box or cell, printed text)."""
        return self.tables["provenance"]

    def fields(self, resource: str) -> dict[str, str]:
        """Each field of ``resource`` with its Table Schema type."""
        return {f["name"]: f.get("type", "string")
                for f in self.resources[resource]["schema"]["fields"]}

    def units(self, resource: str) -> dict[str, str]:
        """Each amount field of ``resource`` with the unit its values are in."""
        res = self.resources[resource]
        unit = res.get("unit") or self.descriptor.get("unit")
        if not unit:
            return {}
        return {name: unit for name in _amount_fields(res)}

    def text(self, resource: str) -> str:
        """The resource's CSV text as stored."""
        return self._texts[resource]

    def rows(self, resource: str) -> list[dict[str, Any]]:
        """The resource's rows as dicts of typed values (no pandas needed)."""
        types = self.fields(resource)
        reader = csv.DictReader(io.StringIO(self._texts[resource], newline=""))
        where = f"{self.source}/{self.resources[resource].get('path', resource)}"
        return [{k: _value(types.get(k, "string"), v, f"{where} row {i}", k)
                 for k, v in row.items()} for i, row in enumerate(reader, start=2)]

    def frame(self, resource: str) -> pd.DataFrame:
        if resource not in self._frames:
            self._frames[resource] = _frame(self, resource)
        return self._frames[resource]


class _Tables(Mapping[str, Any]):
    def __init__(self, package: Package) -> None:
        self._package = package

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._package.resources:
            raise KeyError(f"{self._package.id}: no resource {name!r}")
        return self._package.frame(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._package.resources)

    def __len__(self) -> int:
        return len(self._package.resources)


def _amount_fields(res: dict[str, Any]) -> list[str]:
    name = res["name"]
    fields = res.get("schema", {}).get("fields", [])
    if not name.startswith("x_") and name in standard.table_names():
        amounts = {f["name"] for f in standard.table_schema(name)["fields"] if f.get("x-amount")}
        return [f["name"] for f in fields if f["name"] in amounts]
    return [f["name"] for f in fields if f.get("x-amount") or
            (f.get("type") == "number" and res.get("unit"))]


def _value(kind: str, text: str | None, where: str, name: str) -> Any:
    if text is None or text == "":
        return None
    if kind == "number":
        try:
            return Decimal(text)
        except InvalidOperation:
            raise PackageError(f"{where} field {name}: {text!r} is "
                               "not a number") from None
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise PackageError(f"{where} field {name}: {text!r} is "
                               "not an integer") from None
    if kind == "boolean":
        if text not in ("true", "false"):
            raise PackageError(f"{where} field {name}: {text!r} is "
                               "not true or false")
        return text == "true"
    if kind == "list":
        return text.split(",")
    return text


_DTYPES = {"integer": "Int64", "boolean": "boolean"}


def _frame(package: Package, resource: str) -> pd.DataFrame:
    pd = _need("pandas")
    types = package.fields(resource)
    rows = package.rows(resource)
    columns: dict[str, Any] = {}
    for name, kind in types.items():
        values = [r.get(name) for r in rows]
        columns[name] = pd.Series(values, dtype=_DTYPES.get(kind, object))
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    frame.attrs["package_id"] = package.id
    frame.attrs["resource"] = resource
    frame.attrs["fields"] = dict(types)
    frame.attrs["units"] = package.units(resource)
    return frame


def _zip_texts(path: Path) -> tuple[str, dict[str, bytes]]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{path}: not a zip file ({exc})") from exc
    with zf:
        names = [n for n in zf.namelist() if PurePosixPath(n).name == "datapackage.json"]
        if not names:
            raise PackageError(f"{path}: the zip holds no datapackage.json")
        top = min(names, key=lambda n: n.count("/"))
        prefix = top[: -len("datapackage.json")]
        members: dict[str, bytes] = {}
        for info in zf.infolist():
            if not info.filename.startswith(prefix) or info.is_dir():
                continue
            rel = info.filename[len(prefix):]
            if rel.startswith("/") or ".." in PurePosixPath(rel).parts:
                raise PackageError(f"{path}: member {info.filename!r} points outside the "
                                   "package; refused")
            if info.file_size > MAX_ZIP_MEMBER:
                raise PackageError(f"{path}: member {info.filename!r} is "
                                   f"{info.file_size} bytes uncompressed, over the limit "
                                   f"of {MAX_ZIP_MEMBER}; refused")
            members[rel] = zf.read(info)
        return prefix, members


def _decode(where: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"{where}: not UTF-8 text ({exc.reason})") from exc


def read(path: str | Path) -> Package:
    """Read one package (its folder, its ``datapackage.json`` or a zip of it)."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".zip":
        _, members = _zip_texts(path)
        try:
            desc = json.loads(_decode(f"{path}!datapackage.json", members["datapackage.json"]))
        except json.JSONDecodeError as exc:
            raise PackageError(f"{path}!datapackage.json: malformed JSON at line {exc.lineno},"
                               f" column {exc.colno}: {exc.msg}") from exc
        if not isinstance(desc, dict):
            raise PackageError(f"{path}!datapackage.json: the descriptor is not a JSON object")
        texts: dict[str, str] = {}
        for res in desc.get("resources", []):
            rel = str(PurePosixPath(str(res.get("path", ""))))
            if rel not in members:
                raise PackageError(f"{path}: resource {res.get('name')!r} file {rel!r} is not "
                                   "in the zip")
            texts[res["name"]] = _decode(f"{path}!{rel}", members[rel])
        report = members.get("conversion_report.json")
        return Package(path, desc, texts,
                       json.loads(_decode(f"{path}!conversion_report.json", report))
                       if report else None)
    if not path.exists():
        raise PackageError(f"{path}: no such file or folder")
    desc = read_descriptor(path)
    base = path if path.is_dir() else path.parent
    texts = {}
    for res in desc.get("resources", []):
        full = safe_resource_path(base, res)
        if not full.is_file():
            raise PackageError(f"{base / 'datapackage.json'}: resource {res.get('name')!r} "
                               f"file {res.get('path')!r} is missing")
        texts[res["name"]] = _decode(str(full), full.read_bytes())
    report_path = base / "conversion_report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() \
        else None
    return Package(base, desc, texts, report)


@dataclass
class PackageSet:
    """Packages pooled: one DataFrame per resource across them (see :func:`read_many`)."""

    packages: list[Package]
    _frames: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def catalog(self) -> pd.DataFrame:
        """One row per package with its metadata columns (``amount_unit`` the package's)."""
        pd = _need("pandas")
        return pd.DataFrame([_meta_columns(p) for p in self.packages],
                            columns=list(METADATA_COLUMNS))

    @property
    def names(self) -> list[str]:
        """The resource names of the packages, in the order they first appear."""
        names: list[str] = []
        for p in self.packages:
            names += [n for n in p.resources if n not in names]
        return names

    def table(self, name: str) -> pd.DataFrame:
        """One resource pooled over the packages that have it (``PackageError`` when two
        packages type one of its fields differently)."""
        if name not in self._frames:
            self._frames[name] = _pool(name, self.packages)
        frame: pd.DataFrame = self._frames[name]
        return frame

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """One DataFrame per resource name, pooled over the packages that have it."""
        return {n: self.table(n) for n in self.names}


def _meta_columns(p: Package, resource: str | None = None) -> dict[str, Any]:
    pub = p.descriptor.get("publisher") or {}
    if resource is None:
        unit = p.descriptor.get("unit")
    else:
        unit = next(iter(set(p.units(resource).values())), None)
    return {"package_id": p.id, "fiscal_year": p.descriptor.get("fiscal_year"),
            "region_code": pub.get("region_code"), "region_name": pub.get("region_name"),
            "department_code": pub.get("department_code"),
            "department": pub.get("department_name"),
            "document_kind": p.descriptor.get("document_kind"), "amount_unit": unit}


def _pool(name: str, packages: list[Package]) -> pd.DataFrame:
    pd = _need("pandas")
    parts = []
    types: dict[str, str] = {}
    units: dict[str, set[str]] = {}
    for p in packages:
        if name not in p.resources:
            continue
        own = p.tables[name]
        meta = _meta_columns(p, name)
        head = pd.DataFrame({k: pd.Series([meta[k]] * len(own), dtype=object)
                             for k in METADATA_COLUMNS}, index=own.index)
        head["fiscal_year"] = head["fiscal_year"].astype("Int64")
        # a table field named like a metadata column (three_public_detail.fiscal_year: the
        # row's year) keeps its name; the package's own value is then package_<name>
        head = head.rename(columns={k: f"package_{k}" for k in METADATA_COLUMNS[1:]
                                    if k in own.columns})
        parts.append(pd.concat([head, own], axis=1))
        for k, v in p.fields(name).items():
            if types.setdefault(k, v) != v:
                raise PackageError(f"{p.source}: resource {name} field {k} is {v}, "
                                   f"{types[k]} in an earlier package; cannot pool them")
        for k, u in p.units(name).items():
            units.setdefault(k, set()).add(u)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    for k, v in types.items():  # columns a package lacks come in as NaN: make them None
        if v not in _DTYPES:
            frame[k] = frame[k].astype(object).where(frame[k].notna(), None)
    frame.attrs["resource"] = name
    meta_types = {"package_id": "string", "fiscal_year": "integer",
                  **{k: "string" for k in METADATA_COLUMNS[2:]}}
    frame.attrs["fields"] = {(f"package_{k}" if k in types and k != "package_id" else k): v
                             for k, v in meta_types.items()} | types
    frame.attrs["package_ids"] = [p.id for p in packages if name in p.resources]
    frame.attrs["units"] = {k: next(iter(u)) for k, u in units.items() if len(u) == 1}
    frame.attrs["mixed_units"] = sorted(k for k, u in units.items() if len(u) > 1)
    return frame


def read_many(paths: Iterable[str | Path]) -> PackageSet:
    """Read several packages and pool them: ``read_many(paths).tables["budget_summary"]``
    holds every package's rows with ``package_id``, ``fiscal_year``, ``region_code``,
    ``region_name``, ``department_code``, ``department`` and ``document_kind`` first."""
    packages = [read(p) for p in paths]
    seen: dict[str, Path] = {}
    for p in packages:
        if p.id in seen:
            raise PackageError(f"{p.source}: package {p.id!r} is read twice (also "
                               f"{seen[p.id]})")
        seen[p.id] = p.source
    return PackageSet(packages)


def pooled_tables(paths: Iterable[str | Path]) -> dict[str, pd.DataFrame]:
    """``read_many(paths).tables``: one pooled DataFrame per resource."""
    return read_many(paths).tables


def _scale(values: list[Decimal]) -> int:
    scale = 0
    for v in values:
        exp = v.as_tuple().exponent
        if isinstance(exp, int):
            scale = max(scale, -exp)
    return scale


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A DataFrame of :func:`read` or :func:`read_many` as an Arrow table for parquet:
    numbers as ``decimal128(38, s)`` with ``s`` the most decimals printed in the column
    (exact), integers ``int64``, booleans ``bool``, lists ``list<string>``, the rest
    ``string``. The units of amount fields go into each field's metadata (``unit``)."""
    pa = _need("pyarrow")
    types: dict[str, str] = frame.attrs.get("fields", {})
    units = frame.attrs.get("units", {})
    arrays = []
    fields = []
    for name in frame.columns:
        kind = types.get(name) or _guess(frame[name])
        values = [None if _missing(v) else v for v in frame[name].tolist()]
        if kind == "number":
            decimals = [v if isinstance(v, Decimal) else Decimal(str(v))
                        for v in values if v is not None]
            typ = pa.decimal128(38, _scale(decimals))
        elif kind == "integer":
            typ = pa.int64()
        elif kind == "boolean":
            typ = pa.bool_()
        elif kind == "list":
            typ = pa.list_(pa.string())
        else:
            typ = pa.string()
            values = [None if v is None else str(v) for v in values]
        meta = {}
        if name in units:
            meta["unit"] = units[name]
        elif name in frame.attrs.get("mixed_units", ()):
            meta["unit"] = "see amount_unit"
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(name, typ, metadata=meta or None))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(v)) if not isinstance(v, list | tuple) else False
    except (TypeError, ValueError):
        return False


def _guess(series: Any) -> str:
    for v in series:
        if isinstance(v, Decimal):
            return "number"
        if isinstance(v, bool):
            return "boolean"
        if isinstance(v, int):
            return "integer"
        if v is not None:
            return "string"
    return "string"


def printed(value: Any) -> str:
    """A value read back, printed as the package's CSV prints it."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):  # never produced: amounts are Decimal
        return f"float:{value!r}"
    return str(value)


def differences(path: str | Path, limit: int = 20) -> list[str]:
    """Where reading the package folder ``path`` does not give back its CSV text exactly,
    cell by cell (empty when it does): the check of the corpus sweep."""
    import csv
    import io

    folder = Path(path)
    package = read(folder)
    out: list[str] = []
    for name in package.tables:
        frame = package.tables[name]
        with io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8"),
                         newline="") as fh:
            header, *body = list(csv.reader(fh))
        if list(frame.columns) != header or len(frame) != len(body):
            out.append(f"{name}: shape {list(frame.columns)}×{len(frame)} against "
                       f"{header}×{len(body)}")
            continue
        for j, col in enumerate(header):
            got = [printed(v) for v in frame[col].tolist()]
            bad = next((i for i, r in enumerate(body) if r[j] != got[i]), None)
            if bad is not None:
                out.append(f"{name}.{col} row {bad + 1}: {got[bad]!r} read, "
                           f"{body[bad][j]!r} printed")
        if len(out) >= limit:
            break
    return out[:limit]


def write_parquet(tables: Mapping[str, pd.DataFrame], folder: str | Path) -> list[Path]:
    """Write each pooled table as ``folder/<resource>.parquet`` (decimal128 amounts)."""
    _need("pyarrow.parquet")
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, frame in tables.items():
        target = folder / f"{name}.parquet"
        tmp = target.with_suffix(".parquet.tmp")
        pq.write_table(to_arrow(frame), tmp)
        tmp.replace(target)
        out.append(target)
    return out


def in_yuan(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table with its amount fields in 元, exactly (Decimal multiplication): the
    way to compare packages printed in 元 with those in 万元. Works on a package's table
    (its ``attrs["units"]``) and on a pooled one (each row's ``amount_unit``)."""
    pd = _need("pandas")
    out = frame.copy()
    units: dict[str, str] = frame.attrs.get("units", {})
    amount_fields = [*units, *frame.attrs.get("mixed_units", [])]
    for name in amount_fields:
        if "amount_unit" in frame.columns:
            factors = [_factor(u) for u in frame["amount_unit"]]
        else:
            factors = [_factor(units[name])] * len(frame)
        out[name] = pd.Series([None if _missing(v) else v * f
                               for v, f in zip(frame[name], factors, strict=True)],
                              index=frame.index, dtype=object)
    out.attrs = dict(frame.attrs)
    out.attrs["units"] = dict.fromkeys(amount_fields, "元")
    out.attrs["mixed_units"] = []
    if "amount_unit" in out.columns:
        out["amount_unit"] = ["元" if u else u for u in frame["amount_unit"]]
    return out


def _factor(unit: str | None) -> Decimal:
    from cnbudget.validation.amounts import factor

    f = factor(unit)
    if f is None:
        raise ValueError(f"unknown amount unit {unit!r} (not in codelist amount_units)")
    return f
