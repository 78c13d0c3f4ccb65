"""Who is signed in: a server-side session (``store.sessions``) named by the signed cookie.

The cookie (Starlette's ``SessionMiddleware``) carries only a random session token, a
CSRF token for the anonymous sign-in form and a one-shot flash message. The store keeps
the session itself: ending it there (sign-out, password change, deactivation, idle
timeout, absolute lifetime) signs the browser out on every worker at once, and a cookie
captured earlier opens nothing. Signing in always starts a new session with a new token
(no fixation). Every request reloads the user, so a deactivated account or a changed role
takes effect at once. Pages ask for ``require_user``; actions only partners may take use
``require_partner``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from store.accounts import get_user
from store.sessions import end_session, live_session, start_session
from store.tables import User, UserSession

SESSION_TOKEN = "sid"
_UNSET = object()


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=8)


class LoginRequired(Exception):
    """Raised for an anonymous request; pages redirect to the sign-in form."""


def get_session(request: Request) -> Iterator[Session]:
    """The request's database session (one per request, shared by its dependencies)."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def signed_in_session(request: Request, session: Session) -> UserSession | None:
    """The live server-side session the cookie names (cached for the request), or ``None``.

    A dead or unknown token is dropped from the cookie. Touching or ending the row is
    committed here, so a timed-out session stays ended whatever the page does next.
    """
    cached = getattr(request.state, "user_session", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[no-any-return]
    token = request.session.get(SESSION_TOKEN)
    row = None
    if isinstance(token, str) and token:
        policy: SessionPolicy = request.app.state.session_policy
        row = live_session(session, token, policy.idle, policy.lifetime)
        session.commit()
        if row is None:
            request.session.pop(SESSION_TOKEN, None)
    request.state.user_session = row
    return row


def current_user(request: Request, session: Session) -> User | None:
    row = signed_in_session(request, session)
    if row is None:
        return None
    user = get_user(session, row.username)
    if user is None or not user.active:
        token = request.session.pop(SESSION_TOKEN, None)
        if isinstance(token, str):
            end_session(session, token, "deactivated")
            session.commit()
        request.state.user_session = None
        return None
    return user


def sign_in(request: Request, session: Session, user: User) -> UserSession:
    """Start a fresh session for ``user``: a new token; nothing of the old cookie survives."""
    old = request.session.get(SESSION_TOKEN)
    if isinstance(old, str) and old:
        end_session(session, old, "replaced")
    request.session.clear()
    token, row = start_session(session, user.username, client_address(request))
    request.session[SESSION_TOKEN] = token
    request.state.user_session = row
    return row


def sign_out(request: Request, session: Session) -> None:
    token = request.session.get(SESSION_TOKEN)
    if isinstance(token, str) and token:
        end_session(session, token, "logout")
    request.session.clear()
    request.state.user_session = None


def require_user(request: Request, session: SessionDep) -> User:
    user = current_user(request, session)
    if user is None:
        raise LoginRequired()
    return user


UserDep = Annotated[User, Depends(require_user)]


def require_partner(user: UserDep) -> User:
    if user.role != "partner":
        raise HTTPException(status_code=403, detail="Tylko partner może to zrobić.")
    return user


PartnerDep = Annotated[User, Depends(require_partner)]
