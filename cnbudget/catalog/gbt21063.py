"""The GB/T 21063.3 core metadata of a package, element by element as
schema/catalog/gbt21063.yaml lists them, as JSON and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import cache
from typing import Any

import yaml

from cnbudget import standard
from cnbudget.catalog.record import Record, wording


@cache
def mapping() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (standard.schema_dir() / "catalog" / "gbt21063.yaml").read_text(encoding="utf-8"))
    return data


def _provider(r: Record) -> Any:
    pub = r.publisher
    return {"提供方名称": pub["department_name"],
            "提供方地址": f"{pub.get('province') or ''}{pub.get('region_name') or ''}"
                          if pub.get("province") != pub.get("region_name")
                          else pub.get("region_name") or pub["region_code"]}


def _category(r: Record) -> Any:
    return {"类目名称": f"{r.kind['zh']} / {wording()['theme_label']['zh']}",
            "类目编码": r.descriptor["document_kind"],
            "分类方式": "文件类型（cnbudget document_kinds；非 GB/T 21063.4 分类）"}


VALUES: dict[str, Callable[[Record], Any]] = {
    "resource_name": lambda r: r.text("title", "zh"),
    "resource_abstract": lambda r: r.text("description", "zh"),
    "resource_provider": _provider,
    "resource_category": _category,
    "resource_identifier": lambda r: r.id,
    "metadata_identifier": lambda r: f"{r.id}#metadata",
    "publication_date": lambda r: r.issued[:10],
    "keywords": lambda r: r.keywords("zh"),
    "online_resource": lambda r: r.url(r.zip.path),
    "service_info": lambda r: {"服务类型": "下载", "服务地址": r.landing,
                               "资源格式": "CSV（UTF-8）、zip"},
    "metadata_maintainer": lambda r: r.publisher["department_name"],
    "metadata_date": lambda r: r.issued[:10],
}
"""How each element's value is made; every element of the mapping has one (tested)."""


def record(r: Record) -> dict[str, Any]:
    """The core metadata as ``{"standard": …, "basis": …, "sources": […], "elements": [{id,
    name, obligation, name_seen_in, value, note?}]}``: ``basis`` says what of the mapping is
    verified against the standard, ``sources`` what it was checked against (an element's
    ``name_seen_in`` names those that print its name), an element's ``note`` what the
    catalogue has to complete (a GB/T 21063.4 class, a GB/T 21063.5 identifier)."""
    m = mapping()
    return {"standard": m["standard"], "basis": _oneline(m["basis"]),
            "sources": [{"id": s["id"], "title": s["title"], "title_en": s["title_en"],
                         "urls": list(s["urls"]), "shows": _oneline(s["shows"])}
                        for s in m["sources"]],
            "elements": [
                {"id": e["id"], "name": e["name"], "name_en": e["name_en"],
                 "obligation": e["obligation"], "name_seen_in": list(e["name_seen_in"]),
                 "value": VALUES[e["id"]](r),
                 **({"note": _oneline(e["note"])} if e.get("note") else {})}
                for e in m["elements"]]}


def _oneline(text: str) -> str:
    """A folded YAML text on one line: the line breaks of Chinese text join without a space."""
    parts = text.split()
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += ("" if _cjk(out[-1]) and _cjk(p[0]) else " ") + p
    return out


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value)


def csv_text(r: Record) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "name_en", "obligation", "name_seen_in", "value", "note"])
    for e in record(r)["elements"]:
        w.writerow([e["id"], e["name"], e["name_en"], e["obligation"],
                    _flat(e["name_seen_in"]), _flat(e["value"]), e.get("note", "")])
    return buf.getvalue()
