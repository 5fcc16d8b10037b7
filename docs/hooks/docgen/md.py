"""Small Markdown helpers shared by the generators."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _mostly_latin(text: str) -> bool:
    latin = len(re.findall(r"[A-Za-z]", text))
    return latin > 0 and len(_CJK.findall(text)) * 2 < latin


def split_bilingual(text: str) -> tuple[str, str]:
    """Split ``"中文 / English"`` (either order) into ``(zh, en)``.

    The standard writes descriptions as one string in both languages joined by `` / ``;
    either half may itself contain `` / `` or a few Chinese words. The split is the first
    `` / `` with Chinese on one side and mostly Latin text on the other. When there is none,
    both languages get the whole text.
    """
    text = (text or "").strip()
    for m in re.finditer(r" / ", text):
        head, tail = text[: m.start()].strip(), text[m.end():].strip()
        if has_cjk(head) and not _mostly_latin(head) and _mostly_latin(tail):
            return head, tail
        if _mostly_latin(head) and has_cjk(tail) and not _mostly_latin(tail):
            return tail, head
    return text, text


def pick(text: str, lang: Lang) -> str:
    zh, en = split_bilingual(text)
    return zh if lang == "zh" else en


def cell(text: object) -> str:
    """Text for a Markdown table cell: escaped, on one line."""
    if text is None:
        return ""
    s = html.escape(str(text), quote=False)
    return s.replace("|", "&#124;").replace("\r", " ").replace("\n", "<br>")


def code(text: object) -> str:
    """Inline code that is safe inside a table cell."""
    return f"<code>{cell(text)}</code>"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped with :func:`cell` or :func:`code`."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def anchor(text: str) -> str:
    """A lower-case HTML id: letters, digits, ``-`` and ``_``."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")


def lang_switch(lang: Lang, other_path: str) -> str:
    """A line that links the page in the other language."""
    label = "English" if lang == "zh" else "中文"
    return f"[{label}]({other_path}){{: .lang-switch }}\n"


def t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en
