"""Rendering pages: the Jinja2 environment with the Polish filters, and ``page()``.

Every page gets the signed-in user, the CSRF token its forms must post and the one-shot
flash message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from law.pl.deadlines import EventKind
from review import formatting as fmt
from review.csrf import csrf_token
from store.tables import User

HERE = Path(__file__).parent


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters.update(
        money=fmt.fmt_money, pldate=fmt.fmt_date, cell=fmt.fmt_cell, procedure=fmt.procedure_label
    )
    templates.env.globals.update(
        STAGE_LABELS=fmt.STAGE_LABELS,
        ROLE_LABELS=fmt.ROLE_LABELS,
        DECISION_LABELS=fmt.DECISION_LABELS,
        SEVERITY_LABELS=fmt.SEVERITY_LABELS,
        EVIDENCE_KINDS=fmt.EVIDENCE_KINDS,
        EVENT_LABELS=fmt.EVENT_LABELS,
        EVENT_KINDS=[k.value for k in EventKind],
    )
    return templates


def page(
    request: Request,
    name: str,
    user: User | None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    flash = request.session.pop("flash", None)
    return templates.TemplateResponse(
        request,
        name,
        {"user": user, "csrf_token": csrf_token(request), "flash": flash, **context},
        status_code=status_code,
        headers=headers,
    )
