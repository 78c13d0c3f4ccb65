"""NBP rates kept in the case store: table A mid exchange rates and the reference rate.

``handoff rates refresh`` (cli/rates.py) fetches them from NBP and upserts them here; the
handoff pipeline reads ``eur_rates`` and passes them to the claim computation for days the
offline table shipped in ``law/pl/data/eur_mid_rates.py`` does not cover.

``handoff rates set`` stores a rate a person read from NBP's table by hand (``set_manual_rate``):
``source`` = ``manual``, the person and the previous value in the audit log. A rate fetched
from NBP later for the same day replaces it (``source`` = ``nbp``); a hand entry never
replaces a rate NBP published (stored or in the shipped offline table) with another value.

The reference rate is stored as a record of what NBP published. Legal computations never
read it: the dated table with citations stays code in ``law/pl/rates.py``.
``unknown_reference_changes`` lists stored decisions that table does not know yet, so a
person can add them (with a source).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, select

from law.pl.data.eur_mid_rates import EUR_MID_RATES
from law.pl.rates import RATES_ASSUMED_UNCHANGED, REFERENCE_RATES, assumption_is_current
from store.notifications import dialect_insert
from store.tables import AuditLog, Case, CaseFinding, ExchangeRate, ReferenceRate, utcnow

EUR = "EUR"
NBP = "nbp"  # ExchangeRate.source: fetched from the NBP API
MANUAL = "manual"  # ExchangeRate.source: entered by hand (`handoff rates set`), audited
MANUAL_RATE_ACTION = "exchange_rate_set"  # AuditLog.action
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
            "source": NBP,
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
                "source": ins.excluded.source,
            },
            where=sa.or_(
                table.c.mid != ins.excluded.mid,
                table.c.table_no != ins.excluded.table_no,
                table.c.source != ins.excluded.source,
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


_MISSING_KEY = "compensation_rate_missing_on"
_UNDER_REVIEW = "ready_for_review"  # drafted, not yet approved (law.stages.Stage)


def cases_to_redraft_for_rates(
    session: Session, batch_id: int | None = None, case_ids: Iterable[int] | None = None
) -> list[int]:
    """Drafted, not yet approved cases whose draft a rate known now would change.

    * A rekompensata left out for a missing NBP EUR rate (K8: ``compensation_rate_missing_on``
      in the stored claim summary) whose day has a rate now (``handoff rates set`` / ``rates
      refresh``, or a newer shipped table).
    * Interest computed past the reference-rate table's verified-through day (K9: finding
      ``rates_assumed_unchanged``) under another verified-through day than the table's now.

    Approved (and later) cases are never picked. The draft's input hash covers the rates
    through the claim summary and findings, so a case picked here whose computation comes
    out the same is reported unchanged, not drafted twice. Narrowed like
    ``store.drafting.draftable_case_ids`` (one batch, or the given ids), in id order.
    """
    wanted = None if case_ids is None else set(case_ids)
    scope: list[Any] = [Case.stage == _UNDER_REVIEW]
    if batch_id is not None:
        scope.append(Case.batch_id == batch_id)
    picked: set[int] = set()

    known = {**EUR_MID_RATES, **eur_rates(session)}
    waiting = session.exec(
        select(Case.id, Case.claim_json).where(
            *scope,
            sa.func.coalesce(Case.claim_json, "").contains(f'"{_MISSING_KEY}": "'),
        )
    ).all()
    for case_id, claim_json in waiting:
        try:
            summary = json.loads(claim_json or "{}")
        except ValueError:
            continue
        days = {
            inv.get(_MISSING_KEY)
            for inv in summary.get("invoices", [])
            if isinstance(inv, dict) and inv.get(_MISSING_KEY)
        }
        if any(date.fromisoformat(day) in known for day in days):
            picked.add(int(case_id))

    assumed = session.exec(
        select(CaseFinding.case_id, CaseFinding.message)
        .join(Case, Case.id == CaseFinding.case_id)  # type: ignore[arg-type]
        .where(*scope, CaseFinding.code == RATES_ASSUMED_UNCHANGED)
    ).all()
    picked |= {int(case_id) for case_id, message in assumed if not assumption_is_current(message)}
    return sorted(i for i in picked if wanted is None or i in wanted)


def latest_rate_date(session: Session, code: str = EUR) -> date | None:
    return session.exec(
        select(sa.func.max(ExchangeRate.effective_date)).where(ExchangeRate.code == code.upper())
    ).one()


def _pl(rate: Decimal) -> str:
    return f"{rate}".replace(".", ",")


class ManualRateRefused(ValueError):
    """A hand-entered rate that contradicts a rate NBP published for the same day."""


@dataclass(frozen=True, slots=True)
class ManualRate:
    """What ``set_manual_rate`` did: ``written`` is False when the same value was stored."""

    code: str
    effective_date: date
    mid: Decimal
    previous: Decimal | None
    previous_source: str | None
    written: bool


def set_manual_rate(
    session: Session,
    code: str,
    day: date,
    mid: Decimal,
    *,
    actor: str,
    published: Mapping[date, Decimal] = EUR_MID_RATES,
) -> ManualRate:
    """Store ``mid`` as the ``code`` table A mid rate of ``day``, entered by hand by ``actor``.

    Audited (who, what, when; the previous value if any). Raises ``ManualRateRefused`` when
    NBP's own rate for ``day`` (stored from the API, or in ``published``, the shipped offline
    table) differs; the same value is accepted and nothing is written. Validation of the day
    and the value (a past working day, a positive rate) is the caller's.
    """
    code = code.upper()
    if code != EUR:
        raise ValueError(f"not an EUR rate: {code}")
    mid = Decimal(str(mid))
    row = session.exec(
        select(ExchangeRate).where(ExchangeRate.code == code, ExchangeRate.effective_date == day)
    ).first()
    official = published.get(day)
    if official is not None and official != mid:
        raise ManualRateRefused(
            f"kurs NBP z dnia {day:%d.%m.%Y} jest w tabeli wbudowanej ({_pl(official)}); "
            "wpis ręczny go nie zastąpi"
        )
    if row is not None and row.source == NBP and row.mid != mid:
        raise ManualRateRefused(
            f"kurs NBP z dnia {day:%d.%m.%Y} jest już pobrany z NBP ({_pl(row.mid)}"
            f"{', tabela ' + row.table_no if row.table_no else ''}); wpis ręczny go nie zastąpi"
        )
    previous = row.mid if row is not None else None
    previous_source = row.source if row is not None else None
    if (row is not None and row.mid == mid) or (row is None and official == mid):
        return ManualRate(code, day, mid, previous, previous_source, written=False)
    if row is None:
        row = ExchangeRate(code=code, effective_date=day, mid=mid, table_no="", source=MANUAL)
    else:
        row.mid, row.table_no, row.source = mid, "", MANUAL
    row.fetched_at = utcnow()
    session.add(row)
    detail = f"{code} {day.isoformat()} {mid} (wpis ręczny)"
    if previous is not None:
        detail += f"; poprzednio {previous} ({previous_source})"
    session.add(AuditLog(actor=actor, action=MANUAL_RATE_ACTION, detail=detail))
    session.flush()
    return ManualRate(code, day, mid, previous, previous_source, written=True)


def exchange_rate_rows(
    session: Session, code: str = EUR, limit: int = 0
) -> list[tuple[date, Decimal, str, str]]:
    """(day, mid, table_no, source) of stored ``code`` rates, newest first; ``limit`` 0: all."""
    query = (
        select(
            ExchangeRate.effective_date,
            ExchangeRate.mid,
            ExchangeRate.table_no,
            ExchangeRate.source,
        )
        .where(ExchangeRate.code == code.upper())
        .order_by(ExchangeRate.effective_date.desc())  # type: ignore[attr-defined]
    )
    if limit > 0:
        query = query.limit(limit)
    return [(d, m, t, src) for d, m, t, src in session.exec(query).all()]


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
