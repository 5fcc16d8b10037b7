"""Pages of the resources (tables) of the standard: an index and one page per table."""

from __future__ import annotations

from typing import Any

from cnbudget import standard
from docgen.md import LANGS, Lang, cell, code, compact_json, lang_switch, pick, t, table

KIND_TITLES: dict[str, tuple[str, str]] = {
    "table": ("公开表", "disclosure table"),
    "list": ("清单", "list"),
    "text": ("文本", "text"),
    "facts": ("陈述数字", "stated facts"),
    "provenance": ("来源位置（附属资源）", "provenance sidecar"),
}

CONSTRAINT_LABELS: dict[str, tuple[str, str]] = {
    "required": ("必填", "required"),
    "unique": ("唯一", "unique"),
    "minimum": ("最小值", "minimum"),
    "maximum": ("最大值", "maximum"),
    "minLength": ("最短", "min length"),
    "maxLength": ("最长", "max length"),
    "pattern": ("模式", "pattern"),
    "enum": ("取值", "one of"),
}


def page_path(name: str, lang: Lang) -> str:
    prefix = "" if lang == "zh" else "en/"
    return f"{prefix}reference/tables/{name}.md"


def index_path(lang: Lang) -> str:
    return ("" if lang == "zh" else "en/") + "reference/tables/index.md"


def _kind(schema: dict[str, Any], lang: Lang) -> str:
    kind = str(schema.get("x-kind", "table"))
    zh, en = KIND_TITLES.get(kind, (kind, kind))
    return f"{t(lang, zh, en)} (<code>{kind}</code>)"


def _type(field: dict[str, Any], lang: Lang) -> str:
    out = code(field.get("type", "any"))
    if "format" in field:
        out += f" ({cell(field['format'])})"
    if "itemType" in field:
        out += f" of {code(field['itemType'])}"
    if field.get("x-amount"):
        out += "<br>" + t(lang, "金额，单位见资源的 <code>unit</code>",
                          "amount, unit in the resource's <code>unit</code>")
    return out


def _constraints(field: dict[str, Any], lang: Lang) -> str:
    parts: list[str] = []
    codelist = field.get("x-codelist")
    for key, value in (field.get("constraints") or {}).items():
        zh, en = CONSTRAINT_LABELS.get(key, (key, key))
        label = t(lang, zh, en)
        if value is True:
            parts.append(label)
        elif isinstance(value, list) and codelist and len(value) > 6:
            parts.append(t(lang, f"{label}：代码表中的 {len(value)} 个代码",
                           f"{label} the {len(value)} codes of the codelist"))
        elif isinstance(value, list):
            parts.append(f"{label}: " + ", ".join(code(v) for v in value))
        else:
            parts.append(f"{label}: {code(value)}")
    if field.get("bareNumber") is False:
        parts.append(t(lang, "数字可带非数字字符", "number may carry non-numeric characters"))
    if codelist:
        cl = standard.codelist(str(codelist))
        title = cl.title if lang == "zh" else str(cl.meta.get("title_en", cl.title))
        status = t(lang, "开放", "open") if cl.status == "open" else t(lang, "封闭", "closed")
        link = f"[{cell(title)}](../codelists/{codelist}.md)"
        parts.append(f"{t(lang, '代码表', 'Codelist')}: {link} ({status})")
    return "<br>".join(parts)


def _keys(schema: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if schema.get("primaryKey"):
        pk = schema["primaryKey"]
        pk = pk if isinstance(pk, list) else [pk]
        rows.append((t(lang, "主键", "Primary key"), ", ".join(code(k) for k in pk)))
    for fk in schema.get("foreignKeys") or []:
        ref = fk.get("reference", {})
        res = ref.get("resource") or schema["name"]
        target = f"[{cell(res)}]({res}.md)"
        rows.append((
            t(lang, "外键", "Foreign key"),
            ", ".join(code(f) for f in fk.get("fields", []))
            + " → " + target + " " + ", ".join(code(f) for f in ref.get("fields", [])),
        ))
    return rows


def table_page(name: str, lang: Lang) -> str:
    schema = standard.table_schema(name)
    std = standard.standard()
    required = name in std.get("required_resources", [])
    other = ("../../en/" if lang == "zh" else "../../../") + f"reference/tables/{name}.md"
    fields: list[dict[str, Any]] = schema["fields"]
    has_amounts = any(f.get("x-amount") for f in fields)

    heading = (f"{cell(schema['title'])} <code>{name}</code>" if lang == "zh"
               else f"Table <code>{name}</code>: {cell(schema['title'])}")
    lines = [f"# {heading}\n", lang_switch(lang, other)]
    lines.append(cell(pick(schema.get("description", ""), lang)) + "\n")
    meta: list[tuple[str, str]] = [
        (t(lang, "资源名", "Resource name"), code(name)),
        (t(lang, "官方表名", "Official title"), cell(schema["title"])),
        (t(lang, "类别", "Kind"), _kind(schema, lang)),
        (t(lang, "是否必需", "Required in a package"),
         t(lang, "必需（required）", "required") if required
         else t(lang, "可选（optional）", "optional")),
        (t(lang, "文件", "File"), code(f"{name}.csv")),
        (t(lang, "字段数", "Fields"), str(len(fields))),
        *_keys(schema, lang),
    ]
    family = schema.get("x-family")
    if family is not None:
        ftitle = str(standard.table_families()[family]["title"])
        zh, _, en = ftitle.partition(" / ")
        value = f"{t(lang, zh, en or zh)} (<code>{family}</code>)"
        if schema.get("x-classification"):
            value += f", <code>x-classification</code>: <code>{schema['x-classification']}</code>"
        meta.append((t(lang, "版式家族", "Layout family"), value))
    if schema.get("x-table-number") is not None:
        meta.append((t(lang, "表号", "Table number"), cell(schema["x-table-number"])))
    if has_amounts:
        meta.append((
            t(lang, "金额单位", "Unit of amounts"),
            t(lang,
              "金额按公布单位存储；本资源的金额字段单位由数据包中该资源的 <code>unit</code> "
              "属性声明"
              "（元、万元或亿元），见[数据包规范](../profile.md)与[金额单位](../codelists/amount_units.md)",
              "amounts are stored in the published unit; the unit of this resource's amount fields "
              "is declared by the resource's <code>unit</code> property in the package "
              "(元, 万元 or "
              "亿元): see the [package profile](../profile.md) and "
              "[units of amounts](../codelists/amount_units.md)"),
        ))
    lines.append(table([t(lang, "属性", "Property"), t(lang, "值", "Value")], meta))

    aliases = schema.get("x-title-aliases") or []
    lines.append(f"## {t(lang, '各地表名', 'Printed titles')} {{#titles}}\n")
    lines.append(t(lang,
                   "转换器按下列表名（及官方表名）识别本表（<code>x-title-aliases</code>）：",
                   "Converters recognise this table by the official title and these printed "
                   "titles (<code>x-title-aliases</code>):") + "\n")
    if aliases:
        lines.append("\n".join(f"- {cell(a)}" for a in aliases) + "\n")
    else:
        lines.append(t(lang, "（无别名）", "(no aliases)") + "\n")

    by_kind = schema.get("x-kind-titles") or {}
    if by_kind:
        kinds = standard.codelist("document_kinds")
        lines.append(f"## {t(lang, '按文件类型的表名', 'Titles by document kind')} "
                     "{#kind-titles}\n")
        lines.append(t(lang,
                       "在下列文件类型中本表以此表名印刷（<code>x-kind-titles</code>），"
                       "渲染 PDF、导出 Excel 和填报模板都使用它；其他文件类型使用官方表名：",
                       "In these document kinds the table is printed under this title "
                       "(<code>x-kind-titles</code>), as the PDF renderer, the Excel export "
                       "and the template print it; other kinds use the official title:")
                     + "\n")
        rows_k = []
        for kind_code, title in by_kind.items():
            entry = kinds.get(kind_code) or {}
            label = entry.get("title" if lang == "zh" else "title_en") or ""
            rows_k.append([f"<code>{cell(kind_code)}</code>", cell(label), cell(title)])
        lines.append(table([t(lang, "文件类型", "Document kind"), t(lang, "名称", "Name"),
                            t(lang, "印刷表名", "Printed title")], rows_k))

    lines.append(f"## {t(lang, '字段', 'Fields')} {{#fields}}\n")
    headers = (["字段名", "中文标题", "类型与单位", "约束与代码表", "说明"] if lang == "zh"
               else ["Field", "Chinese title", "Type and unit", "Constraints and codelist",
                     "Description"])
    rows = []
    for f in fields:
        rows.append([
            f'<code id="field-{f["name"]}">{cell(f["name"])}</code>',
            cell(f.get("title", "")),
            _type(f, lang),
            _constraints(f, lang),
            cell(pick(f.get("description", ""), lang)),
        ])
    lines.append(table(headers, rows))

    with_aliases = [f for f in fields if f.get("x-aliases")]
    if with_aliases:
        lines.append(f"## {t(lang, '表头别名', 'Printed column headers')} {{#header-aliases}}\n")
        lines.append(t(lang,
                       "各地印刷的列标题（<code>x-aliases</code>）对应到字段：",
                       "Column headers printed by different provinces (<code>x-aliases</code>) "
                       "that map to each field:") + "\n")
        lines.append(table(
            [t(lang, "字段名", "Field"), t(lang, "表头", "Printed headers")],
            [[code(f["name"]), "、".join(cell(a) for a in f["x-aliases"])] for f in with_aliases],
        ))
    heading = t(lang, "写入数据包的 Table Schema", "Table Schema as written into a package")
    lines.append(f"## {heading} {{#package-schema}}\n")
    lines.append(t(lang,
                   "数据包中只保留 Table Schema 的标准属性（<code>x-</code> 属性留在标准中）：",
                   "A package keeps only standard Table Schema properties (the <code>x-</code> "
                   "properties stay in the standard):") + "\n")
    fr = standard.frictionless_schema(name)
    lines.append("```json\n" + compact_json({k: v for k, v in fr.items() if k != "fields"})
                 + "\n```\n")
    return "\n".join(lines)


def index_page(lang: Lang) -> str:
    std = standard.standard()
    other = ("../../en/" if lang == "zh" else "../../../") + "reference/tables/index.md"
    lines = [f"# {t(lang, '数据表', 'Tables')}\n", lang_switch(lang, other)]
    lines.append(t(
        lang,
        "一个数据包即一份公开文件。每张公开表是一个资源（CSV 文件 + Table Schema）。"
        "下列资源由标准定义；必需资源在每个数据包中都必须出现（空表以 "
        "<code>published_empty</code> 与表注声明）。",
        "A package is one disclosure. Each disclosure table is one resource (a CSV file with a "
        "Table Schema). The standard defines the resources below; required resources appear in "
        "every package (tables published empty are declared with <code>published_empty</code> "
        "and their note).",
    ) + "\n")
    order = [*std.get("required_resources", []), *std.get("optional_resources", [])]
    names = [n for n in order if n in standard.table_names()]
    names += [n for n in standard.table_names() if n not in names]
    rows = []
    for n in names:
        s = standard.table_schema(n)
        rows.append([
            f"[{cell(s['title'])}]({n}.md)",
            code(n),
            _kind(s, lang),
            t(lang, "必需", "required") if n in std.get("required_resources", [])
            else t(lang, "可选", "optional"),
            str(len(s["fields"])),
            cell(pick(s.get("description", ""), lang)),
        ])
    headers = (["官方表名", "资源名", "类别", "必需", "字段数", "用途"] if lang == "zh"
               else ["Official title", "Resource", "Kind", "Required", "Fields", "Purpose"])
    lines.append(table(headers, rows))
    return "\n".join(lines)


def pages() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGS:
        out[index_path(lang)] = index_page(lang)
        for name in standard.table_names():
            out[page_path(name, lang)] = table_page(name, lang)
    return out
