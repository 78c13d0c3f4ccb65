"""CSRF protection: a secret token that every form posts back.

Signed in, the token belongs to the server-side session (``UserSession.csrf_token``): it
dies with the session, so a cookie captured before sign-out passes no check afterwards.
Anonymous (the sign-in form), it lives in the signed cookie. Each form carries it in a
hidden ``csrf_token`` field (or an ``X-CSRF-Token`` header). A POST whose token is missing
or does not match is refused with 403 before anything else is looked at; one whose
session has ended gets the "sign in again" page (401).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from review.auth import SESSION_TOKEN, LoginRequired, signed_in_session

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    """The token forms must post: the signed-in session's, else the anonymous one."""
    row = getattr(request.state, "user_session", None)
    if row is not None:
        return str(row.csrf_token)
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def _expected(request: Request) -> str | None:
    if not isinstance(request.session.get(SESSION_TOKEN), str):
        token = request.session.get(SESSION_KEY)
        return token if isinstance(token, str) and token else None
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        row = signed_in_session(request, session)
    if row is None:  # the session ended (signed out elsewhere, timed out): sign in again
        raise LoginRequired()
    return row.csrf_token


async def csrf_protect(request: Request) -> None:
    """FastAPI dependency for every state-changing route."""
    expected = await run_in_threadpool(_expected, request)
    sent: object = request.headers.get(HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            sent = form.get(FIELD)
    if (
        expected is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(expected.encode(), sent.encode())
    ):
        raise HTTPException(status_code=403, detail="Nieprawidłowy lub brakujący token CSRF.")
