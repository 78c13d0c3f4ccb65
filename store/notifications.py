"""Once-only notifications: claim a key in the database, send, then confirm or release.

The protocol is the deadline warnings' one (see ``store.deadlines``), over a generic table:

1. ``claim`` inserts (kind, key, recipient) rows with INSERT ... ON CONFLICT (key) DO NOTHING
   RETURNING in one statement; the unique ``key`` lets exactly one claimant win each row on
   SQLite and PostgreSQL alike. The caller commits the claim *before* sending.
2. The caller sends only what it won, then ``mark_delivered``; if sending raised it calls
   ``release`` so that a later run tries again.

Delivery is *at most once* per key: a process that dies between committing the claim and
the relay accepting the message loses it; the row keeps ``delivered_at`` NULL and
``undelivered`` lists it for a person to look at.

``dialect_insert`` (an INSERT that knows ON CONFLICT on SQLite and PostgreSQL) is shared with
``store.rates`` and the white-list search counter of ``flows.reverify``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from store.tables import Notification, utcnow


def dialect_insert(session: Session | sa.Connection, table: sa.Table) -> Any:
    """``INSERT`` with ``on_conflict_do_*`` for the session's database (SQLite, PostgreSQL)."""
    bind = session.get_bind() if isinstance(session, Session) else session
    name = bind.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database: {name}")


@dataclass(frozen=True, slots=True)
class Claimed:
    """A notification this process won the right to send."""

    id: int
    kind: str
    key: str
    recipient: str


def claim(session: Session, wanted: Iterable[tuple[str, str, str]]) -> list[Claimed]:
    """Claim (kind, key, recipient) notifications; return only those this call won.

    One statement, rows sorted by key so that concurrent claimants on PostgreSQL wait for
    each other instead of deadlocking. Commit before sending.
    """
    rows = sorted({key: (kind, recipient) for kind, key, recipient in wanted}.items())
    if not rows:
        return []
    table: sa.Table = Notification.__table__  # type: ignore[assignment]
    now = utcnow()
    stmt = (
        dialect_insert(session, table)
        .values(
            [
                {"kind": kind, "key": key, "recipient": recipient, "sent_at": now}
                for key, (kind, recipient) in rows
            ]
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id, table.c.kind, table.c.key, table.c.recipient)
    )
    won = [Claimed(*row) for row in session.execute(stmt).all()]
    return sorted(won, key=lambda c: c.key)


def mark_delivered(session: Session, ids: Sequence[int], *, at: datetime | None = None) -> None:
    """Record that the relay / receiver accepted these notifications."""
    if ids:
        table: sa.Table = Notification.__table__  # type: ignore[assignment]
        session.execute(
            sa.update(table).where(table.c.id.in_(list(ids))).values(delivered_at=at or utcnow())
        )


def release(session: Session, ids: Sequence[int]) -> None:
    """Give back claims whose sending failed, so that the next run sends them."""
    if ids:
        table: sa.Table = Notification.__table__  # type: ignore[assignment]
        session.execute(
            sa.delete(table).where(table.c.id.in_(list(ids)), table.c.delivered_at.is_(None))
        )


def undelivered(
    session: Session, *, kind: str | None = None, older_than: timedelta = timedelta(hours=1)
) -> list[Notification]:
    """Claims never confirmed as delivered (the process died mid-send): check by hand."""
    query = select(Notification).where(
        Notification.delivered_at.is_(None),  # type: ignore[union-attr]
        Notification.sent_at < utcnow() - older_than,
    )
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(session.exec(query).all())
