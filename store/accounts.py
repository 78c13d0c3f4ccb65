"""Review-page accounts: create, authenticate, change password, deactivate, list.

Passwords are argon2 hashes. A password must have at least :data:`MIN_PASSWORD_LENGTH`
characters, must not be (or contain) the username and must not be one of the common
passwords below; :func:`password_problem` says why in Polish. Changing a password or
deactivating an account ends the user's review-page sessions (``store.sessions``), so a
cookie stolen before the change stops working at once. Every change is audited.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, col, select

from store.sessions import end_user_sessions
from store.tables import AuditLog, User

ROLES: frozenset[str] = frozenset({"paralegal", "partner", "admin"})
MIN_PASSWORD_LENGTH = 12
# The most common passwords of 12+ characters in public breach lists, plus the obvious
# Polish ones; a short list on purpose: the length rule does most of the work.
COMMON_PASSWORDS: frozenset[str] = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456123456",
        "qwertyuiop12",
        "qwerty123456",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "qwertyuiopas",
        "passwordpassword",
        "password1234",
        "password12345",
        "password123456",
        "iloveyou1234",
        "administrator",
        "administrator1",
        "changeme1234",
        "welcome12345",
        "letmein12345",
        "zaq12wsxcde3",
        "haslo1234567",
        "haslohaslo12",
        "hasłohasło12",
        "kancelaria123",
        "kancelaria1234",
        "zaq1@wsx3edc",
        "polska123456",
        "aaaaaaaaaaaa",
        "111111111111",
        "000000000000",
        "abcdefghijkl",
        "abc123abc123",
    }
)

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both paths cost one argon2 verify
    (made on the first sign-in, not when the module is imported: every CLI command that
    reaches the review gate imports it, ~0.2 s of argon2 each)."""
    return _hasher.hash("not-a-real-password-only-equalises-timing")


class AccountError(ValueError):
    """Bad account input; the message is Polish and shown as is."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_problem(username: str, password: str) -> str | None:
    """Why ``password`` is not acceptable for ``username`` (Polish), or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Hasło musi mieć co najmniej {MIN_PASSWORD_LENGTH} znaków."
    if password != password.strip():
        return "Hasło nie może zaczynać się ani kończyć spacją."
    lowered = password.casefold()
    name = username.strip().casefold()
    if name and name in lowered:
        return "Hasło nie może zawierać nazwy użytkownika."
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        return "To hasło jest zbyt popularne lub zbyt proste; wybierz inne."
    return None


def _check_username(username: str) -> str:
    username = username.strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise AccountError("Nazwa użytkownika musi mieć 1-64 znaki bez spacji.")
    return username


def create_user(
    session: Session,
    username: str,
    role: str,
    password: str,
    full_name: str = "",
    email: str | None = None,
    actor: str = "cli",
) -> User:
    """Create a user with an argon2 password hash; raises :class:`AccountError` on bad input."""
    username = _check_username(username)
    if role not in ROLES:
        raise AccountError(f"Rola musi być jedną z: {', '.join(sorted(ROLES))}.")
    problem = password_problem(username, password)
    if problem:
        raise AccountError(problem)
    if get_user(session, username) is not None:
        raise AccountError(f"Użytkownik {username} już istnieje.")
    user = User(
        username=username,
        role=role,
        password_hash=hash_password(password),
        full_name=full_name,
        email=email,
    )
    session.add(user)
    session.add(AuditLog(actor=actor, action="user_created", detail=f"{username} ({role})"))
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else ``None``.

    Unknown users are verified against a dummy hash so a wrong username costs as long as a
    wrong password. An outdated hash is upgraded on successful sign-in.
    """
    dummy = _dummy_hash()  # made (once) whoever signs in: the first sign-in costs alike too
    user = get_user(session, username.strip())
    stored = user.password_hash if user is not None and user.password_hash else dummy
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    return user


def get_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))).all())


def _existing(session: Session, username: str) -> User:
    user = get_user(session, username.strip())
    if user is None:
        raise AccountError(f"Nie ma użytkownika {username.strip()}.")
    return user


def set_password(session: Session, username: str, password: str, actor: str = "cli") -> int:
    """Change the password and end every session of the user; returns how many ended."""
    user = _existing(session, username)
    problem = password_problem(user.username, password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    session.add(user)
    ended = end_user_sessions(session, user.username, "password_changed")
    session.add(
        AuditLog(
            actor=actor,
            action="user_password_changed",
            detail=f"{user.username}; sessions ended: {ended}",
        )
    )
    session.flush()
    return ended


def deactivate_user(session: Session, username: str, actor: str = "cli") -> int:
    """Deactivate the account and end its sessions; returns how many ended. Idempotent."""
    user = _existing(session, username)
    ended = end_user_sessions(session, user.username, "deactivated")
    if user.active:
        user.active = False
        session.add(user)
        session.add(
            AuditLog(
                actor=actor,
                action="user_deactivated",
                detail=f"{user.username}; sessions ended: {ended}",
            )
        )
    session.flush()
    return ended


def active_partners(session: Session) -> set[str]:
    """Usernames of the active partner accounts."""
    rows = session.exec(
        select(User.username).where(User.role == "partner", col(User.active).is_(True))
    ).all()
    return set(rows)
