"""Who is signed in: the username in the signed session cookie, checked against the store.

Every request reloads the user, so a deactivated account or a changed role takes effect at
once. Pages ask for :func:`require_user`; actions only partners may take use
:func:`require_partner`.
"""

from collections.abc import Callable, Iterator
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from store.review import get_user
from store.tables import User

SESSION_USER = "user"


class LoginRequired(Exception):
    """Raised for an anonymous request; pages redirect to the sign-in form."""


def session_dependency(engine: sa.Engine) -> Callable[[], Iterator[Session]]:
    def get_session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            yield session

    return get_session


def current_user(request: Request, session: Session) -> User | None:
    username = request.session.get(SESSION_USER)
    if not isinstance(username, str):
        return None
    user = get_user(session, username)
    if user is None or not user.active:
        request.session.pop(SESSION_USER, None)
        return None
    return user


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (nothing from the anonymous session survives)."""
    request.session.clear()
    request.session[SESSION_USER] = user.username


def sign_out(request: Request) -> None:
    request.session.clear()


def user_dependencies(
    get_session: Callable[[], Iterator[Session]],
) -> tuple[Callable[..., User], Callable[..., User]]:
    def require_user(request: Request, session: Annotated[Session, Depends(get_session)]) -> User:
        user = current_user(request, session)
        if user is None:
            raise LoginRequired()
        return user

    def require_partner(user: Annotated[User, Depends(require_user)]) -> User:
        if user.role != "partner":
            raise HTTPException(status_code=403, detail="Tylko partner może to zrobić.")
        return user

    return require_user, require_partner
