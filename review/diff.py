"""What changed between two versions of a draft: a paragraph diff with changed words marked.

The text of a .docx is its paragraphs in order (table cells row by row), read with
python-docx. Paragraphs are matched with ``difflib``; a replaced paragraph is shown once
with the removed words struck through and the added ones marked, so a partner sees
"12 345,67 zł" become "12 845,67 zł" without hunting. Unchanged paragraphs are folded
except one on each side of a change. The HTML is built here, every text escaped.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document

CONTEXT = 1
SIMILAR = 0.6  # paragraphs this alike are one paragraph changed, not two
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffBlock:
    kind: str  # same | added | removed | changed | gap
    html: str


def docx_paragraphs(path: Path) -> list[str]:
    """The non-empty paragraphs of a .docx, body first, then table cells row by row."""
    doc = Document(str(path))
    out = [p.text.strip() for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if text and (not cells or cells[-1] != text):  # merged cells repeat
                    cells.append(text)
            out.append(" | ".join(cells))
    return [p for p in out if p]


def text_paragraphs(path: Path) -> list[str]:
    if path.suffix.lower() == ".docx":
        return docx_paragraphs(path)
    return [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]


def _words(old: str, new: str) -> str:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(parts)


def paragraph_diff(old: list[str], new: list[str], context: int = CONTEXT) -> list[DiffBlock]:
    """The change from ``old`` to ``new``; empty when they are the same."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return []
    blocks: list[DiffBlock] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = old[i1:i2]
            head = same[:context] if n > 0 else []
            tail = same[-context:] if n < len(opcodes) - 1 and context else []
            if len(head) + len(tail) >= len(same):
                shown, gap = same, 0
            else:
                shown, gap = head, len(same) - len(head) - len(tail)
            blocks.extend(DiffBlock("same", html.escape(p)) for p in shown)
            if gap:
                blocks.append(DiffBlock("gap", f"… {gap} akapit(y) bez zmian …"))
                blocks.extend(DiffBlock("same", html.escape(p)) for p in tail)
        elif tag == "replace":
            blocks.extend(_replaced(old[i1:i2], new[j1:j2]))
        else:
            blocks.extend(DiffBlock("removed", html.escape(p)) for p in old[i1:i2])
            blocks.extend(DiffBlock("added", html.escape(p)) for p in new[j1:j2])
    return blocks


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def _replaced(old: list[str], new: list[str]) -> list[DiffBlock]:
    """Pair each old paragraph with the next similar new one (a change); the rest are
    removed or added, in document order."""
    blocks: list[DiffBlock] = []
    j = 0
    for o in old:
        match = next((k for k in range(j, len(new)) if _similar(o, new[k])), None)
        if match is None:
            blocks.append(DiffBlock("removed", html.escape(o)))
            continue
        blocks.extend(DiffBlock("added", html.escape(p)) for p in new[j:match])
        blocks.append(DiffBlock("changed", _words(o, new[match])))
        j = match + 1
    blocks.extend(DiffBlock("added", html.escape(p)) for p in new[j:])
    return blocks
