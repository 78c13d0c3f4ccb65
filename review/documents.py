"""Generated documents on the review page: find the file, render a .docx to HTML.

Mammoth turns a .docx into plain semantic HTML (paragraphs, headings, tables, lists) and
escapes the text; paragraph alignment and left indent become classes, so the page shows
the pozew laid out as it prints. It copies hyperlink targets verbatim, so anything that is not an
http(s)/mailto/fragment link is dropped; images stay inline as ``data:`` URIs. Renders are
cached by path, size and modification time.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import mammoth
import mammoth.transforms

_HREF = re.compile(r'\shref="([^"]*)"')
_SRC = re.compile(r'\ssrc="([^"]*)"')
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
TEXT_SUFFIXES = frozenset({".xml", ".txt", ".csv", ".json", ".md"})
MAX_TEXT_CHARS = 200_000


@dataclass(frozen=True)
class Rendered:
    html: str  # safe to insert into the page
    messages: tuple[str, ...] = ()


def resolve(path: str, roots: list[Path]) -> Path | None:
    """The existing file ``path`` names: absolute, or relative to one of ``roots``."""
    candidate = Path(path)
    options = [candidate] if candidate.is_absolute() else [root / candidate for root in roots]
    for option in options:
        if option.is_file():
            return option
    return None


def _clean_href(match: re.Match[str]) -> str:
    value = html.unescape(match.group(1))
    return match.group(0) if _SAFE_HREF.match(value.strip()) else ""


def _clean_src(match: re.Match[str]) -> str:
    value = match.group(1)
    return match.group(0) if value.startswith("data:image/") else ""


def sanitise(fragment: str) -> str:
    """Drop link targets and image sources that could run script or leave the page."""
    return _SRC.sub(_clean_src, _HREF.sub(_clean_href, fragment))


# Word's paragraph alignment and left indent, which mammoth would drop, as classes the page's
# CSS lays out the way the printed pozew looks (the date on the right, the court's address
# indented, the title centred, justified text). Indents are whole centimetres, 1-12.
ALIGNMENTS = {"center": "center", "right": "right", "end": "right", "both": "justify"}
MAX_INDENT_CM = 12
TWIPS_PER_CM = 567


def _classes(align: str | None, indent: int) -> str:
    names = [f"align-{align}" if align else "", f"indent-{indent}" if indent else ""]
    return "".join(f".{n}" for n in names if n)


STYLE_MAP = "\n".join(
    f"p[style-name='layout{_classes(a, i)}'] => p{_classes(a, i)}:fresh"
    for a in (None, *sorted(set(ALIGNMENTS.values())))
    for i in range(MAX_INDENT_CM + 1)
    if a or i
)


def _indent_cm(paragraph: Any) -> int:
    start = getattr(paragraph.indent, "start", None) if paragraph.indent else None
    try:
        cm = round(int(start) / TWIPS_PER_CM)
    except (TypeError, ValueError):
        return 0
    return max(0, min(cm, MAX_INDENT_CM))


def _laid_out(paragraph: Any) -> Any:
    if paragraph.style_name not in (None, "Normal"):
        return paragraph  # headings and lists keep their own mapping
    align, indent = ALIGNMENTS.get(paragraph.alignment or ""), _indent_cm(paragraph)
    if not align and not indent:
        return paragraph
    return paragraph.copy(style_name=f"layout{_classes(align, indent)}")


@lru_cache(maxsize=64)
def _render_docx(path: str, _size: int, _mtime_ns: int) -> Rendered:
    with open(path, "rb") as fh:
        result = mammoth.convert_to_html(
            fh,
            style_map=STYLE_MAP,
            transform_document=mammoth.transforms.paragraph(_laid_out),
            include_default_style_map=True,
        )
    messages = tuple(str(m.message) for m in result.messages if m.type == "error")
    return Rendered(sanitise(result.value), messages)


def render(path: Path) -> Rendered:
    """HTML for the page: a .docx through mammoth, text files escaped in <pre>."""
    suffix = path.suffix.lower()
    stat = path.stat()
    if suffix == ".docx":
        try:
            return _render_docx(str(path), stat.st_size, stat.st_mtime_ns)
        except Exception as exc:  # a broken file must not break the page
            return Rendered("", (f"Nie udało się wyświetlić dokumentu: {exc}",))
    if suffix in TEXT_SUFFIXES:
        text = path.read_text(encoding="utf-8", errors="replace")[:MAX_TEXT_CHARS]
        return Rendered(f"<pre>{html.escape(text)}</pre>")
    return Rendered("", ("Podgląd niedostępny dla tego formatu; pobierz plik.",))
