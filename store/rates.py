"""NBP rates kept in the case store: table A mid exchange rates and the reference rate.

``handoff rates refresh`` (cli/rates.py) fetches them from NBP and upserts them here; the
handoff pipeline reads ``eur_rates`` and passes them to the claim computation for days the
offline table shipped in ``law/pl/data/eur_mid_rates.py`` does not cover.

The reference rate is stored as a record of what NBP published. Legal computations never
read it: the dated table with citations stays code in ``law/pl/rates.py``.
``unknown_reference_changes`` lists stored decisions that table does not know yet, so a
person can add them (with a source).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

import sqlalchemy as sa
from sqlmodel import Session, select

from law.pl.rates import REFERENCE_RATES
from store.notifications import dialect_insert
from store.tables import ExchangeRate, ReferenceRate, utcnow

EUR = "EUR"
_BATCH = 500


class RateRow(Protocol):
    """What ``upsert_exchange_rates`` needs (``integrations.nbp.ExchangeRate`` fits)."""

    @property
    def code(self) -> str: ...
    @property
    def effective_date(self) -> date: ...
    @property
    def mid(self) -> Decimal: ...
    @property
    def table_no(self) -> str: ...


def upsert_exchange_rates(session: Session, rates: Iterable[RateRow]) -> int:
    """Insert new rates, correct changed ones; return how many rows were written."""
    table: sa.Table = ExchangeRate.__table__  # type: ignore[assignment]
    now = utcnow()
    unique = {
        (r.code.upper(), r.effective_date): {
            "code": r.code.upper(),
            "effective_date": r.effective_date,
            "mid": Decimal(str(r.mid)),
            "table_no": r.table_no or "",
            "fetched_at": now,
        }
        for r in rates
    }
    values = [unique[k] for k in sorted(unique)]
    written = 0
    for start in range(0, len(values), _BATCH):
        ins = dialect_insert(session, table).values(values[start : start + _BATCH])
        stmt = ins.on_conflict_do_update(
            index_elements=[table.c.code, table.c.effective_date],
            set_={
                "mid": ins.excluded.mid,
                "table_no": ins.excluded.table_no,
                "fetched_at": ins.excluded.fetched_at,
            },
            where=sa.or_(
                table.c.mid != ins.excluded.mid, table.c.table_no != ins.excluded.table_no
            ),
        ).returning(table.c.id)
        written += len(session.execute(stmt).all())
    return written


def upsert_eur_rates(session: Session, rates: Iterable[RateRow]) -> int:
    """``upsert_exchange_rates`` for EUR rates only (ValueError on another currency)."""
    rows = list(rates)
    other = {r.code.upper() for r in rows} - {EUR}
    if other:
        raise ValueError(f"not EUR rates: {sorted(other)}")
    return upsert_exchange_rates(session, rows)


def exchange_rates(session: Session, code: str) -> dict[date, Decimal]:
    """Every stored mid rate of ``code`` by its table's effective date."""
    rows = session.exec(
        select(ExchangeRate.effective_date, ExchangeRate.mid)
        .where(ExchangeRate.code == code.upper())
        .order_by(ExchangeRate.effective_date)  # type: ignore[arg-type]
    ).all()
    return {day: mid for day, mid in rows}


def eur_rates(session: Session) -> dict[date, Decimal]:
    """Stored EUR table A mid rates, for ``compute_claim(..., extra_eur_rates=...)``."""
    return exchange_rates(session, EUR)


def latest_rate_date(session: Session, code: str = EUR) -> date | None:
    return session.exec(
        select(sa.func.max(ExchangeRate.effective_date)).where(ExchangeRate.code == code.upper())
    ).one()


def upsert_reference_rates(session: Session, rates: Iterable[tuple[date, Decimal]]) -> int:
    """Store (effective_from, rate %) pairs; a changed rate for a known day is corrected."""
    table: sa.Table = ReferenceRate.__table__  # type: ignore[assignment]
    now = utcnow()
    unique = {since: Decimal(str(rate)) for since, rate in rates}
    if not unique:
        return 0
    ins = dialect_insert(session, table).values(
        [{"effective_from": d, "rate": unique[d], "fetched_at": now} for d in sorted(unique)]
    )
    stmt = ins.on_conflict_do_update(
        index_elements=[table.c.effective_from],
        set_={"rate": ins.excluded.rate, "fetched_at": ins.excluded.fetched_at},
        where=table.c.rate != ins.excluded.rate,
    ).returning(table.c.id)
    return len(session.execute(stmt).all())


def reference_rates(session: Session) -> list[tuple[date, Decimal]]:
    """Stored reference-rate decisions, oldest first."""
    rows = session.exec(
        select(ReferenceRate.effective_from, ReferenceRate.rate).order_by(
            ReferenceRate.effective_from  # type: ignore[arg-type]
        )
    ).all()
    return [(d, r) for d, r in rows]


def unknown_reference_changes(
    stored: Iterable[tuple[date, Decimal]],
    known: Sequence[tuple[date, Decimal]] = REFERENCE_RATES,
) -> list[tuple[date, Decimal]]:
    """Stored decisions missing from (or contradicting) the code table ``known``.

    >>> from datetime import date
    >>> unknown_reference_changes([(date(2025, 10, 9), Decimal("4.5000"))])
    []
    >>> unknown_reference_changes([(date(2026, 5, 7), Decimal("3.5"))])
    [(datetime.date(2026, 5, 7), Decimal('3.5'))]
    """
    table = dict(known)
    return sorted((d, r) for d, r in stored if table.get(d) != r)
