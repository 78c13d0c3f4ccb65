"""Which drafts a case gets, rendered to bytes: the handoff pipeline's one call.

Every case gets the pozew, the partner memo and the evidence index; a case without a final
demand also gets a wezwanie do zapłaty (the partner decides whether to send it first); a
claim the legal core routes to e-Sąd also gets the EPU filing XML, validated against the
official schemas before it is returned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache

from documents.context import (
    DocumentInputs,
    evidence_index_context,
    memo_context,
    pozew_context,
    wezwanie_context,
)
from documents.render import TEMPLATES, render

DOCX = ".docx"


def render_drafts(inputs: DocumentInputs) -> Iterator[tuple[str, str, bytes]]:
    """Yield ``(kind, file suffix, content)`` for every draft the case needs."""
    yield "pozew", DOCX, render("pozew", pozew_context(inputs)).content
    yield "memo", DOCX, render("memo", memo_context(inputs)).content
    yield "evidence_index", DOCX, render("evidence_index", evidence_index_context(inputs)).content
    if inputs.case.final_demand is None:
        yield "wezwanie", DOCX, render("wezwanie", wezwanie_context(inputs)).content


@cache
def template_fingerprint() -> str:
    """Hash of the template files: an edited template makes every draft re-render."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.docx")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
