"""The package profile page: every property of the descriptor's JSON Schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cnbudget import standard
from docgen.md import LANGS, Lang, cell, code, compact_json, lang_switch, pick, t, table


def page_path(lang: Lang) -> str:
    return ("" if lang == "zh" else "en/") + "reference/profile.md"


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        merged = dict(target)
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged
    return node


def _type(node: dict[str, Any]) -> str:
    if "const" in node:
        return "= " + code(compact_json(node["const"]))
    if "enum" in node:
        return " &#124; ".join(code(compact_json(v)) for v in node["enum"])
    if "anyOf" in node:
        return t_any(node["anyOf"])
    typ = node.get("type")
    if isinstance(typ, list):
        return " &#124; ".join(code(x) for x in typ)
    return code(typ) if typ else ""


def t_any(options: list[dict[str, Any]]) -> str:
    return " &#124; ".join(_type(o) for o in options)


def _constraints(node: dict[str, Any]) -> str:
    keys = ("pattern", "format", "minimum", "maximum", "minLength", "minItems")
    return "<br>".join(f"{k}: {code(node[k])}" for k in keys if k in node)


def properties(root: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(dotted path, schema node, required) for every property, depth first."""

    def walk(node: dict[str, Any], prefix: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
        node = _resolve(node, root)
        required = set(node.get("required", []))
        for name, sub in (node.get("properties") or {}).items():
            sub = _resolve(sub, root)
            path = f"{prefix}{name}"
            yield path, sub, name in required
            if sub.get("type") == "object" or "properties" in sub:
                yield from walk(sub, path + ".")
            items = sub.get("items")
            if isinstance(items, dict):
                items = _resolve(items, root)
                if "properties" in items:
                    yield from walk(items, path + "[].")

    yield from walk(root, "")


def profile_page(lang: Lang) -> str:
    prof = standard.profile()
    std = standard.standard()
    other = ("../en/" if lang == "zh" else "../../") + "reference/profile.md"
    lines = [f"# {t(lang, '数据包规范', 'Package profile')}\n", lang_switch(lang, other)]
    lines.append(cell(pick(str(prof.get("description", "")), lang)) + "\n")
    lines.append(table(
        [t(lang, "属性", "Property"), t(lang, "值", "Value")],
        [
            (t(lang, "规范标识", "Profile identifier"), code(standard.profile_id())),
            (t(lang, "标准版本", "Standard version"), code(standard.version())),
            (t(lang, "JSON Schema 方言", "JSON Schema dialect"), code(prof.get("$schema", ""))),
            (t(lang, "文件", "File"), code("schema/profile/datapackage.schema.json")),
            (t(lang, "扩展资源前缀", "Extension resource prefix"),
             code(std.get("extension_prefix", "x_"))),
        ],
    ))
    lines.append(t(
        lang,
        "数据包是普通的 Frictionless Data Package（v2）：一个文件夹，含 "
        "<code>datapackage.json</code> 与每个资源一个 CSV 文件。描述文件须通过下列 JSON Schema "
        "的校验，并以 <code>$schema</code> 声明上面的规范标识。"
        "资源与字段见[数据表](tables/index.md)。",
        "A package is an ordinary Frictionless Data Package (v2): a folder with "
        "<code>datapackage.json</code> and one CSV file per resource. The descriptor must be "
        "valid against the JSON Schema below and declare the profile identifier above in "
        "<code>$schema</code>. Resources and their fields are listed under "
        "[Tables](tables/index.md).",
    ) + "\n")
    heading = t(lang, "描述文件属性", "Descriptor properties")
    lines.append(f"## {heading} {{#descriptor-properties}}\n")
    lines.append(t(
        lang,
        "<code>a.b</code> 表示对象 <code>a</code> 的属性 <code>b</code>；"
        "<code>a[].b</code> 表示数组 <code>a</code> 每个元素的属性 <code>b</code>。"
        "资源（<code>resources[]</code>）的属性见下一节。",
        "<code>a.b</code> is property <code>b</code> of object <code>a</code>; "
        "<code>a[].b</code> is property <code>b</code> of each item of array <code>a</code>. "
        "Properties of resources (<code>resources[]</code>) follow in the next section.",
    ) + "\n")
    headers = ([t(lang, "属性", "Property"), t(lang, "必需", "Required"),
                t(lang, "类型 / 取值", "Type / values"), t(lang, "约束", "Constraints"),
                t(lang, "说明", "Description")])
    top: list[list[str]] = []
    res: list[list[str]] = []
    for path, node, req in properties(prof):
        row = [
            f'<code id="prop-{path.replace("[]", "").replace(".", "-").replace("$", "")}">'
            f"{cell(path)}</code>",
            t(lang, "是", "yes") if req else "",
            _type(node),
            _constraints(node),
            cell(pick(str(node.get("description", "")), lang)),
        ]
        (res if path.startswith("resources[].") else top).append(row)
    lines.append(table(headers, top))
    lines.append(f"## {t(lang, '资源属性', 'Resource properties')} {{#resource-properties}}\n")
    lines.append(t(
        lang,
        "每个资源还带 Frictionless 的通用属性（<code>type</code>、<code>format</code>、"
        "<code>encoding</code> 等）。<code>unit</code> 声明本资源金额字段的单位："
        "金额按公布单位存储，"
        "从不静默换算。名称以 <code>x_</code> 开头的扩展资源必须有 <code>extension</code> 说明，"
        "标准资源不得有（见[扩展机制](../standard/extensions.md)）。",
        "Each resource also carries Frictionless's general properties (<code>type</code>, "
        "<code>format</code>, <code>encoding</code> …). <code>unit</code> declares the unit of "
        "the resource's amount fields: amounts are stored in the published unit and never "
        "silently rescaled. An extension resource (name starting with <code>x_</code>) must "
        "have an <code>extension</code> note; a standard resource must not (see "
        "[Extensions](../../standard/extensions.md)).",
    ) + "\n")
    lines.append(table(headers, res))
    return "\n".join(lines)


def pages() -> dict[str, str]:
    return {page_path(lang): profile_page(lang) for lang in LANGS}
