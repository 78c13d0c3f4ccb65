"""Review-page sessions and the sign-in throttle, kept in the case store.

Sessions: the browser's cookie carries a random token; the store keeps only its SHA-256
(``UserSession.token_hash``), the username, the session's CSRF token and its times. A
session is live until it is ended (sign-out, a new sign-in in the same browser, password
change, deactivation), has been idle longer than the idle timeout, or is older than the
absolute lifetime. Every worker process reads the same rows, so ending a session works at
once on all of them.

Throttle: every failed sign-in counts under two keys. ``account:<name>|<address>`` gets a
few free attempts, then an exponential back-off capped at :data:`ACCOUNT_MAX_LOCK` (an
attacker elsewhere cannot lock the partner out, and from the same address for a few
minutes at most); a success clears it. ``address:<address>`` counts failures against any
account in a :data:`ADDRESS_WINDOW`; past :data:`ADDRESS_MAX_FAILURES` (password spraying)
the address waits a minute, doubling, also capped at :data:`ACCOUNT_MAX_LOCK`, so an
office sharing one address is never locked out for more than a few minutes either.
Times are parameters (``now``) so tests need no clock.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from store.tables import SignInThrottle, UserSession, utcnow

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often
KEEP_ENDED = timedelta(days=30)  # ended sessions older than this are deleted

ACCOUNT_FREE_FAILURES = 5
ACCOUNT_FIRST_LOCK = timedelta(seconds=15)
ACCOUNT_MAX_LOCK = timedelta(minutes=5)
ACCOUNT_FORGET_AFTER = timedelta(hours=1)  # a quiet hour clears the account+address count
ADDRESS_MAX_FAILURES = 20
ADDRESS_WINDOW = timedelta(minutes=15)
ADDRESS_FIRST_LOCK = timedelta(minutes=1)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---------------------------------------------------------------- sessions


def start_session(
    session: Session, username: str, address: str = "", now: datetime | None = None
) -> tuple[str, UserSession]:
    """A new session for ``username``: returns the cookie token and the stored row."""
    now = now or utcnow()
    session.execute(
        sa.delete(UserSession).where(
            col(UserSession.ended_at).is_not(None), col(UserSession.ended_at) < now - KEEP_ENDED
        )
    )
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=token_hash(token),
        username=username,
        csrf_token=secrets.token_urlsafe(32),
        address=address[:64],
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    return token, row


def live_session(
    session: Session,
    token: str,
    idle: timedelta,
    lifetime: timedelta,
    now: datetime | None = None,
) -> UserSession | None:
    """The live session of ``token``, touched; an idle or expired one is ended, ``None``."""
    now = now or utcnow()
    row = _session_row(session, token)
    if row is None or row.ended_at is not None:
        return None
    if now - _aware(row.created_at) > lifetime:
        _end(session, row, "expired", now)
        return None
    if now - _aware(row.last_seen_at) > idle:
        _end(session, row, "idle", now)
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
    return row


def _end(session: Session, row: UserSession, reason: str, now: datetime) -> None:
    row.ended_at = now
    row.end_reason = reason
    session.add(row)


def end_session(session: Session, token: str, reason: str, now: datetime | None = None) -> bool:
    """End the session of ``token``; ``False`` if there was no live one."""
    row = _session_row(session, token)
    if row is None or row.ended_at is not None:
        return False
    _end(session, row, reason, now or utcnow())
    session.flush()
    return True


def end_user_sessions(
    session: Session, username: str, reason: str, now: datetime | None = None
) -> int:
    """End every live session of ``username``; returns how many were ended."""
    result = session.execute(
        sa.update(UserSession)
        .where(UserSession.username == username, col(UserSession.ended_at).is_(None))
        .values(ended_at=now or utcnow(), end_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- sign-in throttle


@dataclass(frozen=True)
class Verdict:
    """Whether a sign-in may be tried now; ``retry_after`` seconds when it may not."""

    allowed: bool
    retry_after: int = 0


def account_key(username: str, address: str) -> str:
    return f"account:{username.strip().casefold()[:64]}|{address[:64]}"


def address_key(address: str) -> str:
    return f"address:{address[:64]}"


def _row(session: Session, key: str, lock: bool = False) -> SignInThrottle | None:
    stmt = select(SignInThrottle).where(SignInThrottle.key == key)
    return session.exec(stmt.with_for_update() if lock else stmt).first()


def _get_or_create(session: Session, key: str, now: datetime) -> SignInThrottle:
    row = _row(session, key, lock=True)
    if row is not None:
        return row
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"key": key, "failures": 0, "window_started_at": now, "updated_at": now}
    # another worker may create the same key at the same moment: keep whichever came first
    session.execute(insert(SignInThrottle).values(**values).on_conflict_do_nothing())
    row = _row(session, key, lock=True)
    assert row is not None
    return row


def sign_in_allowed(
    session: Session, username: str, address: str, now: datetime | None = None
) -> Verdict:
    """May ``username`` try to sign in from ``address`` now? (Reads only.)"""
    now = now or utcnow()
    waits = []
    for key in (account_key(username, address), address_key(address)):
        row = _row(session, key)
        if row is not None and row.locked_until is not None:
            left = (_aware(row.locked_until) - now).total_seconds()
            if left > 0:
                waits.append(int(left) + 1)
    return Verdict(allowed=not waits, retry_after=max(waits, default=0))


def record_failure(
    session: Session, username: str, address: str, now: datetime | None = None
) -> Verdict:
    """Count a failed sign-in; returns the verdict for the next attempt."""
    now = now or utcnow()
    account = _get_or_create(session, account_key(username, address), now)
    if now - _aware(account.updated_at) > ACCOUNT_FORGET_AFTER:
        account.failures, account.window_started_at, account.locked_until = 0, now, None
    account.failures += 1
    if account.failures >= ACCOUNT_FREE_FAILURES:
        steps = account.failures - ACCOUNT_FREE_FAILURES
        lock = ACCOUNT_FIRST_LOCK * (2 ** min(steps, 16))
        account.locked_until = now + min(lock, ACCOUNT_MAX_LOCK)
    account.updated_at = now
    session.add(account)

    per_address = _get_or_create(session, address_key(address), now)
    if now - _aware(per_address.window_started_at) > ADDRESS_WINDOW:
        per_address.failures, per_address.window_started_at = 0, now
        per_address.locked_until = None
    per_address.failures += 1
    if per_address.failures >= ADDRESS_MAX_FAILURES:
        steps = per_address.failures - ADDRESS_MAX_FAILURES
        lock = ADDRESS_FIRST_LOCK * (2 ** min(steps, 16))
        per_address.locked_until = now + min(lock, ACCOUNT_MAX_LOCK)
    per_address.updated_at = now
    session.add(per_address)
    session.flush()
    return sign_in_allowed(session, username, address, now)


def record_success(session: Session, username: str, address: str) -> None:
    """A successful sign-in clears the account+address count (not the address's)."""
    session.execute(
        sa.delete(SignInThrottle).where(SignInThrottle.key == account_key(username, address))
    )


def _session_row(session: Session, token: str) -> UserSession | None:
    stmt = select(UserSession).where(UserSession.token_hash == token_hash(token))
    return session.exec(stmt).first()
