"""The partner review web app: queue, case page with rendered drafts, approve / send back.

``create_app(settings)`` builds the FastAPI app from one router per area
(``review.routes``: auth, queue, case, documents, events, portfolio, letters, settlements).
Outermost, a request whose ``Host`` is not one of the page's own names is refused
(``review.hosts``). Sessions are server-side rows in the case store named by a signed cookie
(``review.auth``), keyed with ``HANDOFF_REVIEW_SECRET`` or, when none is set, a random
per-installation secret kept in ``HANDOFF_HOME`` (``review.secret``); every POST needs the
session's CSRF token; only partners may decide, and only on cases assigned to them. Errors
are Polish pages (``review.errors``).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from config import Settings
from review import errors
from review.auth import SessionPolicy
from review.hosts import AllowedHosts, allowed_hosts
from review.pages import make_templates
from review.routes import (
    auth,
    case,
    documents,
    events,
    letters,
    portfolio,
    queue,
    settlements,
)
from review.secret import review_secret
from store.db import open_store

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SESSION_COOKIE = "handoff_review"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def create_app(settings: Settings, engine: sa.Engine | None = None) -> FastAPI:
    """The review app over the store at ``settings.database_url`` (or ``engine``)."""
    store = engine if engine is not None else open_store(settings.database_url)
    policy = SessionPolicy(
        idle=timedelta(minutes=settings.review_idle_minutes),
        lifetime=timedelta(hours=settings.review_session_hours),
    )
    app = FastAPI(title="Akceptacja projektów", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = store
    app.state.settings = settings
    app.state.session_policy = policy
    app.state.templates = make_templates()
    app.add_middleware(
        SessionMiddleware,
        secret_key=review_secret(settings.review_secret, settings.home),
        session_cookie=SESSION_COOKIE,
        max_age=int(policy.lifetime.total_seconds()),
        same_site="lax",
        https_only=settings.review_base_url.startswith("https://"),
    )
    # added last, so it runs first: a foreign Host gets nothing, not even a cookie
    app.add_middleware(
        AllowedHosts, hosts=allowed_hosts(settings.review_hosts, settings.review_base_url)
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    errors.install(app)
    for area in (auth, queue, case, documents, events, portfolio, letters, settlements):
        app.include_router(area.router)
    return app
