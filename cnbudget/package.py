"""Reading and writing packages of the standard (a folder with datapackage.json and CSVs).

Writing is atomic: everything is written into a temporary sibling folder that is renamed
into place at the end, so a failure never leaves a half-written package. An existing
target is replaced only when ``overwrite=True``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cnbudget import __version__, standard
from cnbudget.atomic import write_folder
from cnbudget.model import ConversionReport, Disclosure, Problem, Provenance, Table
from cnbudget.place import Place

PROVENANCE_FIELDS = [f["name"] for f in standard.table_schema("provenance")["fields"]]


def resource_order() -> list[str]:
    std = standard.standard()
    return [*std["required_resources"], *std["optional_resources"]]


def csv_text(value: Any) -> str:
    """A value as the package's CSV files write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def _write_csv(path: Path, fields: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([csv_text(row.get(f)) for f in fields])


def provenance_rows(items: Iterable[Provenance]) -> Iterable[dict[str, Any]]:
    for p in items:
        bbox = p.place.bbox or (None, None, None, None)
        yield {
            "resource": p.resource, "position": p.position, "row_key": p.row_key,
            "side": p.side, "field": p.field,
            "source": p.place.source, "page": p.place.page, "line": p.place.line,
            "x0": _num(bbox[0]), "top": _num(bbox[1]), "x1": _num(bbox[2]),
            "bottom": _num(bbox[3]), "sheet": p.place.sheet, "cell": p.place.cell,
            "printed": p.printed,
        }


def _num(v: float | None) -> str | None:
    return None if v is None else f"{v:.1f}"


def descriptor(disclosure: Disclosure, created: str | None = None) -> dict[str, Any]:
    meta = disclosure.metadata
    resources: list[dict[str, Any]] = []
    names = [n for n in resource_order() if n in disclosure.tables or n == "provenance"]
    names += sorted(n for n in disclosure.tables if n.startswith("x_"))
    for name in names:
        table = disclosure.tables.get(name, Table(name))
        if name.startswith("x_"):
            if table.schema is None or table.extension is None:
                raise ValueError(f"extension resource {name} needs a schema and an extension note")
            schema, title = table.schema, table.title or name
        else:
            schema, title = standard.frictionless_schema(name), standard.table_schema(name)["title"]
        res: dict[str, Any] = {
            "name": name, "type": "table", "path": f"{name}.csv", "scheme": "file",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "title": title,
        }
        if table.printed_title:
            res["printed_title"] = table.printed_title
        if any(f.get("x-amount") for f in standard.table_schema(name)["fields"]
               ) if not name.startswith("x_") else table.unit:
            res["unit"] = table.unit or meta["unit"]
        if table.pages:
            res["pages"] = sorted(set(table.pages))
        if table.published_empty:
            res["published_empty"] = True
        if table.not_published:
            res["not_published"] = True
        if table.notes:
            res["notes"] = list(table.notes)
        if table.as_of:
            res["as_of"] = table.as_of
        if table.extension:
            res["extension"] = table.extension
        res["schema"] = schema
        resources.append(res)
    out: dict[str, Any] = {
        "$schema": standard.datapackage_profile(),
        "name": disclosure.package_name,
        "title": meta["title"],
        "version": meta.get("version", "1.0.0"),
        "created": created or meta.get("created") or _now(),
        "licenses": meta.get("licenses") or [{
            "name": "public-government-information",
            "title": "政府信息公开 / Public government information; "
                     "the publisher states no licence",
        }],
        "contributors": [{"title": meta["publisher"]["department_name"],
                          "roles": ["publisher"]}],
        "standard": {"name": "cnbudget", "version": standard.version(),
                     "profile": standard.profile_id()},
        "generator": {"name": "cnbudget", "version": __version__},
        "fiscal_year": meta["fiscal_year"],
        "document_kind": meta["document_kind"],
        "publisher": meta["publisher"],
        "currency": "CNY",
        "unit": meta["unit"],
        "source": meta["source"],
        "resources": resources,
    }
    return out


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


REPORT_VERSION = "0.2.0"
"""Version of the conversion report's JSON (schema/profile/conversion_report.schema.json)."""


def report_dict(report: ConversionReport) -> dict[str, Any]:
    """The conversion report as JSON data (conversion_report.json, ``convert --json``)."""
    return {
        "report_version": REPORT_VERSION,
        "source_files": report.source_files,
        "tables": report.tables,
        "unplaced": [{"text": u.text, "where": u.place.describe(), "page": u.place.page,
                      "reason": u.reason, "location": location_dict(u.place)}
                     for u in report.unplaced],
        "problems": [problem_dict(p) for p in report.problems],
        "checks": [{"table": c.table, "identity": c.identity, "holds": c.holds,
                    "detail": c.detail} for c in report.checks],
        "limits": [limit.to_dict() for limit in report.limits],
    }


def location_dict(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"source": place.source, "page": place.page,
            "bbox": [round(v, 2) for v in place.bbox] if place.bbox else None,
            "line": place.line, "sheet": place.sheet, "cell": place.cell}


def problem_dict(p: Problem) -> dict[str, Any]:
    """One problem record: its code, where, the table, the printed text, the template's
    values, and the message rendered in both languages."""
    return {"code": p.code, "message": p.message("en"), "message_zh": p.message("zh"),
            "where": p.place.describe() if p.place else None,
            "location": location_dict(p.place), "table": p.table, "title": p.title,
            "text": p.text, "data": p.data}


def write_package(disclosure: Disclosure, target: Path, *, overwrite: bool = False,
                  created: str | None = None) -> Path:
    """Write the package into folder ``target`` atomically; return the folder."""
    desc = descriptor(disclosure, created)

    def write(tmp: Path) -> None:
        for res in desc["resources"]:
            name = res["name"]
            fields = [f["name"] for f in res["schema"]["fields"]]
            if name == "provenance":
                _write_csv(tmp / res["path"], fields, provenance_rows(disclosure.provenance))
            else:
                _write_csv(tmp / res["path"], fields, disclosure.tables[name].rows)
        (tmp / "datapackage.json").write_text(
            json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (tmp / "conversion_report.json").write_text(
            json.dumps(report_dict(disclosure.report), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")

    return write_folder(Path(target), write, overwrite=overwrite)


class PackageError(Exception):
    """The package could not be read; the message names the file and the problem."""


def descriptor_path(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / "datapackage.json"
    if not path.is_file():
        raise PackageError(f"{path}: no datapackage.json here")
    return path


def read_descriptor(path: Path) -> dict[str, Any]:
    path = descriptor_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise PackageError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise PackageError(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: "
                           f"{exc.msg}") from exc
    if not isinstance(data, dict):
        raise PackageError(f"{path}: the descriptor is not a JSON object")
    return data


def safe_resource_path(base: Path, res: dict[str, Any], allow_remote: bool = False) -> Path:
    raw = res.get("path")
    if not isinstance(raw, str) or not raw:
        raise PackageError(f"{base / 'datapackage.json'}: resource {res.get('name')!r} has no "
                           "single path")
    if "://" in raw:
        if not allow_remote:
            raise PackageError(f"{base / 'datapackage.json'}: resource {res.get('name')!r} "
                               f"points to a URL ({raw}); refused (remote data is not allowed)")
        raise PackageError(f"resource {res.get('name')!r}: remote resources are not supported")
    full = (base / raw).resolve()
    if not full.is_relative_to(base.resolve()):
        raise PackageError(f"{base / 'datapackage.json'}: resource {res.get('name')!r} path "
                           f"{raw!r} points outside the package folder; refused")
    return full


def load_package(path: Path) -> Disclosure:
    """Read a package (all rows as strings) back into a :class:`Disclosure`."""
    dpath = descriptor_path(path)
    base = dpath.parent
    desc = read_descriptor(dpath)
    meta = {k: v for k, v in desc.items() if k != "resources"}
    disclosure = Disclosure(metadata=meta)
    for res in desc.get("resources", []):
        name = res.get("name")
        full = safe_resource_path(base, res)
        with full.open(encoding="utf-8", newline="") as fh:
            rows = [dict(r) for r in csv.DictReader(fh)]
        if name == "provenance":
            disclosure.provenance = [_provenance_from_row(r) for r in rows]
            continue
        disclosure.tables[name] = Table(
            name=name, rows=rows, printed_title=res.get("printed_title"), unit=res.get("unit"),
            pages=list(res.get("pages", [])), notes=list(res.get("notes", [])),
            published_empty=bool(res.get("published_empty")), as_of=res.get("as_of"),
            not_published=bool(res.get("not_published")),
            extension=res.get("extension"), title=res.get("title"),
            schema=res.get("schema") if str(name).startswith("x_") else None)
    return disclosure


def _provenance_from_row(r: dict[str, str]) -> Provenance:
    def num(key: str) -> float | None:
        return float(r[key]) if r.get(key) else None

    bbox = None
    if r.get("x0"):
        bbox = (num("x0") or 0.0, num("top") or 0.0, num("x1") or 0.0, num("bottom") or 0.0)
    place = Place(source=r["source"], page=int(r["page"]) if r.get("page") else None,
                  line=int(r["line"]) if r.get("line") else None, bbox=bbox,
                  sheet=r.get("sheet") or None, cell=r.get("cell") or None)
    return Provenance(resource=r["resource"], position=int(r["position"]), field=r["field"],
                      place=place, printed=r.get("printed", ""), side=r.get("side") or None,
                      row_key=r.get("row_key") or None)


ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
"""Date written for every member of a package zip (the earliest a zip can record), so the
same package always gives the same bytes."""


def zip_bytes(path: Path) -> bytes:
    """The package in folder ``path`` as zip bytes, reproducibly: members are the descriptor
    and the files its resources name (plus ``conversion_report.json`` when present), under
    a folder named after the package, in sorted order, with a fixed timestamp
    (:data:`ZIP_TIMESTAMP`), permissions 0644, no extra fields and deflate level 9."""
    import io
    import zipfile

    dpath = descriptor_path(path)
    base = dpath.parent
    desc = read_descriptor(dpath)
    name = str(desc.get("name") or base.name)
    members = {"datapackage.json": dpath}
    for res in desc.get("resources", []):
        full = safe_resource_path(base, res)
        if not full.is_file():
            raise PackageError(f"{dpath}: resource {res.get('name')!r} file "
                               f"{res.get('path')!r} is missing")
        members[str(full.relative_to(base.resolve()).as_posix())] = full
    if (base / "conversion_report.json").is_file():
        members["conversion_report.json"] = base / "conversion_report.json"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for rel in sorted(members):
            info = zipfile.ZipInfo(f"{name}/{rel}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions above are read
            zf.writestr(info, members[rel].read_bytes(), compresslevel=9)
    return buf.getvalue()


def write_zip(path: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Write the package in folder ``path`` as a reproducible zip ``target`` (atomically)."""
    from cnbudget.atomic import write_file

    data = zip_bytes(path)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write_file(Path(target), write, overwrite=overwrite)
