"""CSRF protection: a per-session secret token that every form posts back.

The token lives in the signed session cookie; each form carries it in a hidden
``csrf_token`` field (or an ``X-CSRF-Token`` header). A POST whose token is missing or does
not match is refused with 403 before anything else is looked at.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def rotate(request: Request) -> str:
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)
    return str(request.session[SESSION_KEY])


async def csrf_protect(request: Request) -> None:
    """FastAPI dependency for every state-changing route."""
    expected = request.session.get(SESSION_KEY)
    sent: object = request.headers.get(HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            sent = form.get(FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(sent, str)
        or not expected
        or not hmac.compare_digest(expected.encode(), sent.encode())
    ):
        raise HTTPException(status_code=403, detail="Nieprawidłowy lub brakujący token CSRF.")
