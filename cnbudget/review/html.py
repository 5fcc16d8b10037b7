"""Shared pieces of the HTML the review module writes: escaping of untrusted text (every
text read from a document or a package is untrusted), the page shell and its CSS."""

from __future__ import annotations

import json
from html import escape
from typing import Any

CSS = """:root{--err:#b00020;--warn:#8a4b00;--info:#00639b;--ok:#1b7f3b;--line:#d0d0d0}
*{box-sizing:border-box}
body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;margin:0;padding:1rem;color:#222;line-height:1.45;
max-width:80rem;margin-inline:auto}
h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.2rem;margin-top:1.6rem}
h3{font-size:1.05rem}
.en,small{color:#555}.en{font-size:.92em}
table{border-collapse:collapse;margin:.6rem 0}
td,th{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
.error{color:var(--err);font-weight:bold}.warning{color:var(--warn)}.info{color:var(--info)}
.valid,.ok{color:var(--ok);font-weight:bold}
.invalid,.refused,.failed{color:var(--err);font-weight:bold}
details{margin:.5rem 0}summary{cursor:pointer}code{background:#f6f6f6;word-break:break-all}
.finding{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;margin:.6rem 0}
.crop{display:block;max-width:100%;height:auto;border:1px solid var(--line);margin:.4rem 0}
.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem .8rem}
h1,.meta dd,.finding,li{overflow-wrap:anywhere}
.meta dt{font-weight:bold}.meta dd{margin:0}
nav a{margin-right:.8rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:end;margin:.6rem 0}
.filters label{display:flex;flex-direction:column;font-size:.9em}
select,input,button{font:inherit;padding:.2rem .3rem;max-width:100%}
.filters select{max-width:min(22rem,90vw)}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}
svg text{font-size:11px;font-family:inherit}
@media (max-width:600px){body{padding:.5rem}td,th{padding:.2rem .3rem;font-size:.9em}
h1{font-size:1.25rem}.meta{grid-template-columns:1fr;gap:0}.meta dd{margin-bottom:.35rem}}"""


def esc(value: Any) -> str:
    """Untrusted text → HTML text or attribute value (quotes escaped too)."""
    return escape("" if value is None else str(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``</script>``, ``<!--`` and ``]]>`` cannot
    occur (``<``, ``>`` and ``&`` are written as ``\\u`` escapes), nor U+2028/U+2029."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page(title: str, body: str, *, head: str = "", lang: str = "zh-CN") -> str:
    """One offline HTML page: no external resource, everything inline."""
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style>{head}</head><body>{body}"
            "</body></html>\n")


def bi(zh: str, en: str) -> str:
    """A label in Chinese first, English alongside (both already safe HTML)."""
    return f'{zh} <span class="en">{en}</span>'
