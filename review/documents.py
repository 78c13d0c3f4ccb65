"""Generated documents on the review page: find the file, render a .docx to HTML.

Mammoth turns a .docx into plain semantic HTML (paragraphs, headings, tables, lists) and
escapes the text. It copies hyperlink targets verbatim, so anything that is not an
http(s)/mailto/fragment link is dropped; images stay inline as ``data:`` URIs. Renders are
cached by path, size and modification time.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import mammoth

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


@lru_cache(maxsize=64)
def _render_docx(path: str, _size: int, _mtime_ns: int) -> Rendered:
    with open(path, "rb") as fh:
        result = mammoth.convert_to_html(fh)
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
